package browsertest

import (
	"testing"
	"time"

	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/hubcli"
)

// Logs collects a process's stderr safely across goroutines.
type Logs = cmdlinetest.Logs

// Hub is a hub started through its command line (`hub serve`) with both
// listeners on loopback ports the system picked.
type Hub = cmdlinetest.Hub

// Run runs a hub command with the clock, stdin and captured output, and
// fails the test unless it exits 0. It returns stdout.
func Run(t testing.TB, now func() time.Time, stdin string, args ...string) string {
	t.Helper()
	return cmdlinetest.MustRun(t, hubcli.Main, now, stdin, args...)
}

// StartHub runs `hub serve --data dir` (a hub made with `hub init`) until
// the test ends, and waits until both listeners answer.
func StartHub(t testing.TB, dir string, now func() time.Time, extra ...string) *Hub {
	t.Helper()
	return cmdlinetest.ServeHub(t, hubcli.Main, dir, now, extra...)
}
