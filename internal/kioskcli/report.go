package kioskcli

import (
	"context"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/printer"
	"gongkai/internal/version"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// kioskReport returns the health report the sync client sends the hub
// with each sync (protocol.KioskReport): this build's version, the
// outbox's unacknowledged submissions and the oldest of them, the
// printer's state (p nil: unknown) and the free disk under dir. It says
// nothing about visitors.
func kioskReport(ob *outbox.Outbox, p func() printer.Printer, dir string, now func() time.Time) func(context.Context) protocol.KioskReport {
	return func(ctx context.Context) protocol.KioskReport {
		r := protocol.KioskReport{App: version.Get().String(), FreeDisk: freeDisk(dir)}
		if len(r.App) > 64 {
			r.App = r.App[:64]
		}
		if st, err := ob.Stats(ctx, now()); err == nil {
			r.Queue, r.Oldest = st.Pending(), st.OldestUnsent
		}
		if pr := p(); pr != nil {
			r.Printer = printerState(pr.Status(ctx))
		}
		return r
	}
}

// printerState reduces a printer's status to the report's three states.
// No printer configured is unknown (""); a queue stopped or failing with
// a media reason, or one saying 缺纸, is out of paper.
func printerState(st printer.Status, err error) string {
	text := strings.ToLower(st.Message + " " + st.Detail)
	for _, w := range []string{"media-empty", "media-needed", "paper out", "out of paper", "缺纸", "纸张用完"} {
		if strings.Contains(text, w) {
			return protocol.PrinterPaperOut
		}
	}
	switch st.State {
	case printer.StateNone, "":
		if err == nil {
			return ""
		}
		return protocol.PrinterOffline
	case printer.StateReady, printer.StateBusy:
		return protocol.PrinterReady
	}
	return protocol.PrinterOffline
}

// freeDisk is the space free for the kiosk under dir, 0 when unknown.
func freeDisk(dir string) int64 {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return 0
	}
	return int64(fs.Bavail) * int64(fs.Bsize)
}
