// Package hubcli implements the hub binary's command line: init, keys,
// import, serve, enroll, kiosks, revoke and bundle. Each subcommand lives in
// its own file and registers itself, as in internal/kioskcli.
package hubcli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai/internal/cmdline"
	"gongkai/sync/hub"
)

// Command is one subcommand of the hub binary; Env is what it gets.
type (
	Command = cmdline.Command
	Env     = cmdline.Env
)

var commands = &cmdline.Set{
	Program: "hub",
	Title:   "Gongkai hub (政务公开目录中心): the catalogue authority for Gongkai kiosks",
	Usage:   "usage: hub COMMAND [FLAGS] [ARGS]   (hub --version: the version)",
	Width:   8,
}

// Register adds a subcommand. It panics on a duplicate name.
func Register(c *Command) { commands.Register(c) }

// Main runs the hub command line and returns the process exit status.
func Main(ctx context.Context, args []string, env *Env) int { return commands.Main(ctx, args, env) }

// StdEnv returns an Env on the process's standard streams and clock.
func StdEnv() *Env { return cmdline.StdEnv() }

// ErrUsage reports bad command-line usage; the message has been printed.
var ErrUsage = cmdline.ErrUsage

// flags returns a flag set for a subcommand with --data bound to dir.
func flags(env *Env, cmd string, dir *string) *flag.FlagSet {
	fs := flag.NewFlagSet("hub "+cmd, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.StringVar(dir, "data", "", "the hub's data directory (required, or data in --config)")
	fs.String("db", "", "the hub's PostgreSQL database, postgres://… (or database_url in --config); "+
		"default: the one `hub init --db` recorded in --data, else the SQLite files in --data")
	fs.String("config", "", "a hub.toml whose keys fill the flags not given here (the packages' /etc/gongkai/hub.toml)")
	return fs
}

// database is the --db of fs (given or from --config's database_url).
func database(fs *flag.FlagSet) string { return fs.Lookup("db").Value.String() }

// hubOptions are the options of opening the hub for the command of fs.
func hubOptions(env *Env, fs *flag.FlagSet) hub.Options {
	return hub.Options{Now: env.Now, DatabaseURL: database(fs)}
}

// parse parses args allowing flags after positional arguments
// (`hub import PATH --prune`), fills what --config gives, and requires
// --data.
func parse(fs *flag.FlagSet, env *Env, args []string, dir *string, positional int) ([]string, error) {
	pos, err := cmdline.ParseAnywhere(fs, args)
	if err != nil {
		return nil, err
	}
	if err := configure(fs); err != nil {
		return nil, err
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

// subcommand splits the subcommand (hub audit verify, hub user add) off
// args; one not among subs is a usage error.
func subcommand(env *Env, cmd string, args []string, subs ...string) (string, []string, error) {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	if !slices.Contains(subs, sub) {
		last := len(subs) - 1
		fmt.Fprintf(env.Stderr, "hub %s: expected %s or %s, got %q\n", cmd, strings.Join(subs[:last], ", "), subs[last], sub)
		return "", nil, ErrUsage
	}
	return sub, args, nil
}

// open opens the hub in the --data directory of fs (a parsed command's
// flags) with env's clock, its stores where --db says.
func open(ctx context.Context, env *Env, fs *flag.FlagSet) (*hub.Hub, error) {
	return hub.Open(ctx, fs.Lookup("data").Value.String(), hubOptions(env, fs))
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}
