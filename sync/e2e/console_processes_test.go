package e2e

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/console/browsertest"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/tracking"
	"gongkai/sync/hub"
)

// TestTwoHubProcessesOnePostgres: two `hub serve` processes (each its own
// data directory with the hub's keys) on one PostgreSQL database, as
// behind a balancer, with no browser: a login on one console is a session
// on the other, where its form token works too and its logout ends it
// for both; five wrong status-page codes for one number, spread over the
// two processes, lock that number on both.
func TestTwoHubProcessesOnePostgres(t *testing.T) {
	clk := newClock()
	db := pgtest.URL(t)
	first := filepath.Join(t.TempDir(), "hub")
	browsertest.Run(t, clk.Now, "", "init", "--data", first, "--db", db)
	browsertest.Run(t, clk.Now, consolePW+"\n", "user", "add", "--data", first, "--login", "wang", "--role", "管理员", "--name", "王管理")
	second := t.TempDir()
	for _, name := range []string{hub.SignKeyFile, hub.AgeKeyFile} {
		b, err := os.ReadFile(filepath.Join(first, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(second, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hubs := []*browsertest.Hub{browsertest.StartHub(t, first, clk.Now), browsertest.StartHub(t, second, clk.Now, "--db", db)}

	// Log in on the first; the cookie is a session on the second.
	one := browsertest.NewForm(t, hubs[0].ConsoleURL)
	one.Login("wang", consolePW)
	cookie := one.Cookie("gk_session")
	if cookie == nil {
		t.Fatal("no session cookie after login")
	}
	other := func(method, path string, form url.Values) browsertest.Answer {
		t.Helper()
		req, _ := http.NewRequest(method, hubs[1].ConsoleURL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		return browsertest.NewForm(t, hubs[1].ConsoleURL).Do(req)
	}
	if a := other("GET", "/users", nil); a.Status != http.StatusOK || !strings.Contains(a.Body, "王管理") {
		t.Fatalf("the first console's session on the second: %d\n%s", a.Status, a.Body)
	}
	if a := other("POST", "/logout", url.Values{"csrf": {one.CSRF}}); a.Status != http.StatusSeeOther {
		t.Fatalf("logout on the second console with the first's form token: %d\n%s", a.Status, a.Body)
	}
	if a := one.Get("/users"); a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location(), "/login") {
		t.Errorf("the first console after logout on the second: %d → %q", a.Status, a.Location())
	}

	// Wrong codes over both processes lock the number on both.
	number, err := tracking.New(1, calendar.Today(clk.Now()), 7)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := tracking.Parse(number)
	status := func(h *browsertest.Hub, code string) int {
		t.Helper()
		resp, err := http.Get(h.APIURL + "/s/" + n.Compact() + "?c=" + code)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i, code := range []string{"AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"} {
		if got := status(hubs[i%2], code); got != http.StatusNotFound {
			t.Fatalf("wrong code %d on process %d: %d, want 404", i+1, i%2+1, got)
		}
	}
	for i, h := range hubs {
		if got := status(h, "FFFFFF"); got != http.StatusTooManyRequests {
			t.Errorf("process %d after 5 wrong codes over both: %d, want 429", i+1, got)
		}
	}
}
