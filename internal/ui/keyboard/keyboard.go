package keyboard

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ime"
)

// Keyboard is the on-screen keyboard. Place it at the bottom of the
// window (e.g. the bottom of a container.NewBorder); it stays hidden until
// a field registered with Attach is touched.
//
// It holds its target entry explicitly and types through the entry's own
// TypedRune and TypedKey, so it works whatever Fyne's focus does (tapping a
// key, which is not focusable, drops the focus) and the entry's validator,
// OnChanged and undo behave as with a real keyboard. It learns nothing:
// Reset wipes everything it holds about what was typed.
type Keyboard struct {
	widget.BaseWidget

	// OnShow is called when the keyboard appears or moves to another field,
	// with the target and the keyboard's height, so the screen can keep the
	// field visible (see also Follow).
	OnShow func(target *widget.Entry, height float32)
	// OnHide is called when the keyboard hides.
	OnHide func()
	// OnActivity is called on every key press (the idle timer's hook).
	OnActivity func()
	// Clock times the backspace repeat; nil means real time.
	Clock Clock
	// Load loads the pinyin engine, in a goroutine, on first use; nil
	// means ime.Load.
	Load func() (*ime.Engine, error)

	fields  []*field
	target  *field
	scrolls []*container.Scroll

	layout  Layout
	symCN   bool // symbols show full-width Chinese punctuation
	shift   bool // next letter upper case (English)
	capsOn  bool // shift locked (Code fields)
	pinyin  composer
	views   map[viewKey]*view
	current *view

	bg         *canvas.Rectangle
	submitting bool         // advance is submitting the last field
	status     *canvas.Text // composition or a notice
	candRow    *fyne.Container
	cands      [ime.PageSize]*Key
	prevPage   *Key
	nextPage   *Key
	stack      *fyne.Container
}

type viewKey struct {
	layout  Layout
	chinese bool
	pad     FieldKind // the keypad's kind of field (its X, - or ABC key)
}

type field struct {
	entry  *widget.Entry
	kind   FieldKind
	catch  *catcher
	holder fyne.CanvasObject
}

// New returns a hidden keyboard.
func New() *Keyboard {
	k := &Keyboard{views: map[viewKey]*view{}}
	k.pinyin.k = k
	k.ExtendBaseWidget(k)
	k.status = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	k.status.TextSize = statusTextSize()
	k.prevPage = k.newKey(KeyPrevPage, "‹", 1)
	k.nextPage = k.newKey(KeyNextPage, "›", 1)
	objs := []fyne.CanvasObject{k.prevPage}
	for i := range k.cands {
		i := i
		c := newKey("", "", func() { k.pick(i) })
		c.wide = 1.4
		c.clock = k.clock
		c.do = fyne.Do
		k.cands[i] = c
		objs = append(objs, c)
	}
	objs = append(objs, k.nextPage)
	k.candRow = container.New(&rowLayout{}, objs...)
	k.stack = container.NewStack()
	k.BaseWidget.Hide()
	return k
}

func (k *Keyboard) clock() Clock {
	if k.Clock != nil {
		return k.Clock
	}
	return realClock{}
}

// The keyboard's share of the window: at most maxShare of its height (but
// never less than minHeight), so the field being typed and its label stay
// in view above it on a short screen. Given less than its natural height,
// its rows shrink together.
const (
	maxShare  = 0.4
	minHeight = 300
)

// MinSize is the keyboard's natural size, its height capped at maxShare of
// the window's.
func (k *Keyboard) MinSize() fyne.Size {
	k.ExtendBaseWidget(k)
	m := k.BaseWidget.MinSize()
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil && c.Size().Height > 0 {
		m.Height = min(m.Height, max(c.Size().Height*maxShare, minHeight))
	}
	return m
}

// CreateRenderer lays out the composition line, the candidate bar and the
// keys over a panel background.
func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	k.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	body := container.New(shrinkRows{}, container.NewPadded(k.status), k.candRow, k.stack)
	return &panelRenderer{k: k, WidgetRenderer: widget.NewSimpleRenderer(container.NewStack(k.bg, container.NewPadded(body)))}
}

// panelRenderer repaints the panel in the theme's colours on refresh
// (高对比度).
type panelRenderer struct {
	fyne.WidgetRenderer
	k *Keyboard
}

func (r *panelRenderer) Refresh() {
	r.k.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.k.bg.Refresh()
	r.k.status.Color = theme.Color(theme.ColorNameForeground)
	r.k.status.TextSize = statusTextSize()
	r.WidgetRenderer.Refresh()
}

// Attach registers entry as a field of kind and returns the object to
// place in the layout instead of entry: entry under a transparent layer
// that opens the keyboard when touched (a plain widget.Entry has no focus
// callback). Fields are visited by 下一项 in the order they were attached.
func (k *Keyboard) Attach(entry *widget.Entry, kind FieldKind) fyne.CanvasObject {
	if f := k.find(entry); f != nil {
		f.kind = kind
		return f.holder
	}
	f := &field{entry: entry, kind: kind}
	if entry.OnSubmitted == nil && !entry.MultiLine {
		// A physical keypad's Enter in the field is 下一项, as on the
		// screen: a keypad has no other way out of a field.
		entry.OnSubmitted = func(string) {
			if k.target == f && !k.submitting {
				k.press(KeyNext)
			}
		}
	}
	f.catch = newCatcher(k, f)
	f.holder = container.NewStack(entry, f.catch)
	k.fields = append(k.fields, f)
	return f.holder
}

// Attached reports whether entry is one of the keyboard's fields.
func (k *Keyboard) Attached(entry *widget.Entry) bool { return k.find(entry) != nil }

// Detach forgets entry (and hides the keyboard if entry was its target).
func (k *Keyboard) Detach(entry *widget.Entry) {
	for i, f := range k.fields {
		if f.entry == entry {
			if k.target == f {
				k.Hide()
			}
			k.fields = append(k.fields[:i], k.fields[i+1:]...)
			return
		}
	}
}

// DetachAll forgets every field, for a screen that is rebuilt.
func (k *Keyboard) DetachAll() {
	k.Hide()
	k.fields = nil
}

// Follow makes the keyboard scroll s so that its target stays visible
// above the keyboard whenever it opens or moves to another field.
func (k *Keyboard) Follow(s *container.Scroll) { k.scrolls = append(k.scrolls, s) }

// Target returns the entry the keyboard types into, nil when hidden.
func (k *Keyboard) Target() *widget.Entry {
	if k.target == nil {
		return nil
	}
	return k.target.entry
}

// Layout returns the layout shown.
func (k *Keyboard) Layout() Layout { return k.layout }

// Key returns the key with id in the layout shown ("a", "1", "，",
// KeyBackspace, ...), or nil. Tests and scripted demos tap it.
func (k *Keyboard) Key(id string) *Key {
	if k.current == nil {
		return nil
	}
	switch id {
	case KeyPrevPage:
		return k.prevPage
	case KeyNextPage:
		return k.nextPage
	}
	return k.current.keys[id]
}

// Candidate returns the key of the i-th candidate on the page shown.
func (k *Keyboard) Candidate(i int) *Key { return k.cands[i] }

// Candidates returns the candidates on the page shown.
func (k *Keyboard) Candidates() []string {
	var out []string
	for _, c := range k.pinyin.page() {
		out = append(out, c.Text)
	}
	return out
}

// Composition returns the pinyin being composed, segmented ("xin'xi").
func (k *Keyboard) Composition() string { return k.pinyin.display() }

// ShowFor opens the keyboard on entry, which must have been attached; a
// touch on the field does this.
func (k *Keyboard) ShowFor(entry *widget.Entry) {
	f := k.find(entry)
	if f == nil || entry.Disabled() {
		return
	}
	if k.target != f {
		k.pinyin.clear()
		k.target = f
		k.shift = false
		k.capsOn = f.kind == Code || f.kind == Verification
		k.setLayout(layoutFor(f.kind))
	}
	k.BaseWidget.Show()
	k.refreshAll()
	if c := fyne.CurrentApp().Driver().CanvasForObject(entry); c != nil {
		// Lay the window out now, so that the keyboard has its size and
		// the form its new height before scrolling to the field.
		if c.Content() != nil {
			c.Content().Refresh()
		}
		c.Focus(entry) // shows the cursor; typing does not depend on it
	}
	k.follow()
	if k.OnShow != nil {
		k.OnShow(entry, k.MinSize().Height)
	}
	k.pinyin.preload()
}

// statusTextSize is the composition line's size: the theme's, capped
// like the keys' captions.
func statusTextSize() float32 {
	return min(theme.Size(theme.SizeNameSubHeadingText), keyTextMax*0.8)
}

// Reveal scrolls the target back into view after the page changed shape
// (a new text size while the visitor types), as opening the keyboard does.
func (k *Keyboard) Reveal() {
	if k.target == nil || !k.Visible() {
		return
	}
	k.follow()
	if k.OnShow != nil {
		k.OnShow(k.target.entry, k.MinSize().Height)
	}
}

// Hide hides the keyboard and drops its target and any unfinished pinyin.
func (k *Keyboard) Hide() {
	k.release()
	k.pinyin.clear()
	wasVisible := k.Visible()
	var c fyne.Canvas
	if k.target != nil {
		c = fyne.CurrentApp().Driver().CanvasForObject(k.target.entry)
	}
	if c != nil && k.target != nil && c.Focused() == fyne.Focusable(k.target.entry) {
		c.Unfocus() // keys go back to the page (a physical keypad moves its focus)
	}
	k.target = nil
	k.BaseWidget.Hide()
	if wasVisible && c != nil && c.Content() != nil {
		c.Content().Refresh() // give the form its height back
	}
	if wasVisible && k.OnHide != nil {
		k.OnHide()
	}
}

// Reset wipes what the keyboard holds about the visitor's typing (the
// composition, candidates, shift state, its target) and hides it. The idle
// reset and every form's completion call it. Registered fields stay.
func (k *Keyboard) Reset() {
	k.Hide()
	k.shift, k.capsOn, k.symCN = false, false, false
	k.pinyin.reset()
	k.refreshAll()
}

func (k *Keyboard) release() {
	if k.current == nil {
		return
	}
	for _, key := range k.current.keys {
		if key.pressed {
			key.release()
		}
	}
}

func (k *Keyboard) find(entry *widget.Entry) *field {
	for _, f := range k.fields {
		if f.entry == entry {
			return f
		}
	}
	return nil
}

// setLayout shows layout l for the target.
func (k *Keyboard) setLayout(l Layout) {
	k.release()
	k.layout = l
	if l == Pinyin {
		k.symCN = true
	} else if l == English {
		k.symCN = false
	}
	vk := viewKey{layout: l}
	switch l {
	case Symbols:
		vk.chinese = k.symCN
	case Keypad:
		if k.target != nil {
			vk.pad = k.target.kind
		}
	}
	v := k.views[vk]
	if v == nil {
		v = k.buildView(layoutRows(l, vk.chinese, vk.pad))
		k.views[vk] = v
	}
	k.current = v
	k.stack.Objects = []fyne.CanvasObject{v.obj}
	k.stack.Refresh()
	k.refreshAll()
}

// alive reports whether the target can still be typed into; a field
// that was hidden or disabled closes the keyboard.
func (k *Keyboard) alive() bool {
	if k.target == nil {
		return false
	}
	e := k.target.entry
	if !e.Visible() || e.Disabled() || !k.target.holder.Visible() {
		k.Hide()
		return false
	}
	return true
}

// press handles key id of the current layout.
func (k *Keyboard) press(id string) {
	if k.OnActivity != nil {
		k.OnActivity()
	}
	switch id {
	case KeyHide:
		k.Hide()
		return
	case KeyPrevPage:
		k.pinyin.turn(-1)
		return
	case KeyNextPage:
		k.pinyin.turn(1)
		return
	}
	if !k.alive() {
		return
	}
	switch id {
	case KeyBackspace:
		if !k.pinyin.backspace() {
			k.target.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		}
	case KeySpace:
		if !k.pinyin.commitFirst() {
			k.typeText(" ")
		}
	case KeyNext:
		if k.pinyin.active() {
			k.pinyin.commitRaw()
		} else {
			k.advance()
		}
	case KeyShift:
		if k.capsOn {
			k.capsOn, k.shift = false, false
		} else {
			k.shift = !k.shift
		}
		k.refreshAll()
	case KeyPinyin:
		k.setLayout(Pinyin)
	case KeyEnglish:
		k.pinyin.commitRaw()
		k.setLayout(English)
	case KeySymbols:
		k.pinyin.commitRaw()
		k.setLayout(Symbols)
	case KeyLetters:
		if k.symCN {
			k.setLayout(Pinyin)
		} else {
			k.setLayout(English)
		}
	default:
		k.typeKey(id)
	}
}

// typeKey types a character key.
func (k *Keyboard) typeKey(id string) {
	r, _ := utf8.DecodeRuneInString(id)
	switch {
	case k.layout == Pinyin && r >= 'a' && r <= 'z':
		k.pinyin.add(byte(r))
		return
	case k.layout == English && r >= 'a' && r <= 'z':
		if k.shift || k.capsOn {
			id = strings.ToUpper(id)
		}
		k.shift = false
		k.refreshAll()
	case k.layout == Pinyin:
		// Punctuation ends the composition with its best candidate, as
		// desktop input methods do.
		k.pinyin.commitFirst()
	}
	k.typeText(id)
}

// typeText types s into the target through its own key handling.
func (k *Keyboard) typeText(s string) {
	for _, r := range s {
		k.target.entry.TypedRune(r)
	}
}

// advance moves to the next attached field that can take text; after the
// last one it submits a single-line entry (so a search runs) and hides.
func (k *Keyboard) advance() {
	i := 0
	for ; i < len(k.fields) && k.fields[i] != k.target; i++ {
	}
	for j := i + 1; j < len(k.fields); j++ {
		f := k.fields[j]
		if f.entry.Visible() && !f.entry.Disabled() && f.holder.Visible() {
			k.ShowFor(f.entry)
			return
		}
	}
	e := k.target.entry
	if !e.MultiLine {
		k.submitting = true // not back into 下一项 through our own OnSubmitted
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		k.submitting = false
	}
	k.Hide()
}

// hasNext reports whether 下一项 would move to another field.
func (k *Keyboard) hasNext() bool {
	seen := false
	for _, f := range k.fields {
		if seen && f.entry.Visible() && !f.entry.Disabled() && f.holder.Visible() {
			return true
		}
		seen = seen || f == k.target
	}
	return false
}

// refreshAll brings captions, candidates and the notice up to date.
func (k *Keyboard) refreshAll() {
	if k.current == nil {
		return
	}
	if key := k.current.keys[KeyNext]; key != nil {
		switch {
		case k.pinyin.active():
			key.setLabel("确定")
		case k.hasNext():
			key.setLabel("下一项")
		default:
			key.setLabel("完成")
		}
	}
	if k.layout == English {
		upper := k.shift || k.capsOn
		for id, key := range k.current.keys {
			if len(id) == 1 && id[0] >= 'a' && id[0] <= 'z' {
				if upper {
					key.setLabel(strings.ToUpper(id))
				} else {
					key.setLabel(id)
				}
			}
		}
		if key := k.current.keys[KeyShift]; key != nil {
			key.accent = !upper
			key.pressed = k.capsOn
			key.Refresh()
		}
	}
	k.pinyin.show()
	for _, key := range k.current.keys {
		if key.ID == KeySymbols || key.ID == KeyEnglish || key.ID == KeyPinyin {
			key.setDisabled(k.target != nil && !switchable(k.target.kind))
		}
	}
}

// follow scrolls the followed scroll containers to the target.
func (k *Keyboard) follow() {
	if k.target == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	kbTop := d.AbsolutePositionForObject(k).Y
	for _, s := range k.scrolls {
		// The part of the scroll behind the keyboard, if it lies over it
		// rather than docked below.
		covered := d.AbsolutePositionForObject(s).Y + s.Size().Height - kbTop
		ScrollIntoView(s, k.target.holder, max(covered, 0))
	}
}

// ScrollIntoView scrolls s so that obj, somewhere inside its content, is
// visible, even when the bottom covered pixels of s are hidden behind the
// keyboard. It brings obj near the top of the view when it is not visible.
func ScrollIntoView(s *container.Scroll, obj fyne.CanvasObject, covered float32) {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(obj).Y - d.AbsolutePositionForObject(s).Y + s.Offset.Y
	bottom := top + obj.Size().Height
	view := s.Size().Height - covered
	if view < obj.Size().Height {
		view = s.Size().Height
	}
	if top >= s.Offset.Y && bottom <= s.Offset.Y+view {
		return
	}
	const margin = 16
	y := top - margin
	maxY := max(s.Content.Size().Height, s.Content.MinSize().Height) - s.Size().Height
	y = min(y, maxY)
	y = max(y, 0)
	s.ScrollToOffset(fyne.NewPos(s.Offset.X, y))
}
