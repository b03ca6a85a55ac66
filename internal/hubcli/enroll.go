package hubcli

import (
	"context"
	"fmt"
)

func init() {
	Register(&Command{
		Name:    "enroll",
		Usage:   "enroll --data DIR [--name NAME]",
		Summary: "print a one-time enrolment code for a new kiosk (valid 24 hours)",
		Run:     runEnroll,
	})
}

func runEnroll(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "enroll", 0)
	name := c.String("name", "", "the kiosk's name, e.g. its place (一楼大厅)")
	h, err := c.openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	code, exp, err := h.NewEnrollCode(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "注册码：%s\n有效期至 %s，只能使用一次。\n在终端上运行：kiosk enroll --hub URL --code %s\n", code, localTime(exp), code)
	return nil
}
