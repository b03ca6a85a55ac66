// Package cmdline is the command line both binaries share: a set of
// subcommands that register themselves (one file each in internal/kioskcli
// and internal/hubcli), the dispatch with help, --version and exit
// statuses, and the environment every subcommand gets.
package cmdline

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"gongkai/internal/freetext"
	"gongkai/internal/version"
	"gongkai/internal/wallclock"
)

// Env is what every subcommand gets: the process's standard streams, its
// environment and its one clock. Commands parse their own flags.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Now is the one clock of every command (received times, deadlines,
	// seat expiry); nil means wallclock.Now.
	Now func() time.Time
}

// StdEnv returns an Env on the process's standard streams and clock.
func StdEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: wallclock.Now}
}

// Command is one subcommand.
type Command struct {
	Name    string
	Usage   string // e.g. "search --data DIR [--json] [--limit N] QUERY"
	Summary string // one line
	Run     func(ctx context.Context, env *Env, args []string) error
	// Escaped is for a command that prints text from a visitor, a kiosk
	// or the hub: it runs on EscapeOutput's streams, flushed when it
	// returns.
	Escaped bool
}

// run runs c, on escaping streams when it is Escaped.
func (c *Command) run(ctx context.Context, env *Env, args []string) error {
	if c.Escaped {
		e, flush := EscapeOutput(env)
		defer flush()
		env = e
	}
	return c.Run(ctx, env, args)
}

// ErrUsage reports bad command-line usage; the message has been printed.
var ErrUsage = errors.New("usage")

// ExitError is a command's failure with an exit status other than 1.
type ExitError struct {
	Status int
	Err    error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// Set is one binary's subcommands.
type Set struct {
	Program string // "kiosk": prefixes messages and the version line
	Title   string // the first line of the help
	Usage   string // the usage line of the help
	// Default runs when the first argument is a flag or absent; with none,
	// no arguments print the help (exit 2) and -h/--help print it (exit 0).
	Default string
	Width   int // of the names' column in the help

	commands map[string]*Command
}

// Register adds a subcommand. It panics on a duplicate name.
func (s *Set) Register(c *Command) {
	if _, dup := s.commands[c.Name]; dup {
		panic(s.Program + ": duplicate command " + c.Name)
	}
	if s.commands == nil {
		s.commands = map[string]*Command{}
	}
	s.commands[c.Name] = c
}

// Lookup returns the subcommand called name, nil if there is none.
func (s *Set) Lookup(name string) *Command { return s.commands[name] }

// Main runs the command line and returns the process exit status: 0, 1 for
// a failure (its message on Stderr), 2 for bad usage, or an ExitError's.
func (s *Set) Main(ctx context.Context, args []string, env *Env) int {
	if env.Now == nil {
		e := *env
		e.Now = wallclock.Now
		env = &e
	}
	name := s.Default
	if len(args) > 0 && (s.Default == "" || !strings.HasPrefix(args[0], "-") || isVersion(args[0])) {
		name, args = args[0], args[1:]
	}
	switch {
	case isVersion(name):
		fmt.Fprintf(env.Stdout, "%s %s\n", s.Program, version.Get())
		return 0
	case name == "":
		s.printHelp(env.Stdout)
		return 2
	case name == "help" || s.Default == "" && (name == "-h" || name == "--help"):
		s.printHelp(env.Stdout)
		return 0
	}
	cmd, ok := s.commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "%s: unknown command %q\n\n", s.Program, name)
		s.printHelp(env.Stderr)
		return 2
	}
	if err := cmd.run(ctx, env, args); errors.Is(err, ErrUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	} else if err != nil {
		fmt.Fprintf(env.Stderr, "%s %s: %s\n", s.Program, name, freetext.Escape(err.Error()))
		if ee := (*ExitError)(nil); errors.As(err, &ee) {
			return ee.Status
		}
		return 1
	}
	return 0
}

func isVersion(arg string) bool { return arg == "--version" || arg == "-version" }

func (s *Set) printHelp(w io.Writer) {
	fmt.Fprintln(w, s.Title)
	fmt.Fprintln(w, "\n"+s.Usage)
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(s.commands))
	for n := range s.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := s.commands[n]
		fmt.Fprintf(w, "  %-*s %s\n      %s %s\n", s.Width, n, c.Summary, s.Program, c.Usage)
	}
}

// EscapeOutput returns a copy of env whose streams escape control
// characters (freetext.Writer), for a command that prints text that came
// from a visitor, a kiosk or the hub: nothing may reach a staff member's
// terminal as an escape sequence. Call the returned function before the
// command returns.
func EscapeOutput(env *Env) (*Env, func()) {
	e := *env
	return &e, freetext.EscapeAll(&e.Stdout, &e.Stderr)
}

// ParseAnywhere parses args like fs.Parse but also takes flags after the
// arguments, as staff type them (kiosk reprint 0012-… --out r.pdf, hub
// import PATH --prune), and returns the arguments. "--" ends the flags.
func ParseAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if n := len(args) - len(left); len(left) == 0 || n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		rest, args = append(rest, left[0]), left[1:]
	}
}
