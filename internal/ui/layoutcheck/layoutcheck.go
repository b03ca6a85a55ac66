// Package layoutcheck inspects a laid-out Fyne object tree for what a
// visitor would see as a broken screen: something drawn outside the
// window, a text that spills out of its box or is cut by a scroller's
// edge, two texts drawn over each other, a button squeezed below its
// caption. The kiosk's layout tests run it on every screen at every
// window size, text step and palette, headless and in the real window.
//
// It measures what Fyne draws: a canvas.Text's drawn extent is its
// measured text (with its alignment) inside its box, not just the box,
// because a canvas.Text draws all of its text whatever size it is given.
// Entries are boxes (their text scrolls inside them by design).
package layoutcheck

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tolerance absorbs rounding: a pixel is not a visible fault.
const tolerance = 1.5

// Problem is one fault found.
type Problem struct {
	Kind string // "outside", "overflow", "clipped", "overlap", "squeezed"
	What string // the objects, with their text where they have one
}

func (p Problem) String() string { return p.Kind + ": " + p.What }

// rect is an axis-aligned rectangle in window coordinates.
type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) empty() bool { return r.x1-r.x0 <= 0 || r.y1-r.y0 <= 0 }

func (r rect) intersect(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

func (r rect) String() string {
	return fmt.Sprintf("(%.0f,%.0f)-(%.0f,%.0f)", r.x0, r.y0, r.x1, r.y1)
}

// text is a drawn text and the scroller region that clips it, if any.
type text struct {
	t    *canvas.Text
	r    rect
	clip *rect
}

type walker struct {
	win      rect
	texts    []text
	problems []Problem
}

// Check walks root, laid out in a window of size, and returns the faults
// found, in a stable order. Check each layer on its own (the page, a
// pop-up, an overlay): a pop-up covers the page's texts by design.
func Check(root fyne.CanvasObject, size fyne.Size) []Problem {
	w := &walker{win: rect{0, 0, size.Width, size.Height}}
	w.walk(root, fyne.NewPos(0, 0), nil)
	w.overlaps()
	sort.SliceStable(w.problems, func(i, j int) bool { return w.problems[i].String() < w.problems[j].String() })
	return w.problems
}

func (w *walker) add(kind, format string, args ...any) {
	w.problems = append(w.problems, Problem{Kind: kind, What: fmt.Sprintf(format, args...)})
}

func describe(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *canvas.Text:
		return fmt.Sprintf("text %q", x.Text)
	case *widget.Button:
		return fmt.Sprintf("button %q", x.Text)
	case *widget.Label:
		return fmt.Sprintf("label %q", x.Text)
	case *widget.Select:
		return fmt.Sprintf("select %q", x.Selected)
	case *widget.Entry:
		return fmt.Sprintf("entry (placeholder %q)", x.PlaceHolder)
	}
	return fmt.Sprintf("%T", o)
}

func (w *walker) walk(o fyne.CanvasObject, parent fyne.Position, clip *rect) {
	if o == nil || !o.Visible() {
		return
	}
	pos := parent.Add(o.Position())
	size := o.Size()
	box := rect{pos.X, pos.Y, pos.X + size.Width, pos.Y + size.Height}
	if clip != nil && box.intersect(*clip).empty() {
		return // scrolled out of sight (a list keeps rows it is not showing)
	}
	drawn := box
	if t, ok := o.(*canvas.Text); ok {
		drawn = w.text(t, box, clip)
	}
	if !drawn.empty() && clip == nil && !w.inside(drawn, w.win) {
		w.add("outside", "%s at %s, window %s", describe(o), drawn, w.win)
	}
	switch x := o.(type) {
	case *widget.Entry:
		return // a box: its text scrolls inside it
	case *widget.Button:
		if m := x.MinSize(); size.Width+tolerance < m.Width || size.Height+tolerance < m.Height {
			w.add("squeezed", "%s is %.0f×%.0f, needs %.0f×%.0f", describe(o), size.Width, size.Height, m.Width, m.Height)
		}
	case *container.Scroll:
		c := box
		if clip != nil {
			c = c.intersect(*clip)
		}
		clip = &c
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			w.walk(c, pos, clip)
		}
	case *widget.Button:
		// Its caption and icon; its tap animation grows past it by design.
		for _, c := range test.WidgetRenderer(x).Objects() {
			if _, anim := c.(*canvas.Rectangle); !anim {
				w.walk(c, pos, clip)
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			w.walk(c, pos, clip)
		}
	}
}

// text records t and returns its drawn extent.
func (w *walker) text(t *canvas.Text, box rect, clip *rect) rect {
	if strings.TrimSpace(t.Text) == "" {
		return rect{}
	}
	m := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
	bw := box.x1 - box.x0
	x0 := box.x0
	switch t.Alignment {
	case fyne.TextAlignCenter:
		x0 += (bw - m.Width) / 2
	case fyne.TextAlignTrailing:
		x0 += bw - m.Width
	}
	drawn := rect{x0, box.y0, x0 + m.Width, box.y0 + max(m.Height, box.y1-box.y0)}
	if m.Width > bw+tolerance {
		w.add("overflow", "%s is %.0f wide in a box of %.0f at %s", describe(t), m.Width, bw, box)
	}
	if clip != nil && (drawn.x0 < clip.x0-tolerance || drawn.x1 > clip.x1+tolerance) &&
		drawn.y1 > clip.y0 && drawn.y0 < clip.y1 {
		w.add("clipped", "%s at %s is cut by its scroller's side %s", describe(t), drawn, *clip)
	}
	w.texts = append(w.texts, text{t: t, r: drawn, clip: clip})
	return drawn
}

func (w *walker) inside(r, outer rect) bool {
	return r.x0 >= outer.x0-tolerance && r.y0 >= outer.y0-tolerance &&
		r.x1 <= outer.x1+tolerance && r.y1 <= outer.y1+tolerance
}

// overlaps reports texts drawn over each other, where both are visible
// (inside their scrollers' regions and the window).
func (w *walker) overlaps() {
	vis := make([]rect, len(w.texts))
	for i, t := range w.texts {
		r := t.r.intersect(w.win)
		if t.clip != nil {
			r = r.intersect(*t.clip)
		}
		vis[i] = r
	}
	for i := range w.texts {
		if vis[i].empty() {
			continue
		}
		for j := i + 1; j < len(w.texts); j++ {
			o := vis[i].intersect(vis[j])
			if o.x1-o.x0 > 2*tolerance && o.y1-o.y0 > 2*tolerance {
				w.add("overlap", "%s at %s and %s at %s", describe(w.texts[i].t), w.texts[i].r,
					describe(w.texts[j].t), w.texts[j].r)
			}
		}
	}
}

// InView checks that target, somewhere under root laid out in a window of
// size, shows its top part (need high at most; its whole height when it is
// smaller) without scrolling: inside the window and inside every
// scroller holding it, at the scroll position it has. A form step checks
// its question's first answer with it (issue 13: in large text on a short
// screen the bars above and below a step left no room for a single
// choice, and the visitor had to guess that the page scrolls). It
// reports "hidden" naming what, or "missing" when target is not shown.
func InView(root fyne.CanvasObject, size fyne.Size, target fyne.CanvasObject, what string, need float32) []Problem {
	box, view, ok := locate(root, target, fyne.NewPos(0, 0), rect{0, 0, size.Width, size.Height})
	if !ok {
		return []Problem{{Kind: "missing", What: what + " is not shown"}}
	}
	h := min(box.y1-box.y0, need)
	switch {
	case box.y0 < view.y0-tolerance:
		return []Problem{{Kind: "hidden", What: fmt.Sprintf("%s at %s lies above the visible part of the page %s", what, box, view)}}
	case box.y0+h > view.y1+tolerance:
		return []Problem{{Kind: "hidden", What: fmt.Sprintf("%s at %s lies below the visible part of the page %s", what, box, view)}}
	}
	return nil
}

// locate finds target under o (placed at parent) and returns its box in
// window coordinates and the part of the window its scrollers show.
func locate(o, target fyne.CanvasObject, parent fyne.Position, view rect) (rect, rect, bool) {
	if o == nil || !o.Visible() {
		return rect{}, rect{}, false
	}
	pos := parent.Add(o.Position())
	box := rect{pos.X, pos.Y, pos.X + o.Size().Width, pos.Y + o.Size().Height}
	if o == target {
		return box, view, true
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *container.Scroll:
		view = view.intersect(box)
		kids = []fyne.CanvasObject{x.Content}
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if b, v, ok := locate(k, target, pos, view); ok {
			return b, v, true
		}
	}
	return rect{}, rect{}, false
}
