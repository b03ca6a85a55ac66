package hubcli

import (
	"context"
	"flag"
	"fmt"

	"gongkai/internal/accounts"
	"gongkai/sync/hub"
)

// A call is one run of a subcommand: its flags (the common ones of flags
// and its own, declared on the embedded FlagSet), its environment, the
// arguments it takes and the checks of its flags. parse and the open
// methods do the parse-validate-open every command starts with, so a
// command's body is its own logic.
type call struct {
	*flag.FlagSet
	env        *Env
	dir        string   // --data
	pos        []string // the arguments, once parsed
	positional int
	checks     []func() error
}

// newCall returns the call of the subcommand cmd ("user add"), which
// takes positional arguments.
func newCall(env *Env, cmd string, positional int) *call {
	c := &call{env: env, positional: positional}
	c.FlagSet = flags(env, cmd, &c.dir)
	return c
}

// validate adds a check that parse runs, in order, once the flags are
// parsed; its error ends the command. A check may keep what it parsed
// (a date, a role) for the command's body.
func (c *call) validate(check func() error) { c.checks = append(c.checks, check) }

// require adds a check of the parsed flags: when ok is false, the usage
// message msg ends the command (usage).
func (c *call) require(ok func() bool, msg string) {
	c.validate(func() error {
		if !ok() {
			return c.usage(msg)
		}
		return nil
	})
}

// usage prints msg after the command's name and returns ErrUsage.
func (c *call) usage(msg string) error {
	fmt.Fprintf(c.env.Stderr, "%s: %s\n", c.Name(), msg)
	return ErrUsage
}

// parse parses args (see parse), keeps the arguments in c.pos and runs
// the checks.
func (c *call) parse(args []string) error {
	pos, err := parse(c.FlagSet, c.env, args, &c.dir, c.positional)
	if err != nil {
		return err
	}
	c.pos = pos
	for _, check := range c.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// openHub parses args and opens the hub in the --data directory (open);
// the caller closes it.
func (c *call) openHub(ctx context.Context, args []string) (*hub.Hub, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	return open(ctx, c.env, c.FlagSet)
}

// openSubmissions parses args and opens the hub and its submissions
// (openSubmissions); close both with the returned function.
func (c *call) openSubmissions(ctx context.Context, args []string) (*hub.Hub, *hub.Submissions, func(), error) {
	if err := c.parse(args); err != nil {
		return nil, nil, nil, err
	}
	return openSubmissions(ctx, c.env, c.FlagSet)
}

// openAccounts parses args and opens the console's accounts
// (openAccounts); the caller closes them.
func (c *call) openAccounts(ctx context.Context, args []string) (*accounts.Store, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	return openAccounts(ctx, c.env, c.FlagSet)
}
