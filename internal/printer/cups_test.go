package printer_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/internal/printer"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
)

// The tests in this file print through the real CUPS that
// scripts/cups-setup.sh starts (scripts/test-all.sh does it). Without it
// they fail when CI is set and are skipped elsewhere.

type cupsEnv struct {
	pdfQueue, pdfOut  string
	rawQueue, rawPort string
}

func needCUPS(t *testing.T) cupsEnv {
	t.Helper()
	v := printertest.NeedCUPS(t, "GONGKAI_CUPS_PDF_QUEUE", "GONGKAI_CUPS_PDF_OUT", "GONGKAI_CUPS_RAW_QUEUE", "GONGKAI_CUPS_RAW_PORT")
	return cupsEnv{pdfQueue: v[0], pdfOut: v[1], rawQueue: v[2], rawPort: v[3]}
}

// jobFile waits for the PDF cups-pdf writes for job id (job_<n>-<title>.pdf).
func jobFile(t *testing.T, dir, id string) string {
	t.Helper()
	n := id[strings.LastIndexByte(id, '-')+1:]
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(dir, "job_"+n+"-*.pdf"))
		if len(m) == 1 {
			return m[0]
		}
	}
	t.Fatalf("cups-pdf wrote no job_%s-*.pdf in %s", n, dir)
	return ""
}

func TestCUPSPDF(t *testing.T) {
	env := needCUPS(t)
	for _, paper := range []string{config.Paper80mm, config.PaperA4} {
		t.Run(paper, func(t *testing.T) {
			cfg := base(config.TransportCUPSPDF)
			cfg.Queue, cfg.Paper = env.pdfQueue, paper
			p := mustNew(t, cfg, printer.Options{JobTimeout: 60 * time.Second})
			if st, err := p.Status(context.Background()); err != nil {
				t.Fatalf("Status = %+v, %v", st, err)
			}
			r := printertest.Application()
			info, err := p.PrintReceipt(context.Background(), r)
			if err != nil {
				t.Fatalf("PrintReceipt: %v", err)
			}
			if !strings.HasPrefix(info.JobID, env.pdfQueue+"-") || info.Format != printer.FormatPDF {
				t.Fatalf("JobInfo = %+v", info)
			}
			file := jobFile(t, env.pdfOut, info.JobID)
			if got := printertest.ScanPDF(t, file); got != r.StatusURL {
				t.Fatalf("the printed QR reads %q, want %q", got, r.StatusURL)
			}
		})
	}
}

func TestCUPSRaw(t *testing.T) {
	env := needCUPS(t)
	l, err := net.Listen("tcp", "127.0.0.1:"+env.rawPort)
	if err != nil {
		t.Fatalf("listen on the raw queue's port: %v", err)
	}
	defer l.Close()
	got := receiver(t, l)

	cfg := base(config.TransportCUPSRaw)
	cfg.Queue = env.rawQueue
	p := mustNew(t, cfg, printer.Options{JobTimeout: 60 * time.Second})
	info, want := printSample(t, p, cfg)
	if b := must.Receive(t, got, 30*time.Second, "nothing arrived from the raw queue"); !bytes.Equal(b, want) {
		t.Fatalf("the raw queue delivered %d bytes, want the %d ESC/POS bytes unchanged", len(b), len(want))
	}
	if info.Format != printer.FormatESCPOS || info.JobID == "" || info.Bytes != len(want) {
		t.Fatalf("JobInfo = %+v", info)
	}
}

// TestCUPSRawPrinterAway: nothing listens behind the raw queue, so the job
// never completes; the wait gives up, cancels the job and says so.
func TestCUPSRawPrinterAway(t *testing.T) {
	env := needCUPS(t)
	cfg := base(config.TransportCUPSRaw)
	cfg.Queue = env.rawQueue
	p := mustNew(t, cfg, printer.Options{JobTimeout: 3 * time.Second, PollInterval: 100 * time.Millisecond})
	info, err := p.PrintReceipt(context.Background(), printertest.Application())
	wantPrinterError(t, err, "无响应")
	if info.JobID == "" {
		t.Fatal("no job id: the job was not submitted")
	}
	out, _ := exec.Command("lpstat", "-W", "not-completed", "-o", env.rawQueue).Output()
	if strings.Contains(string(out), info.JobID+" ") {
		t.Fatalf("job %s was left in the queue:\n%s", info.JobID, out)
	}
}

func TestCUPSStoppedQueue(t *testing.T) {
	env := needCUPS(t)
	cfg := base(config.TransportCUPSPDF)
	cfg.Queue = env.pdfQueue
	p := mustNew(t, cfg, printer.Options{JobTimeout: 60 * time.Second})
	ctx := context.Background()

	defer exec.Command("cupsenable", env.pdfQueue).Run()
	defer exec.Command("cupsaccept", env.pdfQueue).Run()
	for _, tc := range []struct {
		stop, start []string
		want        string
	}{
		{[]string{"cupsdisable", "-r", "paper out", env.pdfQueue}, []string{"cupsenable", env.pdfQueue}, "已停止"},
		{[]string{"cupsreject", env.pdfQueue}, []string{"cupsaccept", env.pdfQueue}, "暂停接收"},
	} {
		t.Run(tc.stop[0], func(t *testing.T) {
			before := jobCount(t, env.pdfQueue)
			printertest.Admin(t, tc.stop...)
			st, err := p.Status(ctx)
			wantPrinterError(t, err, tc.want)
			if st.State != printer.StateStopped {
				t.Fatalf("state %q, want stopped", st.State)
			}
			_, err = p.PrintReceipt(ctx, printertest.Application())
			wantPrinterError(t, err, tc.want)
			if after := jobCount(t, env.pdfQueue); after != before {
				t.Fatalf("a job was submitted to the stopped queue (%d -> %d jobs)", before, after)
			}

			printertest.Admin(t, tc.start...)
			if st, err := p.Status(ctx); err != nil || st.State != printer.StateReady {
				t.Fatalf("after %s: Status = %+v, %v", tc.start[0], st, err)
			}
			info, err := p.PrintReceipt(ctx, printertest.Application()) // staff reprint
			if err != nil {
				t.Fatalf("reprint after %s: %v", tc.start[0], err)
			}
			jobFile(t, env.pdfOut, info.JobID)
		})
	}
}

// jobCount counts every job the queue has had.
func jobCount(t *testing.T, queue string) int {
	out, err := exec.Command("lpstat", "-W", "all", "-o", queue).Output()
	if err != nil {
		t.Fatalf("lpstat: %v", err)
	}
	return strings.Count(string(out), "\n")
}

// TestCUPSDocument prints a visitor document, and notices a job CUPS cannot
// print (a damaged PDF) instead of reporting success.
func TestCUPSDocument(t *testing.T) {
	env := needCUPS(t)
	cfg := base(config.TransportCUPSRaw)
	cfg.Queue, cfg.DocumentQueue, cfg.AllowDocumentPrint = env.rawQueue, env.pdfQueue, true
	p := mustNew(t, cfg, printer.Options{JobTimeout: 60 * time.Second, PollInterval: 100 * time.Millisecond})
	ctx := context.Background()

	_, err := p.PrintDocument(ctx, []byte("%PDF-1.4\nthis is not a PDF body\n"))
	wantPrinterError(t, err, "打印任务失败")

	doc := &domain.Document{
		ID: "doc-1", Title: "关于印发《阳谷县2021年政务公开工作要点》的通知", Published: "2021-08-27",
		Body: []domain.Block{{Kind: domain.BlockParagraph, Text: "坚持以公开为常态、不公开为例外。"}},
	}
	pdf, pages, err := receipt.RenderDocumentPDF(doc, "阳谷县教育和体育局", cfg.DocumentPageLimit)
	if err != nil {
		t.Fatal(err)
	}
	info, err := p.PrintDocument(ctx, pdf)
	if err != nil {
		t.Fatalf("PrintDocument: %v", err)
	}
	file := jobFile(t, env.pdfOut, info.JobID)
	if st, err := os.Stat(file); err != nil || st.Size() == 0 {
		t.Fatalf("cups-pdf output %s: %v", file, err)
	}
	if pages != 1 {
		t.Fatalf("%d pages", pages)
	}
}

// TestCUPSUnreachable points the CUPS tools at a scheduler that is not
// there: staff must read that the print service is down, not that the
// queue is missing. It needs no running cupsd.
func TestCUPSUnreachable(t *testing.T) {
	printertest.Tool(t, "lpstat")
	printertest.Tool(t, "lp")
	t.Setenv("CUPS_SERVER", filepath.Join(t.TempDir(), "no-cupsd.sock"))
	cfg := base(config.TransportCUPSPDF)
	cfg.Queue = "gongkai-pdf"
	p := mustNew(t, cfg, printer.Options{JobTimeout: 5 * time.Second})
	st, err := p.Status(context.Background())
	wantPrinterError(t, err, "打印服务（CUPS）未运行")
	if st.State != printer.StateOffline {
		t.Fatalf("state %q, want offline", st.State)
	}
	_, err = p.PrintReceipt(context.Background(), printertest.Application())
	wantPrinterError(t, err, "打印服务（CUPS）未运行")
}

func TestCUPSMissingQueue(t *testing.T) {
	needCUPS(t)
	cfg := base(config.TransportCUPSRaw)
	cfg.Queue = "gongkai-no-such-queue"
	p := mustNew(t, cfg, printer.Options{JobTimeout: 5 * time.Second})
	wantUnavailable(t, p, "不存在", printer.StateOffline)
}

func TestQueuesListsCUPSQueues(t *testing.T) {
	env := needCUPS(t)
	qs, err := printer.Queues(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{env.pdfQueue, env.rawQueue} {
		if !slices.Contains(qs, want) {
			t.Errorf("Queues = %v, lacks %s", qs, want)
		}
	}
}

func TestQueuesWithoutDestinations(t *testing.T) {
	lpstat := filepath.Join(t.TempDir(), "lpstat")
	script := "#!/bin/sh\necho 'lpstat: No destinations added.' >&2\nexit 1\n"
	if err := os.WriteFile(lpstat, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	if qs, err := printer.Queues(context.Background(), lpstat); err != nil || qs != nil {
		t.Errorf("Queues = %v, %v; want none", qs, err)
	}
	missing := filepath.Join(t.TempDir(), "no-lpstat")
	if _, err := printer.Queues(context.Background(), missing); err == nil {
		t.Error("Queues without lpstat: no error")
	}
}
