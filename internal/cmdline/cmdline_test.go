package cmdline

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/version"
)

// set is a binary with two commands: "echo" prints its arguments and the
// clock's year, "fail" fails as its first argument says.
func set(def string) *Set {
	s := &Set{Program: "prog", Title: "Prog", Usage: "usage: prog COMMAND", Default: def, Width: 6}
	s.Register(&Command{Name: "echo", Usage: "echo [ARGS]", Summary: "print", Run: func(_ context.Context, env *Env, args []string) error {
		fmt.Fprintln(env.Stdout, strings.Join(args, " "), env.Now().Year())
		return nil
	}})
	s.Register(&Command{Name: "fail", Usage: "fail HOW", Summary: "fail", Run: func(_ context.Context, env *Env, args []string) error {
		switch args[0] {
		case "usage":
			return ErrUsage
		case "help":
			return flag.ErrHelp
		case "exit3":
			return &ExitError{Status: 3, Err: errors.New("not printed")}
		}
		return errors.New("broken \x1b[31m")
	}})
	s.Register(&Command{Name: "show", Usage: "show TEXT", Summary: "print submitted text", Escaped: true,
		Run: func(_ context.Context, env *Env, args []string) error {
			fmt.Fprintln(env.Stdout, args[0])
			fmt.Fprintln(env.Stderr, args[0])
			return nil
		}})
	return s
}

func TestMain(t *testing.T) {
	clock := func() time.Time { return time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC) }
	versionLine := "prog " + version.Get().String() + "\n"
	tests := []struct {
		def    string
		args   []string
		status int
		out    string // stdout contains
		errs   string // stderr contains
	}{
		{"", []string{"echo", "a", "b"}, 0, "a b 2030", ""},
		{"", nil, 2, "commands:\n  echo   print\n      prog echo [ARGS]", ""},
		{"", []string{"help"}, 0, "usage: prog COMMAND", ""},
		{"", []string{"-h"}, 0, "usage: prog COMMAND", ""},
		{"", []string{"--version"}, 0, versionLine, ""},
		{"", []string{"nope"}, 2, "", "prog: unknown command \"nope\"\n\nProg"},
		{"", []string{"fail", "usage"}, 2, "", ""},
		{"", []string{"fail", "help"}, 2, "", ""},
		{"", []string{"fail", "exit3"}, 3, "", "prog fail: not printed"},
		{"", []string{"fail", "other"}, 1, "", `prog fail: broken \x1b[31m`},
		// An Escaped command's streams escape what it prints, flushed.
		{"", []string{"show", "red \x1b[31m"}, 0, `red \x1b[31m` + "\n", `red \x1b[31m` + "\n"},
		// With a default command, no command or a flag first runs it.
		{"echo", nil, 0, " 2030", ""},
		{"echo", []string{"-x"}, 0, "-x 2030", ""},
		{"echo", []string{"-version"}, 0, versionLine, ""},
		{"echo", []string{"help"}, 0, "usage: prog COMMAND", ""},
	}
	for _, tt := range tests {
		var out, errs bytes.Buffer
		status := set(tt.def).Main(context.Background(), tt.args, &Env{Stdout: &out, Stderr: &errs, Now: clock})
		if status != tt.status || !strings.Contains(out.String(), tt.out) || !strings.Contains(errs.String(), tt.errs) {
			t.Errorf("default %q, args %q: status %d, out %q, err %q; want %d, %q, %q",
				tt.def, tt.args, status, out.String(), errs.String(), tt.status, tt.out, tt.errs)
		}
	}
}

func TestRegisterRefusesDuplicate(t *testing.T) {
	s := set("")
	defer func() {
		if recover() == nil {
			t.Error("a second command named echo was registered")
		}
	}()
	s.Register(&Command{Name: "echo"})
}

func TestParseAnywhere(t *testing.T) {
	tests := []struct {
		args []string
		pos  []string
		out  string
	}{
		{[]string{"--out", "r.pdf", "0012-1"}, []string{"0012-1"}, "r.pdf"},
		{[]string{"0012-1", "--out", "r.pdf"}, []string{"0012-1"}, "r.pdf"},
		{[]string{"A", "--out", "r.pdf", "B"}, []string{"A", "B"}, "r.pdf"},
		{[]string{"A", "--", "--out", "B"}, []string{"A", "--out", "B"}, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		out := fs.String("out", "", "")
		pos, err := ParseAnywhere(fs, tt.args)
		if err != nil || fmt.Sprint(pos) != fmt.Sprint(tt.pos) || *out != tt.out {
			t.Errorf("ParseAnywhere(%q) = %q, --out %q, %v; want %q, %q", tt.args, pos, *out, err, tt.pos, tt.out)
		}
	}
}
