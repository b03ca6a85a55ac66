package keyboard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Key ids of the keys that are not characters.
const (
	KeyBackspace = "backspace"
	KeySpace     = "space"
	KeyNext      = "next"   // 确定 / 下一项 / 完成
	KeyHide      = "hide"   // 隐藏
	KeyShift     = "shift"  // ⇧ in English
	KeyPinyin    = "pinyin" // to 拼音
	KeyEnglish   = "english"
	KeySymbols   = "symbols"
	KeyLetters   = "letters" // back from symbols
	KeyPrevPage  = "prev"    // ‹ candidates
	KeyNextPage  = "more"    // › candidates
)

// view is one layout's keys, built once and shown or hidden.
type view struct {
	obj  fyne.CanvasObject
	keys map[string]*Key
}

// spec is one key of a layout row: its id, caption and relative width.
type spec struct {
	id, label string
	wide      float32
}

func chars(s string) []spec {
	var out []spec
	for _, r := range s {
		out = append(out, spec{id: string(r), label: string(r), wide: 1})
	}
	return out
}

func keys(ss ...spec) []spec { return ss }

func row(parts ...[]spec) []spec {
	var out []spec
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Captions of the function keys.
var (
	backspace = spec{KeyBackspace, "⌫", 1.5}
	next      = spec{KeyNext, "下一项", 2}
	hide      = spec{KeyHide, "隐藏", 1.5}
	space     = spec{KeySpace, "空格", 3}
)

// layoutRows returns the rows of a layout. Symbols differ between 拼音
// (full-width Chinese punctuation) and English (ASCII).
func layoutRows(l Layout, chinese bool, pad FieldKind) [][]spec {
	switch l {
	case Pinyin:
		return [][]spec{
			row(chars("qwertyuiop"), keys(backspace)),
			row(chars("asdfghjkl"), keys(next)),
			row(chars("zxcvbnm，。？！")),
			row(keys(spec{KeyEnglish, "英文", 1.5}, spec{KeySymbols, "123 符号", 1.5}), chars("、：；"),
				keys(space), chars("“”"), keys(hide)),
		}
	case English:
		return [][]spec{
			row(chars("qwertyuiop"), keys(backspace)),
			row(chars("asdfghjkl"), keys(next)),
			row(keys(spec{KeyShift, "⇧", 1.5}), chars("zxcvbnm,.")),
			row(keys(spec{KeyPinyin, "拼音", 1.5}, spec{KeySymbols, "123 符号", 1.5}), chars("@-_"),
				keys(space), chars("'"), keys(hide)),
		}
	case Symbols:
		if chinese {
			return [][]spec{
				row(chars("1234567890"), keys(backspace)),
				row(chars("（）《》〔〕【】—…·"), keys(next)),
				row(chars("，。？！、：；“”‘’%")),
				row(keys(spec{KeyLetters, "拼音", 1.5}), chars("-/+="), keys(space), chars("#*"), keys(hide)),
			}
		}
		return [][]spec{
			row(chars("1234567890"), keys(backspace)),
			row(chars("()[]/\\:;\"#"), keys(next)),
			row(chars(",.?!&*+=%$'")),
			row(keys(spec{KeyLetters, "ABC", 1.5}), chars("-@_~"), keys(space), chars("<>"), keys(hide)),
		}
	default: // Keypad: X for ID numbers, - for a landline's area code, ABC for old letter codes
		blank := spec{"", "", 2}
		left, right, extra := blank, blank, blank
		switch pad {
		case IDNumber:
			left = spec{"X", "X", 2}
		case Phone:
			right = spec{"-", "-", 2}
		case Verification:
			extra = spec{KeyEnglish, "ABC", 2}
		}
		return [][]spec{
			{{"1", "1", 2}, {"2", "2", 2}, {"3", "3", 2}, {KeyBackspace, "⌫", 2}},
			{{"4", "4", 2}, {"5", "5", 2}, {"6", "6", 2}, {KeyNext, "下一项", 2}},
			{{"7", "7", 2}, {"8", "8", 2}, {"9", "9", 2}, {KeyHide, "隐藏", 2}},
			{left, {"0", "0", 2}, right, extra},
		}
	}
}

// buildView makes the keys of rows, wiring each to press.
func (k *Keyboard) buildView(rows [][]spec) *view {
	v := &view{keys: map[string]*Key{}}
	var lines []fyne.CanvasObject
	for _, r := range rows {
		var objs []fyne.CanvasObject
		for _, s := range r {
			if s.id == "" {
				objs = append(objs, newSpacer(s.wide))
				continue
			}
			key := k.newKey(s.id, s.label, s.wide)
			v.keys[s.id] = key
			objs = append(objs, key)
		}
		lines = append(lines, container.New(&rowLayout{}, objs...))
	}
	v.obj = container.New(shrinkRows{}, lines...)
	return v
}

func (k *Keyboard) newKey(id, label string, wide float32) *Key {
	key := newKey(id, label, nil)
	key.wide = wide
	key.action = func() { k.press(id) }
	key.repeat = id == KeyBackspace
	key.accent = len([]rune(label)) > 1 || id == KeyBackspace
	key.clock = k.clock
	key.do = fyne.Do
	return key
}

// spacer is an empty slot of a row.
type spacer struct {
	fyne.CanvasObject
	wide float32
}

func newSpacer(wide float32) *spacer {
	return &spacer{CanvasObject: container.NewWithoutLayout(), wide: wide}
}

func (s *spacer) MinSize() fyne.Size { return fyne.NewSize(KeySize*s.wide, KeySize) }

// rowLayout shares a row's width among its keys by their relative widths.
type rowLayout struct{}

func weight(o fyne.CanvasObject) float32 {
	switch k := o.(type) {
	case *Key:
		return k.wide
	case *spacer:
		return k.wide
	}
	return 1
}

func (rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for _, o := range objs {
		total += weight(o)
	}
	x := float32(0)
	for _, o := range objs {
		w := size.Width * weight(o) / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	// Every key gets at least its own minimum at the row's proportions.
	var total, unit, h float32
	for _, o := range objs {
		total += weight(o)
	}
	for _, o := range objs {
		m := o.MinSize()
		unit = max(unit, m.Width/weight(o))
		h = max(h, m.Height)
	}
	return fyne.NewSize(unit*total, h)
}

// shrinkRows stacks rows like a VBox, but given less height than they ask
// for it shrinks them all in proportion instead of running off the bottom
// (the keyboard on a short screen).
type shrinkRows struct{}

func (shrinkRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var need float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			need += o.MinSize().Height
			n++
		}
	}
	if n == 0 {
		return
	}
	k := float32(1)
	if need > 0 && need > size.Height {
		k = size.Height / need
	}
	extra := max(size.Height-need*k, 0) / float32(n) // a taller panel than asked: share it out
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height*k + extra
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (shrinkRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m := o.MinSize()
			s.Width = max(s.Width, m.Width)
			s.Height += m.Height
		}
	}
	return s
}
