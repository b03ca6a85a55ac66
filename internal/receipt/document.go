package receipt

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"gongkai/internal/domain"
)

// A4 document layout, in millimetres and points.
const (
	docSide      = 20.0
	docTop       = 22.0
	docBottom    = 20.0
	docBodyPt    = 12.0
	docSmallPt   = 9.0
	docTitlePt   = 17.0
	docLineSpace = 1.6 // body line height per unit of size: Chinese documents are set loosely
	docCellPad   = 1.6
)

// RenderDocumentPDF draws a catalogue document for a visitor to print: its
// title, the disclosure metadata table (索引号, 发布机构, 文号 ...) and its
// structured body (headings, paragraphs, lists, tables) on A4 pages with
// the bundled font. It returns the PDF and its page count. A document
// longer than maxPages pages (0 means no limit) is not rendered: the error
// is a domain.Error telling the visitor why, so the kiosk never starts a
// print job it would have to cut short.
func RenderDocumentPDF(doc *domain.Document, agency string, maxPages int) ([]byte, int, error) {
	if doc == nil {
		return nil, 0, errors.New("receipt: no document to render")
	}
	bf, err := loadFont()
	if err != nil {
		return nil, 0, err
	}
	pdf := newPDF(PageA4, fixedDocDate(doc.Published))
	pdf.SetTitle(doc.Title, true)
	pdf.SetAuthor(doc.Issuer, true)
	head := "政务公开专区自助终端打印件，仅供参考"
	if agency != "" {
		head = agency + " · " + head
	}
	w := &docWriter{pdf: pdf, bf: bf, maxPages: maxPages, head: head, width: PageA4.Width - 2*docSide}
	w.newPage()
	w.render(doc)
	if w.err != nil {
		return nil, 0, w.err
	}
	b, err := w.finish("")
	if err != nil {
		return nil, 0, err
	}
	return b, pdf.PageCount(), nil
}

// finish draws the page footers (page numbers, after note when given)
// once the page count is known, and writes the PDF.
func (w *docWriter) finish(note string) ([]byte, error) {
	pdf := w.pdf
	n := pdf.PageCount()
	for i := 1; i <= n; i++ {
		pdf.SetPage(i)
		footer := fmt.Sprintf("第 %d 页  共 %d 页", i, n)
		if note != "" {
			footer = note + "    " + footer
		}
		size := docSmallPt * ptToMM
		pdf.SetTextColor(90, 90, 90)
		pdfText(pdf, (PageA4.Width-pdfWidth(pdf, size, footer))/2, PageA4.Height-10, size, footer, false)
		pdf.SetTextColor(0, 0, 0)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("receipt: write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// docWriter flows a document down A4 pages.
type docWriter struct {
	pdf      *fpdf.Fpdf
	bf       bundledFont
	head     string // running head on every page; "" none
	maxPages int
	width    float64 // content width
	y        float64 // top of the next line
	err      error   // the page limit was exceeded
}

// newPage starts a page with its running head, or records the page-limit
// error when the document has outgrown maxPages.
func (w *docWriter) newPage() {
	if w.maxPages > 0 && w.pdf.PageCount() >= w.maxPages {
		w.err = domain.Errorf(domain.EINVALID,
			"该文件超过 %d 页，超出本机的打印页数上限。请在政府网站查阅电子版，或联系工作人员。", w.maxPages)
		return
	}
	w.pdf.AddPage()
	w.y = docTop
	if w.head == "" {
		return
	}
	size := docSmallPt * ptToMM
	w.pdf.SetTextColor(90, 90, 90)
	pdfText(w.pdf, docSide, 13, size, w.head, false)
	w.pdf.SetTextColor(0, 0, 0)
	w.pdf.SetFillColor(150, 150, 150)
	w.pdf.Rect(docSide, 15, w.width, 0.2, "F")
	w.pdf.SetFillColor(0, 0, 0)
}

// need makes sure h millimetres fit below y, starting a page if not. It
// reports false once the page limit is exceeded.
func (w *docWriter) need(h float64) bool {
	if w.err != nil {
		return false
	}
	if w.y+h > PageA4.Height-docBottom && w.y > docTop {
		w.newPage()
	}
	return w.err == nil
}

func (w *docWriter) measure(size float64) func(string) float64 {
	return func(s string) float64 { return pdfWidth(w.pdf, size, s) }
}

// baseline returns the baseline of a line of size whose box starts at top.
func (w *docWriter) baseline(top, size, spacing float64) float64 {
	return top + (size*spacing-(w.bf.ascent+w.bf.descent)*size)/2 + w.bf.ascent*size
}

// lines draws wrapped lines at x offsets, one line height each.
func (w *docWriter) lines(ls []string, size, spacing float64, x func(i int, l string) float64, bold bool) {
	for i, l := range ls {
		h := size * spacing
		if !w.need(h) {
			return
		}
		pdfText(w.pdf, docSide+x(i, l), w.baseline(w.y, size, spacing), size, l, bold)
		w.y += h
	}
}

func (w *docWriter) render(doc *domain.Document) {
	titleSize := docTitlePt * ptToMM
	title := wrap(doc.Title, w.width, w.measure(titleSize))
	w.y += 2
	w.lines(title, titleSize, 1.5, func(_ int, l string) float64 {
		return (w.width - pdfWidth(w.pdf, titleSize, l)) / 2
	}, true)
	if doc.Sample {
		small := docSmallPt * ptToMM
		w.lines([]string{"（示例文件，仅供演示）"}, small, 1.6, func(_ int, l string) float64 {
			return (w.width - pdfWidth(w.pdf, small, l)) / 2
		}, false)
	}
	w.y += 3
	w.metadata(doc)
	w.y += 5
	for _, b := range doc.Body {
		if w.err != nil {
			return
		}
		w.block(b)
	}
	if len(doc.Attachments) > 0 && w.err == nil {
		w.y += 3
		size := docBodyPt * ptToMM
		w.lines([]string{"附件："}, size, docLineSpace, func(int, string) float64 { return 0 }, true)
		for i, a := range doc.Attachments {
			w.hanging(fmt.Sprintf("%d. ", i+1), a.Name, size)
		}
	}
}

// metadata draws the disclosure metadata as a four-column table of label
// and value pairs, as Chinese disclosure portals show it.
func (w *docWriter) metadata(doc *domain.Document) {
	pairs := [][2]string{
		{"索引号", doc.IndexNo}, {"主题分类", doc.Topic},
		{"发布机构", doc.Issuer}, {"成文日期", doc.Written},
		{"文号", doc.DocNo}, {"发布日期", doc.Published},
		{"公开属性", doc.Disclosure}, {"有效性", doc.Validity},
		{"关键词", strings.Join(doc.Keywords, "、")},
	}
	var rows [][]string
	var row []string
	for _, p := range pairs {
		if p[1] == "" {
			continue
		}
		row = append(row, p[0], p[1])
		if len(row) == 4 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, append(row, "", ""))
	}
	if len(rows) == 0 {
		return
	}
	label, value := 22.0, (w.width-44)/2
	w.table(rows, []float64{label, value, label, value}, false, func(col int) bool { return col%2 == 0 })
}

func (w *docWriter) block(b domain.Block) {
	body := docBodyPt * ptToMM
	switch b.Kind {
	case domain.BlockHeading:
		pt := map[int]float64{1: 15, 2: 14, 3: 13}[b.Level]
		if pt == 0 {
			pt = docBodyPt
		}
		size := pt * ptToMM
		ls := wrap(b.Text, w.width, w.measure(size))
		w.y += 2
		if !w.need(size * 1.5 * float64(min(len(ls), 2)+1)) { // keep a heading with what follows
			return
		}
		w.lines(ls, size, 1.5, func(int, string) float64 { return 0 }, true)
	case domain.BlockParagraph:
		indent := 2 * pdfWidth(w.pdf, body, "中")
		ls := wrapIndent(b.Text, w.width-indent, w.width, w.measure(body))
		w.lines(ls, body, docLineSpace, func(i int, _ string) float64 {
			if i == 0 {
				return indent
			}
			return 0
		}, false)
		w.y += body * 0.3
	case domain.BlockList:
		for i, item := range b.Items {
			marker := "• "
			if b.Ordered {
				marker = strconv.Itoa(i+1) + ". "
			}
			w.hanging(marker, item, body)
		}
		w.y += body * 0.3
	case domain.BlockTable:
		w.bodyTable(b.Rows)
		w.y += body * 0.6
	}
}

// hanging draws marker then text, the text's later lines aligned under its
// first character.
func (w *docWriter) hanging(marker, text string, size float64) {
	indent := 2 * pdfWidth(w.pdf, size, "中")
	mw := pdfWidth(w.pdf, size, marker)
	ls := wrapIndent(text, w.width-indent-mw, w.width-indent-mw, w.measure(size))
	if len(ls) > 0 {
		ls[0] = marker + ls[0]
	}
	w.lines(ls, size, docLineSpace, func(i int, _ string) float64 {
		if i == 0 {
			return indent
		}
		return indent + mw
	}, false)
}

// bodyTable sizes a document table's columns by their content and draws
// it with the first row as a header.
func (w *docWriter) bodyTable(rows [][]string) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	size := (docBodyPt - 1.5) * ptToMM
	natural := make([]float64, cols)
	for _, r := range rows {
		for c, cell := range r {
			natural[c] = max(natural[c], pdfWidth(w.pdf, size, cell)+2*docCellPad+1)
		}
	}
	widths := fitColumns(natural, w.width, 14)
	w.table(rows, widths, true, func(int) bool { return false })
}

// fitColumns shares total among columns in proportion to their natural
// widths, giving every column at least minW (or an equal share when even
// that does not fit) and none more than it needs when everything fits.
func fitColumns(natural []float64, total, minW float64) []float64 {
	n := float64(len(natural))
	minW = min(minW, total/n)
	sum := 0.0
	for _, v := range natural {
		sum += max(v, minW)
	}
	out := make([]float64, len(natural))
	for i, v := range natural {
		out[i] = max(v, minW) * total / sum
	}
	// Columns that got less than minW take it from the widest ones.
	for i := range out {
		if out[i] < minW {
			short := minW - out[i]
			out[i] = minW
			widest := 0
			for j := range out {
				if out[j] > out[widest] {
					widest = j
				}
			}
			out[widest] -= short
		}
	}
	return out
}

// table draws rows with wrapped cells and borders. A header row is shaded
// and repeated at the top of every page the table continues on; label
// columns are shaded too.
func (w *docWriter) table(rows [][]string, widths []float64, header bool, label func(col int) bool) {
	size := (docBodyPt - 1.5) * ptToMM
	lineH := size * 1.45
	type laid struct {
		cells [][]string
		h     float64
	}
	lay := func(r []string) laid {
		l := laid{cells: make([][]string, len(widths))}
		n := 1
		for c := range widths {
			cell := ""
			if c < len(r) {
				cell = r[c]
			}
			l.cells[c] = wrap(cell, widths[c]-2*docCellPad, w.measure(size))
			n = max(n, len(l.cells[c]))
		}
		l.h = float64(n)*lineH + 2*docCellPad
		return l
	}
	draw := func(l laid, shaded bool) {
		x := docSide
		w.pdf.SetLineWidth(0.2)
		for c, cw := range widths {
			style := "D"
			if shaded || (label(c) && l.cells[c][0] != "") {
				w.pdf.SetFillColor(235, 235, 235)
				style = "FD"
			}
			w.pdf.Rect(x, w.y, cw, l.h, style)
			w.pdf.SetFillColor(0, 0, 0)
			for i, s := range l.cells[c] {
				pdfText(w.pdf, x+docCellPad, w.baseline(w.y+docCellPad+float64(i)*lineH, size, 1.45), size, s, shaded)
			}
			x += cw
		}
		w.y += l.h
	}
	var head laid
	for i, r := range rows {
		l := lay(r)
		if i == 0 && header {
			head = l
			if !w.need(l.h + lay(safeRow(rows, 1)).h) { // a header never ends a page alone
				return
			}
			draw(l, true)
			continue
		}
		page := w.pdf.PageCount()
		if !w.need(l.h) {
			return
		}
		if header && w.pdf.PageCount() != page {
			draw(head, true)
		}
		draw(l, false)
	}
}

func safeRow(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// fixedDocDate is a document's publication date as the PDF's creation date,
// so rendering the same document twice gives the same bytes.
func fixedDocDate(published string) time.Time {
	d, _ := time.Parse(domain.DateLayout, published) // the zero time when malformed: newPDF fixes it
	return d
}
