package reprint_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/printer"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/submission"
	"gongkai/internal/testclock"
	"gongkai/internal/tracking"
	"gongkai/sync/outbox"
)

// clock is a settable clock shared by the service and the submissions.
type clock = testclock.Clock

type fixture struct {
	k     *reprinttest.Kiosk
	tp    *reprinttest.TCPPrinter
	svc   *reprint.Service
	clock *clock
	logs  *strings.Builder
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{clock: testclock.New(time.Date(2026, 3, 16, 9, 30, 0, 0, calendar.Beijing)), logs: &strings.Builder{}}
	f.k = reprinttest.NewKiosk(t, t.TempDir(), f.clock.Now)
	f.tp = reprinttest.NewTCPPrinter(t)
	f.svc = f.open(t, f.printer(t, f.tp))
	return f
}

// open starts a service on the fixture's database, as the kiosk does at
// start-up.
func (f *fixture) open(t *testing.T, p printer.Printer) *reprint.Service {
	t.Helper()
	var mu sync.Mutex
	svc, err := reprint.New(context.Background(), f.k.DB, f.k.Dir, p, reprint.Options{
		Now: f.clock.Now, Queue: f.k.Outbox,
		Logf: func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			f.logs.WriteString(strings.TrimSpace(format) + "\n")
		},
	})
	if err != nil {
		t.Fatalf("reprint.New: %v", err)
	}
	return svc
}

// printed submits a record and prints its receipt, which the printer
// takes.
func (f *fixture) printed(t *testing.T) submission.Result {
	t.Helper()
	res := f.k.Submit(t)
	if err := f.svc.Print(context.Background(), reprinttest.Receipt(res)); err != nil {
		t.Fatal(err)
	}
	f.tp.Job(t)
	return res
}

func (f *fixture) printer(t *testing.T, tp *reprinttest.TCPPrinter) printer.Printer {
	t.Helper()
	p, err := printer.New(tp.Config(), printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPrintThenReprint(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.k.Submit(t)
	r := reprinttest.Receipt(res)

	if err := f.svc.Print(ctx, r); err != nil {
		t.Fatalf("Print: %v", err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); got != r.StatusURL {
		t.Fatalf("printed QR reads %q, want %q", got, r.StatusURL)
	}

	// Staff type the number without dashes, as on the keypad.
	if err := f.svc.Reprint(ctx, tracking.Normalize(res.Tracking)); err != nil {
		t.Fatalf("Reprint: %v", err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); got != r.StatusURL {
		t.Fatalf("reprinted QR reads %q, want %q", got, r.StatusURL)
	}

	esc, err := f.svc.Render(ctx, res.Tracking, printer.FormatESCPOS)
	if err != nil {
		t.Fatalf("Render escpos: %v", err)
	}
	if got := reprinttest.QR(t, esc); got != r.StatusURL {
		t.Fatalf("rendered QR reads %q, want %q", got, r.StatusURL)
	}
	pdf, err := f.svc.Render(ctx, res.Tracking, printer.FormatPDF)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("Render pdf: %d bytes, %v", len(pdf), err)
	}
	if _, err := f.svc.Render(ctx, res.Tracking, "png"); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("Render png: %v, want invalid", err)
	}
	if p, err := f.svc.Pending(ctx); err != nil || len(p) != 0 {
		t.Fatalf("Pending after good prints = %+v, %v", p, err)
	}
}

// TestArchiveSealed checks the design's promise: the verification code,
// which the kiosk otherwise keeps only as a hash, is not readable in the
// database files, and the key is the kiosk's own, mode 0600.
func TestArchiveSealed(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.printed(t)
	if _, err := f.k.DB.ExecContext(ctx, `PRAGMA wal_checkpoint(FULL)`); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(f.k.Dir, "kiosk.db*"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{res.VerificationCode, "意见建议", "c=" + res.VerificationCode} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in the clear", filepath.Base(name), secret)
			}
		}
	}
	st, err := os.Stat(filepath.Join(f.k.Dir, reprint.KeyFile))
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != 32 {
		t.Fatalf("key file: %v, %v", st, err)
	}
}

func TestPrintFailureThenReprint(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.k.Submit(t)
	r := reprinttest.Receipt(res)
	f.tp.Close() // the printer is switched off: connections are refused

	err := f.svc.Print(ctx, r)
	var pe *reprint.PrintError
	if !errors.As(err, &pe) || pe.Tracking != res.Tracking {
		t.Fatalf("Print with the printer off = %v, want a PrintError for %s", err, res.Tracking)
	}
	if got := domain.ErrorMessage(err); got != printer.VisitorMessage {
		t.Fatalf("visitor message %q, want %q", got, printer.VisitorMessage)
	}
	if got := reprint.StaffMessage(err); !strings.Contains(got, "拒绝连接") {
		t.Fatalf("staff message %q does not say the printer refused", got)
	}
	pending, err := f.svc.Pending(ctx)
	if err != nil || len(pending) != 1 {
		t.Fatalf("Pending = %+v, %v; want the failed receipt", pending, err)
	}
	if p := pending[0]; p.Tracking != res.Tracking || p.Title != r.Title || !strings.Contains(p.Message, "拒绝连接") ||
		!p.FailedAt.Equal(f.clock.Now()) || p.Detail == "" {
		t.Fatalf("Pending[0] = %+v", p)
	}
	if got := f.svc.PendingNotice(ctx); got != "1 张回执待补打" {
		t.Fatalf("PendingNotice = %q", got)
	}
	st, err := f.k.Outbox.Status(ctx, res.Tracking)
	if err != nil || st.Queue != outbox.StateQueued {
		t.Fatalf("the submission after a failed print: %+v, %v; want still queued", st, err)
	}

	// Reprinting while the printer is still off fails the same way and
	// keeps it pending.
	if err := f.svc.Reprint(ctx, res.Tracking); domain.ErrorMessage(err) != printer.VisitorMessage {
		t.Fatalf("Reprint with the printer off = %v", err)
	}

	// The printer is back (on another port: staff chose it).
	tp2 := reprinttest.NewTCPPrinter(t)
	f.svc.SetPrinter(f.printer(t, tp2))
	f.clock.Advance(time.Minute)
	if err := f.svc.Reprint(ctx, res.Tracking); err != nil {
		t.Fatalf("Reprint with the printer back: %v", err)
	}
	if got := reprinttest.QR(t, tp2.Job(t)); got != r.StatusURL {
		t.Fatalf("reprinted QR reads %q, want %q", got, r.StatusURL)
	}
	if p, _ := f.svc.Pending(ctx); len(p) != 0 {
		t.Fatalf("Pending after the reprint = %+v", p)
	}
	if got := f.svc.PendingNotice(ctx); got != "" {
		t.Fatalf("PendingNotice after the reprint = %q", got)
	}
}

// printFails submits through the kiosk and prints the receipt on p, which
// must fail: the visitor is told printer.VisitorMessage, the staff message
// holds staff, and the receipt waits to be reprinted.
func (f *fixture) printFails(t *testing.T, p printer.Printer, staff string) {
	t.Helper()
	ctx := context.Background()
	f.svc.SetPrinter(p)
	err := f.svc.Print(ctx, reprinttest.Receipt(f.k.Submit(t)))
	if domain.ErrorMessage(err) != printer.VisitorMessage || !strings.Contains(reprint.StaffMessage(err), staff) {
		t.Fatalf("Print = %v (staff: %q), want the staff told %q", err, reprint.StaffMessage(err), staff)
	}
	if p, _ := f.svc.Pending(ctx); len(p) != 1 {
		t.Fatalf("Pending = %+v, want the receipt", p)
	}
}

func TestNoPrinter(t *testing.T) {
	f := newFixture(t)
	f.printFails(t, nil, "未配置打印机")
	if err := f.svc.PrintTestPage(context.Background(), reprinttest.Agency); domain.ErrorCode(err) != printer.EPRINTER {
		t.Fatalf("PrintTestPage without a printer = %v", err)
	}
}

func TestRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.k.Submit(t)
	unknown, err := tracking.New(12, calendar.Today(f.clock.Now()), 9999)
	if err != nil {
		t.Fatal(err)
	}
	good := reprinttest.Receipt(res)
	mod := func(fn func(*receipt.Receipt)) receipt.Receipt {
		r := good
		fn(&r)
		return r
	}
	tests := []struct {
		name string
		r    receipt.Receipt
		code string
		says string
	}{
		{"tracking number not in the outbox", mod(func(r *receipt.Receipt) { r.Tracking = unknown }), domain.ENOTFOUND, "没有已保存的提交"},
		{"code that does not match", mod(func(r *receipt.Receipt) { r.VerificationCode = "ABCDEF" }), domain.ECONFLICT, "查询码"},
		{"no tracking number", mod(func(r *receipt.Receipt) { r.Tracking = "" }), domain.EINVALID, "没有受理编号"},
		{"bad check digit", mod(func(r *receipt.Receipt) { r.Tracking = r.Tracking[:len(r.Tracking)-1] + "x" }), domain.EINVALID, "受理编号"},
		{"a test page", receipt.TestPage(reprinttest.Agency, "x", f.clock.Now()), domain.EINVALID, "测试页"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.svc.Print(ctx, tt.r)
			if domain.ErrorCode(err) != tt.code || !strings.Contains(domain.ErrorMessage(err), tt.says) {
				t.Fatalf("Print = %v, want %s saying %q", err, tt.code, tt.says)
			}
			// Archive (no print) refuses exactly what Print refuses.
			err = f.svc.Archive(ctx, tt.r)
			if domain.ErrorCode(err) != tt.code || !strings.Contains(domain.ErrorMessage(err), tt.says) {
				t.Fatalf("Archive = %v, want %s saying %q", err, tt.code, tt.says)
			}
		})
	}
	if _, err := f.svc.Render(ctx, unknown, printer.FormatPDF); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a refused receipt was archived: Render = %v", err)
	}
	if err := f.svc.Reprint(ctx, unknown); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("Reprint of a number never printed = %v", err)
	}
	if p, _ := f.svc.Pending(ctx); len(p) != 0 {
		t.Fatalf("refusals must not be pending: %+v", p)
	}
	// Nothing refused reached the printer: the next job is the good one.
	if err := f.svc.Print(ctx, good); err != nil {
		t.Fatal(err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); got != good.StatusURL {
		t.Fatalf("a refused receipt reached the printer: it printed %q", got)
	}
	if n := f.tp.Waiting(); n != 0 {
		t.Fatalf("%d more jobs reached the printer", n)
	}
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.printed(t)
	f.clock.Advance(reprint.DefaultRetention - time.Minute)
	if err := f.svc.Reprint(ctx, res.Tracking); err != nil {
		t.Fatalf("Reprint within the retention period: %v", err)
	}
	f.tp.Job(t)
	f.clock.Advance(2 * time.Minute)
	if err := f.svc.Reprint(ctx, res.Tracking); domain.ErrorCode(err) != domain.ENOTFOUND ||
		!strings.Contains(domain.ErrorMessage(err), "30 天") {
		t.Fatalf("Reprint after the retention period = %v", err)
	}
	if n, err := f.svc.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v; want the one expired receipt", n, err)
	}
}

func TestKeyFile(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	res := f.printed(t)
	key := filepath.Join(f.k.Dir, reprint.KeyFile)

	// A restart with the same key reads the archive; a key left readable
	// by others is narrowed to the owner.
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	svc := f.open(t, f.printer(t, f.tp))
	if st, _ := os.Stat(key); st.Mode().Perm() != 0o600 {
		t.Fatalf("key mode after New = %v", st.Mode().Perm())
	}
	if err := svc.Reprint(ctx, res.Tracking); err != nil {
		t.Fatalf("Reprint after a restart: %v", err)
	}
	f.tp.Job(t)

	// A lost key makes a new one; old receipts are then unreadable, and
	// say so instead of printing garbage.
	if err := os.Remove(key); err != nil {
		t.Fatal(err)
	}
	svc = f.open(t, f.printer(t, f.tp))
	if err := svc.Reprint(ctx, res.Tracking); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "密钥") {
		t.Fatalf("Reprint with a new key = %v", err)
	}

	// A row copied onto another tracking number does not open.
	res2 := f.k.Submit(t)
	if err := svc.Print(ctx, reprinttest.Receipt(res2)); err != nil {
		t.Fatal(err)
	}
	f.tp.Job(t)
	if _, err := f.k.DB.ExecContext(ctx, `UPDATE reprint_receipts SET key_id = (SELECT key_id FROM reprint_receipts WHERE tracking = ?),
		nonce = (SELECT nonce FROM reprint_receipts WHERE tracking = ?), sealed = (SELECT sealed FROM reprint_receipts WHERE tracking = ?)
		WHERE tracking = ?`, res2.Tracking, res2.Tracking, res2.Tracking, res.Tracking); err != nil {
		t.Fatal(err)
	}
	if err := svc.Reprint(ctx, res.Tracking); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "损坏") {
		t.Fatalf("Reprint of a swapped row = %v", err)
	}
}

func TestTestPage(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.PrintTestPage(context.Background(), reprinttest.Agency); err != nil {
		t.Fatalf("PrintTestPage: %v", err)
	}
	if got := reprinttest.QR(t, f.tp.Job(t)); !strings.HasPrefix(got, "GONGKAI-TEST-") {
		t.Fatalf("test page QR reads %q", got)
	}
	if st, err := f.svc.Status(context.Background()); err != nil || st.State != printer.StateReady {
		t.Fatalf("Status = %+v, %v", st, err)
	}
}
