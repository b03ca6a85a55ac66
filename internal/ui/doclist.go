package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
)

// pageSize is how many rows one catalogue call fetches for a list.
const pageSize = 50

// maxPages bounds the rows a pager keeps, so scrolling through 100,000
// documents does not keep them all in memory.
const maxPages = 40

// pager fetches a long list a page at a time as its rows come into view.
type pager[T any] struct {
	fetch func(offset, limit int) ([]T, int, error)
	pages map[int][]T
	order []int // pages in the order they were fetched, for eviction
	total int
	err   error
}

func newPager[T any](fetch func(offset, limit int) ([]T, int, error)) *pager[T] {
	p := &pager[T]{fetch: fetch, pages: map[int][]T{}}
	p.load(0)
	return p
}

func (p *pager[T]) load(page int) []T {
	if rows, ok := p.pages[page]; ok {
		return rows
	}
	rows, total, err := p.fetch(page*pageSize, pageSize)
	if err != nil {
		p.err = err
		return nil
	}
	p.err, p.total = nil, total
	if len(p.order) >= maxPages {
		delete(p.pages, p.order[0])
		p.order = p.order[1:]
	}
	p.pages[page] = rows
	p.order = append(p.order, page)
	return rows
}

// get returns row i, fetching its page if needed.
func (p *pager[T]) get(i int) (T, bool) {
	rows := p.load(i / pageSize)
	if j := i % pageSize; j < len(rows) {
		return rows[j], true
	}
	var zero T
	return zero, false
}

// DocumentListScreen lists the documents of a category and its subtree,
// newest first, loading pages as the visitor scrolls.
type DocumentListScreen struct {
	app   *App
	cat   *domain.CategoryNode
	path  []string
	pages *pager[domain.DocumentSummary]
	list  *TouchList
}

// NewDocumentListScreen lists cat's documents; path names cat's ancestors
// and cat itself, for the breadcrumb.
func NewDocumentListScreen(a *App, cat *domain.CategoryNode, path []string) *DocumentListScreen {
	return &DocumentListScreen{app: a, cat: cat, path: path}
}

// Title names the category.
func (s *DocumentListScreen) Title() string { return s.cat.Name }

// Build fetches the first page and lists it.
func (s *DocumentListScreen) Build() fyne.CanvasObject {
	s.pages = newPager(func(offset, limit int) ([]domain.DocumentSummary, int, error) {
		ctx, cancel := s.app.ctx()
		defer cancel()
		rows, total, err := s.app.deps.Catalogue.Documents(ctx, domain.DocumentFilter{CategoryID: s.cat.ID, Offset: offset, Limit: limit})
		if err != nil {
			s.app.Logf("ui: documents of %s at %d: %v", s.cat.ID, offset, err)
		}
		return rows, total, err
	})
	if s.pages.err != nil {
		return centerMessage(domain.ErrorMessage(s.pages.err))
	}
	if s.pages.total == 0 {
		return centerMessage("本类暂无文件")
	}
	s.list = s.app.NewTouchList(
		func() int { return s.pages.total },
		func() fyne.CanvasObject { return newDocRow(false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d, _ := s.pages.get(i)
			o.(*docRow).set(d, nil)
		},
		func(i widget.ListItemID) {
			if d, ok := s.pages.get(i); ok {
				s.app.Push(NewDocumentScreen(s.app, d.ID))
			}
		},
	)
	head := styledText(fmt.Sprintf("%s　共 %d 件，按发布日期从新到旧排列", strings.Join(s.path, " › "), s.pages.total),
		theme.SizeNameText, ColorNameMuted)
	head.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(container.NewPadded(head), nil, nil, nil, s.list)
}

// List returns the screen's list (nil when the category is empty).
func (s *DocumentListScreen) List() *TouchList { return s.list }

// Total returns the number of documents listed.
func (s *DocumentListScreen) Total() int { return s.pages.total }

// Reset drops the fetched pages.
func (s *DocumentListScreen) Reset() { s.pages = nil }

// tag is a small coloured label whose text can change (示例, 已废止).
type tag struct {
	box  *fyne.Container
	rect *Fill
	text *widget.RichText
}

func newTag(bg fyne.ThemeColorName) *tag {
	t := &tag{rect: NewCard(bg, 5),
		text: styledText("", theme.SizeNameCaptionText, theme.ColorNameForegroundOnPrimary)}
	t.box = container.NewCenter(container.NewStack(t.rect, t.text))
	t.box.Hide()
	return t
}

func (t *tag) set(text string) {
	if text == "" {
		t.box.Hide()
		return
	}
	SetText(t.text, text)
	t.box.Show()
}

// docRow is one document in a list or in search results: its title, a
// line of 文号, 发布日期 and 发布机构, tags for 示例 and for documents no
// longer in force, and in search results a snippet with the matches
// highlighted. Every row has the same height, which keeps widget.List fast.
type docRow struct {
	widget.BaseWidget
	title    *widget.RichText
	meta     *widget.RichText
	snippet  *snippetLine // nil in plain lists
	sample   *tag
	validity *tag
	activate func()
	summary  domain.DocumentSummary
}

func (r *docRow) setActivate(fn func()) { r.activate = fn }

// FocusText is what the keypad's focus says of the row.
func (r *docRow) FocusText() string { return summarySpeech(-1, r.summary) }

// Activate opens the row's document.
func (r *docRow) Activate() {
	if r.activate != nil {
		r.activate()
	}
}

func newDocRow(withSnippet bool) *docRow {
	r := &docRow{
		title:    styledText("", theme.SizeNameText, theme.ColorNameForeground),
		meta:     styledText("", theme.SizeNameCaptionText, ColorNameMuted),
		sample:   newTag(ColorNameBadge),
		validity: newTag(theme.ColorNameError),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	if withSnippet {
		r.snippet = newSnippetLine()
	}
	r.ExtendBaseWidget(r)
	return r
}

func snippetStyle(hit bool) widget.RichTextStyle {
	s := widget.RichTextStyle{Inline: true, SizeName: theme.SizeNameText, ColorName: ColorNameMuted}
	if hit {
		s.ColorName = ColorNameHit
	}
	return s
}

// snippetSegments turns a search snippet into RichText segments with the
// matched spans in the highlight style.
func snippetSegments(spans []domain.Span) []widget.RichTextSegment {
	segs := make([]widget.RichTextSegment, 0, len(spans))
	for _, sp := range spans {
		text := strings.Join(strings.Fields(sp.Text), " ") // one line: newlines would break the row height
		if text == "" {
			continue
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: snippetStyle(sp.Hit)})
	}
	if len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: " ", Style: snippetStyle(false)})
	}
	return segs
}

func (r *docRow) set(d domain.DocumentSummary, snippet []domain.Span) {
	r.summary = d
	SetText(r.title, d.Title)
	var meta []string
	for _, s := range []string{d.DocNo, d.Published, d.Issuer} {
		if s != "" {
			meta = append(meta, s)
		}
	}
	if len(meta) == 0 {
		meta = append(meta, " ")
	}
	SetText(r.meta, strings.Join(meta, "　"))
	if d.Sample {
		r.sample.set("示例")
	} else {
		r.sample.set("")
	}
	if b := validityLabel(d.Validity); b != "" {
		r.validity.set(b)
	} else {
		r.validity.set("")
	}
	if r.snippet != nil {
		r.snippet.Segments = snippetSegments(snippet)
		r.snippet.Refresh()
	}
	r.Refresh() // re-lay out: the tags come and go
}

// validityLabel is the tag for a document no longer in force, "" if valid.
func validityLabel(v string) string {
	if v == "" || v == domain.ValidityValid {
		return ""
	}
	return "已" + v
}

func (r *docRow) CreateRenderer() fyne.WidgetRenderer {
	lines := container.NewVBox(r.title, r.meta)
	if r.snippet != nil {
		lines = container.NewVBox(r.title, r.snippet, r.meta)
	}
	tags := container.NewHBox(r.validity.box, r.sample.box)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, tags, lines))
}

// Text returns the row's visible text, for tests.
func (r *docRow) Text() string {
	s := PlainText(r.title) + "|" + PlainText(r.meta)
	if r.snippet != nil {
		s += "|" + PlainText(&widget.RichText{Segments: r.snippet.Segments})
	}
	return s
}

// snippetLine draws a search snippet on one line, its matches
// highlighted, cut to its width with an ellipsis. Fyne's RichText cuts
// each inline segment on its own, so highlighted words ran past the row's
// edge and under the 示例 tag (issue 13); drawing the pieces here keeps
// what is measured and what is drawn the same.
type snippetLine struct {
	widget.BaseWidget
	Segments []widget.RichTextSegment // the whole snippet
}

func newSnippetLine() *snippetLine {
	l := &snippetLine{Segments: snippetSegments(nil)}
	l.ExtendBaseWidget(l)
	return l
}

func (l *snippetLine) CreateRenderer() fyne.WidgetRenderer { return &snippetRenderer{l: l} }

type snippetRenderer struct {
	l     *snippetLine
	texts []*canvas.Text
}

func (r *snippetRenderer) Layout(size fyne.Size) {
	pad := theme.InnerPadding()
	pieces := truncateSegments(r.l.Segments, size.Width-2*pad)
	for len(r.texts) < len(pieces) {
		r.texts = append(r.texts, canvas.NewText("", theme.Color(ColorNameMuted)))
	}
	x := pad
	for i, t := range r.texts {
		if i >= len(pieces) {
			t.Hide()
			continue
		}
		seg := pieces[i].(*widget.TextSegment)
		t.Text, t.Color = seg.Text, theme.Color(seg.Style.ColorName)
		t.TextSize, t.TextStyle = theme.Size(seg.Style.SizeName), seg.Style.TextStyle
		m := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
		t.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		t.Resize(m)
		t.Show()
		t.Refresh()
		x += m.Width
	}
}

// MinSize is one line's height and no width: the line is cut to fit.
func (r *snippetRenderer) MinSize() fyne.Size {
	return fyne.NewSize(0, fyne.MeasureText("国", theme.Size(theme.SizeNameText), fyne.TextStyle{}).Height+2*theme.InnerPadding())
}

func (r *snippetRenderer) Refresh() { r.Layout(r.l.Size()) }

func (r *snippetRenderer) Objects() []fyne.CanvasObject { return objects(r.texts) }

func (r *snippetRenderer) Destroy() {}

// truncateSegments returns segs cut to fit in width w, ending in "…" when
// cut.
func truncateSegments(segs []widget.RichTextSegment, w float32) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	used := float32(0)
	for i, sg := range segs {
		t, ok := sg.(*widget.TextSegment)
		if !ok {
			return segs
		}
		size := theme.Size(t.Style.SizeName)
		tw := fyne.MeasureText(t.Text, size, t.Style.TextStyle).Width
		ell := fyne.MeasureText("…", size, t.Style.TextStyle).Width
		limit := w
		if i < len(segs)-1 {
			limit -= ell // room for the ellipsis, should a later segment not fit
		}
		if used+tw <= limit {
			out = append(out, t)
			used += tw
			continue
		}
		runes := []rune(t.Text)
		lo, hi := 0, len(runes)
		for lo < hi { // the most runes that fit with the ellipsis
			mid := (lo + hi + 1) / 2
			if used+fyne.MeasureText(string(runes[:mid]), size, t.Style.TextStyle).Width+ell <= w {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		out = append(out, &widget.TextSegment{Text: string(runes[:lo]) + "…", Style: t.Style})
		return out
	}
	return out
}
