package keyboard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// catcher lies over an attached entry and opens the keyboard when the
// entry is touched: widget.Entry has no public focus callback. It passes
// presses on to the entry so the cursor still lands where the finger did.
type catcher struct {
	widget.BaseWidget
	k *Keyboard
	f *field
}

func newCatcher(k *Keyboard, f *field) *catcher {
	c := &catcher{k: k, f: f}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped opens the keyboard on the entry.
func (c *catcher) Tapped(ev *fyne.PointEvent) {
	if c.f.entry.Disabled() {
		return
	}
	c.f.entry.Tapped(ev)
	c.k.ShowFor(c.f.entry)
	if c.k.OnActivity != nil {
		c.k.OnActivity()
	}
}

// FocusText is what a keypad's focus says of the field before it is
// opened; opening it says the field's label and hint (the form's OnShow).
func (c *catcher) FocusText() string {
	if p := c.f.entry.PlaceHolder; p != "" {
		return "输入框，" + p + "，按确认键输入"
	}
	return "输入框，按确认键输入"
}

// Activate opens the keyboard on the field, as a touch does.
func (c *catcher) Activate() { c.Tapped(&fyne.PointEvent{}) }

// MouseDown places the entry's cursor.
func (c *catcher) MouseDown(ev *desktop.MouseEvent) {
	if !c.f.entry.Disabled() {
		c.f.entry.MouseDown(ev)
	}
}

// MouseUp ends the entry's press.
func (c *catcher) MouseUp(ev *desktop.MouseEvent) {
	if !c.f.entry.Disabled() {
		c.f.entry.MouseUp(ev)
	}
}

// Cursor shows the text cursor over the field.
func (c *catcher) Cursor() desktop.Cursor { return desktop.TextCursor }

func (c *catcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}
