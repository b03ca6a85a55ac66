package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barLayout lays out a bar of controls that must never make the window
// wider than the screen (the header and the navigation bar): lead items
// at the left, trail items at the right and one elastic middle item (a
// title that truncates) between them. When they do not fit in one row at
// the width given (大字模式 on a portrait screen), the middle item goes on
// the first row after the lead items, or on a row of its own, and the
// trail items flow onto further rows, right-aligned.
//
// A layout's MinSize cannot know the width it will get, so the bar's
// height for a width comes from HeightFor, which the window's frame
// (frameLayout) asks before it places the bar. MinSize reports the widest
// single item, so the bar never forces the window to grow.
type barLayout struct {
	lead, trail int // how many of the objects are lead and trail items; the one in between (if any) is the middle
	minMiddle   func() float32
	keepMiddle  bool // the middle keeps minMiddle's width, or the trail items wrap
}

// rows splits objs into rows for width w: each row is a list of indexes.
func (l *barLayout) rows(objs []fyne.CanvasObject, w float32) [][]int {
	gap := theme.Padding()
	width := func(i int) float32 { return objs[i].MinSize().Width }
	visible := func(i int) bool { return objs[i].Visible() }
	var lead, trail []int
	mid := -1
	for i := range objs {
		switch {
		case !visible(i):
		case i < l.lead:
			lead = append(lead, i)
		case i >= len(objs)-l.trail:
			trail = append(trail, i)
		default:
			mid = i
		}
	}
	sum := func(idx []int) float32 {
		var s float32
		for n, i := range idx {
			if n > 0 {
				s += gap
			}
			s += width(i)
		}
		return s
	}
	midMin := float32(0)
	if mid >= 0 {
		midMin = min(width(mid), l.minMiddle())
		if l.keepMiddle {
			// The title's own few characters, not its MinSize: a
			// truncating title asks only for its ellipsis.
			midMin = l.minMiddle()
		}
	}
	all := append([]int{}, lead...)
	if mid >= 0 {
		all = append(all, mid)
	}
	all = append(all, trail...)
	if sum(lead)+sum(trail)+midMin+2*gap <= w {
		return [][]int{all}
	}
	var out [][]int
	first := append([]int{}, lead...)
	if mid >= 0 {
		if sum(lead)+gap+midMin <= w {
			first = append(first, mid)
		} else {
			if len(first) > 0 {
				out = append(out, first)
			}
			first = []int{mid}
		}
	}
	if len(first) > 0 {
		out = append(out, first)
	}
	var row []int
	var used float32
	for _, i := range trail {
		if len(row) > 0 && used+gap+width(i) > w {
			out = append(out, row)
			row, used = nil, 0
		}
		if len(row) > 0 {
			used += gap
		}
		row = append(row, i)
		used += width(i)
	}
	if len(row) > 0 {
		out = append(out, row)
	}
	return out
}

func (l *barLayout) rowHeight(objs []fyne.CanvasObject, row []int) float32 {
	var h float32
	for _, i := range row {
		h = max(h, objs[i].MinSize().Height)
	}
	return h
}

// HeightFor returns the bar's height at width w.
func (l *barLayout) HeightFor(objs []fyne.CanvasObject, w float32) float32 {
	rows := l.rows(objs, w)
	var h float32
	for n, r := range rows {
		if n > 0 {
			h += theme.Padding()
		}
		h += l.rowHeight(objs, r)
	}
	return h
}

func (l *barLayout) isTrail(objs []fyne.CanvasObject, i int) bool {
	return i >= l.lead && i >= len(objs)-l.trail
}

func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	y := float32(0)
	for _, row := range l.rows(objs, size.Width) {
		h := l.rowHeight(objs, row)
		place := func(i int, x, w float32) {
			m := objs[i].MinSize()
			objs[i].Move(fyne.NewPos(x, y+(h-m.Height)/2))
			objs[i].Resize(fyne.NewSize(w, m.Height))
		}
		// Trail items from the right, then lead items from the left; the
		// middle takes what is left between them.
		right := size.Width
		for n := len(row) - 1; n >= 0 && l.isTrail(objs, row[n]); n-- {
			w := min(objs[row[n]].MinSize().Width, size.Width)
			right -= w
			place(row[n], right, w)
			right -= gap
		}
		x := float32(0)
		for _, i := range row {
			if l.isTrail(objs, i) {
				break
			}
			w := min(objs[i].MinSize().Width, max(size.Width-x, 0))
			if i >= l.lead { // the middle
				w = max(right-x, 0)
			}
			place(i, x, w)
			x += w + gap
		}
		y += h + gap
	}
}

func (l *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s, _ := visibleMin(objs)
	return s
}

// fitGrid lays out equal cells in as many columns (up to max) as fit the
// width: a row of choices that has room for three on a wide screen stacks
// them on a narrow one or in large text, instead of squeezing their
// captions. Rows are as tall as their tallest cell.
//
// Its height depends on its width, which MinSize is not told: it uses the
// width of the last layout (Fyne's wrapped text does the same), and the
// frame lays pages out twice after a change so the second pass is right.
type fitGrid struct {
	max   int
	width float32 // the last width laid out at; 0 before the first
}

// NewFitGrid returns a container laying objs out in up to cols columns.
func NewFitGrid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&fitGrid{max: max(cols, 1)}, objs...)
}

// Preferrer is an object that would rather be wider than its minimum (a
// caption that can wrap but reads best on one line); fitGrid gives it a
// column of its preferred width when there is room.
type Preferrer interface {
	PreferredWidth() float32
}

func preferred(o fyne.CanvasObject) float32 {
	if p, ok := o.(Preferrer); ok {
		return max(p.PreferredWidth(), o.MinSize().Width)
	}
	return o.MinSize().Width
}

func (g *fitGrid) cols(objs []fyne.CanvasObject, w float32) int {
	gap := theme.Padding()
	var cell float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			cell = max(cell, preferred(o))
			n++
		}
	}
	cols := min(g.max, max(n, 1))
	if w <= 0 {
		return cols
	}
	for cols > 1 && float32(cols)*cell+float32(cols-1)*gap > w {
		cols--
	}
	return cols
}

func (g *fitGrid) rows(objs []fyne.CanvasObject, cols int) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		row = append(row, o)
		if len(row) == cols {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (g *fitGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	g.width = size.Width
	gap := theme.Padding()
	cols := g.cols(objs, size.Width)
	w := (size.Width - float32(cols-1)*gap) / float32(cols)
	y := float32(0)
	for _, row := range g.rows(objs, cols) {
		for _, o := range row {
			o.Resize(fyne.NewSize(w, o.MinSize().Height)) // wrap at the cell's width before measuring
		}
		var h float32
		for _, o := range row {
			h = max(h, o.MinSize().Height)
		}
		for i, o := range row {
			o.Move(fyne.NewPos(float32(i)*(w+gap), y))
			o.Resize(fyne.NewSize(w, h))
		}
		y += h + gap
	}
}

func (g *fitGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	gap := theme.Padding()
	cols := g.cols(objs, g.width)
	var s fyne.Size
	for n, row := range g.rows(objs, cols) {
		var h float32
		for _, o := range row {
			m := o.MinSize()
			h = max(h, m.Height)
			s.Width = max(s.Width, m.Width)
		}
		if n > 0 {
			s.Height += gap
		}
		s.Height += h
	}
	return s
}

// Preferred holds content that reads best at a preferred width (fitGrid
// gives it a column that wide when there is room) but can shrink to its
// minimum.
type Preferred struct {
	widget.BaseWidget
	Content fyne.CanvasObject
	pref    func() float32
}

// NewPreferred wraps content with its preferred width.
func NewPreferred(content fyne.CanvasObject, pref func() float32) *Preferred {
	p := &Preferred{Content: content, pref: pref}
	p.ExtendBaseWidget(p)
	return p
}

// PreferredWidth returns the width content reads best at.
func (p *Preferred) PreferredWidth() float32 { return p.pref() }

func (p *Preferred) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.Content) }
