package forms

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
)

// field is one labelled input of a form, keyed like the payload's JSON
// field (and so like validate.FieldErrors), with the message under it that
// says what to fix.
type field struct {
	key    string
	label  string
	step   int
	entry  *widget.Entry // a text field
	choice *choice       // a choice
	holder fyne.CanvasObject
	box    *fyne.Container
	title  *widget.RichText // the label line
	on     bool             // shown under the current answers (e.g. only for citizens)

	optional bool          // marked （选填）
	hint     string        // the muted line under the label
	hintText *ui.Paragraph // that line, nil without a hint

	errText *widget.RichText
	errBox  fyne.CanvasObject
}

// fieldOpts are the optional parts of a field.
type fieldOpts struct {
	optional bool   // marked （选填） instead of *
	hint     string // a muted line under the label
	rows     int    // >0: a multi-line entry with this many rows
	place    string // placeholder
	fill     bool   // the input takes whatever height the page gives the field (the signature pad)
}

func labelText(label string, optional bool) *widget.RichText {
	mark := &widget.TextSegment{Text: " *", Style: widget.RichTextStyle{
		SizeName: theme.SizeNameText, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}, Inline: true}}
	if optional {
		mark = &widget.TextSegment{Text: "（选填）", Style: widget.RichTextStyle{
			SizeName: theme.SizeNameText, ColorName: ui.ColorNameMuted, Inline: true}}
	}
	return widget.NewRichText(&widget.TextSegment{Text: label, Style: widget.RichTextStyle{
		SizeName: theme.SizeNameText, ColorName: theme.ColorNameForeground, TextStyle: fyne.TextStyle{Bold: true}, Inline: true}}, mark)
}

// newField lays out label, hint, input and the (hidden) error line.
func newField(key, label string, step int, input fyne.CanvasObject, o fieldOpts) *field {
	f := &field{key: key, label: label, step: step, holder: input, on: true, optional: o.optional, hint: o.hint}
	f.errText = ui.Wrapped("", theme.SizeNameText, theme.ColorNameError, true)
	icon := widget.NewIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))
	f.errBox = container.NewBorder(nil, nil, container.NewCenter(icon), nil, f.errText)
	f.errBox.Hide()
	f.title = labelText(label, o.optional)
	objs := []fyne.CanvasObject{spacer(4), f.title}
	if o.hint != "" {
		// Broken by the rules of Chinese typesetting, as documents are:
		// a closing quote or bracket never starts a line of the hint.
		f.hintText = ui.NewParagraph(o.hint, theme.SizeNameText, ui.ColorNameMuted)
		objs = append(objs, f.hintText)
	}
	if o.fill {
		f.box = container.NewBorder(container.NewVBox(objs...), f.errBox, nil, nil, input)
		return f
	}
	objs = append(objs, input, f.errBox)
	f.box = container.NewVBox(objs...)
	return f
}

// newTextField makes an entry attached to kb with kind.
func newTextField(kb *keyboard.Keyboard, key, label string, step int, kind keyboard.FieldKind, o fieldOpts) *field {
	e := widget.NewEntry()
	if o.rows > 0 {
		e.MultiLine = true
		e.Wrapping = fyne.TextWrapBreak
		e.SetMinRowsVisible(o.rows)
	}
	e.PlaceHolder = o.place
	holder := kb.Attach(e, kind)
	f := newField(key, label, step, container.New(ui.AtLeast(0, ControlHeight), holder), o)
	f.entry, f.holder = e, holder
	return f
}

// setError shows err under the field, or hides the line for nil.
func (f *field) setError(err *domain.Error) {
	if err == nil {
		setText(f.errText, "")
		f.errBox.Hide()
		return
	}
	setText(f.errText, err.Message)
	f.errBox.Show()
}

// Error returns the message shown under the field, "" when none.
func (f *field) Error() string {
	if !f.errBox.Visible() {
		return ""
	}
	return ui.PlainText(f.errText)
}

func (f *field) hasError() bool { return f.errBox.Visible() }

// show sets whether the field belongs to the form under the current
// answers; a field that does not is hidden and not checked.
func (f *field) show(on bool) {
	f.on = on
	if on {
		f.box.Show()
	} else {
		f.box.Hide()
		f.setError(nil)
	}
}

// wipe empties what the visitor typed or chose.
func (f *field) wipe() {
	if f.entry != nil {
		f.entry.SetText("")
	}
	if f.choice != nil {
		f.choice.Set()
	}
	f.setError(nil)
}

// reveal scrolls s so that the field's label and the first line of its
// input are in view (above the keyboard, which has already taken its
// room). When they cannot both be, in large text on a short screen, the
// hint between them makes way while the visitor types (语音播报 still reads
// it); showHint brings it back. relayout lays the page out again.
func (f *field) reveal(s *container.Scroll, relayout func()) {
	d := fyne.CurrentApp().Driver()
	need := func() float32 {
		return d.AbsolutePositionForObject(f.holder).Y - d.AbsolutePositionForObject(f.box).Y +
			min(f.holder.Size().Height, ControlHeight) + 16
	}
	if f.hintText != nil && f.hintText.Visible() && need() > s.Size().Height {
		f.hintText.Hide()
		relayout()
	}
	keyboard.ScrollIntoView(s, f.box, 0)
}

// showHint brings back a hint reveal hid.
func (f *field) showHint() bool {
	if f.hintText != nil && !f.hintText.Visible() {
		f.hintText.Show()
		return true
	}
	return false
}
