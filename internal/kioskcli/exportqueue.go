package kioskcli

import (
	"context"
	"errors"
	"fmt"

	"gongkai/sync/client"
)

func init() {
	Register(&Command{
		Name:  "export-queue",
		Usage: "export-queue --data DIR [--config F] --to DIR",
		Summary: "write the submissions not yet at the hub to a file in DIR (a USB drive), still sealed and signed; " +
			"the hub takes it with `hub import-submissions` and never stores one twice",
		Run: runExportQueue,
	})
}

func runExportQueue(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "export-queue", 0)
	to := c.String("to", "", "directory to write the export file to (e.g. the USB drive's mount point)")
	c.Require(func() bool { return *to != "" }, "")
	k, ob, err := c.openOutbox(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	kioskID := ""
	cl := client.New(k.DataDir, client.NewStoreCatalogue(k.Store), client.Options{Now: c.Now})
	if h, err := cl.Hub(ctx); err == nil {
		kioskID = h.KioskID
	} else if !errors.Is(err, client.ErrNotEnrolled) {
		return err
	}
	path, n, err := client.ExportQueue(ctx, ob, kioskID, *to, c.Now())
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(env.Stdout, "没有待上传的提交，未写文件")
		return nil
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 项待上传的提交到 %s（加密并签名，U盘上不可读也不可改）\n", n, path)
	fmt.Fprintln(env.Stdout, "在中心执行：hub import-submissions --data DIR "+path)
	return nil
}
