package browsertest_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/testclock"
)

const (
	adminPW   = "north-gate-2026"
	handlerPW = "river-bank-2026"
)

// newHub makes a hub with an administrator and a 承办人 through the
// command line and serves it.
func newHub(t *testing.T) (*browsertest.Hub, *testclock.Clock) {
	t.Helper()
	clock := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	dir := filepath.Join(t.TempDir(), "hub")
	browsertest.Run(t, clock.Now, "", "init", "--data", dir)
	browsertest.Run(t, clock.Now, adminPW+"\n"+adminPW+"\n", "user", "add", "--data", dir, "--login", "admin", "--role", "管理员", "--name", "王管理")
	browsertest.Run(t, clock.Now, handlerPW+"\n", "user", "add", "--data", dir, "--login", "li", "--role", "承办人", "--dept", "一科", "--name", "李承办")
	return browsertest.StartHub(t, dir, clock.Now), clock
}

// TestBrowserLoginLockoutExpiryLogout: in a real Chromium against `hub
// serve`, a visitor without a session lands on the login page; five wrong
// passwords lock the account and even the right one is refused until 15
// minutes pass; a session idle for 30 minutes sends the browser back to
// the login page, and logging in returns to the page asked for; logout
// ends the session.
func TestBrowserLoginLockoutExpiryLogout(t *testing.T) {
	h, clock := newHub(t)
	b := browsertest.Start(t, 2*time.Minute)

	b.Go(h.ConsoleURL + "/password")
	if loc := b.Location(); !strings.HasPrefix(loc, h.ConsoleURL+"/login?next=%2Fpassword") {
		t.Fatalf("without a session the browser is at %s", loc)
	}
	for i := 1; i <= 5; i++ {
		b.Fill(map[string]string{"#login": "li", "#password": "wrong-password"})
		resp := b.Click("#login-submit")
		want := "用户名或密码不正确"
		if i == 5 {
			want = "账号已锁定，请 15 分钟后再试"
		}
		if msg := b.Text(".error"); resp.Status != 401 || !strings.Contains(msg, want) {
			t.Fatalf("wrong password %d: %d %q, want %q", i, resp.Status, msg, want)
		}
	}
	b.Fill(map[string]string{"#login": "li", "#password": handlerPW})
	b.Click("#login-submit")
	if msg := b.Text(".error"); !strings.Contains(msg, "已锁定") {
		t.Fatalf("right password while locked: %q", msg)
	}
	clock.Advance(15 * time.Minute)
	b.Fill(map[string]string{"#login": "li", "#password": handlerPW})
	if resp := b.Click("#login-submit"); resp.Status != 200 || b.Text("h1") != "修改密码" {
		t.Fatalf("after the lockout: %d at %s, want back at the page first asked for", resp.Status, b.Location())
	}
	if who := b.Text(".who"); !strings.Contains(who, "李承办") || !strings.Contains(who, "承办人 · 一科") {
		t.Errorf("header shows %q", who)
	}
	b.FitsWidth()

	clock.Advance(30*time.Minute + time.Second)
	b.Go(h.ConsoleURL + "/")
	if loc := b.Location(); !strings.Contains(loc, "/login?expired=1") || !strings.Contains(b.Text("main"), "登录已超时") {
		t.Fatalf("after 30 idle minutes the browser is at %s", loc)
	}
	b.Fill(map[string]string{"#login": "li", "#password": handlerPW})
	b.Click("#login-submit")
	if loc := b.Location(); loc != h.ConsoleURL+"/" || b.Text("h1") != "工作台" {
		t.Fatalf("after logging in again the browser is at %s", loc)
	}

	b.Logout()
	if msg := b.Text(".flash"); !strings.Contains(msg, "您已安全退出") {
		t.Errorf("after logout: %q", msg)
	}
	b.Go(h.ConsoleURL + "/")
	if loc := b.Location(); !strings.HasPrefix(loc, h.ConsoleURL+"/login") {
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
	out := browsertest.Run(t, clock.Now, "", "audit", "verify", "--data", h.Dir)
	if !strings.Contains(out, "审计日志完整") {
		t.Errorf("audit verify: %s", out)
	}
}
