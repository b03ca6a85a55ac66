package receipt

import (
	"errors"
	"strings"
	"time"

	"gongkai/internal/domain"
)

// Letter is an agency's letter to an applicant (告知书, 答复书): its
// letterhead, title, number, body paragraphs and signature, laid out as
// county agencies print them on A4.
type Letter struct {
	Agency     string    // letterhead and signature
	Title      string    // e.g. 政府信息公开告知书
	Number     string    // the letter's number, e.g. 阳教体依公开〔2025〕42号
	Paragraphs []string  // the first is the salutation (申请人：), set flush left
	Date       time.Time // the signature date, as a time on that day in the agency's zone
	Draft      bool      // a preview: marked 草稿 on every page
	Note       string    // small print in the footer (register and tracking numbers)
}

// RenderLetterPDF draws l on A4 with the bundled font, so the text can be
// extracted (pdftotext) and the letter looks like the receipts.
func RenderLetterPDF(l Letter) ([]byte, error) {
	if len(l.Paragraphs) == 0 {
		return nil, errors.New("receipt: a letter without text")
	}
	bf, err := loadFont()
	if err != nil {
		return nil, err
	}
	pdf := newPDF(PageA4, l.Date)
	pdf.SetTitle(l.Title+" "+l.Number, true)
	pdf.SetAuthor(l.Agency, true)
	w := &docWriter{pdf: pdf, bf: bf, width: PageA4.Width - 2*docSide}
	if l.Draft {
		w.head = "草稿 · 未经审签，不得送达"
	}
	w.newPage()
	left := func(int, string) float64 { return 0 }
	centered := func(size float64) func(int, string) float64 {
		return func(_ int, s string) float64 { return (w.width - pdfWidth(pdf, size, s)) / 2 }
	}
	if l.Agency != "" {
		size := 20 * ptToMM
		pdf.SetTextColor(200, 0, 0) // 红头, as agencies print their letterhead
		w.lines(wrap(l.Agency, w.width, w.measure(size)), size, 1.4, centered(size), true)
		pdf.SetTextColor(0, 0, 0)
		pdf.SetFillColor(200, 0, 0)
		pdf.Rect(docSide, w.y+1, w.width, 0.6, "F")
		pdf.SetFillColor(0, 0, 0)
		w.y += 6
	}
	title := docTitlePt * ptToMM
	w.lines(wrap(l.Title, w.width, w.measure(title)), title, 1.5, centered(title), true)
	body := docBodyPt * ptToMM
	if l.Number != "" {
		w.lines([]string{l.Number}, body, docLineSpace, func(_ int, s string) float64 {
			return w.width - pdfWidth(pdf, body, s)
		}, false)
	}
	w.y += body * 0.8
	for i, p := range l.Paragraphs {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if i == 0 {
			w.lines(wrap(p, w.width, w.measure(body)), body, docLineSpace, left, false)
			w.y += body * 0.3
			continue
		}
		w.block(domain.Block{Kind: domain.BlockParagraph, Text: p})
	}
	// Signature: agency and date, right-aligned, with room for the seal.
	w.y += body * 2
	date := ""
	if !l.Date.IsZero() {
		date = l.Date.Format("2006年1月2日")
	}
	var sig []string
	for _, s := range []string{l.Agency, date} {
		if s != "" {
			sig = append(sig, s)
		}
	}
	if len(sig) > 0 && w.need(body*docLineSpace*float64(len(sig))) {
		w.lines(sig, body, docLineSpace, func(_ int, s string) float64 {
			return w.width - body*2 - pdfWidth(pdf, body, s)
		}, false)
	}
	return w.finish(l.Note)
}
