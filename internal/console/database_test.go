package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/console"
	"gongkai/internal/pgdb/pgtest"
)

// TestDatabaseUnavailable: with the hub's PostgreSQL down (longer than
// the stores ride through), a signed-in page and a login answer 503 with
// Retry-After and a page that says, in Chinese, to try again later, never
// the driver's error; once the server is back the same session works.
func TestDatabaseUnavailable(t *testing.T) {
	c := pgtest.StartCluster(t) // a private cluster: the test stops it
	f := newFixtureOn(t, console.Options{}, c.URL)
	b := f.browser(t)
	b.get("/login")
	if p := b.post("/login", url.Values{"login": {"admin"}, "password": {adminPW}}); p.status != http.StatusSeeOther {
		t.Fatalf("login: %d\n%s", p.status, p.body)
	}
	other := f.browser(t)
	other.get("/login")

	c.Stop(t, "fast")
	const want = "数据库暂时不可用，请稍后重试"
	check := func(what string, p page) {
		t.Helper()
		if p.status != http.StatusServiceUnavailable || p.header.Get("Retry-After") != "5" || !strings.Contains(p.body, want) {
			t.Fatalf("%s with the database down: %d, Retry-After %q, want 503 and %q in\n%s",
				what, p.status, p.header.Get("Retry-After"), want, p.body)
		}
		for _, leak := range []string{"SQLSTATE", "connect", "dial", "refused", "127.0.0.1"} {
			if strings.Contains(p.body, leak) {
				t.Fatalf("%s: the page shows the Go error (%q):\n%s", what, leak, p.body)
			}
		}
	}
	check("a signed-in page", b.get("/"))
	check("a login", other.post("/login", url.Values{"login": {"li"}, "password": {handlerPW}}))

	c.Start(t)
	if p := b.get("/"); p.status != http.StatusOK {
		t.Fatalf("the session after the database came back: %d\n%s", p.status, p.body)
	}
}
