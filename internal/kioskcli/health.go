package kioskcli

import (
	"context"
	"fmt"
	"io"

	"gongkai/internal/health"
	"gongkai/internal/reprint"
	"gongkai/sync/protocol"
)

func init() {
	Register(&Command{
		Name:    "health",
		Usage:   "health --data DIR [--config F]",
		Summary: "show what the staff screen shows: queue, today's submissions, printer, receipts to reprint, catalogue, free disk space, recent staff actions (no personal data)",
		Run:     runHealth,
		Escaped: true,
	})
}

func runHealth(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "health", 0)
	if err := c.parse(args); err != nil {
		return err
	}
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	s, err := OpenServices(ctx, cfg, ServiceOptions{Now: c.Now})
	if err != nil {
		return err
	}
	defer s.Close()
	svc := health.Service{Outbox: s.Outbox, Printing: s.Printing, Staff: s.Staff, Catalogue: s.Kiosk.Store,
		DataDir: s.Kiosk.DataDir, Now: c.Now}
	printHealth(env.Stdout, svc.Read(ctx))
	return nil
}

// printHealth writes a report in the staff screen's words.
func printHealth(w io.Writer, r health.Report) {
	if r.QueueErr != nil {
		fmt.Fprintln(w, "上传队列：暂不可读")
	} else {
		for _, st := range health.QueueStates {
			fmt.Fprintf(w, "%s：%d\n", st.Name, st.Count(r.Queue))
		}
		if !r.Queue.OldestUnsent.IsZero() {
			fmt.Fprintf(w, "最早待上传：%s\n", beijing(r.Queue.OldestUnsent))
		}
		for _, k := range protocol.Kinds {
			fmt.Fprintf(w, "今日%s：%d 件\n", protocol.KindTitle(k), r.Today[k])
		}
	}
	switch {
	case r.PrinterErr != nil:
		fmt.Fprintf(w, "打印机：%s，%s\n", r.Printer, reprint.StaffMessage(r.PrinterErr))
	default:
		fmt.Fprintf(w, "打印机：%s，%s\n", r.Printer, r.PrinterStatus.Message)
	}
	if r.PendingErr == nil {
		fmt.Fprintf(w, "待补打回执：%d 张\n", len(r.Pending))
	}
	if r.CatalogueErr == nil {
		fmt.Fprintf(w, "目录：%s，共 %d 份文件，版本 %d\n", health.SourceName(r.Catalogue.Source), r.Catalogue.Documents, r.Catalogue.Version)
	}
	if r.FreeErr != nil {
		fmt.Fprintln(w, "磁盘剩余：暂不可读")
	} else {
		fmt.Fprintf(w, "磁盘剩余：%s\n", health.Bytes(r.Free))
	}
	for i, e := range r.Audit {
		if i == 0 {
			fmt.Fprintln(w, "最近操作：")
		}
		fmt.Fprintf(w, "  %s  %s  %s  %s\n", beijing(e.At), e.StaffID, e.Action, e.Detail)
	}
}
