package wallclock

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	real := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Time
	}{
		{"", real},
		{"+33983452", real.Add(33983452 * time.Second)},
		{"+1y", real.Add(365 * 24 * time.Hour)},
		{"-2h", real.Add(-2 * time.Hour)},
		{"+1.5d", real.Add(36 * time.Hour)},
		{"@2027-12-31 23:00:00", time.Date(2027, 12, 31, 23, 0, 0, 0, time.UTC)},
		{"2027-12-31 23:00:00", time.Date(2027, 12, 31, 23, 0, 0, 0, time.UTC)},
		{"nonsense", real},
		{"+x", real},
	} {
		if got := parse(tc.v, real).now(real); !got.Equal(tc.want) {
			t.Errorf("FAKETIME=%q: %s, want %s", tc.v, got, tc.want)
		}
	}
	// A start time runs on; an absolute one stands still.
	later := real.Add(time.Minute)
	if got := parse("@2027-12-31 23:00:00", real).now(later); !got.Equal(time.Date(2027, 12, 31, 23, 1, 0, 0, time.UTC)) {
		t.Errorf("start time did not run: %s", got)
	}
	if got := parse("2027-12-31 23:00:00", real).now(later); got.Minute() != 0 {
		t.Errorf("absolute time ran: %s", got)
	}
}

// TestUnderFaketime runs this test binary under the real faketime(1) and
// checks that Now follows it, as SQLite's clock does under it.
func TestUnderFaketime(t *testing.T) {
	if os.Getenv("GONGKAI_CLOCK_CHILD") != "" {
		os.Stdout.WriteString(Now().UTC().Format(time.RFC3339))
		return
	}
	path, err := exec.LookPath("faketime")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("faketime is not installed (Debian package faketime); CI runs date tests under it")
		}
		t.Skip("faketime not installed")
	}
	cmd := exec.Command(path, "2031-12-31 23:59:00", os.Args[0], "-test.run=^TestUnderFaketime$")
	// Not under the faketime of a CI run that may be running this test:
	// the inner faketime would measure its offset from the faked time.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FAKETIME") && !strings.HasPrefix(kv, "LD_PRELOAD=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "GONGKAI_CLOCK_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("faketime: %v", err)
	}
	if got := string(out); !strings.HasPrefix(got, "2031-12-31T23:5") {
		t.Fatalf("under faketime 2031-12-31 23:59:00, Now says %q", got)
	}
}

func TestWithoutFaketime(t *testing.T) {
	got := WithoutFaketime([]string{"PATH=/usr/bin", "LD_PRELOAD=/usr/lib/faketime/libfaketime.so.1", "FAKETIME=+1y",
		"FAKETIME_NO_CACHE=1", "LANG=zh_CN.UTF-8"})
	if strings.Join(got, " ") != "PATH=/usr/bin LANG=zh_CN.UTF-8" {
		t.Fatalf("WithoutFaketime kept %q", got)
	}
}
