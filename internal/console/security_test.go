package console_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/console"
)

// concrete turns a route pattern into a request: a method and a path with
// its wildcards filled in.
func concrete(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "POST", pattern // a pattern for every method: try the one that changes things
	}
	r := strings.NewReplacer("{$}", "", "{login}", "li", "{action}", "unlock", "{id}", "2026-00001", "{kind}", "review", "{n}", "1", "{key}", "3.4")
	path = r.Replace(path)
	if path == "/" && !ok {
		path = "/no-such-page"
	}
	return method, path
}

// TestEveryRouteNeedsASession: without a session every page sends the
// browser to the login page, GET or POST, even with a made-up cookie.
func TestEveryRouteNeedsASession(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newCaseFixtureOn(t, databaseURL)
		b := f.browser(t)
		for _, pat := range f.srv.Patterns() {
			method, path := concrete(pat)
			for _, cookie := range []string{"", "made-up-token"} {
				req, _ := http.NewRequest(method, f.url+path, strings.NewReader("csrf=x"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if cookie != "" {
					req.AddCookie(&http.Cookie{Name: "gk_session", Value: cookie})
				}
				p := b.do(req)
				if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
					t.Errorf("%s %s (cookie %q) without a session = %d → %q, want 303 to /login", method, path, cookie, p.status, p.location())
				}
			}
		}
	})
}

// TestEveryPostNeedsTheCSRFToken: with a live session, a POST without the
// session's token, or with another one, is refused with 403 and does
// nothing.
func TestEveryPostNeedsTheCSRFToken(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newCaseFixtureOn(t, databaseURL)
		b := f.browser(t)
		b.Login("admin", adminPW)
		good := b.CSRF
		for _, pat := range f.srv.Patterns() {
			method, path := concrete(pat)
			if method == "GET" {
				continue
			}
			for _, token := range []string{"", "forged-token-of-another-page"} {
				p := b.post(path, url.Values{"csrf": {token}, "role": {"管理员"}})
				if p.status != http.StatusForbidden {
					t.Errorf("%s %s with csrf %q = %d, want 403", method, path, token, p.status)
				}
			}
		}
		b.CSRF = good
		if p := b.get("/"); p.status != http.StatusOK {
			t.Fatalf("the session did not survive refused posts: %d", p.status)
		}
		if a, _ := f.acc.Get(t.Context(), "li"); a.Role != "承办人" {
			t.Errorf("a refused POST changed li's role to %s", a.Role)
		}
		es, _ := f.acc.Audit(t.Context(), 1, 0)
		if es[0].Action != "拒绝请求" {
			t.Errorf("newest audit entry = %+v, want the refusal recorded", es[0])
		}
		// The login form has its own token too.
		c := f.browser(t)
		c.get("/login")
		if p := c.post("/login", url.Values{"csrf": {""}, "login": {"admin"}, "password": {adminPW}}); p.status != http.StatusForbidden {
			t.Errorf("login without its token = %d, want 403", p.status)
		}
	})
}

func TestPagesAndCookiesAreLockedDown(t *testing.T) {
	proxy := netip.MustParsePrefix("127.0.0.1/32")
	for _, tc := range []struct {
		name    string
		proxies []netip.Prefix
		proto   string
		secure  bool
	}{
		{"plain http", nil, "", false},
		{"untrusted proxy header", nil, "https", false},
		{"trusted proxy over https", []netip.Prefix{proxy}, "https", true},
		{"trusted proxy over http", []netip.Prefix{proxy}, "http", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, console.Options{TrustedProxies: tc.proxies})
			b := f.browser(t)
			b.get("/login")
			form := url.Values{"csrf": {b.CSRF}, "login": {"admin"}, "password": {adminPW}}
			req, _ := http.NewRequest("POST", f.url+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			p := b.do(req)
			var set string
			for _, c := range p.header.Values("Set-Cookie") {
				if strings.HasPrefix(c, "gk_session=") {
					set = c
				}
			}
			if set == "" || !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Strict") {
				t.Fatalf("session cookie = %q, want HttpOnly and SameSite=Strict", set)
			}
			if got := strings.Contains(set, "Secure"); got != tc.secure {
				t.Errorf("session cookie = %q, Secure %v, want %v", set, got, tc.secure)
			}
		})
	}
	// Served over TLS directly, the cookie is Secure too.
	tf := newFixture(t, console.Options{})
	ts := httptest.NewUnstartedServer(tf.srv)
	ts.StartTLS()
	defer ts.Close()
	tb := tf.browser(t)
	tb.Base = ts.URL
	tb.Client.Transport = ts.Client().Transport
	tb.get("/login")
	if p := tb.post("/login", url.Values{"login": {"admin"}, "password": {adminPW}}); !strings.Contains(strings.Join(p.header.Values("Set-Cookie"), "\n"), "Secure") {
		t.Errorf("over TLS the cookies are %q, want Secure", p.header.Values("Set-Cookie"))
	}

	f := newFixture(t, console.Options{})
	b := f.browser(t)
	b.Login("admin", adminPW)
	for _, path := range []string{"/", "/users", "/audit", "/login"} {
		p := b.get(path)
		h := p.header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s CSP = %q", path, csp)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s headers = %v", path, h)
		}
		if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") || strings.Contains(p.body, " onclick=") {
			t.Errorf("%s has inline script or style", path)
		}
	}
	if p := b.get("/static/console.css"); p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet = %d %s", p.status, p.header.Get("Content-Type"))
	}
}

// TestLoginLockoutAndExpiry drives the forms: five wrong passwords lock the
// account, the right one is refused until the lockout ends; a session
// idle for 30 minutes sends the browser back to the login page.
func TestLoginLockoutAndExpiry(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newFixtureOn(t, console.Options{}, databaseURL)
		b := f.browser(t)
		for i := 1; i <= 5; i++ {
			b.get("/login")
			p := b.post("/login", url.Values{"login": {"li"}, "password": {"wrong-password"}})
			want := "用户名或密码不正确"
			if i == 5 {
				want = "账号已锁定，请 15 分钟后再试"
			}
			if p.status != http.StatusUnauthorized || !strings.Contains(p.body, want) {
				t.Fatalf("wrong password %d: %d, want %q in\n%s", i, p.status, want, p.body)
			}
		}
		b.get("/login")
		if p := b.post("/login", url.Values{"login": {"li"}, "password": {handlerPW}}); p.status != http.StatusUnauthorized || !strings.Contains(p.body, "已锁定") {
			t.Fatalf("right password while locked: %d", p.status)
		}
		f.clock.Advance(15 * time.Minute)
		b.Login("li", handlerPW)

		f.clock.Advance(29 * time.Minute)
		if p := b.get("/"); p.status != http.StatusOK {
			t.Fatalf("after 29 minutes: %d", p.status)
		}
		f.clock.Advance(30*time.Minute + time.Second)
		p := b.get("/password")
		if p.status != http.StatusSeeOther || p.location() != "/login?expired=1&next=%2Fpassword" {
			t.Fatalf("after 30 idle minutes: %d → %q", p.status, p.location())
		}
		if p := b.get(p.location()); !strings.Contains(p.body, "登录已超时") {
			t.Error("the login page does not say the session timed out")
		}
		// Logging in again goes back where the user was.
		p = b.post("/login", url.Values{"login": {"li"}, "password": {handlerPW}, "next": {"/password"}})
		if p.status != http.StatusSeeOther || p.location() != "/password" {
			t.Errorf("login with next = %d → %q", p.status, p.location())
		}
		b.get("/")
		if p := b.post("/logout", nil); p.status != http.StatusSeeOther || p.location() != "/login?done=logout" {
			t.Fatalf("logout = %d → %q", p.status, p.location())
		}
		if p := b.get("/"); p.status != http.StatusSeeOther {
			t.Errorf("after logout / = %d", p.status)
		}
	})
}

func TestLoginStaysOnThisSite(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newFixtureOn(t, console.Options{}, databaseURL)
		for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/login?x"} {
			b := f.browser(t)
			b.get("/login?next=" + url.QueryEscape(next))
			p := b.post("/login", url.Values{"login": {"admin"}, "password": {adminPW}, "next": {next}})
			if p.location() != "/" {
				t.Errorf("next=%q sent the browser to %q", next, p.location())
			}
		}
	})
}

// TestRolesLimitPages: a 承办人 gets 403 on the administrator's pages.
func TestRolesLimitPages(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newFixtureOn(t, console.Options{}, databaseURL)
		b := f.browser(t)
		b.Login("li", handlerPW)
		for _, path := range []string{"/users", "/users/admin", "/audit"} {
			if p := b.get(path); p.status != http.StatusForbidden || !strings.Contains(p.body, "无权") {
				t.Errorf("承办人 GET %s = %d", path, p.status)
			}
		}
		if p := b.post("/users/admin/disable", nil); p.status != http.StatusForbidden {
			t.Errorf("承办人 disabling admin = %d", p.status)
		}
		if strings.Contains(b.get("/").body, `href="/users"`) {
			t.Error("the 承办人's menu offers 账号管理")
		}
	})
}

// TestHTMLIsShownAsText: markup typed into any field comes back escaped,
// and what people typed never reaches the log.
func TestHTMLIsShownAsText(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newFixtureOn(t, console.Options{}, databaseURL)
		b := f.browser(t)
		const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`
		b.get("/login")
		if p := b.post("/login", url.Values{"login": {evil}, "password": {"x"}}); strings.Contains(p.body, "<script>alert") || !strings.Contains(p.body, "&lt;script&gt;") {
			t.Errorf("the login form echoed markup unescaped")
		}
		b.Login("admin", adminPW)
		p := b.post("/users", url.Values{"login": {"zhao"}, "name": {"赵" + evil[:20]}, "role": {"登记员"}, "dept": {""},
			"password": {"quiet-lake-2026"}, "again": {"quiet-lake-2026"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("add zhao: %d\n%s", p.status, p.body)
		}
		p = b.post("/depts", url.Values{"name": {`<b onclick="x">科</b>`}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("add dept: %d", p.status)
		}
		p = b.get("/users")
		if strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, "<b onclick") || !strings.Contains(p.body, "&lt;script&gt;") {
			t.Errorf("the accounts page shows markup unescaped:\n%s", p.body)
		}
		logs := f.logs.String()
		for _, secret := range []string{adminPW, "quiet-lake-2026", "赵", "script", "onclick"} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log holds %q:\n%s", secret, logs)
			}
		}
	})
}

func TestAdministerAnAccount(t *testing.T) {
	eachAccountsDB(t, func(t *testing.T, databaseURL string) {
		f := newFixtureOn(t, console.Options{}, databaseURL)
		admin := f.browser(t)
		admin.Login("admin", adminPW)
		admin.get("/users/li")
		if p := admin.post("/users/li/reset-password", url.Values{"password": {"temp-word-0001"}, "again": {"temp-word-0001"}}); p.location() != "/users/li?done=reset" {
			t.Fatalf("reset = %d → %q\n%s", p.status, p.location(), p.body)
		}
		if p := admin.get("/users/li?done=reset"); !strings.Contains(p.body, "须修改密码") || !strings.Contains(p.body, "密码已重置") {
			t.Error("the account page does not show the reset")
		}
		// li must choose a new password before anything else.
		li := f.browser(t)
		li.get("/login")
		if p := li.post("/login", url.Values{"login": {"li"}, "password": {"temp-word-0001"}}); p.location() != "/password" {
			t.Fatalf("login after reset → %q", p.location())
		}
		if p := li.get("/"); p.status != http.StatusSeeOther || p.location() != "/password" {
			t.Fatalf("/ before changing = %d → %q", p.status, p.location())
		}
		li.get("/password")
		if p := li.post("/password", url.Values{"current": {"temp-word-0001"}, "new": {"mine-only-2026"}, "again": {"mine-only-2026x"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "不一致") {
			t.Errorf("mismatched new passwords = %d", p.status)
		}
		if p := li.post("/password", url.Values{"current": {"temp-word-0001"}, "new": {"mine-only-2026"}, "again": {"mine-only-2026"}}); p.location() != "/?done=password" {
			t.Fatalf("change = %d → %q\n%s", p.status, p.location(), p.body)
		}
		if p := li.get("/"); p.status != http.StatusOK {
			t.Fatalf("/ after changing = %d", p.status)
		}
		admin.get("/users/li")
		if p := admin.post("/users/li/disable", nil); p.location() != "/users/li?done=disabled" {
			t.Fatalf("disable = %d", p.status)
		}
		if p := li.get("/"); p.status != http.StatusSeeOther {
			t.Errorf("a disabled account's session still works: %d", p.status)
		}
		if p := admin.post("/users/admin/disable", nil); p.status != http.StatusBadRequest {
			t.Errorf("disabling oneself = %d", p.status)
		}
		if p := admin.post("/users/li/role", url.Values{"role": {"承办人"}, "dept": {""}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "承办人须属于一个科室") {
			t.Errorf("handler without 科室 = %d", p.status)
		}
		if p := admin.get("/users/nobody"); p.status != http.StatusNotFound {
			t.Errorf("unknown account = %d", p.status)
		}
		p := admin.get("/audit")
		for _, want := range []string{"校验通过", "重置密码", "修改密码", "停用账号", "登录"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the audit page lacks %q", want)
			}
		}
	})
}
