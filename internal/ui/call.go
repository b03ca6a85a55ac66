package ui

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// callTimeout bounds passing a call to the hub (Deps.CallStaff): a call
// is only useful now.
const callTimeout = 5 * time.Second

// CallStaff is a visitor asking for help (呼叫工作人员, on every form
// step): the staff banner says where and when at once, so that staff
// passing by or at the desk see it, and 语音播报 confirms it. The call is
// the visitor's, so the idle reset clears it.
//
// When the kiosk passes calls on (Deps.CallStaff: to the hub, when
// online), that runs off the UI goroutine; once the hub has the call,
// the banner says so, 语音播报 says so, and reached (may be nil) runs on
// the UI goroutine, unless the visitor's session was reset meanwhile.
// A hub out of reach changes nothing: the staff on site have the call.
func (a *App) CallStaff(where string, reached func()) {
	call := fmt.Sprintf("访客在“%s”呼叫工作人员（%s）", where, a.Now().Format("15:04"))
	a.calls = append(a.calls, call)
	a.Logf("ui: a visitor called staff at %s", where) // where only: no visitor data
	a.showBanner()
	a.Say("已通知现场工作人员，请稍候。您也可以到服务窗口咨询。")
	pass := a.deps.CallStaff
	if pass == nil {
		return
	}
	session := a.session
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		err := pass(ctx, where)
		cancel()
		a.deps.Do(func() {
			if err != nil {
				a.Logf("ui: the call at %s did not reach the hub: %v", where, err)
				return
			}
			i := len(a.calls) - 1
			for i >= 0 && a.calls[i] != call {
				i--
			}
			if a.session != session || i < 0 {
				return // the visitor has gone
			}
			a.calls[i] = call + "，已通知后台"
			a.showBanner()
			a.Say("后台工作人员也已收到呼叫。")
			if reached != nil {
				reached()
			}
		})
	}()
}

// Calls returns the visitor's calls for staff not yet cleared.
func (a *App) Calls() []string { return append([]string(nil), a.calls...) }

// showBanner shows the staff notices and the visitor's calls.
func (a *App) showBanner() {
	if a.banner == nil {
		return
	}
	n := append([]string(nil), a.calls...)
	if len(a.stack) == 0 {
		n = append(n, a.notices...)
	} else if _, form := a.Current().(Form); !form {
		n = append(n, a.notices...)
	}
	a.banner.set(n)
}

// BannerText returns the staff banner's text, "" when hidden.
func (a *App) BannerText() string { return strings.TrimSpace(a.banner.Text()) }
