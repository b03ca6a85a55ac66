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
	"gongkai/internal/foi"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/tracking"
	"gongkai/sync/hub"
)

// TestTwoHubProcessesOnePostgres: two `hub serve` processes (each its own
// data directory with the hub's keys) on one PostgreSQL database, as
// behind a balancer, with no browser: a login on one console is a session
// on the other, where its form token works too and its logout ends it
// for both; five wrong status-page codes for one number, spread over the
// two processes, lock that number on both; `hub audit` on the second
// process shows one chain with the first's login and its own logout; a
// case registered on either console is in the other's register.
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
	checkSharedConsole(t, clk, hubs, []string{"--data", second, "--db", db})
	checkSharedStatusLock(t, clk, hubs)
	checkSharedCases(t, clk, hubs)
}

// TestTwoHubProcessesOneDataDirectory is the same for two `hub serve`
// processes on one data directory's SQLite files.
func TestTwoHubProcessesOneDataDirectory(t *testing.T) {
	clk := newClock()
	dir := filepath.Join(t.TempDir(), "hub")
	browsertest.Run(t, clk.Now, "", "init", "--data", dir)
	browsertest.Run(t, clk.Now, consolePW+"\n", "user", "add", "--data", dir, "--login", "wang", "--role", "管理员", "--name", "王管理")
	hubs := []*browsertest.Hub{browsertest.StartHub(t, dir, clk.Now), browsertest.StartHub(t, dir, clk.Now)}
	checkSharedConsole(t, clk, hubs, []string{"--data", dir})
	checkSharedStatusLock(t, clk, hubs)
	checkSharedCases(t, clk, hubs)
}

// checkSharedConsole: a login on the first console is a session on the
// second, its logout there ends it on the first, and `hub audit` shows
// both in one chain (stores: the flags naming the second's stores).
func checkSharedConsole(t *testing.T, clk *clock, hubs []*browsertest.Hub, stores []string) {
	t.Helper()
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

	// One audit chain: the first process's login and the second's logout,
	// checked from the second's data directory.
	out := browsertest.Run(t, clk.Now, "", append([]string{"audit", "list"}, stores...)...)
	for _, want := range []string{"新建账号", "登录", "退出"} {
		if !strings.Contains(out, want) {
			t.Errorf("hub audit list on the second process lacks %s:\n%s", want, out)
		}
	}
	if out := browsertest.Run(t, clk.Now, "", append([]string{"audit", "verify"}, stores...)...); !strings.Contains(out, "审计日志完整：共 3 条记录") {
		t.Errorf("hub audit verify on the second process:\n%s", out)
	}
}

// checkSharedStatusLock: wrong codes over both processes lock the number
// on both.
func checkSharedStatusLock(t *testing.T, clk *clock, hubs []*browsertest.Hub) {
	t.Helper()
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

// checkSharedCases: an application registered on each console gets its
// own register number and is in the other console's register.
func checkSharedCases(t *testing.T, clk *clock, hubs []*browsertest.Hub) {
	t.Helper()
	names := []string{"孙七", "周八"}
	forms := make([]*browsertest.Form, len(hubs))
	cases := make([]string, len(hubs))
	for i, h := range hubs {
		forms[i] = browsertest.NewForm(t, h.ConsoleURL)
		forms[i].Login("wang", consolePW)
		forms[i].Get("/cases/new")
		a := forms[i].Post("/cases/new", url.Values{"channel": {foi.ChannelInPerson}, "received": {calendar.Today(clk.Now()).String()},
			"applicant.category": {"自然人"}, "applicant.name": {names[i]}, "applicant.phone": {"0635-6212345"},
			"request.info_name": {"2026年老旧小区改造计划"}, "request.media": {"纸质"}, "request.delivery": {"自行领取"}})
		if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Location(), "/cases/2026-") {
			t.Fatalf("registration on process %d: %d → %q\n%s", i+1, a.Status, a.Location(), a.Body)
		}
		cases[i] = a.Location()
	}
	if cases[0] == cases[1] {
		t.Fatalf("both processes registered %s", cases[0])
	}
	for i := range hubs {
		other := 1 - i
		if a := forms[i].Get("/cases"); !strings.Contains(a.Body, names[other]) {
			t.Errorf("process %d's register lacks the case registered on process %d:\n%s", i+1, other+1, a.Body)
		}
		if a := forms[i].Get(cases[other]); a.Status != http.StatusOK || !strings.Contains(a.Body, names[other]) {
			t.Errorf("process %d showing %s: %d", i+1, cases[other], a.Status)
		}
	}
}
