package kioskcli

import (
	"context"
	"fmt"

	"gongkai/internal/kiosk"
	"gongkai/internal/prompt"
	"gongkai/internal/staff"
)

func init() {
	Register(&Command{
		Name:    "set-pin",
		Usage:   "set-pin --data DIR [--config F]   (PIN read twice from stdin, no echo on a terminal)",
		Summary: "set the shared staff PIN (stored only as an argon2id hash; clears a lockout); it logs in only until the hub's front-desk staff list arrives",
		Run:     runSetPIN,
	})
}

func runSetPIN(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "set-pin", anyArgs)
	c.Require(func() bool { return c.NArg() == 0 }, "takes no arguments; the PIN is read from standard input so it stays out of the shell history")
	if err := c.parse(args); err != nil {
		return err
	}
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	pin, err := readNewPIN(env)
	if err != nil {
		return err
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: c.Now})
	if err != nil {
		return err
	}
	defer k.Close()
	s, err := staff.Open(ctx, k.Store.DB(), k.Store, staff.Options{Now: c.Now, Roster: k.Store})
	if err != nil {
		return err
	}
	if err := s.SetPIN(ctx, pin); err != nil {
		return plain(err)
	}
	fmt.Fprintf(env.Stdout, "已设置工作人员密码（数据目录 %s）；如有登录锁定，已一并解除。\n", k.DataDir)
	if st, err := s.Status(ctx); err == nil && st.Roster {
		fmt.Fprintln(env.Stdout, "注意：本机已收到管理平台的前台人员名单，共用密码不再用于登录；前台人员请用本人工号和在管理平台设置的终端密码登录。")
	}
	return nil
}

// readNewPIN reads the new PIN twice: without echo, with prompts on
// stderr, when stdin is a terminal; otherwise as two lines (for scripts:
// printf '246810\n246810\n' | kiosk set-pin). The PIN is never written
// anywhere.
func readNewPIN(env *Env) (string, error) {
	return prompt.ReadNew(env.Stdin, env.Stderr, prompt.Secret{Prompt: "新的工作人员密码（6–12 位数字）：", Check: staff.CheckPIN})
}

// plain is prompt.Plain: a *domain.Error's Chinese message alone.
func plain(err error) error { return prompt.Plain(err) }
