package ui

import (
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

// dragLayer is the transparent Draggable laid over a scroller.
type dragLayer struct {
	widget.BaseWidget
	onDrag func(dy float32)
	onEnd  func()
}

func newDragLayer(onDrag func(dy float32), onEnd func()) *dragLayer {
	l := &dragLayer{onDrag: onDrag, onEnd: onEnd}
	l.ExtendBaseWidget(l)
	return l
}

func (l *dragLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

// Dragged moves the content with the finger.
func (l *dragLayer) Dragged(e *fyne.DragEvent) { l.onDrag(e.Dragged.DY) }

// DragEnd ends a finger drag.
func (l *dragLayer) DragEnd() {
	if l.onEnd != nil {
		l.onEnd()
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
	s.layer = newDragLayer(s.drag, nil)
	s.ExtendBaseWidget(s)
	return s
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

// ScrollToTop scrolls back to the beginning.
func (s *TouchScroll) ScrollToTop() { s.Scroll.ScrollToTop() }

// CreateRenderer lays the drag layer over the scroller.
func (s *TouchScroll) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(s.Scroll, s.layer))
}

// TouchList is a widget.List that follows the finger. Rows must share one
// height: with uniform rows widget.List stays fast at 100,000 rows.
type TouchList struct {
	widget.BaseWidget
	List       *widget.List
	OnActivity func()
	layer      *dragLayer
}

// NewTouchList returns a list like widget.NewList with finger dragging.
func NewTouchList(length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *TouchList {
	l := &TouchList{List: widget.NewList(length, create, update)}
	l.layer = newDragLayer(l.drag, nil)
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
	l := NewTouchList(length, create, update)
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
