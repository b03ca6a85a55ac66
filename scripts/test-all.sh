#!/usr/bin/env bash
# Runs every test of Gongkai Kiosk on a Debian 12 machine: installs what is missing, starts the
# services the tests use (Xvfb for a real window, cupsd with a PDF and a raw queue, a PostgreSQL
# cluster for the hub's stores), then runs
# the unit, headless-UI, loopback-hub, printing and real-window tests. Needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup-debian.sh
export PATH="/usr/local/go/bin:$PATH"
export LANG=zh_CN.UTF-8 LC_ALL=
# Every caller (a developer, CI) gets CI's rules: a test whose service is missing fails, never skips.
export CI=1

work=$(mktemp -d /tmp/gongkai-test.XXXXXX)
# The cluster's directory apart from $work: the postgres user must reach it.
pgdir=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/cups.stop" ] && bash "$work/cups.stop" >/dev/null 2>&1 || true
  bash scripts/pg-stop.sh "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT

echo "== go vet"
go vet -tags "ci sqlite_fts5" ./...
# The screenshot scenes and the benchmark walk are only in a kiosk built with the "scenes" tag.
go vet -tags "ci sqlite_fts5 scenes" ./internal/kioskcli/ ./cmd/kiosk/

# A real X server for the real-window tests (the built kiosk with OpenGL under Mesa).
echo "== starting Xvfb"
disp=:97
Xvfb "$disp" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xdpyinfo -display "$disp" >/dev/null 2>&1 && break; sleep 0.1; done
export GONGKAI_XVFB_DISPLAY="$disp"

# Real CUPS with a cups-pdf queue and a raw queue to a loopback socket.
if [ -f scripts/cups-setup.sh ]; then
  echo "== starting cupsd"
  # shellcheck source=/dev/null
  source scripts/cups-setup.sh "$work"
fi

# A PostgreSQL cluster of its own (every test makes and drops its own database in it).
echo "== starting PostgreSQL"
GONGKAI_PG_URL=$(bash scripts/pg-start.sh "$pgdir" "${GONGKAI_PG_PORT:-55433}")
export GONGKAI_PG_URL

echo "== go test"
set +e
go test -tags "ci sqlite_fts5" -count=1 -p 2 -timeout 25m ./... 2>&1 | tee "$work/go-test.log"
status=${PIPESTATUS[0]}
echo "== go test (scenes build)"
go test -tags "ci sqlite_fts5 scenes" -count=1 -run 'Scene|RunUsage' ./internal/kioskcli/ 2>&1 | tee -a "$work/go-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The packages whose logic depends on dates, again at a date more than a year ahead and on the
# last day of next year (23:45 in Beijing, so the run crosses into the new year there). Only the
# test binaries run under faketime; Go's own clock follows it through internal/wallclock.
date_pkgs=(./internal/wallclock/ ./internal/calendar/ ./internal/catalog/ ./internal/tracking/
  ./internal/submission/ ./internal/staff/ ./internal/kiosk/ ./internal/kioskcli/ ./internal/hubcli/
  ./internal/reprint/ ./internal/receipt/ ./internal/ui/forms/ ./sync/outbox/ ./sync/hub/ ./sync/client/
  ./sync/e2e/)
for at in "$(date -u -d '+400 days' '+%Y-%m-%d %H:%M:%S')" "$(( $(date -u +%Y) + 1 ))-12-31 15:45:00"; do
  echo "== go test under faketime $at"
  GONGKAI_FAKETIME="$at" go test -tags "ci sqlite_fts5" -count=1 -p 2 -timeout 15m \
    -exec "$root/scripts/faketime-exec.sh" "${date_pkgs[@]}" 2>&1 | tee -a "$work/go-test.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# The Debian packages: built, inspected, installed, upgraded from the previous
# commit's, their units verified and run as far as systemd's settings go
# without systemd as PID 1.
echo "== Debian packages (scripts/test-packages.sh)"
bash scripts/test-packages.sh || status=1
set -e

pass=$(grep -c -E '^(ok|---? PASS)' "$work/go-test.log" || true)
fail=$(grep -c -E '^(FAIL|--- FAIL)' "$work/go-test.log" || true)
echo "packages: $pass passed, $fail failed"
exit "$status"
