// Package printertest holds what printing tests share: the real CUPS that
// scripts/cups-setup.sh starts (scripts/test-all.sh does it), its admin
// commands, and reading a printed PDF's QR code with poppler-utils and
// zbar-tools. What they need is required when CI is set; elsewhere a test
// without it is skipped.
package printertest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// NeedCUPS returns the values of the environment variables named (e.g.
// GONGKAI_CUPS_PDF_QUEUE) that scripts/cups-setup.sh exports with
// GONGKAI_CUPS=1. Without GONGKAI_CUPS=1 or any of them the test fails when
// CI is set and is skipped elsewhere.
func NeedCUPS(tb testing.TB, names ...string) []string {
	tb.Helper()
	vals := make([]string, len(names))
	missing := os.Getenv("GONGKAI_CUPS") != "1"
	for i, n := range names {
		vals[i] = os.Getenv(n)
		missing = missing || vals[i] == ""
	}
	if missing {
		msg := "real CUPS is not set up: source scripts/cups-setup.sh DIR (needs GONGKAI_CUPS=1 " + strings.Join(names, " ") + ")"
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return vals
}

// Admin runs a CUPS admin command (lpadmin, cupsdisable, cupsenable, ...)
// and fails the test if it fails.
func Admin(tb testing.TB, args ...string) {
	tb.Helper()
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v: %s", strings.Join(args, " "), err, out)
	}
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

// ScanPDF rasterises page 1 of a PDF with pdftoppm and returns what
// zbarimg reads in it; the test fails when it reads nothing.
func ScanPDF(tb testing.TB, path string) string {
	tb.Helper()
	s, ok := TryScanPDF(tb, path)
	if !ok {
		tb.Fatalf("zbarimg finds no code in %s", path)
	}
	return s
}

// TryScanPDF is ScanPDF that reports failure (a file cups-pdf is still
// writing fails to rasterise) instead of failing the test.
func TryScanPDF(tb testing.TB, path string) (string, bool) {
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

// PDFText returns the text pdftotext (poppler-utils) extracts from a PDF,
// with its options (e.g. -layout).
func PDFText(tb testing.TB, pdf []byte, opts ...string) string {
	tb.Helper()
	args := append(append([]string{"-enc", "UTF-8"}, opts...), "-", "-")
	cmd := exec.Command(Tool(tb, "pdftotext"), args...)
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// PDFFileText is PDFText of the PDF file at path.
func PDFFileText(tb testing.TB, path string, opts ...string) string {
	tb.Helper()
	pdf, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return PDFText(tb, pdf, opts...)
}
