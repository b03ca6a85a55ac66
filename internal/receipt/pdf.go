package receipt

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"gongkai/assets"
)

// PageSize is a PDF page in millimetres. A Height of 0 is a roll: the page
// is as long as the receipt.
type PageSize struct {
	Name          string
	Width, Height float64
}

// Page sizes for RenderPDF.
var (
	PageA4     = PageSize{Name: "A4", Width: 210, Height: 297}
	PageRoll80 = PageSize{Name: "roll80", Width: 80}
	PageRoll58 = PageSize{Name: "roll58", Width: 58}
)

// Roll reports whether p is a roll whose length follows the content.
func (p PageSize) Roll() bool { return p.Height == 0 }

// pdfFamily is the name the bundled font is registered under in fpdf.
const pdfFamily = "wqy"

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// pdfParams are a page's margins and sizes, in millimetres.
type pdfParams struct {
	side, top, bottom float64 // margins
	body              float64 // body text size
	module            float64 // preferred QR module side
	minModule         float64 // smallest QR module accepted
}

func paramsFor(page PageSize) pdfParams {
	if page.Roll() {
		return pdfParams{side: 4, top: 4, bottom: 8, body: 9 * ptToMM, module: 0.75, minModule: 0.4}
	}
	return pdfParams{side: 25, top: 25, bottom: 20, body: 12 * ptToMM, module: 1.0, minModule: 0.5}
}

// newPDF returns an fpdf document in millimetres with the bundled font
// set, no automatic page breaks and fixed dates (so the same input gives
// the same bytes).
func newPDF(page PageSize, created time.Time) *fpdf.Fpdf {
	h := page.Height
	if h == 0 {
		h = 200 // replaced by AddPageFormat once the content is measured
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: page.Width, Ht: h}})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCreator("Gongkai Kiosk", true)
	pdf.AddUTF8FontFromBytes(pdfFamily, "", assets.FontTTF)
	pdf.SetFont(pdfFamily, "", 10)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return pdf
}

// pdfWidth measures s at size (mm) in pdf's bundled font.
func pdfWidth(pdf *fpdf.Fpdf, size float64, s string) float64 {
	pdf.SetFontUnitSize(size)
	return pdf.GetStringWidth(s)
}

// pdfText draws s with its baseline at (x, y); bold is a thin outline
// stroked over the fill, since the font has one weight.
func pdfText(pdf *fpdf.Fpdf, x, y, size float64, s string, bold bool) {
	pdf.SetFontUnitSize(size)
	if bold {
		pdf.SetLineWidth(size * 0.035)
		pdf.SetTextRenderingMode(2)
		pdf.Text(x, y, s)
		pdf.SetTextRenderingMode(0)
		return
	}
	pdf.Text(x, y, s)
}

// pdfQR draws QR modules as filled rectangles, one per horizontal run of
// dark modules, so nothing is resampled and rows have no seams inside.
func pdfQR(pdf *fpdf.Fpdf, x, y, m float64, bits [][]bool) {
	for row, line := range bits {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			end := col
			for end < len(line) && line[end] {
				end++
			}
			pdf.Rect(x+float64(col)*m, y+float64(row)*m, float64(end-col)*m, m, "F")
			col = end
		}
	}
}

// RenderPDF draws r as a PDF on page (PageA4, PageRoll80 or PageRoll58)
// with the bundled font embedded, so its text can be extracted and
// searched, and the QR code drawn as filled rectangles.
func RenderPDF(r Receipt, page PageSize) ([]byte, error) {
	b, _, err := RenderPDFPage(r, page)
	return b, err
}

// RenderPDFPage is RenderPDF that also returns the page size used, with a
// roll's height filled in: CUPS needs it as the media size
// (media=Custom.80x143mm).
func RenderPDFPage(r Receipt, page PageSize) ([]byte, PageSize, error) {
	if page.Width < 40 || page.Width > 500 || page.Height < 0 {
		return nil, page, fmt.Errorf("receipt: page %gx%g mm is not a usable size", page.Width, page.Height)
	}
	bf, err := loadFont()
	if err != nil {
		return nil, page, err
	}
	p := paramsFor(page)
	pdf := newPDF(page, r.Received)
	pdf.SetTitle(r.Title+" "+kindLabel(r.Kind)+" "+r.Tracking, true)
	width := page.Width - 2*p.side
	t := target{
		body:    p.body,
		width:   width,
		measure: func(size float64, s string) float64 { return pdfWidth(pdf, size, s) },
		asc:     bf.ascent,
		desc:    bf.descent,
		qrModule: func(n int) (float64, error) {
			m := min(p.module, width/float64(n+2*qrQuiet))
			if m < p.minModule {
				return 0, fmt.Errorf("receipt: a QR code of %d modules does not fit %g mm; shorten the status URL", n, width)
			}
			return m, nil
		},
	}
	ops, h, err := layoutReceipt(r, t)
	if err != nil {
		return nil, page, err
	}
	if page.Roll() {
		page.Height = math.Ceil(p.top + h + p.bottom)
		pdf.AddPageFormat("P", fpdf.SizeType{Wd: page.Width, Ht: page.Height})
	} else {
		pdf.AddPage()
	}
	shift := p.top
	for _, o := range ops {
		top, bottom := opExtent(o, bf)
		if !page.Roll() && bottom+shift > page.Height-p.bottom && top+shift > p.top {
			pdf.AddPage()
			shift = p.top - top
		}
		x, y := o.x+p.side, o.y+shift
		switch o.kind {
		case opText:
			pdfText(pdf, x, y, o.size, o.text, o.bold)
		case opRule:
			pdf.Rect(x, y, o.w, o.size, "F")
		case opQR:
			pdfQR(pdf, x, y, o.module, o.qr)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, page, fmt.Errorf("receipt: write pdf: %w", err)
	}
	return buf.Bytes(), page, nil
}

// opExtent returns the vertical extent of o in layout units.
func opExtent(o op, bf bundledFont) (top, bottom float64) {
	switch o.kind {
	case opText:
		return o.y - bf.ascent*o.size, o.y + bf.descent*o.size
	case opRule:
		return o.y, o.y + o.size
	default:
		side := float64(len(o.qr)+qrQuiet) * o.module
		return o.y - qrQuiet*o.module, o.y + side
	}
}
