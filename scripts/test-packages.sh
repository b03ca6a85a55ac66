#!/usr/bin/env bash
# Tests the Debian packages on this machine (Debian 12, root; systemd need
# not be PID 1). Called by scripts/test-all.sh; `make test-packages` alone.
#
#  1. builds gongkai-kiosk and gongkai-hub for amd64 from this tree, and from
#     the previous commit (a git worktree of HEAD~1; its own packaging if it
#     has one, else this tree's packaging around its binaries);
#  2. inspects them: fields, dependencies, conffiles, units, maintainer scripts;
#  3. installs the previous commit's packages with apt-get, enrols the kiosk
#     with the hub, queues two submissions while the hub is down and changes
#     the kiosk's conffile;
#  4. upgrades to this tree's packages: the queue, the data and the changed
#     conffile must survive, and the new kiosk must read the old queue;
#  5. checks every unit with systemd-analyze verify (and the hub's exposure
#     with systemd-analyze security --offline);
#  6. runs the installed hub as gongkai-hub.service would (its User, its
#     ExecStart with the packaged hub.toml, ProtectSystem=strict as a
#     read-only mount namespace with only the StateDirectory writable,
#     PrivateTmp, NoNewPrivileges, no capabilities, its UMask), uploads the
#     queue to it, and runs gongkai-hub-backup.service the same way;
#  7. runs the kiosk session (/usr/lib/gongkai-kiosk/start) as gongkai on
#     Xvfb instead of Xorg and waits for the app's READY=1 and watchdog pings;
#  8. removes the packages (the data stays), then purges them (it goes).
#
# The arm64 packages are left out (`make deb` builds them): a cold cross
# build of Fyne takes several minutes on 2 cores. Set GONGKAI_PKG_ARM64=1 to
# build them here too and smoke-run the arm64 binaries under qemu-user.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
[ "$(id -u)" -eq 0 ] || { echo "test-packages: run as root (it installs packages)" >&2; exit 1; }

# It installs and purges gongkai-kiosk and gongkai-hub: never on a machine
# that runs them for real. The marker tells an interrupted run's leftovers
# from a real installation.
marker=/var/lib/gongkai-package-test
for p in gongkai-kiosk gongkai-hub; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed\|config-files" && [ ! -e "$marker" ]; then
    echo "test-packages: $p is installed on this machine and not by this test; it would be purged. Not running." >&2
    exit 1
  fi
done
touch "$marker"

work=$(mktemp -d /tmp/gongkai-pkgtest.XXXXXX)
chmod 0755 "$work" # the gongkai users read the test's inputs here
pids=()
prev_tree=
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  apt-get purge -y -qq gongkai-kiosk gongkai-hub >/dev/null 2>&1 || true
  rm -rf /var/backups/gongkai-hub
  [ -z "$prev_tree" ] || git worktree remove --force "$prev_tree" >/dev/null 2>&1 || true
  rm -rf "$work"
  rm -f "$marker"
}
trap cleanup EXIT

step() { echo "== packages: $*"; }
fail() {
  for log in "$work"/*.log; do
    [ -s "$log" ] && { echo "--- $(basename "$log")"; tail -n 20 "$log"; }
  done >&2
  echo "test-packages: FAIL: $*" >&2
  exit 1
}
apt_install() { # DEB...
  apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" \
    >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install $*"; }
}
as_kiosk() { runuser -u gongkai -- /usr/bin/gongkai-kiosk "$@"; }
# The hub's own commands: --data works in every version, --config only from
# the version that brings the packages.
as_hub() { runuser -u gongkai-hub -- /usr/bin/gongkai-hub "$@"; }
kcfg=(--config /etc/gongkai/kiosk.toml)

# Leftovers of an interrupted run.
apt-get purge -y -qq gongkai-kiosk gongkai-hub >/dev/null 2>&1 || true
rm -rf /var/backups/gongkai-hub

step "build amd64 packages of this tree"
export GONGKAI_DEB_COMPRESS=gzip # CI: fast; `make deb` uses xz
bash scripts/build-deb.sh --arch amd64 --out "$work/new" >"$work/build-new.log" 2>&1 || { cat "$work/build-new.log"; fail "build"; }
new_kiosk=$(ls "$work"/new/gongkai-kiosk_*_amd64.deb)
new_hub=$(ls "$work"/new/gongkai-hub_*_amd64.deb)
new_version=$(dpkg-deb -f "$new_kiosk" Version)

step "build amd64 packages of the previous commit"
if prev=$(git rev-parse -q --verify 'HEAD~1^{commit}'); then
  prev_tree="$work/prev-tree"
  git worktree add -q --detach "$prev_tree" "$prev"
  if [ -x "$prev_tree/scripts/build-deb.sh" ] && [ -d "$prev_tree/packaging" ]; then
    build=(bash "$prev_tree/scripts/build-deb.sh" --arch amd64 --out "$work/old")
  else # before the packages existed: its binaries in this tree's packaging
    build=(bash scripts/build-deb.sh --arch amd64 --src "$prev_tree" --out "$work/old")
  fi
else # a shallow clone: the same build under a lower version (~ sorts first)
  echo "test-packages: no HEAD~1; the old package is this build versioned $new_version~prev"
  build=(bash scripts/build-deb.sh --arch amd64 --out "$work/old" --version "$new_version~prev")
fi
"${build[@]}" >"$work/build-old.log" 2>&1 || { cat "$work/build-old.log"; fail "build of the previous commit"; }
old_kiosk=$(ls "$work"/old/gongkai-kiosk_*_amd64.deb)
old_hub=$(ls "$work"/old/gongkai-hub_*_amd64.deb)
old_version=$(dpkg-deb -f "$old_kiosk" Version)
dpkg --compare-versions "$new_version" gt "$old_version" || fail "new version $new_version is not above the old $old_version"
echo "versions: $old_version -> $new_version"

step "inspect the packages"
for deb in "$new_kiosk" "$new_hub"; do
  dpkg-deb --info "$deb"
  dpkg-deb --contents "$deb" | awk '{print $1, $2, $6}'
done
has() { # WHAT TEXT PATTERN...
  local what=$1 text=$2
  shift 2
  for p in "$@"; do grep -qE -- "$p" <<<"$text" || fail "$what lacks $p"; done
}
has "kiosk Depends" "$(dpkg-deb -f "$new_kiosk" Depends)" 'libc6 \(>= ' 'libgl1' 'libx11-6' 'libxrandr2' 'xserver-xorg-core' 'xinit' 'unclutter-xfixes' 'adduser'
has "hub Depends" "$(dpkg-deb -f "$new_hub" Depends)" 'libc6 \(>= ' 'adduser'
if dpkg-deb -f "$new_hub" Depends | grep -q libgl1; then fail "the hub depends on OpenGL"; fi
has "kiosk conffiles" "$(dpkg-deb --ctrl-tarfile "$new_kiosk" | tar -xO ./conffiles)" \
  '^/etc/gongkai/kiosk.toml$' '^/etc/default/gongkai-kiosk$' '^/etc/X11/xorg.conf.d/90-gongkai-kiosk.conf$'
has "hub conffiles" "$(dpkg-deb --ctrl-tarfile "$new_hub" | tar -xO ./conffiles)" '^/etc/gongkai/hub.toml$'
for deb in "$new_kiosk" "$new_hub"; do
  has "$(basename "$deb") control" "$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)" '^./postinst$' '^./prerm$' '^./postrm$' '^./md5sums$'
done
has "kiosk contents" "$(dpkg-deb --contents "$new_kiosk")" '\./usr/bin/gongkai-kiosk$' '\./lib/systemd/system/gongkai-kiosk.service$' \
  '\./lib/systemd/system/gongkai-usb@.service$' '\./lib/udev/rules.d/90-gongkai-kiosk-usb.rules$' \
  '\./usr/share/applications/cn.gov.gongkai.kiosk.desktop$' '\./usr/share/icons/hicolor/512x512/apps/cn.gov.gongkai.kiosk.png$'
has "hub contents" "$(dpkg-deb --contents "$new_hub")" '\./usr/bin/gongkai-hub$' '\./lib/systemd/system/gongkai-hub.service$' \
  '\./lib/systemd/system/gongkai-hub-backup.service$' '\./lib/systemd/system/gongkai-hub-backup.timer$'

step "install the previous commit's packages ($old_version)"
apt_install "$old_kiosk" "$old_hub"
getent passwd gongkai | grep -q ':/usr/sbin/nologin$' || fail "no locked-down gongkai user"
[ "$(stat -c '%U %a' /var/lib/gongkai-kiosk)" = "gongkai 700" ] || fail "/var/lib/gongkai-kiosk is $(stat -c '%U %a' /var/lib/gongkai-kiosk)"
[ "$(stat -c '%U %a' /var/lib/gongkai-hub/sign.key)" = "gongkai-hub 600" ] || fail "postinst did not create the hub's keys as gongkai-hub, mode 0600"

# A free loopback port for the hub.
port=$((20000 + RANDOM % 10000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  fail "the hub does not listen on $port"
}
stop_hub() {
  kill -- "-$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
}

step "old version: enrol the kiosk, queue two submissions while the hub is down"
setsid runuser -u gongkai-hub -- /usr/bin/gongkai-hub serve --data /var/lib/gongkai-hub --addr "127.0.0.1:$port" >"$work/hub-old.log" 2>&1 &
hub_pid=$!
pids+=("$hub_pid")
wait_port
code=$(as_hub enroll --data /var/lib/gongkai-hub --name "CI 一楼大厅" | grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' | head -n1)
as_kiosk enroll "${kcfg[@]}" --hub "http://127.0.0.1:$port" --code "$code" >/dev/null || fail "kiosk enroll"
stop_hub
# A paper application signed today (Beijing), as staff enter one at the desk.
sed "s/\"signed_on\": *\"[0-9-]*\"/\"signed_on\": \"$(TZ=Asia/Shanghai date +%F)\"/" cmd/kiosk/testdata/submit-application.json >"$work/application.json"
tracking=()
for i in 1 2; do
  as_kiosk submit "${kcfg[@]}" --json - <"$work/application.json" >"$work/submit-$i.log" 2>&1 || fail "kiosk submit"
  t=$(sed -n 's/.*"tracking_number": *"\([^"]*\)".*/\1/p' "$work/submit-$i.log")
  [ -n "$t" ] || fail "kiosk submit printed no tracking number"
  tracking+=("$t")
done
queued() { as_kiosk queue "${kcfg[@]}" --json | tr -d ' \n' | sed -n 's/.*"queued":\([0-9]*\).*/\1/p'; }
[ "$(queued)" = 2 ] || fail "the old kiosk has $(queued) queued, want 2"
sed -i 's/^agency_name = .*/agency_name = "CI测试机关"/' /etc/gongkai/kiosk.toml

step "upgrade to this tree's packages ($new_version)"
apt_install "$new_kiosk" "$new_hub"
[ "$(dpkg-query -W -f='${Version}' gongkai-kiosk)" = "$new_version" ] || fail "gongkai-kiosk was not upgraded"
grep -q '^agency_name = "CI测试机关"' /etc/gongkai/kiosk.toml || fail "the upgrade replaced the changed conffile"
[ "$(queued)" = 2 ] || fail "after the upgrade the kiosk has $(queued) queued, want the 2 from before"
queue=$(as_kiosk queue "${kcfg[@]}" --json)
for t in "${tracking[@]}"; do grep -q "$t" <<<"$queue" || fail "$t left the queue in the upgrade"; done
/usr/bin/gongkai-kiosk --version
/usr/bin/gongkai-hub --version

step "systemd-analyze verify"
units=(/lib/systemd/system/gongkai-kiosk.service /lib/systemd/system/gongkai-usb@.service
  /lib/systemd/system/gongkai-hub.service /lib/systemd/system/gongkai-hub-backup.service /lib/systemd/system/gongkai-hub-backup.timer)
systemd-analyze verify "${units[@]}" || fail "systemd-analyze verify"
for u in gongkai-hub.service gongkai-hub-backup.service; do
  systemd-analyze security --offline=true --threshold=25 "/lib/systemd/system/$u" | tail -n1 || fail "$u is exposed"
done

# unit_key UNIT KEY: the unit's last KEY= value.
unit_key() { sed -n "s/^$2=//p" "/lib/systemd/system/$1" | tail -n1; }
# run_unit UNIT [ARG...]: start the unit's ExecStart (plus ARGs) in the
# background as far as its settings go without systemd as PID 1: its User
# and Group, NoNewPrivileges, an empty capability bounding set, its UMask,
# ProtectSystem=strict (every mount read-only in a private mount namespace
# but the StateDirectory and ReadWritePaths), PrivateTmp (fresh /tmp and
# /var/tmp) and PrivateNetwork (a new network namespace). Sets run_pid.
run_unit() {
  local unit=$1 net=()
  shift
  [ "$(unit_key "$unit" ProtectSystem)" = strict ] || fail "$unit: not ProtectSystem=strict"
  [ "$(unit_key "$unit" NoNewPrivileges)" = yes ] || fail "$unit: not NoNewPrivileges=yes"
  [ "$(unit_key "$unit" PrivateTmp)" = yes ] || fail "$unit: not PrivateTmp=yes"
  grep -qx 'CapabilityBoundingSet=' "/lib/systemd/system/$unit" || fail "$unit: CapabilityBoundingSet is not empty"
  [ "$(unit_key "$unit" PrivateNetwork)" != yes ] || net=(--net)
  RW="/var/lib/$(unit_key "$unit" StateDirectory) $(unit_key "$unit" ReadWritePaths)" UMASK=$(unit_key "$unit" UMask) \
    U=$(unit_key "$unit" User) G=$(unit_key "$unit" Group) EXEC=$(unit_key "$unit" ExecStart) \
    setsid unshare --mount --propagation private "${net[@]}" -- bash -c '
      set -e
      for m in $(findmnt -rn -o TARGET | grep -vE "^/(proc|sys|dev)(/|$)"); do
        mount -o remount,bind,ro "$m" 2>/dev/null || true
      done
      for d in $RW; do mount --bind "$d" "$d" && mount -o remount,bind,rw "$d"; done
      mount -t tmpfs -o mode=1777 tmpfs /tmp
      mount -t tmpfs -o mode=1777 tmpfs /var/tmp
      if touch /etc/gongkai/.rw-test 2>/dev/null; then echo "ProtectSystem=strict emulation failed" >&2; exit 1; fi
      umask "$UMASK"
      exec setpriv --reuid="$U" --regid="$G" --init-groups --no-new-privs --bounding-set=-all --inh-caps=-all -- $EXEC "$@"
    ' run_unit "$@" &
  run_pid=$!
  pids+=("$run_pid")
}

step "new version: the hub as gongkai-hub.service runs it; the demo catalogue imported"
run_unit gongkai-hub.service --addr "127.0.0.1:$port" 2>"$work/hub-new.log"
hub_pid=$run_pid
wait_port
hub_proc=$(pgrep -u gongkai-hub -f '^/usr/bin/gongkai-hub serve --config /etc/gongkai/hub.toml') || fail "no hub runs as gongkai-hub"
has "the hub's /proc/$hub_proc/status" "$(cat "/proc/$hub_proc/status")" '^NoNewPrivs:\s+1$' '^CapBnd:\s+0+$' '^CapEff:\s+0+$'
cp -r assets/catalog "$work/catalog" && chmod -R a+rX "$work/catalog"
as_hub import --config /etc/gongkai/hub.toml "$work/catalog" >"$work/import.log" 2>&1 || fail "hub import of the demo catalogue"
step "a USB drive with a bundle: mounted read-only where the kiosk looks (usb-mount, as gongkai-usb@.service runs it)"
install -d -m 0755 -o gongkai-hub "$work/usb"
as_hub bundle --config /etc/gongkai/hub.toml --out "$work/usb/gongkai-ci.bundle" >"$work/bundle.log" 2>&1 || fail "hub bundle"
chmod 0644 "$work/usb/gongkai-ci.bundle" # ext4 keeps owners; a FAT drive's files are gongkai's (usb-mount)
truncate -s 16M "$work/usb.img"
mkfs.ext4 -q -d "$work/usb" "$work/usb.img"
loop=$(losetup -f --show "$work/usb.img")
cleanup_loop() { /usr/lib/gongkai-kiosk/usb-mount remove "${loop#/dev/}" || true; losetup -d "$loop" 2>/dev/null || true; }
(set -a && . /etc/default/gongkai-kiosk && /usr/lib/gongkai-kiosk/usb-mount add "${loop#/dev/}") || { cleanup_loop; fail "usb-mount add"; }
mnt=/media/gongkai/${loop#/dev/}
glob=$(sed -n 's/^usb_glob = "\(.*\)"$/\1/p' /etc/gongkai/kiosk.toml)
found=$(compgen -G "$glob" || true)
opts=$(findmnt -no OPTIONS "$mnt" || true)
imported=$(as_kiosk import-bundle "${kcfg[@]}" "$found" 2>&1) || { cleanup_loop; fail "the kiosk cannot import $found: $imported"; }
if touch "$mnt/written" 2>/dev/null; then cleanup_loop; fail "the USB drive is writable"; fi
cleanup_loop
[ "$found" = "$mnt/gongkai-ci.bundle" ] || fail "usb_glob $glob finds '$found', not the drive's bundle"
grep -qE '(^|,)ro,nosuid,nodev,noexec(,|$)' <<<"$opts" || fail "the drive is mounted $opts"
! findmnt "$mnt" >/dev/null || fail "usb-mount remove left $mnt mounted"

step "the kiosk uploads the queue it kept through the upgrade"
as_kiosk sync "${kcfg[@]}" >"$work/sync.log" 2>&1 || fail "kiosk sync"
grep -q '上传 2 项' "$work/sync.log" || fail "the kiosk did not upload its 2 queued submissions"
[ "$(queued)" = 0 ] || fail "the kiosk still has $(queued) queued after sync"
subs=$(as_hub submissions --config /etc/gongkai/hub.toml)
for t in "${tracking[@]}"; do grep -q "$t" <<<"$subs" || fail "the hub did not receive $t"; done

step "gongkai-hub-backup.service, while the hub runs"
run_unit gongkai-hub-backup.service
wait "$run_pid" || fail "gongkai-hub-backup.service failed"
backup=$(ls /var/backups/gongkai-hub/gongkai-hub-*.tar.gz)
[ "$(stat -c '%U %a' "$backup")" = "gongkai-hub 600" ] || fail "backup $backup is $(stat -c '%U %a' "$backup")"
has "the backup" "$(tar -tzf "$backup")" '^hub.db$' '^submissions.db$' '^sign.key$' '^age.key$' '^MANIFEST$'
install -d -o gongkai-hub -g gongkai-hub -m 0700 "$work/restored" # as README.Debian restores
as_hub restore --data "$work/restored" --from "$backup" >"$work/restore.log" 2>&1 && grep -q '完整性检查通过' "$work/restore.log" ||
  fail "the nightly backup does not restore"
stop_hub

step "the kiosk session (start -> xinit -> session -> kiosk) on Xvfb, with its notify socket"
disp=90
while [ -e "/tmp/.X11-unix/X$disp" ] || [ -e "/tmp/.X$disp-lock" ]; do disp=$((disp + 1)); done
sock="@gongkai-pkgtest-$$"
python3 - "$sock" "$work/notify.log" <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + sys.argv[1][1:])
s.settimeout(120)
with open(sys.argv[2], "a", buffering=1) as log:
    watchdog = 0
    while watchdog < 2:
        msg = s.recv(4096).decode()
        log.write(msg + "\n")
        watchdog += msg == "WATCHDOG=1"
EOF
listener=$!
pids+=("$listener")
sleep 0.5
setsid runuser -u gongkai -- env HOME=/var/lib/gongkai-kiosk LANG=zh_CN.UTF-8 NOTIFY_SOCKET="$sock" WATCHDOG_USEC=2000000 \
  GONGKAI_X_SERVER=/usr/bin/Xvfb GONGKAI_DISPLAY=":$disp" GONGKAI_X_ARGS="-screen 0 1280x800x24 -nolisten tcp" \
  /usr/lib/gongkai-kiosk/start >"$work/session.log" 2>&1 &
session=$!
pids+=("$session")
wait "$listener" || { cat "$work/session.log"; fail "the kiosk session sent no READY=1 and watchdog pings within 120 s"; }
head -n1 "$work/notify.log" | grep -qx 'READY=1' || fail "the first notification was $(head -n1 "$work/notify.log")"
pgrep -u gongkai -f 'unclutter --timeout 3 --hide-on-touch' >/dev/null || fail "unclutter does not run in the session"
kill -- "-$session" 2>/dev/null || true
wait "$session" 2>/dev/null || true

step "remove keeps the data, purge deletes it"
apt-get remove -y -qq gongkai-kiosk gongkai-hub >/dev/null
[ -f /var/lib/gongkai-kiosk/kiosk.db ] && [ -f /var/lib/gongkai-hub/hub.db ] || fail "apt-get remove deleted data"
[ -f /etc/gongkai/kiosk.toml ] || fail "apt-get remove deleted the configuration"
apt-get purge -y -qq gongkai-kiosk gongkai-hub >/dev/null
[ ! -e /var/lib/gongkai-kiosk ] && [ ! -e /var/lib/gongkai-hub ] && [ ! -e /etc/gongkai ] || fail "apt-get purge left data or configuration"
[ -f "$backup" ] || fail "apt-get purge deleted the hub's backups"

if [ "${GONGKAI_PKG_ARM64:-}" = 1 ]; then
  step "arm64 packages (cross-compiled) under qemu-user"
  bash scripts/build-deb.sh --arch arm64 --out "$work/arm64" >"$work/build-arm64.log" 2>&1 || { cat "$work/build-arm64.log"; fail "arm64 build"; }
  bash scripts/check-arm64.sh "$work"/arm64/*.deb
fi
echo "packages: ok"
