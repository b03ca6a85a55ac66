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
	"strings"
	"time"

	"gongkai/internal/cmdline"
	"gongkai/internal/config"
	"gongkai/internal/kiosk"
	"gongkai/internal/wallclock"
)

// Command is one subcommand of the kiosk binary; Env is what it gets.
type (
	Command = cmdline.Command
	Env     = cmdline.Env
)

// DefaultCommand runs when the first argument is a flag or absent: the app.
const DefaultCommand = "run"

var commands = &cmdline.Set{
	Program: "kiosk",
	Title:   "Gongkai Kiosk (政务公开专区自助终端)",
	Usage:   "usage: kiosk [COMMAND] [FLAGS] [ARGS]   (no command: start the kiosk app; kiosk --version: the version)",
	Default: DefaultCommand,
	Width:   14,
}

// Register adds a subcommand. It panics on a duplicate name.
func Register(c *Command) { commands.Register(c) }

// Main runs the kiosk command line and returns the process exit status.
func Main(ctx context.Context, args []string, env *Env) int { return commands.Main(ctx, args, env) }

// StdEnv returns an Env on the process's standard streams and clock.
func StdEnv() *Env { return cmdline.StdEnv() }

// ErrUsage reports bad command-line usage; the message has been printed.
var ErrUsage = cmdline.ErrUsage

// exitNotPrinted is the exit status of `kiosk submit --print` (and
// `kiosk cancel --print`) when the submission was queued but its receipt
// did not print: a script must not submit it again.
const exitNotPrinted = 3

// The shared helpers under the names the subcommands use.
var (
	parseAnywhere = cmdline.ParseAnywhere
)

// parseArgs parses args into fs and requires n arguments after the flags,
// printing the command's usage line otherwise; a flag the set does not
// know is returned as the flag package's error.
func parseArgs(env *Env, fs *flag.FlagSet, args []string, n int) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != n {
		return nil, usage(env, fs)
	}
	return fs.Args(), nil
}

// parseFlags parses args into fs; a bad flag, which the flag package has
// printed, is ErrUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return ErrUsage
	}
	return nil
}

// usage prints the usage line of fs's command and returns ErrUsage.
func usage(env *Env, fs *flag.FlagSet) error {
	fmt.Fprintln(env.Stderr, "usage: kiosk "+commands.Lookup(strings.TrimPrefix(fs.Name(), "kiosk ")).Usage)
	return ErrUsage
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

// Open loads the configuration and opens the kiosk data directory it
// names, on the command's clock.
func (c *Common) Open(ctx context.Context) (*kiosk.Kiosk, config.Config, error) {
	cfg, err := c.Config()
	if err != nil {
		return nil, cfg, err
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: c.Now})
	return k, cfg, err
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
