// Package receipt holds the receipt (回执) a visitor takes home after a
// submission and draws it two ways from one model: a 1-bit raster image at
// a thermal printer's width (RenderRaster, for ESC/POS) and a PDF on A4 or
// an 80 mm roll (RenderPDF, for CUPS). It also draws catalogue documents
// to A4 PDF for visitors who print them (RenderDocumentPDF).
//
// Both renderers draw text with the bundled Chinese font (assets.FontTTF),
// so no printer font ROM or code page matters, and both lay the receipt out
// with the same code (layout.go), so the two always say the same thing.
// A receipt never holds personal data: summaries carry masked values
// (MaskName, MaskPhone) and the QR code carries only the status URL.
package receipt

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// KindTest is the kind of the test page staff print; every other receipt
// is of a submission and has its kind (protocol.KindApplication, ...).
const KindTest = "test"

// DefaultLegalBasis is the article that sets an application's reply
// deadline (20 working days, extendable once by 20).
const DefaultLegalBasis = "《政府信息公开条例》第三十三条"

// NoteCorrection is the note an application receipt carries about 补正.
const NoteCorrection = "如需补正，答复期限自收到补正后的申请之日起重新计算"

// Receipt is everything printed on one receipt. It must hold no personal
// data: a name that has to appear goes through MaskName first.
type Receipt struct {
	Agency           string     // the agency's name, at the top
	Kind             string     // protocol.KindApplication, ..., or KindTest
	Title            string     // what was submitted, e.g. "政府信息公开申请"
	Tracking         string     // 受理编号, printed large; "" prints none
	VerificationCode string     // 查询码
	Received         time.Time  // when the submission was durably queued (Beijing time)
	Deadline         *time.Time // applications: the statutory reply deadline
	Provisional      bool       // the deadline reaches a year whose holidays are not yet known
	LegalBasis       string     // the deadline's legal basis; "" means DefaultLegalBasis
	Notes            []string   // short notes, e.g. NoteCorrection
	Event            *EventInfo // sign-ups: the event
	Summary          []Line     // what was submitted, masked; no personal data
	HowToCheck       string     // how to check progress
	StatusURL        string     // the QR code's payload (see StatusURL); "" prints no QR
}

// EventInfo is the event a sign-up or cancellation is for.
type EventInfo struct {
	Title     string
	Start     time.Time
	Place     string
	SeatState string // protocol.SeatLabel of the sign-up's seat state
}

// Line is one labelled line of a receipt's summary.
type Line struct {
	Label string
	Value string
}

// StatusURL returns the short URL a receipt's QR code carries:
//
//	base + "/s/" + tracking (letters and digits only) + "?c=" + code
//
// e.g. https://gk.example.gov.cn/s/001226112500427?c=7KQ2MX. The hub serves
// this path as a plain status page. Dashes and spaces are dropped from the
// tracking number so the payload stays short and the QR small (version 4 at
// level M for a typical base URL).
func StatusURL(base, tracking, code string) string {
	keep := func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}
	return strings.TrimRight(base, "/") + "/s/" + strings.Map(keep, tracking) +
		"?c=" + url.QueryEscape(strings.Map(keep, code))
}

// ParseStatusURL reads the tracking number and verification code out of
// a StatusURL, as a keyboard-wedge scanner types it (with spaces around,
// or in lower case): ok is false unless both are well formed.
func ParseStatusURL(s string) (trk, code string, ok bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, "/s/")
	if i < 0 {
		return "", "", false
	}
	path, query, found := strings.Cut(s[i+len("/s/"):], "?")
	if !found {
		return "", "", false
	}
	vals, err := url.ParseQuery(query)
	if err != nil {
		return "", "", false
	}
	n, err := tracking.Parse(path)
	if err != nil {
		return "", "", false
	}
	code = tracking.NormalizeCode(vals.Get("c"))
	if tracking.CheckCode(code) != nil || tracking.Partial(code) {
		return "", "", false
	}
	return n.String(), code, true
}

// MaskName keeps a name's first character and masks the rest, one star per
// character: 张三 → 张*, 欧阳娜娜 → 欧***. A one-character name becomes *.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// MaskPhone keeps a phone number's first three and last four digits:
// 13800138000 → 138****8000. Numbers of seven digits or fewer keep only the
// last two. Separators are dropped.
func MaskPhone(phone string) string {
	var d []rune
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			d = append(d, r)
		}
	}
	if len(d) <= 7 {
		if len(d) <= 2 {
			return strings.Repeat("*", len(d))
		}
		return strings.Repeat("*", len(d)-2) + string(d[len(d)-2:])
	}
	return string(d[:3]) + strings.Repeat("*", len(d)-7) + string(d[len(d)-4:])
}

// TestPage returns the receipt staff print to check a printer: every part
// of a real receipt, glyphs that printer font ROMs often lack, and a QR code
// whose text names the printer and the time.
func TestPage(agency, printerName string, now time.Time) Receipt {
	return Receipt{
		Agency:           agency,
		Kind:             KindTest,
		Title:            "打印测试页",
		Tracking:         "0000-000000-0000-0",
		VerificationCode: "TEST00",
		Received:         now,
		Summary: []Line{
			{"打印机", printerName},
			{"字形检查", "喆堃玥镕 〔2026〕1号 ABCxyz 0123456789"},
		},
		Notes: []string{
			"文字清晰完整、二维码可用手机扫描，说明打印机工作正常。",
			"本页为测试页，编号无效。",
		},
		HowToCheck: "如有文字缺失、断线或二维码无法扫描，请检查纸张、打印头和打印机设置。",
		StatusURL:  "GONGKAI-TEST-" + now.Format("20060102-150405"),
	}
}

// kindLabel is the small line under the title that says what the paper is.
func kindLabel(kind string) string {
	switch kind {
	case protocol.KindApplication:
		return "受理回执"
	case protocol.KindSignup:
		return "报名回执"
	case protocol.KindCancel:
		return "取消回执"
	case KindTest:
		return "测试页"
	default:
		return "提交回执"
	}
}

var weekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// formatDateTime prints a moment the way Chinese forms do: 2026年11月25日 14:32.
func formatDateTime(t time.Time) string {
	return t.Format("2006年1月2日 15:04")
}

// formatDate prints a day with its weekday: 2026年12月23日（星期三）.
func formatDate(t time.Time) string {
	return fmt.Sprintf("%s（星期%s）", t.Format("2006年1月2日"), weekdays[t.Weekday()])
}
