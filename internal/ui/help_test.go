package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"

	"gongkai/internal/ui/uitest"
)

// TestHelpPerScreen opens 使用帮助 from the nav bar on several screens: each
// explains its own screen first, with pictures, then the general help
// (the display settings, speech, the keypad, staff, the idle reset); and
// returns to the screen it was opened from.
func TestHelpPerScreen(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	for _, tt := range []struct {
		open func()
		want string
	}{
		{func() {}, "首页的每个方块是一项服务"},
		{func() { a.Push(NewSearchScreen(a)) }, "输入汉字：在屏幕键盘上按拼音"},
		{func() { a.Push(NewDocumentScreen(a, "yjt-2021-12")) }, "用手指按住全文上下拖动阅读"},
		{func() { a.Push(NewCategoryScreen(a, nil)) }, "每一行是一个类别"},
	} {
		a.Home()
		tt.open()
		from := a.Current()
		tapOn(w, a.nav.help)
		if _, ok := a.Current().(*HelpScreen); !ok {
			t.Fatalf("使用帮助 on %q opened %q", from.Title(), a.Current().Title())
		}
		var shown string
		for _, tx := range find[*canvas.Text](w) {
			shown += tx.Text
		}
		for _, want := range []string{tt.want, "大字模式", "高对比度", "语音播报", "按 2、8 上下移动", "呼叫工作人员", "无人操作后"} {
			if !strings.Contains(shown, want) {
				t.Errorf("help on %q does not say %q", from.Title(), want)
			}
		}
		if n := len(find[*canvas.Image](w)); n < 8 {
			t.Errorf("help on %q has %d pictures", from.Title(), n)
		}
		if said := strings.Join(a.PageSpeech(), ""); !strings.Contains(said, tt.want) {
			t.Errorf("help on %q is not read aloud: %q", from.Title(), said)
		}
		a.Back()
		if a.Current() != from {
			t.Errorf("返回 from help went to %q", a.Current().Title())
		}
	}
}
