package kioskcli

import (
	"context"

	"gongkai/internal/cmdcall"
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

// A call is one run of a kiosk subcommand: a cmdcall.Call with the
// common flags (Common), the arguments it takes, and the parse-validate-
// open every command starts with, so a command's body is its own logic.
// An empty usage message (Require, UsageError) prints the command's usage
// line.
type call struct {
	*cmdcall.Call
	Common
	positional int // the arguments after the flags (parseArgs), or flagsOnly or anyArgs
}

// newCall returns the call of the subcommand cmd, which takes positional
// arguments.
func newCall(env *Env, cmd string, positional int) *call {
	c := &call{positional: positional}
	c.Call = &cmdcall.Call{FlagSet: Flags(env, cmd, &c.Common), Env: env, UsageLine: "kiosk " + commands.Lookup(cmd).Usage}
	return c
}

// parse parses args as the call's argument count says, keeps the
// arguments in c.Pos and runs the checks.
func (c *call) parse(args []string) (err error) {
	switch c.positional {
	case flagsOnly:
		err = parseSyncFlags(c.FlagSet, args)
	case anyArgs:
		err = parseFlags(c.FlagSet, args)
	default:
		_, err = parseArgs(c.Env, c.FlagSet, args, c.positional)
	}
	if err != nil {
		return err
	}
	return c.Check(c.Args())
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
