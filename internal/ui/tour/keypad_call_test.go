package tour

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/config"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/uitest"
)

// TestKeypadCallsStaff: a blind visitor on a form step reaches
// 呼叫工作人员 with the keypad, hears it announced, and 5 calls: the staff
// banner says where, and 语音播报 says the staff on site were told.
func TestKeypadCallsStaff(t *testing.T) {
	test.NewTempApp(t)
	sp := &recorder{}
	clk := &uitest.Clock{T: testStart}
	a := ui.New(ui.Deps{Catalogue: uitest.MustCatalogue(t, 0), Config: config.Default(), Now: clk.Now,
		Logf: func(string, ...any) {}, Speaker: sp})
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	a.Build(w)
	w.Resize(fyne.NewSize(1080, 1920))
	forms.Install(a, forms.Deps{})
	key := func(k fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	a.SetReadAloud(true)
	test.Tap(a.Tile(ui.TileApply))
	for i := 0; ; i++ {
		if i == 60 {
			t.Fatalf("6 never reached 呼叫工作人员; last said %q", sp.last())
		}
		key(fyne.Key6)
		if strings.Contains(sp.last(), "呼叫工作人员") {
			break
		}
	}
	if !strings.Contains(sp.last(), "按钮") {
		t.Errorf("the focus on 呼叫工作人员 said %q", sp.last())
	}
	key(fyne.Key5)
	if got := a.BannerText(); !strings.Contains(got, "访客在“依申请公开·申请人类型”呼叫工作人员") {
		t.Errorf("banner %q", got)
	}
	if !strings.Contains(sp.last(), "已通知现场工作人员") {
		t.Errorf("语音播报 said %q after the call", sp.last())
	}
}
