// Package benchrun is what the benchmark tools (cmd/benchsearch,
// cmd/benchsync) share: sizes from the environment and a main that writes
// a CPU profile and exits 1 with the tool's name on failure.
package benchrun

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
)

// EnvInt returns the positive whole number in the environment variable
// name, else def.
func EnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// Main runs run, with a CPU profile written to the file profile unless it
// is empty, and exits with status 1 and "program: error" on stderr when
// the profile cannot be made or run fails.
func Main(program, profile string, run func() error) {
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, program+":", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, program+":", err)
		os.Exit(1)
	}
}
