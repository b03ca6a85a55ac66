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
	c := newCall(env, "init", 0)
	if err := c.parse(args); err != nil {
		return err
	}
	dir := c.dir
	h, err := hub.Init(ctx, dir, hubOptions(env, c.FlagSet))
	if err != nil {
		return err
	}
	defer h.Close()
	fmt.Fprintf(env.Stdout, "中心已创建：%s\n", dir)
	printKeys(env, h)
	fmt.Fprintf(env.Stdout, "\n私钥保存在 %s/%s 和 %s/%s（仅本用户可读），请妥善备份。\n", dir, hub.SignKeyFile, dir, hub.AgeKeyFile)
	return nil
}
