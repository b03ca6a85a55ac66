// Package wallclock is the wall clock the kiosk and the hub inject when nothing
// else is given: time.Now, moved as libfaketime moves the C library's.
//
// Go reads the time from the kernel's vDSO, not through the C library, so
// faketime(1), which works by preloading a replacement of libc's clock
// functions, moves SQLite's clock but not Go's. A process run under
// faketime would then see two times. Now reads the FAKETIME variable that
// faketime sets, in libfaketime's own formats, and applies it, so the one
// clock of every component follows faketime as SQLite does: this is how CI
// runs the date-dependent tests a year ahead and on the last day of a year.
// Without FAKETIME, Now is time.Now.
package wallclock

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// Now returns the current time, as faketime(1) says it is when the
// process runs under it.
func Now() time.Time { return fake.now(time.Now()) }

var fake = parse(os.Getenv("FAKETIME"), time.Now())

// spec is a parsed FAKETIME value.
type spec struct {
	offset time.Duration // added to the real time
	frozen time.Time     // non-zero: the time stands still here
}

func (s spec) now(real time.Time) time.Time {
	if !s.frozen.IsZero() {
		return s.frozen
	}
	return real.Add(s.offset)
}

// parse reads libfaketime's FAKETIME formats: "+15d" or "-2h" (an offset,
// the unit one of s, m, h, d, y; seconds when none), "@2027-12-31 23:00:00"
// (a start time, then running), and "2027-12-31 23:00:00" (a time that
// stands still). Times are UTC, as libfaketime reads them with TZ unset.
// Anything else is ignored, as libfaketime would refuse it.
func parse(v string, real time.Time) spec {
	v = strings.TrimSpace(v)
	if v == "" {
		return spec{}
	}
	switch v[0] {
	case '+', '-':
		return spec{offset: offset(v)}
	case '@':
		t, ok := absolute(v[1:])
		if !ok {
			return spec{}
		}
		return spec{offset: t.Sub(real)}
	}
	t, ok := absolute(v)
	if !ok {
		return spec{}
	}
	return spec{frozen: t}
}

func offset(v string) time.Duration {
	unit := time.Second
	switch v[len(v)-1] {
	case 's':
		v = v[:len(v)-1]
	case 'm':
		unit, v = time.Minute, v[:len(v)-1]
	case 'h':
		unit, v = time.Hour, v[:len(v)-1]
	case 'd':
		unit, v = 24*time.Hour, v[:len(v)-1]
	case 'y':
		unit, v = 365*24*time.Hour, v[:len(v)-1]
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	return time.Duration(f * float64(unit))
}

func absolute(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(v), time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// WithoutFaketime returns env without libfaketime's variables (its
// preload and FAKETIME*), for a server a test starts that must keep the
// real time: nginx, PostgreSQL.
func WithoutFaketime(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if name == "LD_PRELOAD" || strings.HasPrefix(name, "FAKETIME") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
