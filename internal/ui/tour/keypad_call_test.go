package tour

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui"
)

// TestKeypadCallsStaff: a blind visitor on a form step reaches
// 呼叫工作人员 with the keypad, hears it announced, and 5 calls: the staff
// banner says where, and 语音播报 says the staff on site were told.
func TestKeypadCallsStaff(t *testing.T) {
	a, sp, key := keypadKiosk(t, fyne.NewSize(1080, 1920))
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
