package protocol

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// HeaderReport carries a kiosk's health report ([KioskReport]) on its
// sync requests: base64url (no padding) of the report's compact JSON.
const HeaderReport = "Gongkai-Kiosk-Report"

// MaxReportHeader bounds the header a hub reads: a report is a few
// hundred bytes.
const MaxReportHeader = 1024

// Printer states a kiosk reports.
const (
	PrinterReady    = "ready"
	PrinterPaperOut = "paper_out"
	PrinterOffline  = "offline"
)

// KioskReport is what a kiosk tells the hub about itself with each sync,
// so staff see a kiosk in trouble before a visitor does: its software,
// its catalogue, its queue of submissions not yet at the hub, its
// printer and its disk. It holds nothing about visitors.
type KioskReport struct {
	App       string    `json:"app,omitempty"`     // the kiosk's version (kiosk --version)
	Catalogue int64     `json:"cat"`               // the catalogue version applied
	Queue     int       `json:"queue"`             // submissions not yet acknowledged by the hub
	Oldest    time.Time `json:"oldest,omitzero"`   // when the oldest of them was made; zero when none
	Printer   string    `json:"printer,omitempty"` // PrinterReady, PrinterPaperOut, PrinterOffline; "" unknown
	FreeDisk  int64     `json:"disk,omitempty"`    // bytes free on the kiosk's data disk; 0 unknown
}

// ErrReport reports a malformed health report header.
var ErrReport = errors.New("malformed kiosk report")

// EncodeReport returns r as a header value.
func EncodeReport(r KioskReport) string {
	b, _ := json.Marshal(r) // plain fields: Marshal cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeReport reads a header value, refusing one too long, not base64url
// JSON, or with an unknown printer state or negative counts.
func DecodeReport(v string) (KioskReport, error) {
	var r KioskReport
	if len(v) > MaxReportHeader {
		return r, ErrReport
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return r, ErrReport
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, ErrReport
	}
	switch r.Printer {
	case "", PrinterReady, PrinterPaperOut, PrinterOffline:
	default:
		return r, ErrReport
	}
	if r.Queue < 0 || r.FreeDisk < 0 || r.Catalogue < 0 || len(r.App) > 64 {
		return r, ErrReport
	}
	return r, nil
}
