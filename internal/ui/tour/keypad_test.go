package tour

import (
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/uitest"
)

// recorder is a speaker that keeps what it was asked to say.
type recorder struct {
	mu   sync.Mutex
	said []string
}

func (r *recorder) Speak(c []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.said = append(r.said, strings.Join(c, ""))
}
func (r *recorder) Stop()           {}
func (r *recorder) Problem() string { return "" }
func (r *recorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.said) == 0 {
		return ""
	}
	return r.said[len(r.said)-1]
}

// keypadKiosk is the kiosk with the forms in a headless window of size,
// 语音播报 on (the one touch: a blind visitor is shown the button, or the
// kiosk's keypad has its own key wired to it), and a key that presses a
// keypad key.
func keypadKiosk(t *testing.T, size fyne.Size) (*ui.App, *recorder, func(fyne.KeyName)) {
	t.Helper()
	test.NewTempApp(t)
	sp := &recorder{}
	clk := &uitest.Clock{T: testStart}
	a := ui.New(ui.Deps{Catalogue: uitest.MustCatalogue(t, 0), Config: config.Default(), Now: clk.Now,
		Logf: func(string, ...any) {}, Speaker: sp})
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	a.Build(w)
	w.Resize(size)
	forms.Install(a, forms.Deps{})
	a.SetReadAloud(true)
	return a, sp, func(k fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
}

// TestKeypadWalkToApplication walks, with a numeric keypad's keys only and
// 语音播报 on, from the home screen to the first field of 依申请公开, as a
// blind visitor would (issue 13): every focus change is spoken, 5
// activates, 0 repeats, and the last 5 opens the keyboard on 姓名.
func TestKeypadWalkToApplication(t *testing.T) {
	a, sp, key := keypadKiosk(t, fyne.NewSize(1920, 1080))

	// seek presses k until the focus says want, as a visitor listening does.
	seek := func(k fyne.KeyName, want string) {
		t.Helper()
		for range 40 {
			key(k)
			if strings.Contains(sp.last(), want) {
				return
			}
		}
		t.Fatalf("%s never reached %q; last said %q", k, want, sp.last())
	}
	seek(fyne.Key6, "依申请公开：申请公开政府信息")
	said := len(sp.said)
	key(fyne.Key0)
	if len(sp.said) != said+1 || !strings.Contains(sp.last(), "依申请公开") {
		t.Errorf("0 did not repeat the announcement: %q", sp.last())
	}
	key(fyne.Key5)
	if a.Current().Title() != "依申请公开" {
		t.Fatalf("5 opened %q", a.Current().Title())
	}
	if !strings.Contains(sp.last(), "第 1 步，共 6 步：申请人类型") {
		t.Errorf("the form's first step was not read: %q", sp.last())
	}
	seek(fyne.Key2, "公民，未选")
	key(fyne.Key5)
	if !strings.Contains(sp.last(), "公民，已选") {
		t.Errorf("choosing 公民 said %q", sp.last())
	}
	seek(fyne.Key6, "下一步，按钮")
	key(fyne.KeyReturn)
	if !strings.Contains(sp.last(), "第 2 步，共 6 步：申请人信息") {
		t.Fatalf("下一步 did not reach the applicant's step: %q", sp.last())
	}
	seek(fyne.Key2, "输入框")
	key(fyne.Key5)
	var kb *keyboard.Keyboard
	var name *widget.Entry
	g := &Guide{App: a}
	g.visit(func(o fyne.CanvasObject) bool {
		if k, ok := o.(*keyboard.Keyboard); ok && k.Target() != nil {
			kb = k
		}
		return kb == nil
	})
	if es := g.Entries(); len(es) > 0 {
		name = es[0]
	}
	if kb == nil || kb.Target() != name {
		t.Fatalf("5 on the first field did not open the keyboard on it (keyboard %v)", kb)
	}
	if !strings.Contains(sp.last(), "姓名，必填") {
		t.Errorf("the field was not announced with its label: %q", sp.last())
	}
	// The keypad's digits now type; Enter moves on like 下一项.
	name.TypedRune('张')
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if kb.Target() == name {
		t.Error("Enter in the field did not move on")
	}
}
