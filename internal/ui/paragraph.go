package ui

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noLineStart are the marks Chinese typesetting (避头尾, GB/T 15834) never
// puts at the start of a line: closing punctuation and the like. Fyne's
// own wrapping breaks between any two characters, so a full-width comma
// could begin a line of a document (issue 13).
const noLineStart = "，。、；：？！）》」』】〕〉］｝”’…%‰,.;:?!)]}"

// noLineEnd are the marks never left at the end of a line: opening
// brackets and quotes.
const noLineEnd = "（《「『【〔〈［｛“‘([{"

// Paragraph is wrapped text broken into lines by the rules of Chinese
// typesetting: no line starts with a closing mark or ends with an opening
// one, and a run of Latin letters and digits (an index number, a 文号's
// year, a word) is not split when the line has another place to break.
// It draws each line as a canvas.Text, so what is measured is what is
// drawn.
//
// Like Fyne's wrapped text, its height depends on its width: MinSize uses
// the width of the last layout, and the app lays pages out twice.
//
// Inside a TouchScroll only the lines in or near the scroller's view are
// drawn (see TouchScroll.cull): Fyne makes a texture for every line of
// text it paints, even one scrolled out of sight.
type Paragraph struct {
	widget.BaseWidget
	Text      string
	SizeName  fyne.ThemeSizeName
	ColorName fyne.ThemeColorName
	Alignment fyne.TextAlign

	band struct { // the part a scroller shows, in the paragraph's own coordinates
		top, bottom float32
		set         bool // false: draw every line
	}
	r *paragraphRenderer // the last made
}

// NewParagraph returns a paragraph of text in the theme's size and colour
// names.
func NewParagraph(text string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *Paragraph {
	p := &Paragraph{Text: text, SizeName: size, ColorName: col}
	p.ExtendBaseWidget(p)
	return p
}

// SetText replaces the text.
func (p *Paragraph) SetText(s string) {
	p.Text = s
	p.Refresh()
}

func (p *Paragraph) CreateRenderer() fyne.WidgetRenderer {
	p.r = &paragraphRenderer{p: p}
	return p.r
}

type paragraphRenderer struct {
	p     *Paragraph
	texts []*canvas.Text
	objs  []fyne.CanvasObject // texts, as Objects returns them
	lines []string
	key   struct { // what lines were broken for
		text  string
		width float32
		size  float32
	}
}

func (r *paragraphRenderer) textSize() float32 { return theme.Size(r.p.SizeName) }

// lineHeight is the height of one line of text (without spacing).
func (r *paragraphRenderer) lineHeight() float32 {
	return fyne.MeasureText("国", r.textSize(), fyne.TextStyle{}).Height
}

// breakFor breaks the text into lines for width w (the paragraph's box).
func (r *paragraphRenderer) breakFor(w float32) {
	size := r.textSize()
	if r.key.text == r.p.Text && r.key.width == w && r.key.size == size && r.lines != nil {
		return
	}
	r.key.text, r.key.width, r.key.size = r.p.Text, w, size
	r.lines = BreakLines(r.p.Text, w-2*theme.InnerPadding(), func(s string) float32 {
		return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
	})
}

func (r *paragraphRenderer) Layout(size fyne.Size) {
	r.breakFor(size.Width)
	for len(r.texts) < len(r.lines) {
		r.texts = append(r.texts, canvas.NewText("", theme.Color(r.p.ColorName)))
	}
	pad, lh, gap := theme.InnerPadding(), r.lineHeight(), theme.LineSpacing()
	y := pad
	for i, t := range r.texts {
		if i >= len(r.lines) {
			t.Hide()
			continue
		}
		t.Text, t.TextSize, t.Color, t.Alignment = r.lines[i], r.textSize(), theme.Color(r.p.ColorName), r.p.Alignment
		t.Move(fyne.NewPos(pad, y))
		t.Resize(fyne.NewSize(max(size.Width-2*pad, 0), lh))
		t.Show()
		t.Refresh()
		y += lh + gap
	}
}

// MinSize is the height of the lines at the last width laid out (one
// line before the first layout), and two characters wide.
func (r *paragraphRenderer) MinSize() fyne.Size {
	pad, lh, gap := theme.InnerPadding(), r.lineHeight(), theme.LineSpacing()
	n := 1
	if w := r.p.Size().Width; w > 0 {
		r.breakFor(w)
		n = max(len(r.lines), 1)
	}
	return fyne.NewSize(2*r.textSize()+2*pad, float32(n)*lh+float32(n-1)*gap+2*pad)
}

func (r *paragraphRenderer) Refresh() { r.Layout(r.p.Size()) }

// Objects are the lines to draw: those in the band a scroller shows, or
// all of them.
func (r *paragraphRenderer) Objects() []fyne.CanvasObject {
	if len(r.objs) != len(r.texts) {
		r.objs = objects(r.texts)
	}
	if !r.p.band.set {
		return r.objs
	}
	lo, hi := r.linesIn(r.p.band.top, r.p.band.bottom)
	return r.objs[lo:hi]
}

// linesIn returns the range of lines [lo, hi) that reach into the band
// from top to bottom, as Layout places them.
func (r *paragraphRenderer) linesIn(top, bottom float32) (lo, hi int) {
	n := min(len(r.lines), len(r.texts))
	pad, lh := theme.InnerPadding(), r.lineHeight()
	step := lh + theme.LineSpacing()
	// Line i spans pad+i*step to pad+i*step+lh.
	lo = int(math.Floor(float64((top-pad-lh)/step))) + 1
	hi = int(math.Ceil(float64((bottom - pad) / step)))
	return min(max(lo, 0), n), min(max(hi, 0), n)
}

// Lines returns the paragraph's lines as last laid out, drawn or not.
func (p *Paragraph) Lines() []string {
	if p.r == nil {
		return nil
	}
	return slices.Clone(p.r.lines)
}

// show sets the band of the paragraph a scroller shows, in the
// paragraph's coordinates.
func (p *Paragraph) show(top, bottom float32) {
	p.band.top, p.band.bottom, p.band.set = top, bottom, true
}

func (r *paragraphRenderer) Destroy() {}

// BreakLines breaks s into lines no wider than w as measured by width,
// keeping the rules of Chinese typesetting (noLineStart, noLineEnd) and
// Latin words and numbers whole where the line has another place to
// break. A newline always breaks. A single character wider than w gets a
// line of its own.
func BreakLines(s string, w float32, width func(string) float32) []string {
	var out []string
	adv := map[rune]float32{}
	advance := func(r rune) float32 {
		a, ok := adv[r]
		if !ok {
			a = width(string(r))
			adv[r] = a
		}
		return a
	}
	for _, para := range strings.Split(s, "\n") {
		out = append(out, breakParagraph([]rune(para), w, width, advance)...)
	}
	return out
}

// breakParagraph breaks one paragraph. Each line's end is first guessed
// from the characters' own advances, then settled by measuring the line
// itself (a pair's kerning can make it narrower or wider than the sum):
// shortened while too wide, lengthened while one more character fits.
// That is a line's worth of measuring, where a binary search over the
// paragraph would measure strings up to the whole paragraph, and Fyne
// keeps every string it measured for a minute (issue 16: 10 MB after
// opening a few long documents).
func breakParagraph(rs []rune, w float32, width func(string) float32, advance func(rune) float32) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	var out []string
	for start := 0; start < len(rs); {
		// The most runes that fit from start (at least one).
		fits := func(end int) bool { return width(string(rs[start:end])) <= w }
		end, sum := start+1, advance(rs[start])
		for end < len(rs) && sum+advance(rs[end]) <= w {
			sum += advance(rs[end])
			end++
		}
		if fits(end) {
			for end < len(rs) && fits(end+1) {
				end++
			}
		} else {
			for end > start+1 {
				end--
				if fits(end) {
					break
				}
			}
		}
		if end < len(rs) {
			end = breakBefore(rs, start, end)
		}
		out = append(out, strings.TrimRightFunc(string(rs[start:end]), unicode.IsSpace))
		start = end
		for start < len(rs) && rs[start] == ' ' { // a line does not start with the space it broke at
			start++
		}
	}
	return out
}

// breakBefore moves a break at end (rs[end] starts the next line) back
// until it is a good place: not before a closing mark, not after an
// opening one, not inside a Latin word or number. A line keeps at least
// one character.
func breakBefore(rs []rune, start, end int) int {
	good := func(i int) bool {
		return !strings.ContainsRune(noLineStart, rs[i]) && !strings.ContainsRune(noLineEnd, rs[i-1]) &&
			!(isWordRune(rs[i-1]) && isWordRune(rs[i]))
	}
	for i := end; i > start+1; i-- {
		if good(i) {
			return i
		}
	}
	// No good place: at least keep punctuation off the next line's start.
	for i := end; i > start+1; i-- {
		if !strings.ContainsRune(noLineStart, rs[i]) && !strings.ContainsRune(noLineEnd, rs[i-1]) {
			return i
		}
	}
	return end
}

// isWordRune is a rune of a Latin word or number, which breaks only at
// its ends.
func isWordRune(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-/._", r))
}
