package kioskcli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/config"
	"gongkai/internal/kiosk"
	"gongkai/internal/printer"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/staff"
	"gongkai/internal/tracking"
)

// printedReceipt makes a kiosk data directory holding one submission
// whose receipt was printed on tp (so it is in the archive), and one more
// whose print failed. It returns the directory and both receipts.
func printedReceipt(t *testing.T, tp *reprinttest.TCPPrinter) (data string, good, failed receipt.Receipt) {
	t.Helper()
	ctx := context.Background()
	data = filepath.Join(t.TempDir(), "data")
	cfg := config.Default()
	cfg.DataDir = data
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	fx := reprinttest.OnDB(t, data, k.Store.DB(), cliNow)
	p, err := printer.New(tp.Config(), printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := reprint.New(ctx, k.Store.DB(), data, p, reprint.Options{Queue: fx.Outbox, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	good = reprinttest.Receipt(fx.Submit(t))
	if err := svc.Print(ctx, good); err != nil {
		t.Fatal(err)
	}
	tp.Job(t)
	failed = reprinttest.Receipt(fx.Submit(t))
	svc.SetPrinter(nil)
	if err := svc.Print(ctx, failed); err == nil {
		t.Fatal("a print without a printer succeeded")
	}
	return data, good, failed
}

// runCLI runs the kiosk command line with nothing on stdin.
func runCLI(args ...string) (stdout, stderr string, status int) { return runWith("", args...) }

// runWith runs the kiosk command line with stdin (a pipe, not a terminal).
func runWith(stdin string, args ...string) (stdout, stderr string, status int) {
	status, stdout, stderr = cmdlinetest.Run(context.Background(), Main, cliNow, stdin, args...)
	return stdout, stderr, status
}

func TestReprintCommand(t *testing.T) {
	tp := reprinttest.NewTCPPrinter(t)
	data, good, failed := printedReceipt(t, tp)
	conf := tcpPrinterConfig(t, tp)
	dir := t.TempDir()

	t.Run("pdf file", func(t *testing.T) {
		file := filepath.Join(dir, "receipt.pdf")
		_, errs, status := runCLI("reprint", "--data", data, "--out", file, "--format", "pdf", good.Tracking)
		if status != 0 {
			t.Fatalf("status %d: %s", status, errs)
		}
		if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("receipt file: %v, %v (want mode 0600: it carries the verification code)", st, err)
		}
		if txt := printertest.PDFFileText(t, file); !strings.Contains(txt, good.Tracking) {
			t.Fatalf("the PDF's text lacks the tracking number %s:\n%s", good.Tracking, txt)
		}
	})
	t.Run("escpos file", func(t *testing.T) {
		file := filepath.Join(dir, "receipt.bin")
		if _, errs, status := runCLI("reprint", "--data", data, "--out", file, good.Tracking); status != 0 {
			t.Fatalf("status %d: %s", status, errs)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := reprinttest.QR(t, b); got != good.StatusURL {
			t.Fatalf("QR in the file reads %q, want %q", got, good.StatusURL)
		}
	})
	t.Run("printer", func(t *testing.T) {
		out, errs, status := runCLI("reprint", "--data", data, "--config", conf, strings.ReplaceAll(failed.Tracking, "-", ""))
		if status != 0 {
			t.Fatalf("status %d: %s", status, errs)
		}
		if got := reprinttest.QR(t, tp.Job(t)); got != failed.StatusURL {
			t.Fatalf("printed QR reads %q, want %q", got, failed.StatusURL)
		}
		if !strings.Contains(out, "已在") || !strings.Contains(out, tp.Addr()) {
			t.Fatalf("output %q", out)
		}
	})
	t.Run("audited", func(t *testing.T) {
		ctx := context.Background()
		k, err := kiosk.Open(ctx, config.Config{DataDir: data}, kiosk.Options{Now: cliNow})
		if err != nil {
			t.Fatal(err)
		}
		defer k.Close()
		st, err := staff.Open(ctx, k.Store.DB(), k.Store, staff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := st.Recent(ctx, 1)
		if err != nil || len(entries) != 1 || entries[0].Action != staff.ActionReprint ||
			entries[0].StaffID != staff.ConsoleStaffID || !strings.Contains(entries[0].Detail, failed.Tracking) {
			t.Fatalf("audit log: %+v, %v", entries, err)
		}
		// The command's one clock (Env.Now) stamped it, not the wall clock.
		if at, now := entries[0].At, cliNow(); at.After(now) || now.Sub(at) > time.Minute {
			t.Errorf("audited at %v, want the command's clock (%v)", at, now)
		}
	})
	t.Run("pending", func(t *testing.T) {
		out, errs, status := runCLI("reprint", "--data", data, "--pending")
		if status != 0 || !strings.Contains(out, "没有打印失败") {
			t.Fatalf("after the reprint: status %d, out %q, err %q", status, out, errs)
		}
	})
}

func TestReprintCommandRefuses(t *testing.T) {
	tp := reprinttest.NewTCPPrinter(t)
	data, good, _ := printedReceipt(t, tp)
	out := filepath.Join(t.TempDir(), "r.pdf")
	unknown, err := tracking.New(12, calendar.Today(cliNow()), 9999)
	if err != nil {
		t.Fatal(err)
	}
	last := unknown[len(unknown)-1]
	badCheck := unknown[:len(unknown)-1] + string('0'+(last-'0'+1)%10)
	tests := []struct {
		name   string
		args   []string
		status int
		says   string
	}{
		{"no tracking number", []string{"--data", data}, 2, "give one tracking number"},
		{"two tracking numbers", []string{"--data", data, good.Tracking, good.Tracking}, 2, "give one tracking number"},
		{"unknown format", []string{"--data", data, "--out", out, "--format", "png", good.Tracking}, 2, "use pdf or escpos"},
		{"format without file", []string{"--data", data, "--format", "pdf", good.Tracking}, 2, "--format needs --out"},
		{"bad check digit", []string{"--data", data, "--out", out, badCheck}, 1, "校验位不符"},
		{"never printed here", []string{"--data", data, "--out", out, unknown}, 1, "没有受理编号"},
		{"no printer configured", []string{"--data", data, good.Tracking}, 1, "未配置打印机"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, status := runCLI(append([]string{"reprint"}, tt.args...)...)
			if status != tt.status || !strings.Contains(errs, tt.says) {
				t.Fatalf("status %d, stderr %q; want %d saying %q", status, errs, tt.status, tt.says)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused reprint wrote a file")
	}
	// The receipt whose print failed, and the one whose reprint just
	// failed for want of a printer, are listed for staff.
	o, errs, status := runCLI("reprint", "--data", data, "--pending")
	if status != 0 || !strings.Contains(o, "2 张回执待补打") || !strings.Contains(o, good.Tracking) || !strings.Contains(o, "未配置打印机") {
		t.Fatalf("--pending: status %d, out %q, err %q", status, o, errs)
	}
}
