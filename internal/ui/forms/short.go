package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
)

// A form step on a window short for its text size (1280×800 or 1366×768
// in 大字模式, issue 13) must still show its question and first answer
// without scrolling. These layouts give the page the room: the step's
// heading (which the progress bar already names) folds away, and the
// not-connected banner sits beside the progress bar instead of above it.

// unlessShort shows its object except on a short screen, where it takes
// no room. It decides each time it is measured, so a text step chosen on
// the page applies at once.
type unlessShort struct{ app *ui.App }

func (l *unlessShort) short() bool { return l.app.Window() != nil && l.app.ShortScreen() }

func (l *unlessShort) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *unlessShort) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	short := l.short()
	for _, o := range objs {
		if t, ok := o.(*widget.RichText); ok {
			t.Hidden = short // not Hide: that would refresh the page from inside its layout
		}
		if !short {
			m = m.Max(o.MinSize())
		}
	}
	return m
}

// foldHeading makes a step page's leading heading fold away on a short
// screen.
func foldHeading(app *ui.App, page fyne.CanvasObject) {
	box, ok := page.(*fyne.Container)
	if !ok || len(box.Objects) == 0 {
		return
	}
	if h, ok := box.Objects[0].(*widget.RichText); ok {
		box.Objects[0] = container.New(&unlessShort{app: app}, h)
	}
}

// besideWhenShort stacks the banner (objs[0]) above the progress bar
// (objs[1]), or, on a short screen, puts them side by side: the progress
// bar (folded to its one-line summary) at the left, the banner at the
// right.
type besideWhenShort struct {
	app    *ui.App
	banner *banner
}

func (l *besideWhenShort) shown() bool { return l.banner.obj.Visible() }

func (l *besideWhenShort) beside() bool {
	return l.shown() && l.app.Window() != nil && l.app.ShortScreen()
}

func (l *besideWhenShort) split(w float32) (float32, float32) {
	left := max(w*0.35, 0)
	return left, max(w-left-theme.Padding(), 0)
}

func (l *besideWhenShort) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	banner, progress := objs[0], objs[1]
	if !l.shown() {
		progress.Move(fyne.NewPos(0, 0))
		progress.Resize(size)
		return
	}
	if !l.beside() {
		bh := banner.MinSize().Height
		banner.Move(fyne.NewPos(0, 0))
		banner.Resize(fyne.NewSize(size.Width, bh))
		y := bh + theme.Padding()
		progress.Move(fyne.NewPos(0, y))
		progress.Resize(fyne.NewSize(size.Width, max(size.Height-y, 0)))
		return
	}
	left, right := l.split(size.Width)
	progress.Move(fyne.NewPos(0, 0))
	progress.Resize(fyne.NewSize(left, size.Height))
	banner.Move(fyne.NewPos(left+theme.Padding(), 0))
	banner.Resize(fyne.NewSize(right, size.Height))
}

func (l *besideWhenShort) MinSize(objs []fyne.CanvasObject) fyne.Size {
	banner, progress := objs[0], objs[1]
	p := progress.MinSize()
	if !l.shown() {
		return p
	}
	b := banner.MinSize()
	if !l.beside() {
		return fyne.NewSize(max(p.Width, b.Width), b.Height+theme.Padding()+p.Height)
	}
	return fyne.NewSize(p.Width+theme.Padding()+b.Width, max(p.Height, b.Height))
}

// newNoticeLine is a banner with one level of padding: the not-connected
// line, which must take little of a short screen's height.
func newNoticeLine() *banner {
	return newPaddedBanner(ui.ColorNameNotice, theme.ColorNameForeground, 1)
}
