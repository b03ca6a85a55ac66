package hubcli

import (
	"context"
	"fmt"

	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:    "bundle",
		Usage:   "bundle --data DIR --out FILE [--since VERSION] [--no-attachments]",
		Summary: "write a signed bundle for a USB drive: full, or the changes above --since (name it gongkai-*.bundle for automatic pickup)",
		Run:     runBundle,
	})
}

func runBundle(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "bundle", 0)
	out := c.String("out", "", "the bundle file to write (required)")
	since := c.Int64("since", 0, "only changes above this catalogue version (0: everything)")
	noAtt := c.Bool("no-attachments", false, "leave attachment files out")
	c.Require(func() bool { return *out != "" && *since >= 0 }, "--out FILE is required and --since must be 0 or more")
	h, err := c.openHub(ctx, args)
	if err != nil {
		return err
	}
	defer h.Close()
	if head, err := h.Store.Head(ctx); err != nil {
		return err
	} else if *since > head {
		return fmt.Errorf("--since %d is above the hub's catalogue version %d", *since, head)
	}
	m, err := h.WriteBundle(ctx, *out, hub.BundleOptions{Since: *since, NoAttachments: *noAtt})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已写入 %s：目录版本 %d → %d，%d 页，%d 个附件\n", *out, m.From, m.To, m.Pages, len(m.Attachments))
	return nil
}
