package kioskcli

import (
	"context"
	"flag"
	"fmt"

	"gongkai/internal/kiosk"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// The argument counts of a call that are not a number.
const (
	// flagsOnly: no arguments; one is an "unexpected argument" and a bad
	// flag a usage error (parseSyncFlags).
	flagsOnly = -1
	// anyArgs: the command's checks look at the arguments; a bad flag is
	// a usage error (parseFlags).
	anyArgs = -2
)

// A call is one run of a subcommand: the common flags (Common) and its
// own, declared on the embedded FlagSet, its environment, the arguments
// it takes and the checks of its flags. parse and the open methods do the
// parse-validate-open every command starts with, so a command's body is
// its own logic.
type call struct {
	*flag.FlagSet
	Common
	env        *Env
	positional int      // the arguments after the flags (parseArgs), or flagsOnly or anyArgs
	pos        []string // the arguments, once parsed
	checks     []func() error
}

// newCall returns the call of the subcommand cmd, which takes positional
// arguments.
func newCall(env *Env, cmd string, positional int) *call {
	c := &call{env: env, positional: positional}
	c.FlagSet = Flags(env, cmd, &c.Common)
	return c
}

// require adds a check of the parsed flags and arguments: when ok is
// false, the command ends with the usage error msg (usage).
func (c *call) require(ok func() bool, msg string) {
	c.checks = append(c.checks, func() error {
		if !ok() {
			return c.usage(msg)
		}
		return nil
	})
}

// usage prints msg after the command's name, or the command's usage line
// when msg is empty, and returns ErrUsage.
func (c *call) usage(msg string) error {
	if msg == "" {
		return usage(c.env, c.FlagSet)
	}
	fmt.Fprintf(c.env.Stderr, "%s: %s\n", c.Name(), msg)
	return ErrUsage
}

// parse parses args as the call's argument count says, keeps the
// arguments in c.pos and runs the checks.
func (c *call) parse(args []string) (err error) {
	switch c.positional {
	case flagsOnly:
		err = parseSyncFlags(c.FlagSet, args)
	case anyArgs:
		err = parseFlags(c.FlagSet, args)
	default:
		_, err = parseArgs(c.env, c.FlagSet, args, c.positional)
	}
	if err != nil {
		return err
	}
	c.pos = c.Args()
	for _, check := range c.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// openKiosk parses args and opens the data directory (Common.Open); the
// caller closes the kiosk.
func (c *call) openKiosk(ctx context.Context, args []string) (*kiosk.Kiosk, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	k, _, err := c.Open(ctx)
	return k, err
}

// openOutbox parses args and opens the data directory with its outbox
// (openOutbox); the caller closes the kiosk.
func (c *call) openOutbox(ctx context.Context, args []string) (*kiosk.Kiosk, *outbox.Outbox, error) {
	if err := c.parse(args); err != nil {
		return nil, nil, err
	}
	return openOutbox(ctx, &c.Common)
}

// openSyncClient parses args and opens the data directory with its sync
// client (openSyncClient); the caller closes the kiosk.
func (c *call) openSyncClient(ctx context.Context, args []string) (*kiosk.Kiosk, *client.Client, error) {
	if err := c.parse(args); err != nil {
		return nil, nil, err
	}
	return openSyncClient(ctx, &c.Common)
}
