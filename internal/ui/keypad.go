package ui

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui/keyboard"
)

// Keys without sight (issue 13): a USB numeric keypad, the usual part of
// an accessible kiosk, moves a focus ring over the controls of the page,
// the header and the nav bar: 8 and 2 (or ↑ ↓) to the nearest control
// above or below, 4 and 6 (or ← →) to the previous or next one in reading
// order, 5 or Enter to activate it (a field opens the on-screen keyboard,
// whose keys the keypad's digits then type), 0 to hear the last
// announcement again. Each move is read aloud when 语音播报 is on. A touch
// puts the ring away.

// Focusable is a control the keypad can reach that is not one of Fyne's
// own (forms' options, list rows, a field's touch layer): what 语音播报
// says when the focus reaches it, and what activating it does.
type Focusable interface {
	fyne.CanvasObject
	FocusText() string
	Activate()
}

// focusItem is a control the keypad can reach, where it is on the screen.
type focusItem struct {
	obj      fyne.CanvasObject
	text     func() string
	activate func()
	pos      fyne.Position
	size     fyne.Size
}

func (f focusItem) center() fyne.Position {
	return f.pos.Add(fyne.NewPos(f.size.Width/2, f.size.Height/2))
}

// focusables lists the controls of the frame (header, nav bar, the page
// shown) in reading order: top to bottom, then left to right.
func (a *App) focusables() []focusItem {
	d := fyne.CurrentApp().Driver()
	var out []focusItem
	add := func(o fyne.CanvasObject, text func() string, activate func()) {
		out = append(out, focusItem{obj: o, text: text, activate: activate, pos: d.AbsolutePositionForObject(o), size: o.Size()})
	}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || o.Size().IsZero() {
			return
		}
		switch x := o.(type) {
		case *keyboard.Keyboard:
			return // the on-screen keyboard is for fingers; the keypad's digits type
		case *widget.Button:
			if !x.Disabled() {
				add(x, func() string { return x.Text + "，按钮" }, func() { x.Tapped(&fyne.PointEvent{}) })
			}
			return
		case *Tile:
			add(x, func() string { return x.Name + "：" + x.Subtitle }, func() { x.Tapped(&fyne.PointEvent{}) })
			return
		case *LinkRow:
			add(x, func() string { return x.Text + "，链接" }, func() { x.Tapped(&fyne.PointEvent{}) })
			return
		case Focusable:
			add(x, x.FocusText, x.Activate)
			return
		default:
			for _, c := range children(o) {
				walk(c)
			}
		}
	}
	walk(a.frame)
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := out[i].center(), out[j].center()
		if d := ci.Y - cj.Y; d < -8 || d > 8 {
			return ci.Y < cj.Y
		}
		return ci.X < cj.X
	})
	return out
}

// children are the objects the keypad looks into under o: a container's,
// a scroller's content, the rows a list shows. Other widgets are leaves:
// none of them holds a control of its own.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{x.Content}
	case *TouchScroll:
		return []fyne.CanvasObject{x.Scroll.Content}
	case *TouchList:
		return x.shownRows()
	case *Preferred:
		return []fyne.CanvasObject{x.Content}
	}
	return nil
}

// Keypad keys.
const (
	keyUp = iota
	keyDown
	keyPrev
	keyNext
)

// KeyTyped handles a key of a physical keypad or keyboard while no field
// has Fyne's focus (a field being typed takes its own keys). The window
// sends it every such key; tests call it.
func (a *App) KeyTyped(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.Key8, fyne.KeyUp:
		a.moveFocus(keyUp)
	case fyne.Key2, fyne.KeyDown:
		a.moveFocus(keyDown)
	case fyne.Key4, fyne.KeyLeft:
		a.moveFocus(keyPrev)
	case fyne.Key6, fyne.KeyRight:
		a.moveFocus(keyNext)
	case fyne.Key5, fyne.KeyReturn, fyne.KeyEnter:
		a.activateFocus()
	case fyne.Key0:
		a.idle.Activity(a.Now())
		a.Repeat()
	default:
		return
	}
}

// Focused returns the control the keypad's focus is on, nil when none.
func (a *App) Focused() fyne.CanvasObject { return a.focus }

func (a *App) moveFocus(dir int) {
	a.Active()
	items := a.focusables()
	if len(items) == 0 {
		return
	}
	cur := -1
	for i, it := range items {
		if it.obj == a.focus {
			cur = i
		}
	}
	next := -1
	switch {
	case cur < 0:
		next = a.firstOnPage(items)
	case dir == keyNext:
		next = min(cur+1, len(items)-1)
	case dir == keyPrev:
		next = max(cur-1, 0)
	default:
		next = nearest(items, cur, dir == keyDown)
		if next < 0 && dir == keyDown {
			next = min(cur+1, len(items)-1)
		} else if next < 0 {
			next = max(cur-1, 0)
		}
	}
	a.setFocus(items[next])
}

// firstOnPage is where the focus starts: the page's first control, after
// the header's and the nav bar's.
func (a *App) firstOnPage(items []focusItem) int {
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(a.body).Y
	for i, it := range items {
		if it.pos.Y >= top-1 {
			return i
		}
	}
	return 0
}

// nearest returns the control closest below (or above) cur, favouring
// one straight below it; -1 when there is none.
func nearest(items []focusItem, cur int, down bool) int {
	from := items[cur]
	c := from.center()
	best, bestScore := -1, float32(0)
	for i, it := range items {
		if i == cur {
			continue
		}
		ic := it.center()
		dy := ic.Y - c.Y
		if down && (it.pos.Y < from.pos.Y+from.size.Height-2 || dy <= 0) ||
			!down && (it.pos.Y+it.size.Height > from.pos.Y+2 || dy >= 0) {
			continue
		}
		dx := ic.X - c.X
		score := abs(dy) + 2*abs(dx)
		if best < 0 || score < bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func (a *App) setFocus(it focusItem) {
	a.focus = it.obj
	a.revealFocus(it.obj)
	a.showRing()
	a.Say(it.text())
}

// revealFocus scrolls the page so that the focused control is in view.
func (a *App) revealFocus(o fyne.CanvasObject) {
	walkShown(a.body, func(c fyne.CanvasObject) {
		if s, ok := c.(*TouchScroll); ok && contains(s.Scroll.Content, o) {
			keyboard.ScrollIntoView(s.Scroll, o, 0)
		}
	})
}

// contains reports whether o holds target.
func contains(o, target fyne.CanvasObject) bool {
	if o == target {
		return true
	}
	for _, c := range children(o) {
		if contains(c, target) {
			return true
		}
	}
	return false
}

func (a *App) activateFocus() {
	a.Active()
	if a.focus == nil || !a.focus.Visible() {
		a.moveFocus(keyNext)
		return
	}
	for _, it := range a.focusables() {
		if it.obj == a.focus {
			said := a.sayCount
			it.activate()
			a.afterActivate(said)
			return
		}
	}
	a.focus = nil
	a.moveFocus(keyNext)
}

// afterActivate keeps the ring where the focus is, or puts it away when
// the control left the screen (a new page).
// It says the control again when activating it changed it and said
// nothing else (an option now 已选).
func (a *App) afterActivate(said int) {
	for _, it := range a.focusables() {
		if it.obj == a.focus {
			a.showRing()
			if a.sayCount == said {
				a.Say(it.text())
			}
			return
		}
	}
	a.clearFocus()
}

// ResetFocus puts the keypad's focus back to the start of the page: a
// screen whose content changed (a form's next step) calls it.
func (a *App) ResetFocus() { a.clearFocus() }

// clearFocus forgets the keypad's focus and hides its ring.
func (a *App) clearFocus() {
	a.focus = nil
	if a.ring != nil {
		a.ring.Hide()
	}
}

// focusRing is the keypad focus's outline: a thick frame in the primary
// colour laid over the focused control.
func newFocusRing() *Fill {
	r := NewFill("")
	r.StrokeName, r.StrokeWidth, r.CornerRadius = theme.ColorNamePrimary, 5, 8
	r.Hide()
	return r
}

func (a *App) showRing() {
	if a.ring == nil || a.focus == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	const out = 4
	a.ring.Move(d.AbsolutePositionForObject(a.focus).SubtractXY(out, out))
	a.ring.Resize(a.focus.Size().AddWidthHeight(2*out, 2*out))
	a.ring.Show()
	a.ring.Refresh()
}
