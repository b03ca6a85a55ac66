package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// frameMinSize is the smallest the window's content asks for. Fyne grows a
// window whose content asks for more than the window has, and never
// shrinks it back: a full-screen kiosk then draws past the screen's edge
// (issue 13: 大字模式 at 1280×800 pushed the 大字模式 switch itself off the
// screen, and the idle reset did not bring it back). So the frame asks for
// almost nothing, and every screen must fit in what it is given; the
// layout tests check that nothing lies outside the window.
var frameMinSize = fyne.NewSize(320, 240)

// ShortScreen is the window height below which the header band (and a
// form's progress bar) make way for the on-screen keyboard while a visitor
// types.
const ShortScreen = 1000

// frameLayout stacks the header band, the navigation bar, the page, the
// docked keyboard and the staff banner down the window. The bars wrap onto
// more rows when they do not fit the width (large text on a portrait
// screen), so their height is computed for the window's width here.
type frameLayout struct {
	a    *App
	last fyne.Size
}

// Objects, in order: header, nav bar, body, docked keyboard, staff banner.
func (l *frameLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	header, nav, body, kb, banner := objs[0], objs[1], objs[2], objs[3], objs[4]
	w := size.Width
	y := float32(0)
	if header.Visible() {
		h := l.a.header.heightFor(w)
		header.Move(fyne.NewPos(0, 0))
		header.Resize(fyne.NewSize(w, h))
		y += h
	}
	l.a.nav.arrange(w, size.Height < ShortScreen*l.a.TextStep().Scale())
	nh := l.a.nav.heightFor(w)
	nav.Move(fyne.NewPos(0, y))
	nav.Resize(fyne.NewSize(w, nh))
	y += nh
	bottom := size.Height
	if banner.Visible() {
		h := l.a.banner.heightFor(w)
		bottom -= h
		banner.Move(fyne.NewPos(0, bottom))
		banner.Resize(fyne.NewSize(w, h))
	}
	if kb.Visible() {
		h := min(kb.MinSize().Height, max(bottom-y, 0))
		bottom -= h
		kb.Move(fyne.NewPos(0, bottom))
		kb.Resize(fyne.NewSize(w, h))
	}
	body.Move(fyne.NewPos(0, y))
	body.Resize(fyne.NewSize(w, max(bottom-y, 0)))
	if size != l.last {
		// Wrapped text learns its width in this pass and its height only
		// in the next: lay the pages out again at the new size.
		l.last = size
		body.Refresh()
	}
}

func (l *frameLayout) MinSize([]fyne.CanvasObject) fyne.Size { return frameMinSize }

// paddedHeight is the height of a bar laid out by bar inside one level of
// theme padding at width w.
func paddedHeight(bar *fyne.Container, w float32) float32 {
	p := theme.Padding()
	return bar.Layout.(*barLayout).HeightFor(bar.Objects, w-2*p) + 2*p
}
