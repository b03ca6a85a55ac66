package forms

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
)

// ControlHeight is the height of every button and choice: large enough
// for an elderly visitor's finger on a 1080p touchscreen.
const ControlHeight = 64

// formWidth is the widest a form column grows: fields spanning a 1920
// pixel screen are hard to follow.
const formWidth = 1100

// setText replaces the text of a one-segment RichText and, when it wraps,
// wraps it again for the new text (a message may change language).
func setText(t *widget.RichText, s string) {
	if t.Wrapping != fyne.TextWrapOff {
		t.Wrapping = ui.WrapFor(s)
	}
	ui.SetText(t, s)
}

// heading is a step's or a section's title.
func heading(s string) *widget.RichText {
	return ui.Wrapped(s, theme.SizeNameSubHeadingText, theme.ColorNamePrimary, true)
}

// muted is secondary text: hints and explanations.
func muted(s string) *widget.RichText {
	return ui.Wrapped(s, theme.SizeNameText, ui.ColorNameMuted, false)
}

// body is ordinary wrapped text.
func body(s string) *widget.RichText {
	return ui.Wrapped(s, theme.SizeNameText, theme.ColorNameForeground, false)
}

// column centres content in at most formWidth.
func column(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.New(ui.MaxWidth(formWidth), container.NewPadded(container.NewVBox(objs...)))
}

// big makes o at least ControlHeight tall (and w wide).
func big(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.New(ui.AtLeast(w, ControlHeight), o)
}

// button returns a large button that reports activity to the idle timer.
func button(app *ui.App, label string, icon fyne.Resource, imp widget.Importance, fn func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, app.Handle(fn))
	b.Importance = imp
	return b
}

// panel lays lines on a tinted, rounded background.
func panel(bg fyne.ThemeColorName, lines ...fyne.CanvasObject) fyne.CanvasObject {
	r := ui.NewCard(bg, 10)
	return container.NewStack(r, container.NewPadded(container.NewPadded(container.NewVBox(lines...))))
}

// banner is a message line on a coloured band, hidden while empty: the
// form-level error, the 代为填写 notice.
type banner struct {
	text *widget.RichText
	bg   *ui.Fill
	obj  *fyne.Container
}

func newBanner(bg fyne.ThemeColorName, fg fyne.ThemeColorName) *banner {
	return newPaddedBanner(bg, fg, 2)
}

// newPaddedBanner is a banner whose text sits inside pads levels of
// padding.
func newPaddedBanner(bg, fg fyne.ThemeColorName, pads int) *banner {
	b := &banner{text: ui.Wrapped("", theme.SizeNameText, fg, true), bg: ui.NewCard(bg, 8)}
	var inner fyne.CanvasObject = b.text
	for range pads {
		inner = container.NewPadded(inner)
	}
	b.obj = container.NewStack(b.bg, inner)
	b.obj.Hide()
	return b
}

func (b *banner) set(s string) {
	setText(b.text, s)
	if s == "" {
		b.obj.Hide()
	} else {
		b.obj.Show()
	}
}

func (b *banner) String() string { return ui.PlainText(b.text) }

// stepper picks a small number with large − and + buttons.
type stepper struct {
	n, min, max int
	label       *widget.RichText
	minus, plus *widget.Button
	OnChanged   func()
	obj         fyne.CanvasObject
}

func newStepper(app *ui.App, lo, hi int) *stepper {
	s := &stepper{n: lo, min: lo, max: hi}
	s.label = ui.Text("", theme.SizeNameSubHeadingText, theme.ColorNameForeground, true)
	s.minus = button(app, "", theme.ContentRemoveIcon(), widget.MediumImportance, func() { s.set(s.n - 1) })
	s.plus = button(app, "", theme.ContentAddIcon(), widget.MediumImportance, func() { s.set(s.n + 1) })
	s.obj = container.NewHBox(big(s.minus, ControlHeight*1.5), container.NewCenter(s.label), big(s.plus, ControlHeight*1.5))
	s.set(lo)
	return s
}

func (s *stepper) set(n int) {
	s.n = max(s.min, min(n, s.max))
	setText(s.label, fmt.Sprintf("  %d 人  ", s.n))
	if s.n <= s.min {
		s.minus.Disable()
	} else {
		s.minus.Enable()
	}
	if s.n >= s.max {
		s.plus.Disable()
	} else {
		s.plus.Enable()
	}
	if s.OnChanged != nil {
		s.OnChanged()
	}
}

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// dateText prints a day as Chinese forms do: 2026年11月16日（星期一）.
func dateText(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), int(t.Month()), t.Day(), weekdays[t.Weekday()])
}

// dateTimeText prints a moment: 2026年11月16日 09:30.
func dateTimeText(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), t.Format("15:04"))
}

// spacer is vertical breathing room between sections.
func spacer(h float32) fyne.CanvasObject {
	return container.New(ui.AtLeast(0, h), layout.NewSpacer())
}

// scrub empties every text and image under o. What a visitor typed is
// copied into labels (the review page), and those objects can live on in
// memory after their screen is gone; scrubbing drops the copies at once.
// Only containers and the kiosk's scrollers are descended into: every
// text a form makes sits in one of them.
func scrub(o fyne.CanvasObject) {
	switch x := o.(type) {
	case nil:
	case *fyne.Container:
		for _, c := range x.Objects {
			scrub(c)
		}
	case *ui.TouchScroll:
		scrub(x.Scroll.Content)
	case *container.Scroll:
		scrub(x.Content)
	case *widget.Entry:
		x.SetText("")
	case *widget.Label:
		x.SetText("")
	case *widget.RichText:
		for _, seg := range x.Segments {
			if t, ok := seg.(*widget.TextSegment); ok {
				t.Text = ""
			}
		}
		x.Refresh()
	case *canvas.Text:
		x.Text = ""
		x.Refresh()
	case *canvas.Image:
		x.Image, x.Resource = nil, nil
		x.Refresh()
	case *SignaturePad:
		x.Clear()
	}
}
