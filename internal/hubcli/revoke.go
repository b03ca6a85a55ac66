package hubcli

import (
	"context"
	"errors"
	"fmt"

	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:    "revoke",
		Usage:   "revoke --data DIR KIOSK",
		Summary: "stop a kiosk (by number or id) from syncing; it gets 401 from then on",
		Run:     runRevoke,
	})
}

func runRevoke(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "revoke", 1)
	h, err := c.openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	k, err := h.Store.Revoke(ctx, c.Pos[0], env.Now())
	if errors.Is(err, hub.ErrNotFound) {
		return fmt.Errorf("没有编号或 ID 为 %s 的终端（hub kiosks 列出全部）", c.Pos[0])
	} else if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已停用终端 %d（%s，%s）\n", k.No, k.ID, k.Name)
	return nil
}
