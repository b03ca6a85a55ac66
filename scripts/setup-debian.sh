#!/usr/bin/env bash
# Installs the Debian packages the kiosk, the hub and their tests need, when missing.
# Safe to run again; does nothing when everything is there. Needs root (or sudo).
set -euo pipefail

pkgs=(
  gcc pkg-config libgl1-mesa-dev xorg-dev          # cgo: Fyne (OpenGL, X11) and SQLite
  libdeflate-dev                                    # cgo: the kiosk inflates its sync pages with libdeflate
  fonts-wqy-microhei                                # system fallback; the kiosk bundles its own copy
  xvfb x11-utils x11-xserver-utils imagemagick      # a real window under Xvfb, screenshots
  cups cups-client cups-bsd printer-driver-cups-pdf # real printing through CUPS
  poppler-utils zbar-tools                          # pdftotext, pdftoppm, zbarimg for receipt checks
  faketime                                          # tests of dates and deadlines a year ahead
  espeak-ng alsa-utils                              # 语音播报: the Mandarin voice (cmn) and aplay
  chromium                                          # the console's browser tests (driven from Go with chromedp)
  sqlite3 ca-certificates git make
  postgresql                                        # the hub's stores at province scale (scripts/pg-start.sh)
  nginx-light                                       # the TLS front balancing several hub processes (sync/e2e nginx test)
  dpkg-dev systemd python3                          # packages: dpkg-shlibdeps, systemd-analyze, a notify socket
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    echo "setup: Go 1.26 or newer is required (https://go.dev/dl/); install it to /usr/local/go" >&2
    exit 1
  fi
fi
