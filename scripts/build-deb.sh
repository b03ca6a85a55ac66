#!/usr/bin/env bash
# Builds the Debian packages gongkai-kiosk and gongkai-hub with dpkg-deb.
#
#   scripts/build-deb.sh [--arch amd64|arm64]... [--src DIR] [--out DIR] [--version V]
#
# --arch    may be repeated; default: this machine's. arm64 is cross-compiled
#           with cgo by Debian's gcc-aarch64-linux-gnu against the arm64 -dev
#           libraries (scripts/setup-cross-arm64.sh installs them).
# --src     the source tree whose binaries go into the packages (default: this
#           one); the packaging files always come from this tree. CI packages
#           the previous commit this way to test upgrades.
# --out     where the .deb files go (default: dist/).
# --version the package version; default FyneApp.toml's Version and Build and
#           the number of commits of --src (0.1.0+1.412), so that a package
#           of a later commit is an upgrade of one of an earlier commit.
#
# What `fyne package` takes from FyneApp.toml (name, id, icon, version) is
# used the same way here: the desktop entry and the icon are named after the
# app's ID, the version is FyneApp.toml's. Dependencies are the shared
# libraries the binaries link (dpkg-shlibdeps), the X libraries GLFW opens at
# run time, and the programs of the kiosk session.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pkgdir=$here/packaging
src=$here
out=$here/dist
archs=()
version=
while (($#)); do
  case $1 in
  --arch) archs+=("$2"); shift 2 ;;
  --src) src=$(cd "$2" && pwd); shift 2 ;;
  --out) out=$2; shift 2 ;;
  --version) version=$2; shift 2 ;;
  *) echo "usage: $0 [--arch amd64|arm64]... [--src DIR] [--out DIR] [--version V]" >&2; exit 2 ;;
  esac
done
host=$(dpkg --print-architecture)
((${#archs[@]})) || archs=("$host")
export PATH="/usr/local/go/bin:$PATH"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# FyneApp.toml: the one source of the name, id, icon and version.
fyne_field() {
  sed -n "s/^$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*\$/\1/p" "$src/FyneApp.toml" | head -n1
}
app_version=$(fyne_field Version)
app_build=$(fyne_field Build)
app_name=$(fyne_field Name)
app_id=$(fyne_field ID)
app_icon=$(fyne_field Icon)
website=$(fyne_field Website)
if [ -z "$version" ]; then
  count=$(git -C "$src" rev-list --count HEAD 2>/dev/null || echo 0)
  version="$app_version+$app_build.$count"
fi

work=$(mktemp -d /tmp/gongkai-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

# cross_cc ARCH: the C compiler for cgo, or nothing for this machine's arch.
cross_cc() {
  case $1 in
  "$host") echo "" ;;
  arm64) echo aarch64-linux-gnu-gcc ;;
  amd64) echo x86_64-linux-gnu-gcc ;;
  *) echo "build-deb: unsupported architecture $1" >&2; exit 2 ;;
  esac
}

build_binaries() { # ARCH DIR
  local arch=$1 dir=$2 cc
  cc=$(cross_cc "$arch")
  if [ -n "$cc" ] && ! command -v "$cc" >/dev/null; then
    echo "build-deb: $cc is missing; installing the $arch cross toolchain" >&2
    bash "$here/scripts/setup-cross-arm64.sh"
  fi
  mkdir -p "$dir"
  for cmd in kiosk hub; do
    echo "build-deb: go build ./cmd/$cmd for $arch" >&2
    (
      cd "$src"
      export CGO_ENABLED=1 GOOS=linux GOARCH="$arch"
      [ -z "$cc" ] || export CC="$cc"
      go build -buildvcs=auto -ldflags "-s -w" -tags sqlite_fts5 -o "$dir/gongkai-$cmd" "./cmd/$cmd"
    )
  done
}

# shlibs ARCH BINARY...: the Depends of the libraries the binaries link.
shlibs() {
  local arch=$1 d
  shift
  d=$(mktemp -d "$work/shlibs.XXXXXX")
  mkdir -p "$d/debian/pkg/usr/bin"
  printf 'Source: gongkai\n\nPackage: pkg\nArchitecture: any\n' >"$d/debian/control"
  cp "$@" "$d/debian/pkg/usr/bin/"
  # (dpkg-shlibdeps warns that the files are not installed: they need not be.)
  (cd "$d" && DEB_HOST_ARCH=$arch dpkg-shlibdeps -O debian/pkg/usr/bin/* 2> >(grep -v 'should already be installed' >&2)) |
    sed -n 's/^shlibs:Depends=//p'
}

# finish STAGE PACKAGE ARCH DEPENDS RECOMMENDS SUMMARY DESCRIPTION: control
# file, conffiles, maintainer scripts, md5sums, then the .deb.
finish() {
  local stage=$1 pkg=$2 arch=$3 depends=$4 recommends=$5 summary=$6 description=$7
  local from=$pkgdir/${pkg#gongkai-}
  mkdir -p "$stage/DEBIAN" "$stage/usr/share/doc/$pkg"
  install -m 0644 "$pkgdir/copyright" "$stage/usr/share/doc/$pkg/copyright"
  install -m 0644 "$from/README.Debian" "$stage/usr/share/doc/$pkg/README.Debian"
  gzip -9n <"$here/README.md" >"$stage/usr/share/doc/$pkg/README.md.gz"
  chmod 0644 "$stage/usr/share/doc/$pkg/README.md.gz"
  for s in postinst prerm postrm; do
    install -m 0755 "$from/$s" "$stage/DEBIAN/$s"
  done
  (cd "$stage" && find etc -type f -printf '/%p\n' 2>/dev/null | sort) >"$stage/DEBIAN/conffiles"
  [ -s "$stage/DEBIAN/conffiles" ] || rm "$stage/DEBIAN/conffiles"
  {
    echo "Package: $pkg"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: Gongkai Kiosk developers <gongkai@example.gov.cn>"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
    echo "Depends: $depends"
    [ -z "$recommends" ] || echo "Recommends: $recommends"
    echo "Section: misc"
    echo "Priority: optional"
    echo "Homepage: $website"
    echo "Description: $summary"
    printf '%s\n' "$description" | sed 's/^$/./; s/^/ /'
  } >"$stage/DEBIAN/control"
  (cd "$stage" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
  local comp=(-Zxz -z6) # GONGKAI_DEB_COMPRESS=gzip: faster, larger (CI)
  [ "${GONGKAI_DEB_COMPRESS:-xz}" != gzip ] || comp=(-Zgzip -z6)
  dpkg-deb --root-owner-group "${comp[@]}" --build "$stage" "$out/${pkg}_${version}_${arch}.deb" >&2
  echo "$out/${pkg}_${version}_${arch}.deb"
}

package_kiosk() { # ARCH BINDIR
  local arch=$1 bin=$2 stage=$work/kiosk-$1 k=$pkgdir/kiosk
  install -D -m 0755 "$bin/gongkai-kiosk" "$stage/usr/bin/gongkai-kiosk"
  for f in start session usb-mount; do
    install -D -m 0755 "$k/$f" "$stage/usr/lib/gongkai-kiosk/$f"
  done
  install -D -m 0644 "$k/gongkai-kiosk.service" "$stage/lib/systemd/system/gongkai-kiosk.service"
  install -D -m 0644 "$k/gongkai-usb@.service" "$stage/lib/systemd/system/gongkai-usb@.service"
  install -D -m 0644 "$k/90-gongkai-kiosk-usb.rules" "$stage/lib/udev/rules.d/90-gongkai-kiosk-usb.rules"
  install -D -m 0644 "$k/kiosk.toml" "$stage/etc/gongkai/kiosk.toml"
  install -D -m 0644 "$k/default" "$stage/etc/default/gongkai-kiosk"
  install -D -m 0644 "$k/xorg.conf" "$stage/etc/X11/xorg.conf.d/90-gongkai-kiosk.conf"
  # The desktop entry and icon, named after FyneApp.toml's ID as fyne package names them.
  install -D -m 0644 "$src/$app_icon" "$stage/usr/share/icons/hicolor/512x512/apps/$app_id.png"
  mkdir -p "$stage/usr/share/applications"
  cat >"$stage/usr/share/applications/$app_id.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=$app_name
Name[zh_CN]=政务公开专区自助终端
Comment=Touchscreen kiosk for government information disclosure
Comment[zh_CN]=政务公开专区触摸屏自助终端
Exec=gongkai-kiosk run --windowed --config /etc/gongkai/kiosk.toml
Icon=$app_id
Terminal=false
Categories=Office;
EOF
  chmod 0644 "$stage/usr/share/applications/$app_id.desktop"
  # GLFW opens these X libraries at run time (dlopen), so dpkg-shlibdeps
  # cannot see them.
  local depends
  depends="$(shlibs "$arch" "$bin/gongkai-kiosk"), libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, libx11-xcb1, libxrender1"
  depends+=", xserver-xorg-core, xserver-xorg-input-libinput, xinit, x11-xserver-utils, unclutter-xfixes"
  depends+=", adduser, init-system-helpers, systemd"
  finish "$stage" gongkai-kiosk "$arch" "$depends" "xserver-xorg-video-all, libgl1-mesa-dri, cups-client" \
    "touchscreen kiosk for government information disclosure (政务公开专区自助终端)" \
    "Gongkai Kiosk is the full-screen touchscreen terminal of an agency's on-site
information disclosure area: visitors browse and search the disclosure
catalogue, file information-disclosure applications and other forms, and
take a printed receipt; staff work behind a PIN.

The package makes the machine boot into the kiosk: a locked-down gongkai
user, an X session on tty1 whose only client is the kiosk (restarted on
exit, crash or a hung UI), USB drives mounted read-only for catalogue
bundles, data in /var/lib/gongkai-kiosk, configuration in
/etc/gongkai/kiosk.toml."
}

package_hub() { # ARCH BINDIR
  local arch=$1 bin=$2 stage=$work/hub-$1 h=$pkgdir/hub
  install -D -m 0755 "$bin/gongkai-hub" "$stage/usr/bin/gongkai-hub"
  for u in gongkai-hub.service gongkai-hub-backup.service gongkai-hub-backup.timer; do
    install -D -m 0644 "$h/$u" "$stage/lib/systemd/system/$u"
  done
  install -D -m 0644 "$h/hub.toml" "$stage/etc/gongkai/hub.toml"
  install -D -m 0644 "$h/nginx-gongkai-hub.conf" "$stage/usr/share/doc/gongkai-hub/examples/nginx-gongkai-hub.conf"
  finish "$stage" gongkai-hub "$arch" "$(shlibs "$arch" "$bin/gongkai-hub"), adduser, init-system-helpers, systemd" "" \
    "catalogue hub for Gongkai kiosks (政务公开目录中心)" \
    "The Gongkai hub keeps an agency's disclosure catalogue, signs it for the
agency's kiosks and serves it to them over HTTP or as USB bundles, and
receives the submissions the kiosks seal to its key.

The package runs it as a hardened systemd service (gongkai-hub.service)
as its own user, with its data in /var/lib/gongkai-hub, its configuration
in /etc/gongkai/hub.toml, logs in the journal, and a nightly backup
(gongkai-hub-backup.timer) into /var/backups/gongkai-hub."
}

for arch in "${archs[@]}"; do
  build_binaries "$arch" "$work/bin-$arch"
  package_kiosk "$arch" "$work/bin-$arch"
  package_hub "$arch" "$work/bin-$arch"
done
