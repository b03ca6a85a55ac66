package hubcli

import (
	"context"

	"gongkai/internal/accounts"
	"gongkai/internal/cmdcall"
	"gongkai/sync/hub"
)

// A call is one run of a hub subcommand: a cmdcall.Call with the common
// flags (flags), the arguments it takes, and the parse-validate-open every
// command starts with, so a command's body is its own logic.
type call struct {
	*cmdcall.Call
	dir        string // --data
	positional int
}

// newCall returns the call of the subcommand cmd ("user add"), which
// takes positional arguments.
func newCall(env *Env, cmd string, positional int) *call {
	c := &call{positional: positional}
	c.Call = &cmdcall.Call{FlagSet: flags(env, cmd, &c.dir), Env: env}
	return c
}

// parse parses args (see parse) and runs the checks.
func (c *call) parse(args []string) error {
	pos, err := parse(c.FlagSet, c.Env, args, &c.dir, c.positional)
	if err != nil {
		return err
	}
	return c.Check(pos)
}

// openHub parses args and opens the hub in the --data directory (open);
// the caller closes it.
func (c *call) openHub(ctx context.Context, args []string) (*hub.Hub, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	return open(ctx, c.Env, c.FlagSet)
}

// openSubmissions parses args and opens the hub and its submissions
// (openSubmissions); close both with the returned function.
func (c *call) openSubmissions(ctx context.Context, args []string) (*hub.Hub, *hub.Submissions, func(), error) {
	if err := c.parse(args); err != nil {
		return nil, nil, nil, err
	}
	return openSubmissions(ctx, c.Env, c.FlagSet)
}

// openAccounts parses args and opens the console's accounts
// (openAccounts); the caller closes them.
func (c *call) openAccounts(ctx context.Context, args []string) (*accounts.Store, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	return openAccounts(ctx, c.Env, c.FlagSet)
}
