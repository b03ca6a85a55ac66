package kioskcli

import (
	"context"
	"fmt"

	"gongkai/internal/submission"
)

func init() {
	Register(&Command{
		Name:    "cancel",
		Usage:   "cancel --data DIR [--config F] [--print] TRACKING CODE",
		Summary: "cancel an event sign-up by its tracking number and verification code (queued for the hub like any submission; its receipt archived and, with --print, printed)",
		Run:     runCancel,
	})
}

func runCancel(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "cancel", anyArgs)
	print := c.Bool("print", false, "print the receipt on the configured printer ([printer] in the config file)")
	pos, err := parseAnywhere(c.FlagSet, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return c.UsageError("")
	}
	d, err := openDesk(ctx, &c.Common, *print)
	if err != nil {
		return plain(err)
	}
	defer d.Close()
	t, err := d.take(ctx, env, &submission.Cancel{Tracking: pos[0], Code: pos[1]})
	if res := t.Result; res.ID != "" {
		fmt.Fprintf(env.Stdout, "已受理取消报名：%s（%s）。名额由中心释放，候补人员按报名先后依次递补。\n", res.Ref, beijing(res.Received))
	}
	return err
}
