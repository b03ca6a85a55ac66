// Package cmdcall is the part of a subcommand's run both command lines
// build on: its flag set, its arguments once parsed, the checks the
// command states on them and its usage errors. internal/hubcli and
// internal/kioskcli add their common flags, their ways of parsing and the
// stores their commands open.
package cmdcall

import (
	"flag"
	"fmt"

	"gongkai/internal/cmdline"
)

// A Call is one run of a subcommand. The command declares its flags on
// the embedded FlagSet (named "PROGRAM COMMAND") and its checks with
// Require and Validate; the command line parses and then calls Check.
type Call struct {
	*flag.FlagSet
	Env *cmdline.Env
	Pos []string // the arguments after the flags, once checked
	// UsageLine is what UsageError("") prints after "usage: ".
	UsageLine string

	checks []func() error
}

// Validate adds a check that Check runs, in order; its error ends the
// command. A check may keep what it parsed (a date, a role) for the
// command's body.
func (c *Call) Validate(check func() error) { c.checks = append(c.checks, check) }

// Require adds a check that ends the command with the usage error msg
// (UsageError) when ok is false.
func (c *Call) Require(ok func() bool, msg string) {
	c.Validate(func() error {
		if !ok() {
			return c.UsageError(msg)
		}
		return nil
	})
}

// UsageError prints msg after the command's name, or the usage line when
// msg is empty, and returns cmdline.ErrUsage.
func (c *Call) UsageError(msg string) error {
	if msg == "" {
		fmt.Fprintln(c.Env.Stderr, "usage: "+c.UsageLine)
	} else {
		fmt.Fprintf(c.Env.Stderr, "%s: %s\n", c.Name(), msg)
	}
	return cmdline.ErrUsage
}

// Check keeps pos, the arguments the parse left, and runs the checks in
// the order they were added.
func (c *Call) Check(pos []string) error {
	c.Pos = pos
	for _, check := range c.checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}
