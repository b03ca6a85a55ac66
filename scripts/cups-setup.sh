# Sets up real CUPS for the printing tests: a cups-pdf queue and a raw queue to a loopback socket.
#
# Sourced by scripts/test-all.sh as `source scripts/cups-setup.sh WORKDIR`. Needs root and the
# packages scripts/setup-debian.sh installs (cups, cups-client, cups-bsd, printer-driver-cups-pdf);
# installs nothing itself. Safe to run again. It exports
#   GONGKAI_CUPS=1
#   GONGKAI_CUPS_PDF_QUEUE  the cups-pdf queue (gongkai-pdf)
#   GONGKAI_CUPS_PDF_OUT    the directory cups-pdf writes job_<id>-<title>.pdf into
#   GONGKAI_CUPS_RAW_QUEUE  the raw queue (gongkai-raw)
#   GONGKAI_CUPS_RAW_PORT   the loopback port the raw queue sends to; the test listens there
# and writes WORKDIR/cups.stop, a script that removes the queues and stops cupsd if this script
# started it. Being sourced, it returns (never exits) on failure and leaves the caller's shell
# options alone.

_gk_cups_setup() {
  local work=${1:-}
  if [ -z "$work" ] || [ ! -d "$work" ]; then
    echo "cups-setup: usage: source scripts/cups-setup.sh WORKDIR (an existing directory)" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "cups-setup: must run as root (configures /etc/cups and starts cupsd)" >&2
    return 1
  fi
  local bin
  for bin in /usr/sbin/cupsd /usr/sbin/lpadmin lpstat lp cupsenable cupsaccept; do
    if ! command -v "$bin" >/dev/null 2>&1; then
      echo "cups-setup: $bin is missing; run scripts/setup-debian.sh first" >&2
      return 1
    fi
  done
  local ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd
  if [ ! -f "$ppd" ] || [ ! -f /etc/cups/cups-pdf.conf ]; then
    echo "cups-setup: printer-driver-cups-pdf is missing; run scripts/setup-debian.sh first" >&2
    return 1
  fi

  # cups-pdf: a fixed output directory and predictable names (job_<id>-<title>.pdf).
  local out=/var/spool/cups-pdf/gongkai
  local conf=/etc/cups/cups-pdf.conf
  sed -i -E \
    -e "s|^#?[[:space:]]*Out[[:space:]].*|Out $out|" \
    -e "s|^#?[[:space:]]*Label[[:space:]].*|Label 1|" \
    -e "s|^#?[[:space:]]*TitlePref[[:space:]].*|TitlePref 1|" \
    "$conf"
  grep -q "^Out $out\$" "$conf" || echo "Out $out" >>"$conf"
  grep -q '^Label 1$' "$conf" || echo 'Label 1' >>"$conf"
  grep -q '^TitlePref 1$' "$conf" || echo 'TitlePref 1' >>"$conf"
  mkdir -p "$out"
  chmod 0755 "$out"

  # The scheduler: reuse a running one, else start our own in the foreground of a background job
  # so that cups.stop can end exactly that process.
  local started=""
  if ! LC_ALL=C LANG=C lpstat -r 2>/dev/null | grep -q 'is running'; then
    mkdir -p /run/cups /var/spool/cups /var/cache/cups /var/log/cups
    /usr/sbin/cupsd -f >"$work/cupsd.log" 2>&1 &
    started=$!
    local i
    for i in $(seq 100); do
      LC_ALL=C LANG=C lpstat -r 2>/dev/null | grep -q 'is running' && break
      if ! kill -0 "$started" 2>/dev/null; then
        echo "cups-setup: cupsd exited; see $work/cupsd.log" >&2
        return 1
      fi
      sleep 0.1
    done
    if ! LC_ALL=C LANG=C lpstat -r 2>/dev/null | grep -q 'is running'; then
      echo "cups-setup: cupsd did not start within 10s; see $work/cupsd.log" >&2
      kill "$started" 2>/dev/null
      return 1
    fi
  fi

  # A free loopback port for the raw queue: nothing must answer there until the test listens.
  local port=${GONGKAI_CUPS_RAW_PORT:-}
  if [ -z "$port" ]; then
    local try
    for try in $(seq 50); do
      port=$((20000 + RANDOM % 20000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
      port=""
    done
    if [ -z "$port" ]; then
      echo "cups-setup: no free loopback port found" >&2
      return 1
    fi
  fi

  # abort-job: a job whose backend fails is reported as failed at once instead of being retried
  # later, so the tests (and the kiosk) notice it.
  if ! /usr/sbin/lpadmin -p gongkai-pdf -E -v cups-pdf:/ -P "$ppd" \
    -o printer-error-policy=abort-job >"$work/lpadmin.log" 2>&1; then
    echo "cups-setup: creating queue gongkai-pdf failed: $(cat "$work/lpadmin.log")" >&2
    return 1
  fi
  if ! /usr/sbin/lpadmin -p gongkai-raw -E -v "socket://127.0.0.1:$port" -m raw \
    -o printer-error-policy=abort-job >>"$work/lpadmin.log" 2>&1; then
    echo "cups-setup: creating queue gongkai-raw failed: $(cat "$work/lpadmin.log")" >&2
    return 1
  fi
  cupsenable gongkai-pdf gongkai-raw && cupsaccept gongkai-pdf gongkai-raw || return 1

  {
    echo "#!/usr/bin/env bash"
    echo "# Written by scripts/cups-setup.sh: removes its queues and stops the cupsd it started."
    echo "cancel -a gongkai-pdf gongkai-raw 2>/dev/null"
    echo "/usr/sbin/lpadmin -x gongkai-pdf 2>/dev/null"
    echo "/usr/sbin/lpadmin -x gongkai-raw 2>/dev/null"
    if [ -n "$started" ]; then
      echo "kill $started 2>/dev/null"
      echo "for i in \$(seq 50); do kill -0 $started 2>/dev/null || break; sleep 0.1; done"
    fi
    echo "exit 0"
  } >"$work/cups.stop"
  chmod +x "$work/cups.stop"

  export GONGKAI_CUPS=1
  export GONGKAI_CUPS_PDF_QUEUE=gongkai-pdf
  export GONGKAI_CUPS_PDF_OUT=$out
  export GONGKAI_CUPS_RAW_QUEUE=gongkai-raw
  export GONGKAI_CUPS_RAW_PORT=$port
  echo "cups-setup: queues gongkai-pdf (-> $out) and gongkai-raw (-> 127.0.0.1:$port) ready"
}

_gk_cups_setup "$@"
