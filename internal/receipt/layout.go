package receipt

import (
	"errors"
	"strings"

	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// The receipt is laid out once, in the units of the target (dots for a
// raster, millimetres for a PDF), into a list of drawing operations that
// each renderer replays. Sizes are multiples of the target's body size.
const (
	sizeAgency   = 1.25
	sizeTitle    = 1.5
	sizeCode     = 1.3
	sizeSmall    = 0.85
	sizeTracking = 2.2 // at most; shrunk to fit the width
	lineSpacing  = 1.45
)

// target describes where a receipt is drawn.
type target struct {
	body    float64                              // body text size
	width   float64                              // content width
	measure func(size float64, s string) float64 // advance width of s at size
	asc     float64                              // font ascent per unit of size
	desc    float64                              // font descent per unit of size
	// qrModule returns the side of one QR module for a symbol of n modules
	// (quiet zone excluded), or an error when it cannot fit.
	qrModule func(n int) (float64, error)
}

type opKind int

const (
	opText opKind = iota
	opRule
	opQR
)

// op is one drawing operation. Text is drawn with its baseline at (x, y);
// rules and QR codes have their top-left corner at (x, y).
type op struct {
	kind   opKind
	x, y   float64
	size   float64 // text size, or rule thickness
	w      float64 // rule length
	text   string
	bold   bool
	qr     [][]bool // modules, true = dark, quiet zone excluded
	module float64
}

const (
	alignLeft = iota
	alignCenter
)

// builder accumulates ops top to bottom.
type builder struct {
	t   target
	y   float64
	ops []op
}

// text draws s wrapped to the width at scale×body.
func (b *builder) text(s string, scale float64, align int, bold bool) {
	size := scale * b.t.body
	width := func(x string) float64 { return b.t.measure(size, x) }
	for _, line := range wrap(s, b.t.width, width) {
		x := 0.0
		if align == alignCenter {
			x = (b.t.width - width(line)) / 2
		}
		b.line(x, line, size, bold)
	}
}

// line draws one line of text at x and moves down a line.
func (b *builder) line(x float64, s string, size float64, bold bool) {
	if s != "" {
		b.ops = append(b.ops, op{kind: opText, x: x, y: b.baseline(size), size: size, text: s, bold: bold})
	}
	b.y += size * lineSpacing
}

// baseline is where text of size sits on the current line: the font's
// ascent-to-descent box centred in the line's height.
func (b *builder) baseline(size float64) float64 {
	h := size * lineSpacing
	return b.y + (h-(b.t.asc+b.t.desc)*size)/2 + b.t.asc*size
}

// field draws "label：value" with the value's continuation lines indented
// under its first line, or the label on a line of its own when it would
// take too much of a narrow line.
func (b *builder) field(label, value string, scale float64) {
	size := scale * b.t.body
	width := func(x string) float64 { return b.t.measure(size, x) }
	label += "："
	lw := width(label)
	if lw > 0.45*b.t.width {
		b.line(0, label, size, false)
		lw = 0
	} else {
		b.ops = append(b.ops, op{kind: opText, x: 0, y: b.baseline(size), size: size, text: label})
	}
	for _, l := range wrap(value, b.t.width-lw, width) {
		b.line(lw, l, size, false)
	}
}

// gap adds em times the body size of blank space.
func (b *builder) gap(em float64) { b.y += em * b.t.body }

// rule draws a thin full-width bar between sections.
func (b *builder) rule() {
	b.gap(0.4)
	th := b.t.body / 12
	b.ops = append(b.ops, op{kind: opRule, x: 0, y: b.y, size: th, w: b.t.width})
	b.y += th
	b.gap(0.5)
}

// qr draws payload as a QR code (see qrBitmap), centred, with its 4-module
// quiet zone inside the space it takes.
func (b *builder) qr(payload string) error {
	bits, err := qrBitmap(payload)
	if err != nil {
		return err
	}
	m, err := b.t.qrModule(len(bits))
	if err != nil {
		return err
	}
	side := float64(len(bits)+2*qrQuiet) * m
	x := (b.t.width - side) / 2
	b.ops = append(b.ops, op{kind: opQR, x: x + qrQuiet*m, y: b.y + qrQuiet*m, qr: bits, module: m})
	b.y += side
	return nil
}

// layoutReceipt lays r out for t and returns the ops and the total height.
func layoutReceipt(r Receipt, t target) ([]op, float64, error) {
	if strings.TrimSpace(r.Agency) == "" || strings.TrimSpace(r.Title) == "" {
		return nil, 0, errors.New("receipt: agency and title are required")
	}
	b := &builder{t: t}
	b.text(r.Agency, sizeAgency, alignCenter, true)
	b.gap(0.2)
	b.text(r.Title, sizeTitle, alignCenter, true)
	b.text(kindLabel(r.Kind), 1, alignCenter, false)
	b.rule()

	if r.Tracking != "" {
		b.text("受理编号", sizeSmall, alignCenter, false)
		size := sizeTracking * t.body
		if w := t.measure(size, r.Tracking); w > t.width {
			size = max(t.body, size*t.width/w*0.98)
		}
		b.gap(0.1)
		b.text(r.Tracking, size/t.body, alignCenter, true)
	}
	if r.VerificationCode != "" {
		b.text("查询码 "+tracking.GroupCode(r.VerificationCode), sizeCode, alignCenter, true)
	}
	if r.Tracking != "" || r.VerificationCode != "" {
		b.rule()
	}

	received := "提交时间"
	if r.Kind == protocol.KindApplication {
		received = "受理时间" // 条例第三十一条: in person, the day of submission is the day of receipt
	}
	if !r.Received.IsZero() {
		b.field(received, formatDateTime(r.Received), 1)
	}
	if r.Deadline != nil {
		v := formatDate(*r.Deadline) + "前"
		if r.Provisional {
			v += "（暂定）"
		}
		b.field("答复期限", v, 1)
		basis := r.LegalBasis
		if basis == "" {
			basis = DefaultLegalBasis
		}
		b.field("法律依据", basis, 1)
	}
	if e := r.Event; e != nil {
		b.field("活动", e.Title, 1)
		if !e.Start.IsZero() {
			b.field("时间", formatDateTime(e.Start), 1)
		}
		if e.Place != "" {
			b.field("地点", e.Place, 1)
		}
		if e.SeatState != "" {
			b.field("座位", e.SeatState, 1)
		}
	}
	for _, l := range r.Summary {
		b.field(l.Label, l.Value, 1)
	}
	notes := r.Notes
	if r.Deadline != nil && r.Provisional {
		notes = append([]string{"答复期限所在年度的节假日安排尚未公布，期限为暂定，以工作人员书面告知为准。"}, notes...)
	}
	if len(notes) > 0 {
		b.gap(0.3)
		for _, n := range notes {
			b.text("※ "+n, sizeSmall, alignLeft, false)
		}
	}
	if r.HowToCheck != "" || r.StatusURL != "" {
		b.rule()
	}
	if r.HowToCheck != "" {
		b.text(r.HowToCheck, sizeSmall, alignLeft, false)
	}
	if r.StatusURL != "" {
		if err := b.qr(r.StatusURL); err != nil {
			return nil, 0, err
		}
		if r.Kind == KindTest {
			b.text("扫码测试："+r.StatusURL, sizeSmall, alignCenter, false)
		} else {
			b.text("手机扫码查询办理进度", sizeSmall, alignCenter, false)
			b.text(r.StatusURL, sizeSmall, alignCenter, false)
		}
	}
	if r.Kind != KindTest {
		b.gap(0.4)
		b.text("请妥善保管本回执", sizeSmall, alignCenter, false)
	}
	return b.ops, b.y + 0.4*t.body, nil
}
