package browsertest

import (
	"gongkai/internal/printer/printertest"
	"testing"
)

// PDFText returns the text of a PDF (a letter the console hands out)
// through pdftotext from Debian's poppler-utils. Without it the test is
// skipped, or fails when CI is set.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	return printertest.PDFText(t, pdf, "-layout")
}
