package kioskcli

import (
	"context"
	"fmt"

	"gongkai/internal/submission"
)

func init() {
	Register(&Command{
		Name:    "cancel",
		Usage:   "cancel --data DIR [--config F] TRACKING CODE",
		Summary: "cancel an event sign-up by its tracking number and verification code (queued for the hub like any submission)",
		Run:     runCancel,
	})
}

func runCancel(ctx context.Context, env *Env, args []string) error {
	var c Common
	fs := Flags(env, "cancel", &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(env.Stderr, "usage: kiosk cancel --data DIR [--config F] TRACKING CODE")
		return ErrUsage
	}
	k, svc, err := openSubmissions(ctx, &c)
	if err != nil {
		return err
	}
	defer k.Close()
	res, err := svc.Submit(ctx, &submission.Cancel{Tracking: fs.Arg(0), Code: fs.Arg(1)})
	if err != nil {
		return submitError(env, err)
	}
	fmt.Fprintf(env.Stdout, "已受理取消报名：%s（%s）。名额由中心释放，候补人员按报名先后依次递补。\n", res.Ref, beijing(res.Received))
	return nil
}
