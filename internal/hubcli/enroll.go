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
	var dir string
	fs := flags(env, "enroll", &dir)
	name := fs.String("name", "", "the kiosk's name, e.g. its place (一楼大厅)")
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	h, err := open(ctx, env, fs)
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
