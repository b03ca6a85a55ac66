// Package benchstat gives the benchmark tools (cmd/benchsearch,
// cmd/benchsync) the readings they print beside their timings: this
// process's CPU time, which a busy shared machine disturbs less than wall
// time, and the load average when they ran.
package benchstat

import (
	"os"
	"strconv"
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

// clockTicks is the unit of /proc's CPU times (USER_HZ), 100 on Linux.
const clockTicks = 100

// ProcessCPU returns the user and system CPU time process pid has used so
// far, read from /proc (0 when it is gone or the system does not say):
// for the processes a benchmark starts (hub processes, nginx, database
// backends) whose CPU time CPUTime does not see.
func ProcessCPU(pid int) time.Duration {
	_, cpu := procStat(pid)
	return cpu
}

// GroupCPU returns the CPU time used so far by the live processes of
// process group pgid (e.g. nginx's master and workers).
func GroupCPU(pgid int) time.Duration {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if g, cpu := procStat(pid); g == pgid {
			sum += cpu
		}
	}
	return sum
}

// procStat reads process pid's group and CPU time from /proc/PID/stat.
func procStat(pid int) (pgid int, cpu time.Duration) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1, 0
	}
	// The command name (field 2) may hold spaces: count from its ')'.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return -1, 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return -1, 0
	}
	pgid, _ = strconv.Atoi(f[2])             // field 5
	ut, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	st, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return pgid, time.Duration(ut+st) * time.Second / clockTicks
}
