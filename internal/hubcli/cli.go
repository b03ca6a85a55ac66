// Package hubcli implements the hub binary's command line: init, keys,
// import, serve, enroll, kiosks, revoke and bundle. Each subcommand lives in
// its own file and registers itself, as in internal/kioskcli.
package hubcli

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
	"gongkai/sync/hub"
)

// Command is one subcommand of the hub binary.
type Command struct {
	Name    string
	Usage   string // e.g. "import --data DIR [--prune] [--keep-going] PATH"
	Summary string // one line
	Run     func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]*Command{}

// Register adds a subcommand. It panics on a duplicate name.
func Register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("hubcli: duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// Env is what every subcommand gets: the process's streams and clock.
type Env struct {
	Stdin  io.Reader // passwords when not a terminal
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
}

// ErrUsage reports bad command-line usage; the message has been printed.
var ErrUsage = errors.New("usage")

// Main runs the hub command line and returns the process exit status.
func Main(ctx context.Context, args []string, env *Env) int {
	if env.Now == nil {
		env.Now = wallclock.Now
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Fprintf(env.Stdout, "hub %s\n", version.Get())
		return 0
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "hub: unknown command %q\n\n", args[0])
		printHelp(env.Stderr)
		return 2
	}
	if err := cmd.Run(ctx, env, args[1:]); errors.Is(err, ErrUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	} else if err != nil {
		fmt.Fprintf(env.Stderr, "hub %s: %s\n", cmd.Name, freetext.Escape(err.Error()))
		return 1
	}
	return 0
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Gongkai hub (政务公开目录中心): the catalogue authority for Gongkai kiosks")
	fmt.Fprintln(w, "\nusage: hub COMMAND [FLAGS] [ARGS]   (hub --version: the version)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-8s %s\n      hub %s\n", n, c.Summary, c.Usage)
	}
}

// escapeOutput returns a copy of env whose streams escape control
// characters (freetext.Writer), for a command that prints submitted text:
// records at the hub may hold anything an older kiosk let through, and
// nothing may reach a staff member's terminal as an escape sequence. Call
// the returned function before the command returns.
func escapeOutput(env *Env) (*Env, func()) {
	e := *env
	return &e, freetext.EscapeAll(&e.Stdout, &e.Stderr)
}

// flags returns a flag set for a subcommand with --data bound to dir.
func flags(env *Env, cmd string, dir *string) *flag.FlagSet {
	fs := flag.NewFlagSet("hub "+cmd, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(dir, "data", "", "the hub's data directory (required)")
	return fs
}

// parse parses args allowing flags after positional arguments
// (`hub import PATH --prune`), and requires --data.
func parse(fs *flag.FlagSet, env *Env, args []string, dir *string, positional int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *dir == "" {
		fmt.Fprintf(env.Stderr, "%s: --data DIR is required\n", fs.Name())
		return nil, ErrUsage
	}
	if len(pos) != positional {
		fmt.Fprintf(env.Stderr, "%s: expected %d argument(s), got %d: %s\n", fs.Name(), positional, len(pos), strings.Join(pos, " "))
		fs.Usage()
		return nil, ErrUsage
	}
	return pos, nil
}

// open opens the hub in dir with env's clock.
func open(ctx context.Context, env *Env, dir string) (*hub.Hub, error) {
	return hub.Open(ctx, dir, hub.Options{Now: env.Now})
}

// StdEnv returns an Env on the process's standard streams and clock.
func StdEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: wallclock.Now}
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}
