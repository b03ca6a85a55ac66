// Package benchstat gives the benchmark tools (cmd/benchsearch,
// cmd/benchsync) the readings they print beside their timings: this
// process's CPU time, which a busy shared machine disturbs less than wall
// time, and the load average when they ran.
package benchstat

import (
	"os"
	"strings"
	"syscall"
	"time"
)

// CPUTime returns the process's user and system CPU time so far (0 where
// the system does not say).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// LoadAverage returns the 1, 5 and 15 minute load averages, or "?".
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
