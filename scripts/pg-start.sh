#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: initdb in DIR (as the
# postgres user when run as root, since PostgreSQL refuses to run as root),
# listening on 127.0.0.1:PORT only, its Unix socket in DIR (no shared
# /var/run/postgresql), trust authentication for loopback connections only.
# Prints the URL to export as GONGKAI_PG_URL. Stop it with scripts/pg-stop.sh DIR.
#   usage: scripts/pg-start.sh DIR PORT
set -euo pipefail
dir=${1:?usage: pg-start.sh DIR PORT}
port=${2:?usage: pg-start.sh DIR PORT}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb 2>/dev/null || echo /usr/bin/initdb)")

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
chmod 700 "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$dir/data" -U gongkai -A reject --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # Loopback TCP only, trusted; nothing else may connect.
  cat >"$dir/data/pg_hba.conf" <<'HBA'
host all all 127.0.0.1/32 trust
HBA
fi
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
echo "postgres://gongkai@127.0.0.1:$port/postgres?sslmode=disable"
