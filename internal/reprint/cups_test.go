package reprint_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/printer"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/sync/outbox"
)

// needCUPS requires the real CUPS that scripts/cups-setup.sh starts
// (scripts/test-all.sh does it): the test fails without it when CI is
// set and is skipped elsewhere.
func needCUPS(t *testing.T) {
	t.Helper()
	printertest.NeedCUPS(t)
}

// rawQueue creates a raw CUPS queue of this test's own that sends to tp,
// so stopping it disturbs no other package's tests; removed at the end.
func rawQueue(t *testing.T, tp *reprinttest.TCPPrinter) string {
	t.Helper()
	name := fmt.Sprintf("gongkai-reprint-%d", os.Getpid())
	printertest.Admin(t, "/usr/sbin/lpadmin", "-p", name, "-E", "-v", "socket://"+tp.Addr(), "-m", "raw",
		"-o", "printer-error-policy=abort-job")
	t.Cleanup(func() {
		_ = exec.Command("cancel", "-a", name).Run()
		_ = exec.Command("/usr/sbin/lpadmin", "-x", name).Run()
	})
	printertest.Admin(t, "cupsenable", name)
	printertest.Admin(t, "cupsaccept", name)
	return name
}

func cupsPrinter(t *testing.T, queue string) printer.Printer {
	t.Helper()
	cfg := config.Default().Printer
	cfg.Transport, cfg.Queue = config.TransportCUPSRaw, queue
	p, err := printer.New(cfg, printer.Options{JobTimeout: 60 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCUPSStoppedThenReprint: a receipt through a real CUPS queue, then
// the queue stopped (the visitor sees the message, the submission stays
// queued, staff see the receipt pending), then cupsenable and a reprint
// that delivers the same QR code.
func TestCUPSStoppedThenReprint(t *testing.T) {
	needCUPS(t)
	ctx := context.Background()
	f := newFixture(t)
	queue := rawQueue(t, f.tp)
	f.svc.SetPrinter(cupsPrinter(t, queue))

	first := reprinttest.Receipt(f.k.Submit(t))
	if err := f.svc.Print(ctx, first); err != nil {
		t.Fatalf("Print through CUPS: %v", err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); got != first.StatusURL {
		t.Fatalf("QR through CUPS reads %q, want %q", got, first.StatusURL)
	}

	printertest.Admin(t, "cupsdisable", queue)
	res := f.k.Submit(t)
	r := reprinttest.Receipt(res)
	err := f.svc.Print(ctx, r)
	if domain.ErrorMessage(err) != printer.VisitorMessage || !strings.Contains(reprint.StaffMessage(err), "已停止") {
		t.Fatalf("Print to a stopped queue = %v (staff: %q)", err, reprint.StaffMessage(err))
	}
	if st, err := f.k.Outbox.Status(ctx, res.Tracking); err != nil || st.Queue != outbox.StateQueued {
		t.Fatalf("submission after the failed print: %+v, %v", st, err)
	}
	if p, _ := f.svc.Pending(ctx); len(p) != 1 || p[0].Tracking != res.Tracking {
		t.Fatalf("Pending = %+v", p)
	}

	printertest.Admin(t, "cupsenable", queue)
	if err := f.svc.Reprint(ctx, res.Tracking); err != nil {
		t.Fatalf("Reprint after cupsenable: %v", err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); got != r.StatusURL {
		t.Fatalf("reprinted QR reads %q, want %q", got, r.StatusURL)
	}
	if p, _ := f.svc.Pending(ctx); len(p) != 0 {
		t.Fatalf("Pending after the reprint = %+v", p)
	}
}

func TestCUPSMissingQueue(t *testing.T) {
	needCUPS(t)
	newFixture(t).printFails(t, cupsPrinter(t, "gongkai-no-such-queue"), "不存在")
}
