package ui

import (
	"fmt"
	"strings"
)

// CallStaff is a visitor asking for help (呼叫工作人员, on every form
// step): the staff banner says where and when at once, so that staff
// passing by or at the desk see it, and 语音播报 confirms it. The call is
// the visitor's, so the idle reset clears it.
func (a *App) CallStaff(where string) {
	call := fmt.Sprintf("访客在“%s”呼叫工作人员（%s）", where, a.Now().Format("15:04"))
	a.calls = append(a.calls, call)
	a.Logf("ui: a visitor called staff at %s", where) // where only: no visitor data
	if a.deps.CallStaff != nil {
		a.deps.CallStaff(where)
	}
	a.showBanner()
	a.Say("已通知工作人员，请稍候。您也可以到服务窗口咨询。")
}

// Calls returns the visitor's calls for staff not yet cleared.
func (a *App) Calls() []string { return append([]string(nil), a.calls...) }

// showBanner shows the staff notices and the visitor's calls.
func (a *App) showBanner() {
	if a.banner == nil {
		return
	}
	n := append(append([]string(nil), a.calls...), a.notices...)
	a.banner.set(n)
}

// BannerText returns the staff banner's text, "" when hidden.
func (a *App) BannerText() string { return strings.TrimSpace(a.banner.Text()) }
