package protocol

import (
	"strings"
	"testing"
	"time"
)

// TestKioskReportRoundTrip: a report survives its header; a long, broken
// or unknown one is refused.
func TestKioskReportRoundTrip(t *testing.T) {
	r := KioskReport{App: "1.4.0 (abc123)", Catalogue: 812, Queue: 3, Oldest: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC),
		Printer: PrinterPaperOut, FreeDisk: 12 << 30}
	h := EncodeReport(r)
	if len(h) > 300 {
		t.Errorf("header is %d bytes", len(h))
	}
	got, err := DecodeReport(h)
	if err != nil || got != r {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{strings.Repeat("A", MaxReportHeader+1), "not base64!", EncodeReport(KioskReport{Queue: -1}),
		"eyJwcmludGVyIjoib24gZmlyZSJ9"} {
		if _, err := DecodeReport(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
