// Package kioskcli implements the kiosk binary's command line: the full-
// screen app (the default) and the staff subcommands (search, sync, submit,
// queue, reprint, ...). Each subcommand lives in its own file and registers
// itself, so capabilities can be added without touching a central switch.
// Subcommands other than the app run without a display.
package kioskcli

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

	"gongkai/internal/config"
	"gongkai/internal/freetext"
	"gongkai/internal/version"
	"gongkai/internal/wallclock"
)

// Command is one subcommand of the kiosk binary.
type Command struct {
	Name    string
	Usage   string // e.g. "search --data DIR [--json] [--limit N] QUERY"
	Summary string // one line
	Run     func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]*Command{}

// Register adds a subcommand. It panics on a duplicate name.
func Register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("kioskcli: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// DefaultCommand runs when the first argument is a flag or absent: the app.
const DefaultCommand = "run"

// Env is what every subcommand gets: where to write and the process's
// standard streams. Commands parse their own flags with Flags.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Now is the one clock of every command (received times, deadlines,
	// seat expiry); nil means wallclock.Now.
	Now func() time.Time
}

// ErrUsage reports bad command-line usage; the message has been printed.
var ErrUsage = errors.New("usage")

// exitNotPrinted is the exit status of `kiosk submit --print` (and
// `kiosk cancel --print`) when the submission was queued but its receipt
// did not print: a script must not submit it again.
const exitNotPrinted = 3

// exitError is a command's failure with an exit status other than 1.
type exitError struct {
	status int
	err    error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Main runs the kiosk command line and returns the process exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	if env.Now == nil {
		e := *env
		e.Now = wallclock.Now
		env = &e
	}
	name := DefaultCommand
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "--version" || args[0] == "-version") {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help":
		printHelp(env.Stdout)
		return 0
	case "--version", "-version":
		fmt.Fprintf(env.Stdout, "kiosk %s\n", version.Get())
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "kiosk: unknown command %q\n\n", name)
		printHelp(env.Stderr)
		return 2
	}
	if err := cmd.Run(ctx, env, args); errors.Is(err, ErrUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	} else if err != nil {
		fmt.Fprintf(env.Stderr, "kiosk %s: %s\n", name, freetext.Escape(err.Error()))
		if ee := (*exitError)(nil); errors.As(err, &ee) {
			return ee.status
		}
		return 1
	}
	return 0
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Gongkai Kiosk (政务公开专区自助终端)")
	fmt.Fprintln(w, "\nusage: kiosk [COMMAND] [FLAGS] [ARGS]   (no command: start the kiosk app; kiosk --version: the version)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-14s %s\n      kiosk %s\n", n, c.Summary, c.Usage)
	}
}

// escapeOutput returns a copy of env whose streams escape control
// characters (freetext.Writer), for a command that prints text that came
// from a visitor or the hub; call the returned function before the
// command returns.
func escapeOutput(env *Env) (*Env, func()) {
	e := *env
	return &e, freetext.EscapeAll(&e.Stdout, &e.Stderr)
}

// Common holds the flags every subcommand takes.
type Common struct {
	DataDir    string
	ConfigPath string
	Now        func() time.Time // the command's clock, from Env.Now
}

// Flags returns a flag set for a subcommand with the common flags bound to
// c. Errors and -h print to env.Stderr.
func Flags(env *Env, cmd string, c *Common) *flag.FlagSet {
	c.Now = env.Now
	if c.Now == nil {
		c.Now = wallclock.Now
	}
	fs := flag.NewFlagSet("kiosk "+cmd, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(&c.DataDir, "data", "", "data directory (default: from config, else $XDG_DATA_HOME/gongkai-kiosk)")
	fs.StringVar(&c.ConfigPath, "config", "", "configuration file (TOML)")
	return fs
}

// parseAnywhere parses args like fs.Parse but also takes flags after the
// arguments, as staff type them (kiosk reprint 0012-… --out r.pdf), and
// returns the arguments. "--" ends the flags.
func parseAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
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

// Config loads the configuration named by the common flags and settles the
// data directory: --data, then the file's data_dir, then the XDG default.
func (c *Common) Config() (config.Config, error) {
	cfg, err := config.Load(c.ConfigPath)
	if err != nil {
		return cfg, err
	}
	switch {
	case c.DataDir != "":
		cfg.DataDir = c.DataDir
	case cfg.DataDir == "":
		cfg.DataDir = config.DefaultDataDir()
	}
	return cfg, nil
}

// StdEnv returns an Env on the process's standard streams.
func StdEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: wallclock.Now}
}
