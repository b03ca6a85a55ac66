package keyboard

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/validate"
)

// form is a small application form like issue 4's, with the keyboard
// docked under a scrolling body.
type form struct {
	win                      fyne.Window
	kb                       *Keyboard
	name, id, phone, content *widget.Entry
	scroll                   *container.Scroll
	validated                map[*widget.Entry]int
}

func newForm(t *testing.T) *form {
	t.Helper()
	test.NewTempApp(t)
	f := &form{kb: New(), validated: map[*widget.Entry]int{}}
	counting := func(e **widget.Entry, check func(string) error) *widget.Entry {
		en := widget.NewEntry()
		*e = en
		en.Validator = func(s string) error {
			f.validated[en]++
			return check(s)
		}
		return en
	}
	nonEmpty := func(s string) error {
		if s == "" {
			return errors.New("empty")
		}
		return nil
	}
	counting(&f.name, nonEmpty)
	counting(&f.id, func(s string) error { return validate.IDNumber(s, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) })
	counting(&f.phone, validate.Mobile)
	counting(&f.content, nonEmpty)
	f.content.MultiLine = true

	// A tall form: the paragraph field starts below the fold.
	filler := widget.NewLabel(strings.Repeat("填写须知\n", 30))
	body := container.NewVBox(
		widget.NewLabel("姓名"), f.kb.Attach(f.name, Chinese),
		widget.NewLabel("身份证号"), f.kb.Attach(f.id, IDNumber),
		widget.NewLabel("手机号"), f.kb.Attach(f.phone, Phone),
		filler,
		widget.NewLabel("内容"), f.kb.Attach(f.content, Chinese),
	)
	f.scroll = container.NewVScroll(body)
	f.kb.Follow(f.scroll)
	f.win = test.NewTempWindow(t, container.NewBorder(nil, f.kb, nil, nil, f.scroll))
	f.win.Resize(fyne.NewSize(1920, 1080))
	<-f.kb.Ready()
	return f
}

// touch taps the screen where entry is, as a finger would.
func (f *form) touch(t *testing.T, e *widget.Entry) {
	t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(10, 10))
	test.TapCanvas(f.win.Canvas(), pos)
	if f.kb.Target() != e {
		t.Fatalf("touching the field did not open the keyboard on it")
	}
}

// tap taps the key with id.
func (f *form) tap(t *testing.T, id string) {
	t.Helper()
	k := f.kb.Key(id)
	if k == nil {
		t.Fatalf("no key %q in layout %d", id, f.kb.Layout())
	}
	test.Tap(k)
}

// typeKeys taps one key per character of s.
func (f *form) typeKeys(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		f.tap(t, string(r))
	}
}

// pick types pinyin and taps the candidate want, paging as a visitor
// would.
func (f *form) pick(t *testing.T, pinyin, want string) {
	t.Helper()
	f.typeKeys(t, pinyin)
	for page := 0; page < 40; page++ {
		if i := slices.Index(f.kb.Candidates(), want); i >= 0 {
			test.Tap(f.kb.Candidate(i))
			return
		}
		f.tap(t, KeyNextPage)
	}
	t.Fatalf("%s not offered for %s", want, pinyin)
}

func TestTypeAFormByTouchAlone(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.name)
	if got := f.kb.Layout(); got != Pinyin {
		t.Fatalf("name field opens layout %d, want 拼音", got)
	}
	f.pick(t, "zhang", "张")
	f.pick(t, "wei", "伟") // page 3 of "wei"
	f.tap(t, KeyNext)

	if f.kb.Target() != f.id || f.kb.Layout() != Keypad {
		t.Fatalf("下一项 did not open the ID keypad")
	}
	f.typeKeys(t, "11010519491231002")
	if f.id.Validate() == nil {
		t.Error("17 characters pass the ID validator")
	}
	f.tap(t, "X")
	f.tap(t, KeyNext)

	if f.kb.Key("X") != nil {
		t.Error("the phone keypad offers X")
	}
	f.typeKeys(t, "13800138000")
	f.tap(t, KeyNext)

	if f.kb.Target() != f.content {
		t.Fatal("下一项 did not reach the paragraph")
	}
	f.pick(t, "woxiangshenqinggongkai", "我想申请公开")
	f.pick(t, "er", "二")
	f.pick(t, "ling", "〇")
	f.pick(t, "er", "二")
	f.pick(t, "si", "四")
	f.pick(t, "nian", "年")
	f.pick(t, "zhaoshengjihua", "招生计划")
	f.tap(t, "。")

	for _, tc := range []struct {
		e    *widget.Entry
		want string
	}{
		{f.name, "张伟"},
		{f.id, "11010519491231002X"},
		{f.phone, "13800138000"},
		{f.content, "我想申请公开二〇二四年招生计划。"},
	} {
		if tc.e.Text != tc.want {
			t.Errorf("entry holds %q, want %q", tc.e.Text, tc.want)
		}
		if err := tc.e.Validate(); err != nil {
			t.Errorf("%q fails validation: %v", tc.e.Text, err)
		}
		if f.validated[tc.e] == 0 {
			t.Errorf("the validator of %q never ran while typing", tc.want)
		}
	}
	// 完成 on the last field hides the keyboard.
	if got := f.kb.Key(KeyNext).Label(); got != "完成" {
		t.Errorf("last field's enter key reads %q, want 完成", got)
	}
	f.tap(t, KeyNext)
	if f.kb.Visible() || f.kb.Target() != nil {
		t.Error("完成 on the last field left the keyboard open")
	}
}

func TestKeyTapKeepsTarget(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.phone)
	if f.win.Canvas().Focused() != f.phone {
		t.Error("touching the field did not focus it (no cursor)")
	}
	f.tap(t, "1")
	// Tapping a key, which is not focusable, drops Fyne's focus; the
	// keyboard must type into its field anyway.
	if f.win.Canvas().Focused() != nil {
		t.Fatalf("focus is on %v after a key tap; this test expects Fyne to drop it", f.win.Canvas().Focused())
	}
	f.tap(t, "3")
	if f.kb.Target() != f.phone || f.phone.Text != "13" {
		t.Errorf("after key taps target=%p text=%q, want the phone entry holding 13", f.kb.Target(), f.phone.Text)
	}
	// Undo goes through the entry's own history.
	f.phone.TypedShortcut(&fyne.ShortcutUndo{})
	if f.phone.Text == "13" {
		t.Error("undo did not see the keyboard's typing")
	}
}

func TestHidesWhenFieldLeaves(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.phone)
	f.phone.Disable()
	f.tap(t, "1")
	if f.kb.Visible() || f.kb.Target() != nil || f.phone.Text != "" {
		t.Errorf("keyboard kept typing into a disabled field: visible %v, text %q", f.kb.Visible(), f.phone.Text)
	}
	f.phone.Enable()
	f.touch(t, f.phone)
	f.kb.Detach(f.phone)
	if f.kb.Visible() {
		t.Error("detaching the target left the keyboard open")
	}
}

func TestNextMovesAndScrolls(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.phone)
	if f.scroll.Offset.Y != 0 {
		t.Fatalf("scrolled to %v for a field already visible", f.scroll.Offset.Y)
	}
	shown := float32(0)
	f.kb.OnShow = func(_ *widget.Entry, h float32) { shown = h }
	f.tap(t, KeyNext)
	if f.kb.Target() != f.content {
		t.Fatal("下一项 did not move to the next field")
	}
	if shown < 4*KeySize {
		t.Errorf("OnShow reported height %v", shown)
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(f.content).Y - d.AbsolutePositionForObject(f.scroll).Y
	// The keyboard is docked below the scroll, which shrank to make room.
	if f.scroll.Offset.Y == 0 || top < 0 || top+f.content.Size().Height > f.scroll.Size().Height+0.5 {
		t.Errorf("paragraph at %v in a view of %v (offset %v, keyboard %v): not visible above the keyboard",
			top, f.scroll.Size().Height, f.scroll.Offset.Y, shown)
	}
}

// manualClock runs scheduled functions when advanced.
type manualClock struct {
	now    time.Duration
	timers []*manualTimer
}

type manualTimer struct {
	at   time.Duration
	f    func()
	done bool
}

func (c *manualClock) AfterFunc(d time.Duration, f func()) func() bool {
	t := &manualTimer{at: c.now + d, f: f}
	c.timers = append(c.timers, t)
	return func() bool { was := !t.done; t.done = true; return was }
}

func (c *manualClock) Advance(d time.Duration) {
	end := c.now + d
	for {
		var next *manualTimer
		for _, t := range c.timers {
			if !t.done && t.at <= end && (next == nil || t.at < next.at) {
				next = t
			}
		}
		if next == nil {
			break
		}
		next.done = true
		c.now = next.at
		next.f()
	}
	c.now = end
}

func TestBackspaceRepeatsWhileHeld(t *testing.T) {
	f := newForm(t)
	clock := &manualClock{}
	f.kb.Clock = clock
	f.touch(t, f.phone)
	f.typeKeys(t, "1380013800")
	bs := f.kb.Key(KeyBackspace)
	for _, step := range []struct {
		do   func()
		want string
	}{
		{func() { bs.MouseDown(nil) }, "138001380"}, // fires on press
		{func() { clock.Advance(499 * time.Millisecond) }, "138001380"},
		{func() { clock.Advance(time.Millisecond) }, "13800138"},     // first repeat at 500 ms
		{func() { clock.Advance(200 * time.Millisecond) }, "138001"}, // then every 100 ms
		{func() { bs.MouseUp(nil); bs.Tapped(nil) }, "138001"},       // release: no extra delete
		{func() { clock.Advance(time.Second) }, "138001"},
		{func() { test.Tap(bs) }, "13800"}, // a plain tap deletes one
	} {
		step.do()
		if f.phone.Text != step.want {
			t.Fatalf("phone holds %q, want %q", f.phone.Text, step.want)
		}
	}
}

func TestResetWipesComposition(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.name)
	f.typeKeys(t, "zhang")
	if f.kb.Composition() != "zhang" || len(f.kb.Candidates()) == 0 {
		t.Fatalf("composition %q with %d candidates", f.kb.Composition(), len(f.kb.Candidates()))
	}
	f.kb.Reset()
	if f.kb.Composition() != "" || len(f.kb.Candidates()) != 0 || f.kb.Target() != nil || f.kb.Visible() {
		t.Errorf("after Reset: composition %q, %d candidates, target %p, visible %v",
			f.kb.Composition(), len(f.kb.Candidates()), f.kb.Target(), f.kb.Visible())
	}
	if f.name.Text != "" {
		t.Errorf("uncommitted pinyin reached the field: %q", f.name.Text)
	}
	// The engine learned nothing: the same letters offer the same page.
	f.touch(t, f.name)
	f.typeKeys(t, "zhang")
	if got := f.kb.Candidates(); got[0] != "张" {
		t.Errorf("after Reset zhang offers %v", got)
	}
}

func TestPinyinEditing(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.content)
	f.typeKeys(t, "xinxigongkai")
	if got := f.kb.Composition(); got != "xin'xi'gong'kai" {
		t.Errorf("composition shows %q", got)
	}
	f.tap(t, KeyBackspace) // edits the composition, not the field
	if got := f.kb.Composition(); got != "xin'xi'gong'ka" || f.content.Text != "" {
		t.Errorf("backspace: composition %q, field %q", got, f.content.Text)
	}
	f.typeKeys(t, "i")
	// A candidate covering the beginning keeps the rest composing.
	i := slices.Index(f.kb.Candidates(), "信息")
	if i < 0 {
		t.Fatalf("信息 not on the first page: %v", f.kb.Candidates())
	}
	test.Tap(f.kb.Candidate(i))
	if f.content.Text != "信息" || f.kb.Composition() != "gong'kai" {
		t.Errorf("after 信息: field %q, composition %q", f.content.Text, f.kb.Composition())
	}
	f.tap(t, KeySpace) // space takes the first candidate
	f.tap(t, "，")
	f.typeKeys(t, "lv")
	f.tap(t, "？") // punctuation commits the first candidate first
	if got, want := f.content.Text, "信息公开，率？"; got != want {
		t.Errorf("field holds %q, want %q", got, want)
	}
	f.typeKeys(t, "abc")
	f.tap(t, KeyNext) // 确定 while composing types the letters
	if !strings.HasSuffix(f.content.Text, "abc") || f.kb.Target() != f.content {
		t.Errorf("确定 while composing: %q", f.content.Text)
	}
}

func TestEnglishShiftAndSymbols(t *testing.T) {
	f := newForm(t)
	f.touch(t, f.content)
	f.tap(t, KeyEnglish)
	f.tap(t, KeyShift)
	f.typeKeys(t, "ab")
	f.tap(t, KeySymbols)
	f.typeKeys(t, "1@")
	f.tap(t, KeyLetters)
	if f.kb.Layout() != English {
		t.Errorf("ABC returned to layout %d", f.kb.Layout())
	}
	f.tap(t, KeyPinyin)
	f.tap(t, KeySymbols)
	f.typeKeys(t, "（")
	if got, want := f.content.Text, "Ab1@（"; got != want {
		t.Errorf("field holds %q, want %q", got, want)
	}
	f.tap(t, KeyHide)
	if f.kb.Visible() {
		t.Error("隐藏 left the keyboard visible")
	}
}

func TestKeysAreLargeEnough(t *testing.T) {
	f := newForm(t)
	for _, e := range []*widget.Entry{f.name, f.id} {
		f.touch(t, e)
		for id, k := range f.kb.current.keys {
			if s := k.Size(); s.Width < 60 || s.Height < 60 {
				t.Errorf("key %q is %v at 1920x1080", id, s)
			}
		}
	}
}

// TestKeypadsFitTheirFields checks each numeric keypad offers what its
// field needs and nothing else: X for an ID number, "-" for a landline's
// area code (the hint asks for one, issue 13), and for a 查询码 the digits
// of new codes with an ABC key for the letter codes of older receipts.
func TestKeypadsFitTheirFields(t *testing.T) {
	test.NewTempApp(t)
	kb := New()
	id, phone, code, postal := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	w := test.NewTempWindow(t, container.NewBorder(nil, kb, nil, nil, container.NewVBox(
		kb.Attach(id, IDNumber), kb.Attach(phone, Phone), kb.Attach(code, Verification), kb.Attach(postal, Digits))))
	w.Resize(fyne.NewSize(1280, 800))
	tests := []struct {
		entry      *widget.Entry
		has, lacks []string
	}{
		{id, []string{"X", "0"}, []string{"-", KeyEnglish}},
		{phone, []string{"-", "0"}, []string{"X", KeyEnglish}},
		{code, []string{"0", KeyEnglish}, []string{"X", "-"}},
		{postal, []string{"0"}, []string{"X", "-", KeyEnglish}},
	}
	for _, tt := range tests {
		kb.ShowFor(tt.entry)
		for _, k := range tt.has {
			if kb.Key(k) == nil {
				t.Errorf("field %p: no key %q", tt.entry, k)
			}
		}
		for _, k := range tt.lacks {
			if kb.Key(k) != nil {
				t.Errorf("field %p: a key %q it does not need", tt.entry, k)
			}
		}
	}
	kb.ShowFor(phone)
	for _, r := range "0635-6212345" {
		test.Tap(kb.Key(string(r)))
	}
	if phone.Text != "0635-6212345" {
		t.Errorf("landline typed as %q", phone.Text)
	}
	if err := validate.Phone(phone.Text); err != nil {
		t.Errorf("the landline typed is refused: %v", err)
	}
	// An old receipt's code: ABC gives capital letters.
	kb.ShowFor(code)
	test.Tap(kb.Key("2"))
	test.Tap(kb.Key(KeyEnglish))
	if kb.Layout() != English {
		t.Fatalf("ABC opened layout %v", kb.Layout())
	}
	test.Tap(kb.Key("k"))
	if code.Text != "2K" {
		t.Errorf("code typed as %q, want 2K", code.Text)
	}
}
