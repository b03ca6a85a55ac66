package browsertest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"gongkai/internal/console/browsertest"
)

const (
	adminPW   = "north-gate-2026"
	handlerPW = "river-bank-2026"
)

// newHub makes a hub with an administrator and a 承办人 through the
// command line and serves it.
func newHub(t *testing.T) *browsertest.Hub {
	t.Helper()
	clock := browsertest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	dir := filepath.Join(t.TempDir(), "hub")
	browsertest.Run(t, clock, "", "init", "--data", dir)
	browsertest.Run(t, clock, adminPW+"\n"+adminPW+"\n", "user", "add", "--data", dir, "--login", "admin", "--role", "管理员", "--name", "王管理")
	browsertest.Run(t, clock, handlerPW+"\n", "user", "add", "--data", dir, "--login", "li", "--role", "承办人", "--dept", "一科", "--name", "李承办")
	return browsertest.StartHub(t, dir, clock)
}

// submitLogin fills the login form and sends it, returning the page the
// browser ends on.
func submitLogin(t *testing.T, ctx context.Context, login, pw string) *network.Response {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SetValue(chromedp.CSS("#login"), login),
		chromedp.SetValue(chromedp.CSS("#password"), pw),
	); err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#login-submit")))
	if err != nil {
		t.Fatalf("submit login: %v", err)
	}
	return resp
}

func navigate(t *testing.T, ctx context.Context, url string) *network.Response {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
	return resp
}

// text returns the visible text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBrowserLoginLockoutExpiryLogout: in a real Chromium against `hub
// serve`, a visitor without a session lands on the login page; five wrong
// passwords lock the account and even the right one is refused until 15
// minutes pass; a session idle for 30 minutes sends the browser back to
// the login page, and logging in returns to the page asked for; logout
// ends the session.
func TestBrowserLoginLockoutExpiryLogout(t *testing.T) {
	h := newHub(t)
	ctx := browsertest.Start(t, 2*time.Minute)

	navigate(t, ctx, h.ConsoleURL+"/password")
	if loc := location(t, ctx); !strings.HasPrefix(loc, h.ConsoleURL+"/login?next=%2Fpassword") {
		t.Fatalf("without a session the browser is at %s", loc)
	}
	for i := 1; i <= 5; i++ {
		resp := submitLogin(t, ctx, "li", "wrong-password")
		want := "用户名或密码不正确"
		if i == 5 {
			want = "账号已锁定，请 15 分钟后再试"
		}
		if msg := text(t, ctx, ".error"); resp.Status != 401 || !strings.Contains(msg, want) {
			t.Fatalf("wrong password %d: %d %q, want %q", i, resp.Status, msg, want)
		}
	}
	submitLogin(t, ctx, "li", handlerPW)
	if msg := text(t, ctx, ".error"); !strings.Contains(msg, "已锁定") {
		t.Fatalf("right password while locked: %q", msg)
	}
	h.Clock.Advance(15 * time.Minute)
	if resp := submitLogin(t, ctx, "li", handlerPW); resp.Status != 200 || text(t, ctx, "h1") != "修改密码" {
		t.Fatalf("after the lockout: %d at %s, want back at the page first asked for", resp.Status, location(t, ctx))
	}
	if who := text(t, ctx, ".who"); !strings.Contains(who, "李承办") || !strings.Contains(who, "承办人 · 一科") {
		t.Errorf("header shows %q", who)
	}
	if width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > browsertest.Width {
		t.Errorf("the page is %d px wide at a %d px window (%v)", width, browsertest.Width, err)
	}

	h.Clock.Advance(30*time.Minute + time.Second)
	navigate(t, ctx, h.ConsoleURL+"/")
	if loc := location(t, ctx); !strings.Contains(loc, "/login?expired=1") || !strings.Contains(text(t, ctx, "main"), "登录已超时") {
		t.Fatalf("after 30 idle minutes the browser is at %s", loc)
	}
	submitLogin(t, ctx, "li", handlerPW)
	if loc := location(t, ctx); loc != h.ConsoleURL+"/" || text(t, ctx, "h1") != "工作台" {
		t.Fatalf("after logging in again the browser is at %s", loc)
	}

	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("#logout"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, ".flash"); !strings.Contains(msg, "您已安全退出") {
		t.Errorf("after logout: %q", msg)
	}
	navigate(t, ctx, h.ConsoleURL+"/")
	if loc := location(t, ctx); !strings.HasPrefix(loc, h.ConsoleURL+"/login") {
		t.Errorf("after logout / is at %s", loc)
	}

	logs := h.Logs.String()
	for _, secret := range []string{adminPW, handlerPW, "wrong-password", "李承办"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the hub's log holds %q", secret)
		}
	}
	if !strings.Contains(logs, `"path":"/login"`) {
		t.Errorf("the hub's log has no console requests:\n%s", logs)
	}
	out := browsertest.Run(t, h.Clock, "", "audit", "verify", "--data", h.Dir)
	if !strings.Contains(out, "审计日志完整") {
		t.Errorf("audit verify: %s", out)
	}
}
