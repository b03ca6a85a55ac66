package staffui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/staff"
	"gongkai/internal/ui"
	"gongkai/internal/ui/staffui"
	"gongkai/internal/ui/uitest"
)

func TestHiddenGesture(t *testing.T) {
	tests := []struct {
		name  string
		hold  time.Duration
		opens bool
	}{
		{"a tap", 0, false},
		{"a short press", staffui.LongPress - 100*time.Millisecond, false},
		{"a long press", staffui.LongPress, true},
		{"a longer press", 5 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.press(tt.hold)
			_, open := e.app.Current().(*staffui.PINScreen)
			if open != tt.opens {
				t.Fatalf("after a press of %s the current screen is %T, want the PIN pad: %v", tt.hold, e.app.Current(), tt.opens)
			}
			if !tt.opens && e.app.Depth() != 1 {
				t.Fatalf("a press of %s left %d screens", tt.hold, e.app.Depth())
			}
		})
	}
}

// TestGestureInvisible: the press area over the agency name shows
// nothing, and a tap on the name is an ordinary tap.
func TestGestureInvisible(t *testing.T) {
	e := newEnv(t)
	before := e.w.Canvas().Capture()
	test.TapCanvas(e.w.Canvas(), uitest.Center(e.app.Header().Agency))
	if e.app.Depth() != 1 {
		t.Fatalf("a tap on the agency name opened %T", e.app.Current())
	}
	// Render a fresh app without staff mode and compare pixels.
	plain := ui.New(ui.Deps{Catalogue: e.app.Catalogue(), Config: e.app.Config(), Now: e.clk.Now, Logf: t.Logf})
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	plain.Build(w)
	w.Resize(e.w.Canvas().Size())
	after := w.Canvas().Capture()
	if before.Bounds() != after.Bounds() {
		t.Fatalf("sizes differ: %v %v", before.Bounds(), after.Bounds())
	}
	b := before.Bounds()
	for y := b.Min.Y; y < b.Min.Y+120; y++ { // the header band
		for x := b.Min.X; x < b.Max.X; x++ {
			if before.At(x, y) != after.At(x, y) {
				t.Fatalf("staff mode changes the header's pixels at (%d,%d)", x, y)
			}
		}
	}
}

func TestWrongPINsAndLockout(t *testing.T) {
	e := newEnv(t)
	p := e.pinPad()
	for i := 1; i <= 4; i++ {
		attempt(t, p, staffID, "135790")
		want := "还可再试 " + string(rune('0'+5-i)) + " 次"
		if !strings.Contains(p.Message(), want) {
			t.Fatalf("after %d wrong PINs the pad says %q, want %q", i, p.Message(), want)
		}
		if _, n := p.Typed(); n != 0 {
			t.Fatalf("a wrong PIN stays typed (%d digits)", n)
		}
	}
	attempt(t, p, staffID, "135790")
	if !strings.Contains(p.Message(), "密码错误次数过多") || !strings.Contains(p.Message(), "5 分钟") {
		t.Fatalf("the fifth wrong PIN says %q, want the lockout", p.Message())
	}
	e.wantAudit(staff.ActionLocked, "锁定 5 分钟")

	// Locked: even the right PIN is refused, and the pad says so when opened again.
	attempt(t, p, staffID, PIN)
	if _, ok := e.app.Current().(*staffui.PINScreen); !ok || !strings.Contains(p.Message(), "密码错误次数过多") {
		t.Fatalf("the right PIN while locked: screen %T, message %q", e.app.Current(), p.Message())
	}
	test.Tap(p.Cancel)
	p = e.pinPad()
	if !strings.Contains(p.Message(), "已锁定") {
		t.Fatalf("the pad opened while locked says %q", p.Message())
	}

	// The lockout expires after five minutes.
	e.clk.Advance(5*time.Minute + time.Second)
	attempt(t, p, staffID, PIN)
	s := current[*staffui.Screen](t, e.app)
	if sess := e.mode.Session(); sess == nil || sess.StaffID != staffID || !strings.Contains(s.Title(), staffID) {
		t.Fatalf("session %+v, title %q", sess, s.Title())
	}
	e.wantAudit(staff.ActionLogin, "")
}

func TestPINPadInput(t *testing.T) {
	e := newEnv(t)
	p := e.pinPad()
	// No 工号: 确定 asks for one and stays on it.
	test.Tap(p.OK)
	if !strings.Contains(p.Message(), "工号须为") {
		t.Fatalf("确定 without a 工号 says %q", p.Message())
	}
	// 工号 then 确定 moves to the PIN; digits show as dots; 退格 and 清除 work.
	test.Tap(p.Keys["清除"])
	enter(t, p.Keys, "0123")
	test.Tap(p.OK)
	enter(t, p.Keys, "1234")
	test.Tap(p.Keys["退格"])
	if id, n := p.Typed(); id != "0123" || n != 3 {
		t.Fatalf("typed %q and %d PIN digits, want 0123 and 3", id, n)
	}
	test.Tap(p.Keys["清除"])
	if _, n := p.Typed(); n != 0 {
		t.Fatalf("清除 left %d digits", n)
	}
	test.Tap(p.Cancel)
	if e.app.Depth() != 1 || e.mode.Session() != nil {
		t.Fatalf("取消: depth %d, session %+v", e.app.Depth(), e.mode.Session())
	}
}

func TestStaffScreenShowsQueue(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.kiosk.Submit(t)
	res := e.kiosk.Submit(t)
	e.print.SetPrinter(nil)
	_ = e.print.Print(ctx, reprinttest.Receipt(res)) // fails: no printer
	s := e.login()
	txt := s.Text()
	for _, want := range []string{"待上传：2", "已上传：0", "意见建议：2 件", "信息公开申请：0 件",
		"1 张回执待补打", "kiosk-12", "1.4.0", "演示数据", "登录", "未配置打印机"} {
		if !strings.Contains(txt, want) {
			t.Errorf("staff screen lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, res.VerificationCode) {
		t.Errorf("the staff screen shows a verification code:\n%s", txt)
	}
}

func TestSessionEnds(t *testing.T) {
	tests := []struct {
		name   string
		leave  func(e *env, s *staffui.Screen)
		detail string
	}{
		{"idle reset", func(e *env, s *staffui.Screen) {
			cfg := e.app.Config()
			e.clk.Advance(cfg.IdleTime.D() + time.Second)
			e.app.Tick() // the countdown starts
			e.clk.Advance(cfg.Countdown.D() + time.Second)
			e.app.Tick() // and runs out
		}, "空闲超时"},
		{"退出管理", func(e *env, s *staffui.Screen) { test.Tap(s.SignOut) }, "主动退出"},
		{"返回", func(e *env, s *staffui.Screen) { e.app.Back() }, "主动退出"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			s := e.login()
			tt.leave(e, s)
			if e.app.Depth() != 1 || e.mode.Session() != nil || e.staff.Current() != nil {
				t.Fatalf("after %s: depth %d (%T), session %+v", tt.name, e.app.Depth(), e.app.Current(), e.staff.Current())
			}
			e.wantAudit(staff.ActionLogout, tt.detail)
			// Staff mode needs the PIN again.
			e.press(staffui.LongPress)
			current[*staffui.PINScreen](t, e.app)
		})
	}
}

func TestQuit(t *testing.T) {
	e := newEnv(t)
	s := e.login()
	test.Tap(s.Quit)
	if s.QuitConfirm == nil || e.quit != 0 {
		t.Fatalf("退出程序 did not ask first (quit %d)", e.quit)
	}
	test.Tap(s.QuitConfirm)
	if e.quit != 1 || e.mode.Session() != nil {
		t.Fatalf("quit %d, session %+v", e.quit, e.mode.Session())
	}
	e.wantAudit(staff.ActionLogout, "主动退出")
}
