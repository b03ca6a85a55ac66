package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
)

// DocumentScreen shows one document: its title and tags, the metadata
// table, links to its 解读 (both ways), its structured body and its
// attachments, in one finger-scrolled column.
type DocumentScreen struct {
	app       *App
	id        string
	doc       *domain.Document
	explains  *domain.Document         // the document this 解读 explains, if any
	readings  []domain.DocumentSummary // the 解读 that explain this document
	err       error
	scroll    *TouchScroll
	linkByDoc map[string]*LinkRow

	// PrintButton prints the document for the visitor (公开信息查阅); nil
	// when the kiosk does not allow it (Deps.PrintDocument).
	PrintButton *widget.Button
	printMsg    *widget.RichText
	printing    bool
}

// NewDocumentScreen returns the screen for document id.
func NewDocumentScreen(a *App, id string) *DocumentScreen {
	return &DocumentScreen{app: a, id: id}
}

// Title is the screen's title in the navigation bar.
func (s *DocumentScreen) Title() string {
	if s.doc != nil && s.doc.Interprets != "" {
		return "政策解读"
	}
	return "文件详情"
}

// Document returns the loaded document, nil before Build or on error.
func (s *DocumentScreen) Document() *domain.Document { return s.doc }

// Scroll returns the document's scroller.
func (s *DocumentScreen) Scroll() *TouchScroll { return s.scroll }

// Link returns the button that opens the linked document id (a 解读 or
// the document a 解读 explains), or nil.
func (s *DocumentScreen) Link(id string) *LinkRow { return s.linkByDoc[id] }

// Reset drops the document.
func (s *DocumentScreen) Reset() { s.doc, s.explains, s.readings = nil, nil, nil }

// PrintMessage returns the line next to the print button: what the
// print is doing or did.
func (s *DocumentScreen) PrintMessage() string {
	if s.printMsg == nil {
		return ""
	}
	return PlainText(s.printMsg)
}

func (s *DocumentScreen) load() {
	ctx, cancel := s.app.ctx()
	defer cancel()
	if s.doc, s.err = s.app.deps.Catalogue.Document(ctx, s.id); s.err != nil {
		return
	}
	if s.readings, s.err = s.app.deps.Catalogue.Interpretations(ctx, s.id); s.err != nil {
		return
	}
	if s.doc.Interprets != "" {
		// A dangling link is the hub's problem, not the visitor's: show the
		// 解读 without it.
		if d, err := s.app.deps.Catalogue.Document(ctx, s.doc.Interprets); err == nil {
			s.explains = d
		} else {
			s.app.Logf("ui: document %s interprets %s: %v", s.id, s.doc.Interprets, err)
		}
	}
}

// Build loads the document and lays it out.
func (s *DocumentScreen) Build() fyne.CanvasObject {
	s.load()
	if s.err != nil {
		s.app.Logf("ui: document %s: %v", s.id, s.err)
		msg := domain.ErrorMessage(s.err)
		if domain.ErrorCode(s.err) == domain.ENOTFOUND {
			msg = "未找到该文件，它可能已被撤下。"
		}
		return centerMessage(msg)
	}
	d := s.doc
	s.linkByDoc = map[string]*LinkRow{}
	col := container.NewVBox()
	title := wrappedText(d.Title, theme.SizeNameHeadingText, theme.ColorNameForeground)
	title.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	col.Add(title)
	if tags := s.tags(); tags != nil {
		col.Add(tags)
	}
	if p := s.printRow(); p != nil {
		col.Add(p)
	}
	col.Add(s.metadata())
	if links := s.links(); links != nil {
		col.Add(links)
	}
	col.Add(widget.NewSeparator())
	for _, b := range d.Body {
		if o := bodyBlock(b); o != nil {
			col.Add(o)
		}
	}
	if att := s.attachments(); att != nil {
		col.Add(widget.NewSeparator())
		col.Add(att)
	}
	col.Add(layout.NewSpacer())
	s.scroll = s.app.NewTouchScroll(container.NewPadded(readable(col)))
	return s.scroll
}

func (s *DocumentScreen) tags() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	if v := validityLabel(s.doc.Validity); v != "" {
		objs = append(objs, badge("本文件"+v, theme.ColorNameError),
			styledText("仅供查阅，不再作为执行依据", theme.SizeNameText, theme.ColorNameError))
	}
	if s.doc.Sample {
		objs = append(objs, badge("示例", ColorNameBadge),
			styledText("演示用文件，不是正式发布的政府信息", theme.SizeNameText, ColorNameMuted))
	}
	if len(objs) == 0 {
		return nil
	}
	return container.NewCenter(container.NewHBox(objs...))
}

// printRow is the 打印本文件 button with its message line, when staff
// allow visitors to print documents.
func (s *DocumentScreen) printRow() fyne.CanvasObject {
	if s.app.deps.PrintDocument == nil {
		return nil
	}
	s.PrintButton = widget.NewButtonWithIcon("打印本文件", theme.DocumentPrintIcon(), s.app.Handle(s.print))
	s.printMsg = wrappedText("可打印本文件（A4 纸），仅供参考。", theme.SizeNameText, ColorNameMuted)
	return container.NewBorder(nil, nil, nil, s.PrintButton, s.printMsg)
}

// documentPrintTimeout bounds rendering the PDF and waiting for CUPS.
const documentPrintTimeout = 3 * time.Minute

// print renders and prints the document off the UI goroutine. One print
// per opening of the document: the button stays off after a success, so
// a double tap does not print twice.
func (s *DocumentScreen) print() {
	if s.printing || s.doc == nil {
		return
	}
	s.printing = true
	s.PrintButton.Disable()
	s.setPrintMessage("正在准备打印，请稍候……", ColorNameMuted)
	doc, printDoc, do := s.doc, s.app.deps.PrintDocument, s.app.deps.Do
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), documentPrintTimeout)
		pages, err := printDoc(ctx, doc)
		cancel()
		do(func() {
			s.printing = false
			if s.doc != doc {
				return // the visitor has left the document
			}
			if err != nil {
				s.app.Logf("ui: print document %s: %v", doc.ID, err)
				s.setPrintMessage(domain.ErrorMessage(err), theme.ColorNameError)
				s.PrintButton.Enable()
				return
			}
			s.setPrintMessage(fmt.Sprintf("已送往打印机（共 %d 页），请到打印机处取件。", pages), theme.ColorNamePrimary)
		})
	}()
}

func (s *DocumentScreen) setPrintMessage(msg string, col fyne.ThemeColorName) {
	s.printMsg.Segments[0].(*widget.TextSegment).Style.ColorName = col
	s.printMsg.Wrapping = WrapFor(msg)
	SetText(s.printMsg, msg)
}

// metadata is the table of the fields Chinese disclosure portals show.
func (s *DocumentScreen) metadata() fyne.CanvasObject {
	d := s.doc
	validity := d.Validity
	if validity == "" {
		validity = domain.ValidityValid
	}
	disclosure := d.Disclosure
	if disclosure == "" {
		disclosure = domain.DisclosureProactive
	}
	// Two columns of key and value, as portals print them, so the table
	// leaves room for the text on the first screen; 关键词 spans both.
	left := metaForm([][2]string{{"索引号", d.IndexNo}, {"文号", d.DocNo}, {"发布机构", d.Issuer}, {"主题分类", d.Topic}}, validity)
	right := metaForm([][2]string{{"成文日期", d.Written}, {"发布日期", d.Published}, {"公开属性", disclosure}, {"有效性", validity}}, validity)
	// The two columns stack in large text or on a narrow screen rather than
	// break an index number in the middle (issue 13).
	grid := container.NewVBox(NewFitGrid(2, left, right),
		metaForm([][2]string{{"关键词", strings.Join(d.Keywords, "、")}}, validity).Content)
	bg := NewCard(ColorNameKeyCell, 8)
	return container.NewStack(bg, container.NewPadded(grid))
}

// metaForm lays out key/value rows; an empty value shows a dash, and
// 有效性 other than 有效 is shown in red. It prefers the width at which
// every value fits on one line.
func metaForm(fields [][2]string, validity string) *Preferred {
	form := container.New(layout.NewFormLayout())
	var keyW, valW float32
	size := theme.Size(theme.SizeNameText)
	for _, f := range fields {
		val := f[1]
		if val == "" {
			val = "—"
		}
		key := styledText(f[0], theme.SizeNameText, ColorNameMuted)
		// A Paragraph breaks an index number or a 文号 only where it must
		// (issue 13: 索引号 wrapped inside the number).
		v := NewParagraph(val, theme.SizeNameText, theme.ColorNameForeground)
		if f[0] == "有效性" && validity != domain.ValidityValid {
			v.ColorName = theme.ColorNameError
		}
		form.Add(key)
		form.Add(v)
		keyW = max(keyW, fyne.MeasureText(f[0], size, fyne.TextStyle{}).Width)
		valW = max(valW, fyne.MeasureText(val, size, fyne.TextStyle{}).Width)
	}
	return NewPreferred(form, func() float32 {
		// The measures above are at the size of the moment; scale them to
		// the text size now.
		k := theme.Size(theme.SizeNameText) / size
		return (keyW+valW)*k + 6*theme.InnerPadding()
	})
}

// links lists the 解读 of this document and, for a 解读, the document it
// explains: the "三同步" rule publishes them together, so a visitor must be
// able to go both ways.
func (s *DocumentScreen) links() fyne.CanvasObject {
	box := container.NewVBox()
	if s.explains != nil {
		box.Add(sectionTitle("解读的文件"))
		box.Add(s.linkButton(s.explains.ID, s.explains.Title))
	}
	if len(s.readings) > 0 {
		box.Add(sectionTitle("相关解读"))
		for _, r := range s.readings {
			box.Add(s.linkButton(r.ID, r.Title))
		}
	}
	if len(box.Objects) == 0 {
		return nil
	}
	return box
}

func (s *DocumentScreen) linkButton(id, title string) *LinkRow {
	b := NewLinkRow(title, s.app.Handle(func() { s.app.Push(NewDocumentScreen(s.app, id)) }))
	s.linkByDoc[id] = b
	return b
}

func (s *DocumentScreen) attachments() fyne.CanvasObject {
	if len(s.doc.Attachments) == 0 {
		return nil
	}
	box := container.NewVBox(sectionTitle(fmt.Sprintf("附件（%d 个）", len(s.doc.Attachments))))
	for _, at := range s.doc.Attachments {
		name := wrappedText(at.Name, theme.SizeNameText, theme.ColorNameForeground)
		info := styledText(mediaTypeName(at.MediaType)+"　"+humanSize(at.Size), theme.SizeNameText, ColorNameMuted)
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), info, name))
	}
	return box
}

// bodyBlock renders one block of a structured body for reading at large
// sizes: headings by level, wrapped paragraphs, numbered or bulleted
// lists and ruled tables.
func bodyBlock(b domain.Block) fyne.CanvasObject {
	switch b.Kind {
	case domain.BlockHeading:
		size := theme.SizeNameText
		switch b.Level {
		case 1:
			size = theme.SizeNameHeadingText
		case 2:
			size = theme.SizeNameSubHeadingText
		}
		t := NewParagraph(b.Text, size, theme.ColorNameForeground)
		if b.Level == 1 {
			t.Alignment = fyne.TextAlignCenter
		}
		return t
	case domain.BlockParagraph:
		return NewParagraph("　　"+strings.TrimSpace(b.Text), theme.SizeNameText, theme.ColorNameForeground)
	case domain.BlockList:
		box := container.NewVBox()
		for i, it := range b.Items {
			mark := "•"
			if b.Ordered {
				mark = fmt.Sprintf("%d.", i+1)
			}
			box.Add(container.NewBorder(nil, nil,
				container.NewVBox(styledText(mark, theme.SizeNameText, theme.ColorNameForeground)), nil,
				NewParagraph(it, theme.SizeNameText, theme.ColorNameForeground)))
		}
		return box
	case domain.BlockTable:
		return bodyTable(b.Rows)
	}
	return nil
}

// bodyTable draws a table as a grid of wrapped cells with rules, so it
// grows with the text instead of scrolling inside the document's scroll.
// Where its columns would be too narrow for a few characters (large text
// on a portrait screen), each row is shown instead as a card of
// "header：value" lines.
func bodyTable(rows [][]string) fyne.CanvasObject {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return nil
	}
	cell := func(rows [][]string, i, j int) string {
		if j < len(rows[i]) {
			return rows[i][j]
		}
		return ""
	}
	grid := container.NewVBox()
	for i := range rows {
		cells := make([]fyne.CanvasObject, cols)
		for j := range cells {
			t := NewParagraph(cell(rows, i, j), theme.SizeNameText, theme.ColorNameForeground)
			bg := NewFill(theme.ColorNameBackground)
			if i == 0 {
				bg.ColorName = ColorNameKeyCell
			}
			bg.StrokeName, bg.StrokeWidth = theme.ColorNameSeparator, 1
			cells[j] = container.NewStack(bg, t)
		}
		grid.Add(container.New(&rowLayout{}, cells...))
	}
	stacked := container.NewVBox()
	for i := 1; i < len(rows); i++ {
		var lines []string
		for j := 0; j < cols; j++ {
			head := cell(rows, 0, j)
			if head != "" {
				head += "："
			}
			lines = append(lines, head+cell(rows, i, j))
		}
		bg := NewFill(theme.ColorNameBackground)
		bg.StrokeName, bg.StrokeWidth = theme.ColorNameSeparator, 1
		stacked.Add(container.NewStack(bg, NewParagraph(strings.Join(lines, "\n"), theme.SizeNameText, theme.ColorNameForeground)))
	}
	narrow := func(w float32) bool { return w/float32(cols) < 5*theme.Size(theme.SizeNameText) }
	return container.New(&eitherLayout{narrow: narrow}, grid, stacked)
}

// eitherLayout shows its first object, or its second where narrow says
// the width is too small for the first.
type eitherLayout struct {
	narrow func(w float32) bool
	width  float32
}

func (l *eitherLayout) pick(objs []fyne.CanvasObject, w float32) (shown, hidden fyne.CanvasObject) {
	if w > 0 && l.narrow(w) {
		return objs[1], objs[0]
	}
	return objs[0], objs[1]
}

func (l *eitherLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	shown, hidden := l.pick(objs, size.Width)
	hidden.Hide()
	shown.Show()
	shown.Move(fyne.NewPos(0, 0))
	shown.Resize(size)
}

func (l *eitherLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	shown, _ := l.pick(objs, l.width)
	m := shown.MinSize()
	return fyne.NewSize(min(m.Width, objs[1].MinSize().Width), m.Height)
}

// rowLayout gives a table row's cells equal widths and the height of the
// tallest wrapped cell.
type rowLayout struct{}

func (rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width / float32(len(objs))
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*w, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}
