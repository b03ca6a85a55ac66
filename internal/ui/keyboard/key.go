package keyboard

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KeySize is the smallest side of a key: at least 60 px at 1080p, as
// elderly visitors need (issue 6).
const KeySize = 72

// Backspace repeat timing: the first repeat after repeatDelay, then one
// every repeatEvery while the key is held.
// A held key stops after maxRepeats, in case its release is never seen
// (a finger sliding off the screen).
const (
	repeatDelay = 500 * time.Millisecond
	repeatEvery = 100 * time.Millisecond
	maxRepeats  = 100
)

// Clock schedules the backspace repeat. The real one is time.AfterFunc;
// tests inject a manual clock.
type Clock interface {
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// Key is one key of the on-screen keyboard: a large rounded button that
// darkens while pressed. It is not focusable, so tapping it leaves the
// target field's text alone (the keyboard holds the field, not the focus).
type Key struct {
	widget.BaseWidget

	ID     string // stable name: "a", "backspace", "space", "next", ...
	label  string
	action func()
	repeat bool // fires on press and repeats while held (backspace)
	wide   float32
	accent bool

	clock     func() Clock
	do        func(func())
	pressed   bool
	firedDown bool        // the press already fired; Tapped must not again
	stop      func() bool // cancels the pending repeat
	repeats   int
	disabled  bool

	bg   *canvas.Rectangle
	text *canvas.Text
}

func newKey(id, label string, action func()) *Key {
	k := &Key{ID: id, label: label, action: action, wide: 1}
	k.ExtendBaseWidget(k)
	return k
}

// Label returns the key's current caption.
func (k *Key) Label() string { return k.label }

func (k *Key) setLabel(s string) {
	if k.label != s {
		k.label = s
		k.Refresh()
	}
}

func (k *Key) setDisabled(d bool) {
	if k.disabled != d {
		k.disabled = d
		k.Refresh()
	}
}

// Tapped fires the key (unless its press already did: backspace fires on
// press so that holding it repeats).
func (k *Key) Tapped(*fyne.PointEvent) {
	if k.firedDown {
		k.firedDown = false
		return
	}
	k.fire()
}

// MouseDown shows the press and, for a repeating key, fires it and starts
// the repeat.
func (k *Key) MouseDown(*desktop.MouseEvent) {
	k.pressed = true
	k.Refresh()
	if !k.repeat || k.disabled {
		return
	}
	k.firedDown = true
	k.repeats = 0
	k.fire()
	k.schedule(repeatDelay)
}

// MouseUp ends the press and any repeat.
func (k *Key) MouseUp(*desktop.MouseEvent) { k.release() }

func (k *Key) release() {
	k.pressed = false
	if k.stop != nil {
		k.stop()
		k.stop = nil
	}
	k.Refresh()
}

func (k *Key) schedule(d time.Duration) {
	k.stop = k.clock().AfterFunc(d, func() {
		k.do(func() {
			if !k.pressed || k.repeats >= maxRepeats {
				return
			}
			k.repeats++
			k.fire()
			k.schedule(repeatEvery)
		})
	})
}

func (k *Key) fire() {
	if !k.disabled && k.action != nil {
		k.action()
	}
}

// keyTextMax is the largest key caption. Keys do not grow with 大字模式
// beyond it: they are large already, and a bigger keyboard would cover
// the field being typed.
const keyTextMax = 36

// keyTextSize is a key's caption size: the theme's heading size up to
// keyTextMax, and smaller on a key squeezed below its natural height.
func keyTextSize(h float32) float32 {
	s := min(theme.Size(theme.SizeNameHeadingText), keyTextMax)
	if h > 0 {
		s = min(s, h*0.55)
	}
	return s
}

// fitText returns size, or less so that s fits in width w (a wide caption
// on a key squeezed by a narrow screen).
func fitText(s string, size, w float32) float32 {
	if w <= 0 || s == "" {
		return size
	}
	if m := fyne.MeasureText(s, size, fyne.TextStyle{}).Width; m > w {
		return size * w / m
	}
	return size
}

// MinSize keeps every key at least KeySize square, wide keys wider.
func (k *Key) MinSize() fyne.Size {
	k.ExtendBaseWidget(k)
	min := k.BaseWidget.MinSize()
	return fyne.NewSize(max(min.Width, KeySize*k.wide), max(min.Height, KeySize))
}

// CreateRenderer draws the key.
func (k *Key) CreateRenderer() fyne.WidgetRenderer {
	k.bg = canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	k.bg.CornerRadius = 8
	k.bg.StrokeWidth = 1
	k.text = canvas.NewText(k.label, theme.Color(theme.ColorNameForeground))
	k.text.Alignment = fyne.TextAlignCenter
	k.text.TextSize = keyTextSize(0)
	r := &keyRenderer{key: k}
	r.Refresh()
	return r
}

type keyRenderer struct{ key *Key }

func (r *keyRenderer) Layout(size fyne.Size) {
	const gap = 3
	r.key.bg.Move(fyne.NewPos(gap, gap))
	r.key.bg.Resize(fyne.NewSize(size.Width-2*gap, size.Height-2*gap))
	r.key.text.TextSize = fitText(r.key.label, keyTextSize(size.Height), size.Width-8)
	ts := r.key.text.MinSize()
	r.key.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.key.text.Resize(fyne.NewSize(size.Width, ts.Height))
}

func (r *keyRenderer) MinSize() fyne.Size {
	ts := r.key.text.MinSize()
	return fyne.NewSize(ts.Width+24, ts.Height+16)
}

func (r *keyRenderer) Refresh() {
	k := r.key
	fill := theme.Color(theme.ColorNameButton)
	fg := theme.Color(theme.ColorNameForeground)
	switch {
	case k.disabled:
		fill, fg = theme.Color(theme.ColorNameDisabledButton), theme.Color(theme.ColorNameDisabled)
	case k.pressed:
		fill = theme.Color(theme.ColorNamePrimary)
		fg = theme.Color(theme.ColorNameForegroundOnPrimary)
	case k.accent:
		fill = theme.Color(theme.ColorNameHover)
	}
	k.bg.FillColor = fill
	k.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	k.text.Text = k.label
	k.text.Color = fg
	k.text.TextSize = fitText(k.label, keyTextSize(k.Size().Height), k.Size().Width-8)
	k.bg.Refresh()
	k.text.Refresh()
}

func (r *keyRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.key.bg, r.key.text}
}

func (r *keyRenderer) Destroy() {}
