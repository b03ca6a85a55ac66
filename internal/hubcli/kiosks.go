package hubcli

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func init() {
	Register(&Command{
		Name:    "kiosks",
		Usage:   "kiosks --data DIR",
		Summary: "list enrolled kiosks with last contact and catalogue version",
		Run:     runKiosks,
	})
}

func runKiosks(ctx context.Context, env *Env, args []string) error {
	var dir string
	fs := flags(env, "kiosks", &dir)
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	h, err := open(ctx, env, dir)
	if err != nil {
		return err
	}
	defer h.Close()
	ks, err := h.Store.Kiosks(ctx)
	if err != nil {
		return err
	}
	head, err := h.Store.Head(ctx)
	if err != nil {
		return err
	}
	if len(ks) == 0 {
		fmt.Fprintln(env.Stdout, "还没有注册的终端（hub enroll 生成注册码）")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "编号\tID\t名称\t注册时间\t最后联系\t目录版本\t状态")
	for _, k := range ks {
		state := "正常"
		switch {
		case !k.Revoked.IsZero():
			state = "已停用 " + localTime(k.Revoked)
		case k.Version < head:
			state = fmt.Sprintf("落后 %d", head-k.Version)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", k.No, k.ID, k.Name, localTime(k.Enrolled), localTime(k.LastSeen), k.Version, state)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "中心目录版本：%d\n", head)
	return nil
}
