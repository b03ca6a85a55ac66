#!/usr/bin/env bash
# Stops the cluster scripts/pg-start.sh started in DIR (fast shutdown: the
# tests' connections are ended). Quiet when nothing runs there.
#   usage: scripts/pg-stop.sh DIR
set -euo pipefail
dir=${1:?usage: pg-stop.sh DIR}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/pg_ctl" ] || bin=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/bin/pg_ctl)")
[ -f "$dir/data/postmaster.pid" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
else
  "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
fi
