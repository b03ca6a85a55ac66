package browsertest

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// PDFText returns the text of a PDF (a letter the console hands out)
// through pdftotext from Debian's poppler-utils. Without it the test is
// skipped, or fails when CI is set.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pdftotext is missing (poppler-utils: scripts/setup-debian.sh): %v", err)
		}
		t.Skip("pdftotext is missing; install poppler-utils")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
