package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// IdlePhase is where the idle timer stands.
type IdlePhase int

// Idle phases.
const (
	IdleActive   IdlePhase = iota // a visitor is using the kiosk (or nobody touched it since the last reset)
	IdleCounting                  // the countdown overlay is showing
	IdleExpired                   // the countdown ran out: reset now
)

// Idle decides when to wipe the previous visitor's session. It is pure
// logic driven by the times it is given, so tests control it exactly: the
// app calls Activity on every handler and Tick once a second.
//
// A kiosk nobody has touched since the last reset is already clean, so it
// never counts down: the overlay only interrupts a session that exists.
type Idle struct {
	After     time.Duration // idle time before the countdown
	Countdown time.Duration // the countdown's length

	last     time.Time // the last activity
	dirty    bool      // activity since the last reset
	counting bool
	deadline time.Time // when a running countdown ends
}

// Activity records a visitor's action at now. It reports whether it
// cancelled a running countdown.
func (i *Idle) Activity(now time.Time) (cancelled bool) {
	cancelled = i.counting
	i.last, i.dirty, i.counting = now, true, false
	return cancelled
}

// Tick returns the phase at now and, while counting, the whole seconds
// left (rounded up, so the overlay shows 10 … 1).
func (i *Idle) Tick(now time.Time) (IdlePhase, int) {
	if !i.dirty {
		return IdleActive, 0
	}
	if !i.counting {
		if now.Sub(i.last) < i.After {
			return IdleActive, 0
		}
		i.counting, i.deadline = true, now.Add(i.Countdown)
	}
	left := i.deadline.Sub(now)
	if left <= 0 {
		return IdleExpired, 0
	}
	return IdleCounting, int((left + time.Second - 1) / time.Second)
}

// Reset marks the session as wiped at now.
func (i *Idle) Reset(now time.Time) {
	i.last, i.dirty, i.counting = now, false, false
}

// Counting reports whether the countdown is running.
func (i *Idle) Counting() bool { return i.counting }

// countdownOverlay covers the whole window while the idle countdown runs:
// a large card with the seconds left in figures a visitor reads from a
// step away (issue 13: a small dialog in body-size text was missed). Any
// tap or drag anywhere on it cancels the countdown.
type countdownOverlay struct {
	widget.BaseWidget
	onTouch func()
	seconds *widget.RichText
	message *widget.RichText
	button  *widget.Button
	left    int
}

// SizeNameCountdown is the countdown's seconds.
const SizeNameCountdown fyne.ThemeSizeName = "gk.countdown"

func newCountdownOverlay(onTouch func()) *countdownOverlay {
	o := &countdownOverlay{onTouch: onTouch}
	o.seconds = styledText("", SizeNameCountdown, theme.ColorNamePrimary)
	o.seconds.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	o.message = wrappedText("", SizeNameAgency, theme.ColorNameForeground)
	o.message.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	o.button = widget.NewButtonWithIcon("继续使用", theme.ConfirmIcon(), onTouch)
	o.button.Importance = widget.HighImportance
	o.ExtendBaseWidget(o)
	o.setSeconds(10)
	o.Hide()
	return o
}

func (o *countdownOverlay) setSeconds(n int) {
	o.left = n
	SetText(o.seconds, fmt.Sprintf("%d 秒", n))
	SetText(o.message, "后将返回首页，并清除本次查阅和填写的全部内容。如需继续使用，请轻触屏幕。")
	o.Refresh() // re-lay out the card around the new text
}

// Message returns what the countdown says, seconds first.
func (o *countdownOverlay) Message() string { return PlainText(o.seconds) + PlainText(o.message) }

// Tapped cancels the countdown.
func (o *countdownOverlay) Tapped(*fyne.PointEvent) { o.onTouch() }

// Dragged cancels the countdown: a finger sliding on the screen is a touch.
func (o *countdownOverlay) Dragged(*fyne.DragEvent) { o.onTouch() }

// DragEnd does nothing more.
func (o *countdownOverlay) DragEnd() {}

func (o *countdownOverlay) CreateRenderer() fyne.WidgetRenderer {
	dim := canvas.NewRectangle(color.NRGBA{A: 0xB3})
	title := styledText("您还在使用吗？", theme.SizeNameHeadingText, theme.ColorNameForeground)
	title.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	bg := NewCard(theme.ColorNameBackground, 16)
	bg.StrokeName, bg.StrokeWidth = theme.ColorNameSeparator, 2
	body := container.NewVBox(title, o.seconds, o.message, container.NewCenter(container.New(AtLeast(280, 72), o.button)))
	card := container.NewStack(bg, container.NewPadded(container.NewPadded(body)))
	return widget.NewSimpleRenderer(container.NewStack(dim, container.New(&cardLayout{}, card)))
}

// cardLayout centres a card of up to 1000 units (and most of the
// window's width on a narrower one), as tall as its wrapped text needs.
type cardLayout struct{}

func (cardLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w := min(size.Width*0.9, 1000)
		o.Resize(fyne.NewSize(w, o.MinSize().Height)) // wrap at this width before measuring
		h := min(o.MinSize().Height, size.Height)
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	}
}

func (cardLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }
