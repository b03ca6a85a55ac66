package kioskcli

import (
	"context"
	"database/sql"
	"fmt"

	"gongkai/internal/kiosk"
	"gongkai/internal/printer"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

func init() {
	Register(&Command{
		Name:    "sync",
		Usage:   "sync --data DIR [--config F]",
		Summary: "sync the catalogue from the hub once (exit status 1 with the reason on failure)",
		Run:     runSync,
	})
	Register(&Command{
		Name:    "import-bundle",
		Usage:   "import-bundle --data DIR [--config F] FILE",
		Summary: "verify and apply a catalogue bundle file from `hub bundle` (e.g. on a USB drive)",
		Run:     runImportBundle,
	})
}

func openSyncClient(ctx context.Context, c *Common) (*kiosk.Kiosk, *client.Client, error) {
	cfg, err := c.Config()
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.Sync.Validate(); err != nil {
		return nil, nil, err
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: c.Now})
	if err != nil {
		return nil, nil, err
	}
	opt := client.Options{Now: c.Now, PageSize: cfg.Sync.PageSize, HubURLs: cfg.Sync.HubURLs}
	if ob, err := outbox.Open(ctx, k.Store.DB(), c.Now); err == nil {
		p, _ := printer.New(cfg.Printer, printer.Options{})
		opt.Report = kioskReport(ob, func() printer.Printer { return p }, k.DataDir, c.Now)
	}
	return k, client.New(k.DataDir, client.NewStoreCatalogue(k.Store), opt), nil
}

func runSync(ctx context.Context, env *Env, args []string) error {
	k, cl, err := newCall(env, "sync", flagsOnly).openSyncClient(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	upErr := syncSubmissions(ctx, env, k.Store.DB(), cl)
	res, err := cl.SyncOnce(ctx)
	if err != nil {
		if res != nil && res.Pages > 0 {
			fmt.Fprintf(env.Stdout, "已应用到目录版本 %d（%d 页），其余下次继续。\n", res.To, res.Pages)
		}
		return syncError(err)
	}
	printSyncResult(env, "同步完成", res)
	if upErr != nil {
		return syncError(upErr)
	}
	return nil
}

// syncSubmissions uploads the outbox and pulls the status of submissions
// (before the catalogue: they matter more) and says what it did.
func syncSubmissions(ctx context.Context, env *Env, db *sql.DB, cl *client.Client) error {
	ob, err := outbox.Open(ctx, db, env.Now)
	if err != nil {
		return err
	}
	dr, sr, err := client.NewUplink(cl, ob, client.UplinkOptions{}).Exchange(ctx)
	fmt.Fprintf(env.Stdout, "提交：上传 %d 项", dr.Sent)
	if dr.Failed+dr.Rejected+dr.Requeued > 0 {
		fmt.Fprintf(env.Stdout, "，失败待重试 %d，被拒收 %d，退回队列 %d", dr.Failed, dr.Rejected, dr.Requeued)
	}
	fmt.Fprintf(env.Stdout, "；进度更新 %d 条，新分配活动名额 %d 个\n", sr.Updates, sr.Grants)
	return err
}

func runImportBundle(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "import-bundle", anyArgs)
	c.Require(func() bool { return c.NArg() == 1 }, "give one bundle FILE")
	k, cl, err := c.openSyncClient(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	res, err := cl.ImportBundle(ctx, c.Arg(0))
	if err != nil {
		return syncError(err)
	}
	printSyncResult(env, "目录包已导入", res)
	return nil
}

func printSyncResult(env *Env, what string, r *client.Result) {
	if r.Pages == 0 {
		fmt.Fprintf(env.Stdout, "%s：目录已是最新（版本 %d）\n", what, r.To)
		return
	}
	fmt.Fprintf(env.Stdout, "%s：目录版本 %d → %d，%d 项变更，%d 个附件", what, r.From, r.To, r.Changes, r.Files)
	if r.WireBytes > 0 {
		fmt.Fprintf(env.Stdout, "，传输 %.1f MB", float64(r.WireBytes)/1e6)
	}
	fmt.Fprintln(env.Stdout)
}
