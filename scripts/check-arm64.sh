#!/usr/bin/env bash
# Checks arm64 packages from scripts/build-deb.sh: the binaries are ARM64
# ELF files that link the arm64 libraries, and they run under Debian's
# qemu-user (kiosk --version, kiosk search on the embedded demo catalogue,
# hub --version). Needs the arm64 libraries (scripts/setup-cross-arm64.sh).
#
#   scripts/check-arm64.sh dist/gongkai-kiosk_*_arm64.deb dist/gongkai-hub_*_arm64.deb
set -euo pipefail
work=$(mktemp -d /tmp/gongkai-arm64.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "check-arm64: FAIL: $*" >&2
  exit 1
}
for deb in "$@"; do
  [ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] || fail "$deb is not an arm64 package"
  dpkg-deb -x "$deb" "$work/root"
done
for bin in "$work"/root/usr/bin/gongkai-*; do
  file "$bin"
  file "$bin" | grep -q 'ELF 64-bit LSB executable, ARM aarch64' || fail "$bin is not an ARM64 executable"
  readelf -h "$bin" | grep -qE 'Machine:\s+AArch64' || fail "$bin: readelf says $(readelf -h "$bin" | grep Machine)"
  readelf -l "$bin" | grep -q '/lib/ld-linux-aarch64.so.1' || fail "$bin does not use the arm64 dynamic loader"
  echo "$(basename "$bin") links: $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
done
readelf -d "$work/root/usr/bin/gongkai-kiosk" | grep -q 'Shared library: \[libGL.so.1\]' || fail "the kiosk does not link libGL"
for lib in libGL.so.1 libX11.so.6; do
  p=/usr/lib/aarch64-linux-gnu/$lib
  [ -e "$p" ] || fail "the arm64 $lib is not installed (scripts/setup-cross-arm64.sh)"
  file -L "$p" | grep -q 'ARM aarch64' || fail "$p is not an arm64 library"
done

if ! command -v qemu-aarch64 >/dev/null; then
  echo "check-arm64: qemu-user is not installed; no smoke run"
  exit 0
fi
run() { qemu-aarch64 -L / "$@"; }
run "$work/root/usr/bin/gongkai-kiosk" --version | grep -q '^kiosk [0-9]' || fail "kiosk --version under qemu"
run "$work/root/usr/bin/gongkai-hub" --version | grep -q '^hub [0-9]' || fail "hub --version under qemu"
out=$(HOME=$work LANG=zh_CN.UTF-8 run "$work/root/usr/bin/gongkai-kiosk" search --data "$work/data" --limit 3 招生)
echo "$out"
grep -q '招生' <<<"$out" || fail "kiosk search under qemu found nothing"
echo "arm64: ok"
