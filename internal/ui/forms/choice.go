package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
)

// choice is a group of large toggles: one choice (radio) or any number
// (check boxes). Fyne's Check and Radio are too small for a finger, and a
// Button's caption cannot wrap: an Option's can, so a long answer (a
// consultation's title, 台湾居民来往大陆通行证 in 特大字) never runs out of
// its box. The options sit in up to cols columns, fewer when they do not
// fit.
type choice struct {
	options   []string
	multi     bool
	selected  map[string]bool
	buttons   map[string]*Option
	OnChanged func()
	obj       fyne.CanvasObject
}

// newChoice lays options out in up to cols columns (0: all in one row).
func newChoice(app *ui.App, options []string, multi bool, cols int) *choice {
	c := &choice{options: options, multi: multi, selected: map[string]bool{}, buttons: map[string]*Option{}}
	if cols <= 0 {
		cols = len(options)
	}
	objs := make([]fyne.CanvasObject, len(options))
	for i, o := range options {
		o := o
		b := NewOption(o, multi, app.Handle(func() { c.toggle(o) }))
		c.buttons[o] = b
		objs[i] = b
	}
	c.obj = ui.NewFitGrid(cols, objs...)
	c.refresh()
	return c
}

func (c *choice) toggle(o string) {
	if c.multi {
		c.selected[o] = !c.selected[o]
	} else {
		clear(c.selected)
		c.selected[o] = true
	}
	c.refresh()
	if c.OnChanged != nil {
		c.OnChanged()
	}
}

// Tap selects (or, in a multiple choice, toggles) option o, as a finger
// on its button does.
func (c *choice) Tap(o string) { c.buttons[o].OnTapped() }

// Selected returns the chosen option of a single choice, "" when none.
func (c *choice) Selected() string {
	for _, o := range c.options {
		if c.selected[o] {
			return o
		}
	}
	return ""
}

// All returns the chosen options in display order.
func (c *choice) All() []string {
	var out []string
	for _, o := range c.options {
		if c.selected[o] {
			out = append(out, o)
		}
	}
	return out
}

// Set chooses exactly vals, without calling OnChanged.
func (c *choice) Set(vals ...string) {
	clear(c.selected)
	for _, v := range vals {
		c.selected[v] = true
	}
	c.refresh()
}

func (c *choice) refresh() {
	for o, b := range c.buttons {
		b.SetSelected(c.selected[o])
	}
}

// Option is one answer of a choice: a large toggle with a radio or check
// mark and a caption that wraps.
type Option struct {
	widget.BaseWidget
	Text     string
	OnTapped func()

	multi, on bool
	bg        *ui.Fill
	icon      *widget.Icon
	label     *widget.RichText
}

// NewOption returns an unselected option captioned text; multi draws a
// check box instead of a radio button.
func NewOption(text string, multi bool, onTapped func()) *Option {
	o := &Option{Text: text, OnTapped: onTapped, multi: multi}
	o.ExtendBaseWidget(o)
	return o
}

// Tapped runs OnTapped.
func (o *Option) Tapped(*fyne.PointEvent) {
	if o.OnTapped != nil {
		o.OnTapped()
	}
}

// FocusText is what a keypad's focus says of the option.
func (o *Option) FocusText() string {
	if o.on {
		return o.Text + "，已选"
	}
	return o.Text + "，未选，按确认键选择"
}

// Activate chooses (or toggles) the option, as a touch does.
func (o *Option) Activate() { o.Tapped(&fyne.PointEvent{}) }

// Selected reports whether the option is chosen.
func (o *Option) Selected() bool { return o.on }

// SetSelected shows the option chosen or not.
func (o *Option) SetSelected(on bool) {
	if o.on != on {
		o.on = on
		o.Refresh()
	}
}

// PreferredWidth is the width of the caption on one line, with its mark.
func (o *Option) PreferredWidth() float32 {
	size := theme.Size(theme.SizeNameText)
	return fyne.MeasureText(o.Text, size, fyne.TextStyle{}).Width + theme.Size(theme.SizeNameInlineIcon) + 5*theme.InnerPadding()
}

func (o *Option) CreateRenderer() fyne.WidgetRenderer {
	o.bg = ui.NewCard(theme.ColorNameButton, theme.InputRadiusSize())
	o.icon = widget.NewIcon(nil)
	o.label = ui.Wrapped(o.Text, theme.SizeNameText, theme.ColorNameForeground, false)
	r := &optionRenderer{o: o}
	r.Refresh()
	return r
}

type optionRenderer struct{ o *Option }

func (r *optionRenderer) Layout(size fyne.Size) {
	o, pad := r.o, theme.InnerPadding()
	o.bg.Resize(size)
	is := theme.Size(theme.SizeNameInlineIcon)
	o.icon.Resize(fyne.NewSquareSize(is))
	o.icon.Move(fyne.NewPos(pad, (size.Height-is)/2))
	tw := max(size.Width-is-3*pad, 0)
	o.label.Resize(fyne.NewSize(tw, o.label.MinSize().Height)) // wrap at this width before measuring
	th := o.label.MinSize().Height
	o.label.Move(fyne.NewPos(is+2*pad, (size.Height-th)/2))
	o.label.Resize(fyne.NewSize(tw, th))
}

func (r *optionRenderer) MinSize() fyne.Size {
	o, pad := r.o, theme.InnerPadding()
	is := theme.Size(theme.SizeNameInlineIcon)
	t := o.label.MinSize()
	return fyne.NewSize(is+3*pad+t.Width, max(t.Height+pad, is+pad, ControlHeight))
}

func (r *optionRenderer) Refresh() {
	o := r.o
	bg, fg := fyne.ThemeColorName(theme.ColorNameButton), fyne.ThemeColorName(theme.ColorNameForeground)
	if o.on {
		bg, fg = theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
	}
	var mark fyne.Resource
	switch {
	case o.multi && o.on:
		mark = theme.CheckButtonCheckedIcon()
	case o.multi:
		mark = theme.CheckButtonIcon()
	case o.on:
		mark = theme.RadioButtonCheckedIcon()
	default:
		mark = theme.RadioButtonIcon()
	}
	o.bg.ColorName = bg
	o.bg.Refresh()
	o.icon.SetResource(theme.NewColoredResource(mark, fg))
	seg := o.label.Segments[0].(*widget.TextSegment)
	seg.Text, seg.Style.ColorName = o.Text, fg
	o.label.Refresh()
	r.Layout(o.Size())
}

func (r *optionRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.o.bg, r.o.icon, r.o.label}
}

func (r *optionRenderer) Destroy() {}
