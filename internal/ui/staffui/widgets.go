package staffui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
)

// Control sizes for staff screens: the same touch targets visitors get.
const (
	buttonHeight = 72
	keyWidth     = 150
	keyHeight    = 84
)

// wrapped is text that wraps by character (staff text is Chinese).
func wrapped(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *widget.RichText {
	t := ui.Text(s, size, col, false)
	t.Wrapping = fyne.TextWrapBreak
	return t
}

// setText replaces the text of a one-segment RichText, and its colour when
// col is not "".
func setText(t *widget.RichText, s string, col fyne.ThemeColorName) {
	if col != "" {
		t.Segments[0].(*widget.TextSegment).Style.ColorName = col
	}
	ui.SetText(t, s)
}

// sized wraps o so that it is at least w×h.
func sized(o fyne.CanvasObject, w, h float32) fyne.CanvasObject {
	return container.New(ui.AtLeast(w, h), o)
}

// bigButton is a touch-sized button.
func bigButton(label string, icon fyne.Resource, imp widget.Importance, fn func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, fn)
	b.Importance = imp
	return b
}

// tall lays a button out at the staff screens' touch height.
func tall(b fyne.CanvasObject) fyne.CanvasObject { return sized(b, 0, buttonHeight) }

// card is a titled panel of the staff screen.
func card(title string, body ...fyne.CanvasObject) fyne.CanvasObject {
	bg := ui.NewCard(ui.ColorNameKeyCell, 10)
	head := ui.Text(title, theme.SizeNameSubHeadingText, theme.ColorNamePrimary, true)
	rows := append([]fyne.CanvasObject{head, widget.NewSeparator()}, body...)
	return container.NewStack(bg, container.NewPadded(container.NewPadded(container.NewVBox(rows...))))
}

// tightLayout trims most of the vertical padding a RichText keeps
// around its line, so a card's facts sit as close as lines of a table.
type tightLayout struct{ trim float32 }

func (l *tightLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -l.trim))
		o.Resize(fyne.NewSize(size.Width, size.Height+2*l.trim))
	}
}

func (l *tightLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(s.Width, s.Height-2*l.trim)
}

// tight lays o out with less padding above and below.
func tight(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&tightLayout{trim: theme.InnerPadding() / 2}, o)
}

// facts builds a card's "label  value" table with aligned columns.
type facts struct{ objs []fyne.CanvasObject }

// add adds a row and returns its value, for the screen to fill in.
func (f *facts) add(label string) *widget.RichText {
	v := wrapped("", theme.SizeNameText, theme.ColorNameForeground)
	f.objs = append(f.objs, tight(ui.Text(label, theme.SizeNameText, ui.ColorNameMuted, false)), tight(v))
	return v
}

func (f *facts) table() fyne.CanvasObject { return container.New(layout.NewFormLayout(), f.objs...) }

// tile is a big number over a small caption, for counts.
func tile(caption string) (fyne.CanvasObject, *widget.RichText) {
	bg := ui.NewCard(theme.ColorNameBackground, 8)
	num := ui.Text("—", theme.SizeNameHeadingText, theme.ColorNameForeground, true)
	num.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	c := ui.Text(caption, theme.SizeNameCaptionText, ui.ColorNameMuted, false)
	c.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewVBox(tight(num), tight(c))), num
}

// keypad is a grid of big digit keys plus the extra keys given, in rows
// of three. keys maps each label to its button (tests tap them).
func keypad(keys map[string]*widget.Button, onKey func(string), labels ...string) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, l := range labels {
		l := l
		b := widget.NewButton(l, func() { onKey(l) })
		if l == "" {
			objs = append(objs, sized(widget.NewLabel(""), keyWidth, keyHeight))
			continue
		}
		keys[l] = b
		objs = append(objs, sized(b, keyWidth, keyHeight))
	}
	return container.NewGridWithColumns(3, objs...)
}

// digitKeys is the layout of a telephone keypad with 清除 and 退格.
var digitKeys = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", keyClear, "0", keyBack}

// Keypad labels that are not digits.
const (
	keyClear = "清除"
	keyBack  = "退格"
)

// field is a display box for what a keypad typed, with a highlight when
// it is the one receiving keys.
type field struct {
	widget.BaseWidget
	label  string
	value  string
	mask   bool
	group  bool // a tracking number: shown in its printed groups
	active bool
	max    int
	onTap  func()

	bg   *canvas.Rectangle
	text *widget.RichText
}

func newField(label string, mask bool, max int, onTap func()) *field {
	f := &field{label: label, mask: mask, max: max, onTap: onTap}
	f.ExtendBaseWidget(f)
	return f
}

// shown is what the box displays: dots for a PIN.
func (f *field) shown() string {
	if f.mask {
		return strings.Repeat("● ", len(f.value))
	}
	if f.group {
		var b strings.Builder
		for i, r := range f.value {
			if i == 4 || i == 10 || i == 14 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return f.value
}

func (f *field) set(v string) {
	f.value = v
	f.Refresh()
}

func (f *field) key(k string) {
	switch k {
	case keyClear:
		f.value = ""
	case keyBack:
		if f.value != "" {
			f.value = f.value[:len(f.value)-1]
		}
	default:
		if len(f.value) < f.max {
			f.value += k
		}
	}
	f.Refresh()
}

func (f *field) setActive(on bool) {
	f.active = on
	f.Refresh()
}

// Tapped makes the box the one receiving keys.
func (f *field) Tapped(*fyne.PointEvent) {
	if f.onTap != nil {
		f.onTap()
	}
}

func (f *field) CreateRenderer() fyne.WidgetRenderer {
	f.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	f.bg.CornerRadius = 8
	f.bg.StrokeWidth = 2
	f.text = ui.Text("", theme.SizeNameHeadingText, theme.ColorNameForeground, true)
	label := ui.Text(f.label, theme.SizeNameText, ui.ColorNameMuted, false)
	box := container.NewStack(f.bg, container.NewPadded(container.NewPadded(f.text)))
	r := &fieldRenderer{f: f, obj: container.NewBorder(nil, nil, sized(container.NewCenter(label), 110, 0), nil, sized(box, 360, 76))}
	r.Refresh()
	return r
}

type fieldRenderer struct {
	f   *field
	obj *fyne.Container
}

func (r *fieldRenderer) Layout(s fyne.Size)           { r.obj.Resize(s) }
func (r *fieldRenderer) MinSize() fyne.Size           { return r.obj.MinSize() }
func (r *fieldRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.obj} }
func (r *fieldRenderer) Destroy()                     {}
func (r *fieldRenderer) Refresh() {
	stroke := theme.ColorNameInputBorder
	if r.f.active {
		stroke = theme.ColorNamePrimary
		r.f.bg.StrokeWidth = 4
	} else {
		r.f.bg.StrokeWidth = 2
	}
	r.f.bg.StrokeColor = theme.Color(stroke)
	r.f.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.f.bg.Refresh()
	setText(r.f.text, r.f.shown(), "")
}

// age words a duration for staff: 5 分钟, 2 小时 5 分钟, 3 天 4 小时.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "不到 1 分钟"
	case d < time.Hour:
		return fmt.Sprintf("%d 分钟", int(d/time.Minute))
	case d < 24*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d 小时", h)
		}
		return fmt.Sprintf("%d 小时 %d 分钟", h, m)
	}
	days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if h == 0 {
		return fmt.Sprintf("%d 天", days)
	}
	return fmt.Sprintf("%d 天 %d 小时", days, h)
}

// columnsLayout puts its objects side by side in as many columns as fit
// their minimum width (all of them on a 1920-pixel screen), and stacks
// the rest under them when they do not (大字模式), so nothing is cut off
// at the right edge: the page only ever scrolls down.
type columnsLayout struct{ width float32 } // the width of the last layout

func (l *columnsLayout) count(objs []fyne.CanvasObject, width float32) int {
	var need float32
	for _, o := range objs {
		need = max(need, o.MinSize().Width)
	}
	pad := theme.Padding()
	n := len(objs)
	for n > 1 && float32(n)*need+float32(n-1)*pad > width {
		n--
	}
	return max(n, 1)
}

// place lays objs out in columns of width w (or only measures them when
// move is false) and returns the height of the tallest column.
func (l *columnsLayout) place(objs []fyne.CanvasObject, width float32, move bool) float32 {
	n := l.count(objs, width)
	pad := theme.Padding()
	w := (width - float32(n-1)*pad) / float32(n)
	heights := make([]float32, n)
	for i, o := range objs {
		c := i % n
		h := o.MinSize().Height
		if move {
			o.Move(fyne.NewPos(float32(c)*(w+pad), heights[c]))
			o.Resize(fyne.NewSize(w, h))
		}
		heights[c] += h + pad
	}
	var tallest float32
	for _, h := range heights {
		tallest = max(tallest, h-pad)
	}
	return tallest
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objs, size.Width, true)
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	width := l.width
	if width == 0 {
		width = float32(len(objs)) * (w + theme.Padding())
	}
	return fyne.NewSize(w, l.place(objs, width, false))
}
