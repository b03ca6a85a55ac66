package reprinttest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// CUPSPDF is the cups-pdf queue scripts/cups-setup.sh sets up (scripts/
// test-all.sh does it): jobs sent to Queue come out as PDF files in Out.
type CUPSPDF struct {
	Queue, Out string
}

// NeedCUPSPDF returns the cups-pdf queue from GONGKAI_CUPS,
// GONGKAI_CUPS_PDF_QUEUE and GONGKAI_CUPS_PDF_OUT. Without them the test
// fails when CI is set and is skipped elsewhere.
func NeedCUPSPDF(tb testing.TB) CUPSPDF {
	tb.Helper()
	c := CUPSPDF{Queue: os.Getenv("GONGKAI_CUPS_PDF_QUEUE"), Out: os.Getenv("GONGKAI_CUPS_PDF_OUT")}
	if os.Getenv("GONGKAI_CUPS") != "1" || c.Queue == "" || c.Out == "" {
		msg := "real CUPS is not set up: source scripts/cups-setup.sh DIR (GONGKAI_CUPS, GONGKAI_CUPS_PDF_QUEUE, GONGKAI_CUPS_PDF_OUT)"
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return c
}

// Files lists the PDFs cups-pdf has written so far.
func (c CUPSPDF) Files() []string {
	m, _ := filepath.Glob(filepath.Join(c.Out, "*.pdf"))
	return m
}

// WaitQR waits up to 30 seconds for a PDF not among before whose QR code
// zbarimg reads as want, and returns its path. Other tests may print to
// the same queue meanwhile, so every new file is read.
func (c CUPSPDF) WaitQR(tb testing.TB, before []string, want string) string {
	tb.Helper()
	seen := map[string]string{}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		for _, f := range c.Files() {
			if _, read := seen[f]; read || slices.Contains(before, f) {
				continue
			}
			if got, ok := scanPDF(tb, f); ok { // else still being written: try again
				if seen[f] = got; got == want {
					return f
				}
			}
		}
	}
	tb.Fatalf("cups-pdf wrote no PDF in %s whose QR reads %q (new files read: %v)", c.Out, want, seen)
	return ""
}

// ScanPDF rasterises page 1 of a PDF with pdftoppm and returns what
// zbarimg reads in it; the test fails when it reads nothing.
func ScanPDF(tb testing.TB, path string) string {
	tb.Helper()
	s, ok := scanPDF(tb, path)
	if !ok {
		tb.Fatalf("zbarimg finds no code in %s", path)
	}
	return s
}

// scanPDF is ScanPDF that reports failure (a file cups-pdf is still
// writing fails to rasterise) instead of failing the test.
func scanPDF(tb testing.TB, path string) (string, bool) {
	tb.Helper()
	pdftoppm, zbarimg := Tool(tb, "pdftoppm"), Tool(tb, "zbarimg")
	prefix := filepath.Join(tb.TempDir(), "page")
	if err := exec.Command(pdftoppm, "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", path, prefix).Run(); err != nil {
		return "", false
	}
	out, err := exec.Command(zbarimg, "--raw", "-q", prefix+".png").Output()
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

// Tool finds a command a printing test needs (poppler-utils, zbar-tools):
// required when CI is set, else the test is skipped without it.
func Tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is required in CI (scripts/setup-debian.sh installs it): %v", name, err)
		}
		tb.Skipf("%s not installed", name)
	}
	return p
}
