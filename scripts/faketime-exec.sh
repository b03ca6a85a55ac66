#!/usr/bin/env bash
# go test -exec wrapper: runs a test binary under faketime(1) at $GONGKAI_FAKETIME
# (libfaketime's syntax, e.g. "@2027-12-31 15:30:00" or "+400d"). Only the test binaries
# run at the fake time; the go command and the compiler keep the real one.
set -euo pipefail
: "${GONGKAI_FAKETIME:?set GONGKAI_FAKETIME}"
exec faketime "$GONGKAI_FAKETIME" "$@"
