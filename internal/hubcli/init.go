package hubcli

import (
	"context"
	"fmt"

	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:    "init",
		Usage:   "init --data DIR [--db postgres://…]",
		Summary: "create a hub: database (SQLite files in DIR, or the PostgreSQL database of --db), Ed25519 signing key and age key (private keys mode 0600)",
		Run:     runInit,
	})
}

func runInit(ctx context.Context, env *Env, args []string) error {
	var dir string
	fs := flags(env, "init", &dir)
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	h, err := hub.Init(ctx, dir, hubOptions(env, fs))
	if err != nil {
		return err
	}
	defer h.Close()
	fmt.Fprintf(env.Stdout, "中心已创建：%s\n", dir)
	printKeys(env, h)
	fmt.Fprintf(env.Stdout, "\n私钥保存在 %s/%s 和 %s/%s（仅本用户可读），请妥善备份。\n", dir, hub.SignKeyFile, dir, hub.AgeKeyFile)
	return nil
}
