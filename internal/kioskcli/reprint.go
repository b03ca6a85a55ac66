package kioskcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/internal/tracking"
	"gongkai/sync/outbox"
)

func init() {
	Register(&Command{
		Name:    "reprint",
		Usage:   "reprint --data DIR [--config F] [--out FILE [--format pdf|escpos]] TRACKING | reprint --data DIR --pending",
		Summary: "reprint a receipt from the receipt archive (kept 30 days) on the configured printer, or write it to a file",
		Run:     runReprint,
	})
}

func runReprint(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "reprint", anyArgs)
	out := c.String("out", "", "write the receipt to `FILE` (mode 0600: it carries the verification code) instead of printing")
	format := c.String("format", "", "file format with --out: pdf or escpos (default: escpos for .bin/.prn/.escpos, else pdf)")
	pending := c.Bool("pending", false, "list the receipts whose print failed and that were not reprinted since")
	usage := func(msg string) error {
		fmt.Fprintf(env.Stderr, "kiosk reprint: %s\nusage: kiosk %s\n", msg, commands.Lookup("reprint").Usage)
		return ErrUsage
	}
	pos, err := parseAnywhere(c.FlagSet, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return ErrUsage // the flag package has printed what was wrong
	}
	switch {
	case *pending && (len(pos) > 0 || *out != ""):
		return usage("--pending takes no tracking number and no --out")
	case !*pending && len(pos) != 1:
		return usage("give one tracking number (受理编号), e.g. 0012-261125-0042-7")
	case *format != "" && *out == "":
		return usage("--format needs --out FILE")
	case *format != "" && *format != printer.FormatPDF && *format != printer.FormatESCPOS:
		return usage(fmt.Sprintf("--format %q: use pdf or escpos", *format))
	}
	k, cfg, err := c.Open(ctx)
	if err != nil {
		return err
	}
	defer k.Close()
	db := k.Store.DB()
	ob, err := outbox.Open(ctx, db, c.Now)
	if err != nil {
		return err
	}
	var p printer.Printer
	if *out == "" && !*pending {
		if p, err = printer.New(cfg.Printer, printer.Options{}); err != nil {
			return err
		}
	}
	svc, err := reprint.New(ctx, db, k.DataDir, p, reprint.Options{Now: c.Now, Queue: ob, Printer: cfg.Printer,
		Logf: func(string, ...any) {}}) // failures are returned and printed below
	if err != nil {
		return err
	}
	if *pending {
		return listPending(ctx, env, svc)
	}
	trk := pos[0]
	if *out != "" {
		f := *format
		if f == "" {
			f = formatFor(*out)
		}
		b, err := svc.Render(ctx, trk, f)
		if err != nil {
			return plain(err)
		}
		if err := writePrivate(*out, b); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已将受理编号 %s 的回执写入 %s（%s，%d 字节）。\n", trk, *out, strings.ToUpper(f), len(b))
		return nil
	}
	st, err := staff.Open(ctx, db, k.Store, staff.Options{Now: c.Now, Roster: k.Store})
	if err != nil {
		return err
	}
	if _, err := tracking.Parse(trk); err != nil {
		return plain(err)
	}
	if err := st.Audit(ctx, staff.ActionReprint, staff.Tracking(trk)); err != nil {
		return plain(err)
	}
	if err := svc.Reprint(ctx, trk); err != nil {
		var pe *reprint.PrintError
		if errors.As(err, &pe) {
			return fmt.Errorf("回执未能打印：%s（%v）", reprint.StaffMessage(err), pe.Err)
		}
		return plain(err)
	}
	fmt.Fprintf(env.Stdout, "已在 %s 补打受理编号 %s 的回执。\n", p.Describe(), trk)
	return nil
}

// listPending prints the receipts waiting for a reprint, oldest first.
func listPending(ctx context.Context, env *Env, svc *reprint.Service) error {
	list, err := svc.Pending(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "没有打印失败、待补打的回执。")
		return nil
	}
	fmt.Fprintf(env.Stdout, "%d 张回执待补打：\n", len(list))
	for _, f := range list {
		fmt.Fprintf(env.Stdout, "%s  %s  %s  %s\n", f.Tracking, f.Title, beijing(f.FailedAt), f.Message)
	}
	return nil
}

// formatFor picks the file format from the file's extension.
func formatFor(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".bin", ".prn", ".escpos":
		return printer.FormatESCPOS
	}
	return printer.FormatPDF
}

// writePrivate writes a receipt file readable by its owner only: it
// carries the verification code.
func writePrivate(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
