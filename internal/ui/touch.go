package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Finger scrolling. Fyne's desktop driver (which a touchscreen kiosk runs)
// delivers a finger drag as a mouse drag, and container.Scroll ignores drags
// unless on mobile (fyne issues #5755, #1065). The driver sends a drag to the
// last Draggable in tree order under the finger, so each scrolling widget
// here lays a transparent drag layer over its scroller: the layer takes the
// drag and moves the scroller, while taps (the layer is not Tappable), the
// mouse wheel and hover still reach the widgets underneath. A drag that
// moved does not tap, so a flick never opens a row by accident.

// dragLayer is the transparent Draggable laid over a scroller. A quick
// flick keeps the content moving for a moment after the finger lifts, as
// on a phone, easing out.
type dragLayer struct {
	widget.BaseWidget
	onDrag func(dy float32)
	// owner finds a DragOwner under a drag's first point (relative to the
	// layer) and its top-left there; nil means none can be.
	owner    func(at fyne.Position) (DragOwner, fyne.Position)
	dragging bool      // a drag is under way
	fwd      DragOwner // the widget the current drag belongs to, if any
	fwdAt    fyne.Position

	samples []dragSample // the last moments of the current drag
	fling   *fyne.Animation
}

type dragSample struct {
	at time.Time
	dy float32
}

// Fling tuning: how far back the finger's speed is measured, the slowest
// flick that glides, and how long and far a glide goes.
const (
	flingWindow   = 100 * time.Millisecond
	flingMinSpeed = 400  // units per second
	flingGlide    = 0.35 // seconds of travel at the release speed
	flingDuration = 700 * time.Millisecond
)

func newDragLayer(onDrag func(dy float32)) *dragLayer {
	l := &dragLayer{onDrag: onDrag}
	l.ExtendBaseWidget(l)
	return l
}

func (l *dragLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

// DragOwner is a widget inside a finger-scrolled page that keeps the
// drags that start on it (the signature pad): the page does not scroll
// under the finger there, so a form can scroll and still be signed.
type DragOwner interface {
	fyne.Draggable
	OwnsDrag() bool
}

// Dragged moves the content with the finger, or hands the drag to the
// DragOwner it started on.
func (l *dragLayer) Dragged(e *fyne.DragEvent) {
	if !l.dragging {
		l.dragging = true
		if l.owner != nil {
			l.fwd, l.fwdAt = l.owner(e.Position.Subtract(fyne.NewPos(e.Dragged.DX, e.Dragged.DY)))
		}
	}
	if l.fwd != nil {
		f := *e
		f.Position = e.Position.Subtract(l.fwdAt)
		l.fwd.Dragged(&f)
		return
	}
	l.stopFling()
	now := time.Now()
	l.samples = append(l.samples, dragSample{at: now, dy: e.Dragged.DY})
	for len(l.samples) > 0 && now.Sub(l.samples[0].at) > flingWindow {
		l.samples = l.samples[1:]
	}
	l.onDrag(e.Dragged.DY)
}

// DragEnd lets a fast drag glide on, or ends the owner's drag.
func (l *dragLayer) DragEnd() {
	l.dragging = false
	if l.fwd != nil {
		l.fwd.DragEnd()
		l.fwd = nil
		return
	}
	v := l.speed()
	l.samples = l.samples[:0]
	if v > -flingMinSpeed && v < flingMinSpeed {
		return
	}
	total, done := v*flingGlide, float32(0)
	l.fling = fyne.NewAnimation(flingDuration, func(p float32) {
		step := total*p - done
		done += step
		l.onDrag(step)
	})
	l.fling.Curve = fyne.AnimationEaseOut
	l.fling.Start()
}

// speed is the finger's speed over the last flingWindow, in units per
// second; 0 with fewer than two samples (a test's single Drag never flings).
func (l *dragLayer) speed() float32 {
	if len(l.samples) < 2 {
		return 0
	}
	var sum float32
	for _, s := range l.samples[1:] {
		sum += s.dy
	}
	dt := l.samples[len(l.samples)-1].at.Sub(l.samples[0].at).Seconds()
	if dt <= 0 {
		return 0
	}
	return sum / float32(dt)
}

func (l *dragLayer) stopFling() {
	if l.fling != nil {
		l.fling.Stop()
		l.fling = nil
	}
}

// TouchScroll is a vertical scroller that follows the finger. Use it for
// every document and long page; OnActivity (set by App.NewTouchScroll)
// reports drags to the idle timer.
type TouchScroll struct {
	widget.BaseWidget
	Scroll     *container.Scroll
	OnActivity func()
	layer      *dragLayer
}

// NewTouchScroll wraps content in a vertical scroller with finger dragging.
func NewTouchScroll(content fyne.CanvasObject) *TouchScroll {
	s := &TouchScroll{Scroll: container.NewVScroll(content)}
	s.layer = newDragLayer(s.drag)
	s.layer.owner = s.owner
	s.ExtendBaseWidget(s)
	return s
}

// owner finds a DragOwner of the content under at (relative to the view).
func (s *TouchScroll) owner(at fyne.Position) (DragOwner, fyne.Position) {
	var find func(o fyne.CanvasObject, origin fyne.Position) (DragOwner, fyne.Position)
	find = func(o fyne.CanvasObject, origin fyne.Position) (DragOwner, fyne.Position) {
		if o == nil || !o.Visible() {
			return nil, fyne.Position{}
		}
		p := origin.Add(o.Position())
		sz := o.Size()
		if at.X < p.X || at.Y < p.Y || at.X > p.X+sz.Width || at.Y > p.Y+sz.Height {
			return nil, fyne.Position{}
		}
		if d, ok := o.(DragOwner); ok && d.OwnsDrag() {
			return d, p
		}
		if c, ok := o.(*fyne.Container); ok {
			for i := len(c.Objects) - 1; i >= 0; i-- {
				if d, dp := find(c.Objects[i], p); d != nil {
					return d, dp
				}
			}
		}
		return nil, fyne.Position{}
	}
	return find(s.Scroll.Content, fyne.Position{})
}

func (s *TouchScroll) drag(dy float32) {
	if s.OnActivity != nil {
		s.OnActivity()
	}
	s.ScrollToOffset(s.Scroll.Offset.Y - dy)
}

// Offset returns how far the content is scrolled down.
func (s *TouchScroll) Offset() float32 { return s.Scroll.Offset.Y }

// ScrollToOffset scrolls the content to y (clamped to the content).
func (s *TouchScroll) ScrollToOffset(y float32) {
	s.Scroll.ScrollToOffset(fyne.NewPos(0, y))
}

// ScrollToTop stops a glide and scrolls back to the beginning.
func (s *TouchScroll) ScrollToTop() {
	s.layer.stopFling()
	s.Scroll.ScrollToTop()
}

// CreateRenderer lays the drag layer over the scroller.
func (s *TouchScroll) CreateRenderer() fyne.WidgetRenderer {
	return &touchScrollRenderer{WidgetRenderer: widget.NewSimpleRenderer(container.NewStack(s.Scroll, s.layer)), s: s}
}

// touchScrollRenderer culls the scroller's paragraphs whenever Fyne asks
// for its objects. Fyne asks as it walks the window to paint it, after
// laying it out and before it reaches the paragraphs inside, so the lines
// it paints are those of the view as it is painted, wherever a scroll, a
// layout or a change of text size has moved them.
type touchScrollRenderer struct {
	fyne.WidgetRenderer
	s *TouchScroll
}

func (r *touchScrollRenderer) Objects() []fyne.CanvasObject {
	r.s.cull()
	return r.WidgetRenderer.Objects()
}

// cullMargin is how far beyond the view, in parts of its height, lines
// are still drawn.
const cullMargin = 0.25

// cull tells every Paragraph in the content (through containers) which
// part of it the view shows, so that only those lines are drawn. Fyne
// paints every line of text in a scroller, in view or not, and makes a
// texture for each: under a software renderer, in the main memory; a
// long 公文 scrolled to its end held hundreds of lines (issue 16). A
// Paragraph inside another widget is not reached and draws every line.
func (s *TouchScroll) cull() {
	view := s.Scroll.Size().Height
	top, bottom := -cullMargin*view, (1+cullMargin)*view
	var walk func(o fyne.CanvasObject, y float32)
	walk = func(o fyne.CanvasObject, y float32) {
		if o == nil || !o.Visible() {
			return
		}
		y += o.Position().Y // the content is moved up by the scroll offset
		switch x := o.(type) {
		case *Paragraph:
			x.show(top-y, bottom-y)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, y)
			}
		}
	}
	walk(s.Scroll.Content, 0)
}

// TouchList is a widget.List that follows the finger. Rows must share one
// height: with uniform rows widget.List stays fast at 100,000 rows.
type TouchList struct {
	widget.BaseWidget
	List       *widget.List
	OnActivity func()
	layer      *dragLayer
	rows       []fyne.CanvasObject // every row the list made (it recycles them)
}

// NewTouchList returns a list like widget.NewList with finger dragging.
func NewTouchList(length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *TouchList {
	l := &TouchList{}
	l.List = widget.NewList(length, func() fyne.CanvasObject {
		o := create()
		l.rows = append(l.rows, o)
		return o
	}, update)
	l.layer = newDragLayer(l.drag)
	l.ExtendBaseWidget(l)
	return l
}

func (l *TouchList) drag(dy float32) {
	if l.OnActivity != nil {
		l.OnActivity()
	}
	l.List.ScrollToOffset(l.List.GetScrollOffset() - dy)
}

// Offset returns how far the list is scrolled down.
func (l *TouchList) Offset() float32 { return l.List.GetScrollOffset() }

// shownRows returns the rows on the screen now, for the keypad: the list
// keeps more than it shows.
func (l *TouchList) shownRows() []fyne.CanvasObject {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(l).Y
	bottom := top + l.Size().Height
	var out []fyne.CanvasObject
	for _, r := range l.rows {
		if !r.Visible() {
			continue
		}
		y := d.AbsolutePositionForObject(r).Y
		if y >= top-1 && y+r.Size().Height <= bottom+1 {
			out = append(out, r)
		}
	}
	return out
}

// CreateRenderer lays the drag layer over the list.
func (l *TouchList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(l.List, l.layer))
}

// NewTouchScroll is NewTouchScroll with drags reported to a's idle timer.
func (a *App) NewTouchScroll(content fyne.CanvasObject) *TouchScroll {
	s := NewTouchScroll(content)
	s.OnActivity = a.Active
	return s
}

// NewTouchList is NewTouchList with drags and row taps reported to a's idle
// timer. onTap (may be nil) runs for a tapped row; the row is unselected
// again so that it does not stay highlighted when the visitor comes back.
func (a *App) NewTouchList(length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject), onTap func(widget.ListItemID)) *TouchList {
	var l *TouchList
	l = NewTouchList(length, create, func(i widget.ListItemID, o fyne.CanvasObject) {
		update(i, o)
		if r, ok := o.(interface{ setActivate(func()) }); ok {
			r.setActivate(func() { l.List.OnSelected(i) }) // the keypad's 5 opens the row as a tap does
		}
	})
	l.OnActivity = a.Active
	l.List.OnSelected = func(id widget.ListItemID) {
		a.Active()
		l.List.Unselect(id)
		if onTap != nil {
			onTap(id)
		}
	}
	return l
}
