package kioskcli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/cmdline"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/intake"
	"gongkai/internal/kiosk"
	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/submission"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// desk is what `kiosk submit` and `kiosk cancel` take forms in with at the
// front desk: the data directory opened as the app opens it and the same
// intake service the screens use (queue durably, archive the receipt,
// then print), with the configured printer when the receipt is wanted on
// paper.
type desk struct {
	k       *kiosk.Kiosk
	intake  *intake.Service
	printer printer.Printer // nil unless printing
}

// errNoReceiptPrinter refuses --print before anything is queued.
var errNoReceiptPrinter = &domain.Error{Code: domain.EINVALID,
	Message: "--print 需要回执打印机，但配置文件的 [printer] 没有设置 transport；未提交任何内容。可不带 --print 提交，之后用 kiosk reprint --out 导出回执"}

// openDesk opens the data directory named by c with its outbox, the
// submission service with the kiosk's enrolment (submissionService, as
// the app) and the receipt archive; with print, the configured printer,
// which must exist.
func openDesk(ctx context.Context, c *Common, print bool) (*desk, error) {
	cfg, err := c.Config()
	if err != nil {
		return nil, err
	}
	if print && cfg.Printer.Transport == config.TransportNone {
		return nil, errNoReceiptPrinter
	}
	k, ob, err := openOutbox(ctx, c)
	if err != nil {
		return nil, err
	}
	d := &desk{k: k}
	if err := d.open(ctx, cfg, ob, c.Now, print); err != nil {
		k.Close()
		return nil, err
	}
	return d, nil
}

func (d *desk) open(ctx context.Context, cfg config.Config, ob *outbox.Outbox, now func() time.Time, print bool) error {
	db := d.k.Store.DB()
	cl := client.New(d.k.DataDir, client.NewStoreCatalogue(d.k.Store), client.Options{Now: now})
	svc, err := submissionService(ctx, d.k, ob, cl, now)
	if err != nil {
		return err
	}
	if print {
		if d.printer, err = printer.New(cfg.Printer, printer.Options{}); err != nil {
			return err
		}
	}
	archive, err := reprint.New(ctx, db, d.k.DataDir, d.printer, reprint.Options{Now: now, Queue: ob, Printer: cfg.Printer,
		Logf: func(string, ...any) {}}) // failures are returned and printed by the commands
	if err != nil {
		return err
	}
	d.intake = &intake.Service{Queue: svc, Archive: archive, Catalogue: d.k.Store,
		Agency: cfg.AgencyName, PublicURL: cfg.Sync.PublicURL}
	return nil
}

// Close closes the data directory.
func (d *desk) Close() error { return d.k.Close() }

// take runs p through the intake: queued and archived, then printed when
// the desk has a printer. Field errors and refusals are printed as
// submitError does; they mean nothing was queued. A receipt that did not
// print comes back as a cmdline.ExitError with status exitNotPrinted, whose
// message gives the tracking number to reprint: the submission is queued
// and must not be entered again. Notes for staff go to env.Stderr.
func (d *desk) take(ctx context.Context, env *Env, p submission.Payload) (intake.Taken, error) {
	t, err := d.intake.Submit(ctx, p)
	if err != nil {
		return t, submitError(env, err)
	}
	trk := t.Receipt.Tracking
	if !t.Archived {
		fmt.Fprintf(env.Stderr, "注意：已受理（%s），但回执未能存档，之后不能补打。\n", trk)
	}
	if d.printer == nil {
		if t.Archived {
			fmt.Fprintf(env.Stderr, "回执已存档（保存 %d 天），可用 kiosk reprint %s 打印，或加 --out 文件 导出。\n",
				int(reprint.DefaultRetention/(24*time.Hour)), trk)
		}
		return t, nil
	}
	if err := d.intake.Print(ctx, t.Receipt); err != nil {
		return t, &cmdline.ExitError{Status: exitNotPrinted, Err: fmt.Errorf(
			"回执未能打印：%s。提交已保存，不要重复提交；受理编号 %s，打印机恢复后用 kiosk reprint %s 补打",
			strings.TrimRight(reprint.StaffMessage(err), "。"), trk, trk)}
	}
	fmt.Fprintf(env.Stderr, "回执已在 %s 打印。\n", d.printer.Describe())
	return t, nil
}
