package hubcli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"gongkai/internal/prompt"
)

func init() {
	Register(&Command{
		Name:    "audit",
		Usage:   "audit verify --data DIR | audit list --data DIR [--limit N]",
		Summary: "check the console's hash-chained audit log end to end (exit 1 on the first broken row), or list its newest entries",
		Run:     runAudit,
	})
}

func runAudit(ctx context.Context, env *Env, args []string) error {
	sub, args, err := subcommand(env, "audit", args, "verify", "list")
	if err != nil {
		return err
	}
	c := newCall(env, "audit "+sub, 0)
	limit := c.Int("limit", 50, "list: how many of the newest entries")
	s, err := c.openAccounts(ctx, args)
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "list" {
		es, err := s.Audit(ctx, *limit, 0)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "序号\t时间\t账号\t操作\t说明")
		for _, e := range es {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Local().Format("2006-01-02 15:04:05"), e.Actor, e.Action, dash(e.Detail))
		}
		return tw.Flush()
	}
	h, err := s.VerifyAudit(ctx)
	if err != nil {
		return prompt.Plain(err)
	}
	fmt.Fprintf(env.Stdout, "审计日志完整：共 %d 条记录，最新校验值 %s\n", h.Rows, h.Hash)
	fmt.Fprintln(env.Stdout, "（请把最新校验值另行记下：下次核对时若条数变少或校验值对不上，说明末尾的记录被删除。）")
	return nil
}
