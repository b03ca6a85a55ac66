package cmdcall

import (
	"bytes"
	"errors"
	"flag"
	"testing"

	"gongkai/internal/cmdline"
)

// TestChecksRunInOrderAndStopAtTheFirst states three checks: the first
// keeps what it read, the second fails with a usage message, the third
// must not run.
func TestChecksRunInOrderAndStopAtTheFirst(t *testing.T) {
	var stderr bytes.Buffer
	c := &Call{FlagSet: flag.NewFlagSet("prog cmd", flag.ContinueOnError), Env: &cmdline.Env{Stderr: &stderr}}
	n := c.Int("n", 0, "")
	var kept int
	c.Validate(func() error { kept = *n * 2; return nil })
	c.Require(func() bool { return *n < 3 }, "--n must be below 3")
	c.Validate(func() error { t.Error("a check after a failed one ran"); return nil })
	if err := c.Parse([]string{"--n", "4", "a"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Check(c.Args()); !errors.Is(err, cmdline.ErrUsage) {
		t.Fatalf("Check: %v, want ErrUsage", err)
	}
	if kept != 8 || len(c.Pos) != 1 || c.Pos[0] != "a" {
		t.Errorf("kept %d, Pos %q", kept, c.Pos)
	}
	if got := stderr.String(); got != "prog cmd: --n must be below 3\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestUsageErrorPrintsTheUsageLineForNoMessage(t *testing.T) {
	var stderr bytes.Buffer
	c := &Call{FlagSet: flag.NewFlagSet("prog cmd", flag.ContinueOnError), Env: &cmdline.Env{Stderr: &stderr}, UsageLine: "prog cmd FILE"}
	if err := c.UsageError(""); !errors.Is(err, cmdline.ErrUsage) || stderr.String() != "usage: prog cmd FILE\n" {
		t.Errorf("%v, stderr %q", err, stderr.String())
	}
	if err := c.Check(nil); err != nil {
		t.Errorf("no checks: %v", err)
	}
}
