#!/usr/bin/env bash
# Installs what cross-compiling the kiosk and hub for arm64 with cgo needs on
# a Debian 12 amd64 machine: the arm64 architecture in dpkg, Debian's
# gcc-aarch64-linux-gnu, and the arm64 -dev libraries Fyne (OpenGL, X11) and
# SQLite link against; and qemu-user to smoke-run arm64 binaries. Safe to run
# again. Needs root (or sudo).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

pkgs=(gcc-aarch64-linux-gnu libc6-dev:arm64 libgl-dev:arm64 libx11-dev:arm64 libxrandr-dev:arm64
  libxxf86vm-dev:arm64 libxi-dev:arm64 libxcursor-dev:arm64 libxinerama-dev:arm64 qemu-user)
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
  $SUDO apt-get update -qq
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-cross-arm64: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
