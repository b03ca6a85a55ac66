#!/usr/bin/env bash
# Builds and starts the kiosk full-screen on the embedded demo catalogue (or the hub it is enrolled
# with). Pass --windowed for a window; other flags go to the kiosk. Needs root (or sudo) the first
# time, to install the Debian packages it builds with.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
export PATH="/usr/local/go/bin:$PATH"
mkdir -p bin
echo "building the kiosk (the first build takes a few minutes)..."
go build -tags sqlite_fts5 -o bin/kiosk ./cmd/kiosk
go build -tags sqlite_fts5 -o bin/hub ./cmd/hub 2>/dev/null || true
export LANG=${LANG:-zh_CN.UTF-8}
if [ -z "${DISPLAY:-}" ]; then
  echo "no DISPLAY: starting Xvfb on :95 (connect a VNC viewer or set DISPLAY to use a real screen)"
  Xvfb :95 -screen 0 1920x1080x24 -nolisten tcp >/tmp/gongkai-xvfb.log 2>&1 &
  export DISPLAY=:95
  sleep 1
fi
xset s off -dpms 2>/dev/null || true
exec bin/kiosk "$@"
