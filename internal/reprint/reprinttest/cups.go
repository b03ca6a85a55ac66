package reprinttest

import (
	"gongkai/internal/printer/printertest"
	"path/filepath"
	"slices"
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
	v := printertest.NeedCUPS(tb, "GONGKAI_CUPS_PDF_QUEUE", "GONGKAI_CUPS_PDF_OUT")
	return CUPSPDF{Queue: v[0], Out: v[1]}
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
			if got, ok := printertest.TryScanPDF(tb, f); ok { // else still being written: try again
				if seen[f] = got; got == want {
					return f
				}
			}
		}
	}
	tb.Fatalf("cups-pdf wrote no PDF in %s whose QR reads %q (new files read: %v)", c.Out, want, seen)
	return ""
}
