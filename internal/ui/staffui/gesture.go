package staffui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// LongPress is how long staff hold the agency name in the header to open
// the PIN pad. The desktop driver a touchscreen kiosk runs has no long
// press, so it is timed from mouse down to mouse up (and, for a finger
// that stays down, by a timer).
const LongPress = 2 * time.Second

// pressArea is an invisible widget laid exactly over the header's agency
// name. It shows nothing and gives no feedback, so nothing a visitor sees
// reveals the gesture; a short press is an ordinary tap on the name.
type pressArea struct {
	widget.BaseWidget
	now    func() time.Time
	onLong func()
	onTap  func()

	pressed time.Time
	timer   *time.Timer
	fired   bool
}

func newPressArea(now func() time.Time, onTap, onLong func()) *pressArea {
	p := &pressArea{now: now, onTap: onTap, onLong: onLong}
	p.ExtendBaseWidget(p)
	return p
}

// MouseDown starts timing a press. The timer fires a press held without
// release; it checks the injected clock, so a test clock decides alone.
func (p *pressArea) MouseDown(*desktop.MouseEvent) {
	p.pressed, p.fired = p.now(), false
	if p.timer != nil {
		p.timer.Stop()
	}
	start := p.pressed
	p.timer = time.AfterFunc(LongPress, func() {
		fyne.Do(func() {
			if p.pressed.Equal(start) && p.now().Sub(start) >= LongPress {
				p.fire()
			}
		})
	})
}

// MouseUp ends a press; one held at least LongPress opens the PIN pad.
func (p *pressArea) MouseUp(*desktop.MouseEvent) {
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if !p.pressed.IsZero() && p.now().Sub(p.pressed) >= LongPress {
		p.fire()
	}
	p.pressed = time.Time{}
}

func (p *pressArea) fire() {
	if p.fired {
		return
	}
	p.fired = true
	if p.onLong != nil {
		p.onLong()
	}
}

// Tapped passes an ordinary tap on; the tap that ends a long press is
// swallowed.
func (p *pressArea) Tapped(*fyne.PointEvent) {
	if p.fired {
		p.fired = false
		return
	}
	if p.onTap != nil {
		p.onTap()
	}
}

func (p *pressArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// overLayout runs a container's own layout without the press area, then
// lays the press area exactly over its target.
type overLayout struct {
	inner        fyne.Layout
	target, over fyne.CanvasObject
}

func (l *overLayout) others(objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(objs))
	for _, o := range objs {
		if o != l.over {
			out = append(out, o)
		}
	}
	return out
}

func (l *overLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.inner.Layout(l.others(objs), size)
	l.over.Move(l.target.Position())
	l.over.Resize(l.target.Size())
}

func (l *overLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return l.inner.MinSize(l.others(objs))
}

// overlay lays over on top of target inside target's parent container
// (found under root), keeping the parent's layout for everything else.
// It reports false when target's parent is not a laid-out container.
func overlay(root, target, over fyne.CanvasObject) bool {
	c := parentOf(root, target)
	if c == nil || c.Layout == nil {
		return false
	}
	c.Layout = &overLayout{inner: c.Layout, target: target, over: over}
	c.Add(over)
	c.Refresh()
	return true
}

// parentOf finds the container under o that holds target directly.
func parentOf(o, target fyne.CanvasObject) *fyne.Container {
	c, ok := o.(*fyne.Container)
	if !ok {
		return nil
	}
	for _, child := range c.Objects {
		if child == target {
			return c
		}
	}
	for _, child := range c.Objects {
		if p := parentOf(child, target); p != nil {
			return p
		}
	}
	return nil
}
