package console_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog/catalogtest"
	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/console"
	"gongkai/internal/console/browsertest"
	"gongkai/internal/foi"
	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/password"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/publish"
	"gongkai/internal/testclock"
	"gongkai/sync/hub"
)

// fixture is a console on a loopback port over fresh accounts (console.db
// or a PostgreSQL database).
type fixture struct {
	clock *testclock.Clock
	acc   *accounts.Store
	srv   *console.Server
	url   string
	logs  *cmdlinetest.Logs
	cases *foi.Service // with withCases
	hub   *hub.Hub     // the catalogue the publishing desk publishes into
	desk  *publish.Service
}

const (
	adminPW   = "north-gate-2026"
	handlerPW = "river-bank-2026"
)

const staffPW = "quiet-lake-2026"

func newFixture(t *testing.T, opt console.Options) *fixture {
	t.Helper()
	return build(t, opt, false, "")
}

// newFixtureOn is newFixture with the accounts in the PostgreSQL
// database at databaseURL ("" for console.db).
func newFixtureOn(t *testing.T, opt console.Options, databaseURL string) *fixture {
	t.Helper()
	return build(t, opt, false, databaseURL)
}

// accountsDB is where a test's accounts are: databaseURL "" for
// console.db, or a fresh PostgreSQL database.
type accountsDB struct {
	name        string
	databaseURL func(t *testing.T) string
}

var accountsDBs = []accountsDB{
	{"sqlite", func(*testing.T) string { return "" }},
	{"postgres", func(t *testing.T) string { return pgtest.URL(t) }},
}

// eachAccountsDB runs test as a subtest per accounts database.
func eachAccountsDB(t *testing.T, test func(t *testing.T, databaseURL string)) {
	for _, db := range accountsDBs {
		t.Run(db.name, func(t *testing.T) { test(t, db.databaseURL(t)) })
	}
}

// newCaseFixture is a fixture with a real case register (foi.db next to
// console.db) on the demo catalogue's working-day calendar, and the
// accounts that work cases.
func newCaseFixture(t *testing.T) *fixture {
	t.Helper()
	return build(t, console.Options{}, true, "")
}

// newCaseFixtureOn is newCaseFixture with the hub's stores (accounts,
// cases, the catalogue and the desk) in the PostgreSQL database at
// databaseURL ("" for the SQLite files).
func newCaseFixtureOn(t *testing.T, databaseURL string) *fixture {
	t.Helper()
	return build(t, console.Options{}, true, databaseURL)
}

func build(t *testing.T, opt console.Options, cases bool, databaseURL string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{clock: testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))), logs: &cmdlinetest.Logs{}}
	dir := t.TempDir()
	acc, err := accounts.OpenStore(ctx, dir, databaseURL, accounts.Options{Now: f.clock.Now, Params: password.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { acc.Close() })
	f.acc = acc
	for _, n := range []accounts.NewAccount{
		{Login: "admin", Name: "王管理", Role: accounts.RoleAdmin, Password: adminPW},
		{Login: "li", Name: "李承办", Role: accounts.RoleHandler, Dept: "一科", Password: handlerPW},
	} {
		if _, err := acc.Add(ctx, accounts.ActorCLI, n); err != nil {
			t.Fatal(err)
		}
	}
	if cases {
		for _, n := range []accounts.NewAccount{
			{Login: "deng", Name: "邓登记", Role: accounts.RoleRegistrar, Password: staffPW},
			{Login: "shen", Name: "沈审核", Role: accounts.RoleReviewer, Password: staffPW},
			{Login: "shen2", Name: "申审核", Role: accounts.RoleReviewer, Password: staffPW},
			{Login: "wang", Name: "王承办", Role: accounts.RoleHandler, Dept: "二科", Password: staffPW},
		} {
			if _, err := acc.Add(ctx, accounts.ActorCLI, n); err != nil {
				t.Fatal(err)
			}
		}
		st, err := foisqlite.OpenStore(ctx, dir, databaseURL, f.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cal := func(context.Context) (*calendar.Calendar, error) { return catalogtest.Calendar(t), nil }
		f.cases = &foi.Service{Store: st, Calendar: cal, Now: f.clock.Now, Audit: console.Auditor{Accounts: acc}}
		opt.Cases, opt.Calendar = f.cases, cal
		f.hub, f.desk = newDesk(t, dir, f.clock.Now, acc, databaseURL)
		opt.Publish = f.desk
	}
	opt.Accounts, opt.Now = acc, f.clock.Now
	opt.Log = slog.New(slog.NewJSONHandler(f.logs, nil))
	f.srv, err = console.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(sctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	f.url = "http://" + ln.Addr().String()
	return f
}

// browser is the console's forms without a browser (browsertest.Form):
// it keeps the cookies and the last CSRF token and does not follow
// redirects, so tests see each answer.
type browser struct {
	*browsertest.Form
	t *testing.T
}

func (f *fixture) browser(t *testing.T) *browser {
	return &browser{Form: browsertest.NewForm(t, f.url), t: t}
}

// page is one answer, its body read.
type page struct {
	status int
	header http.Header
	body   string
}

func (p page) location() string { return p.header.Get("Location") }

func pageOf(a browsertest.Answer) page { return page{status: a.Status, header: a.Header, body: a.Body} }

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	return pageOf(b.Do(req))
}

func (b *browser) get(path string) page {
	b.t.Helper()
	return pageOf(b.Get(path))
}

// post sends a form; the last page's CSRF token goes along unless the
// form sets csrf itself (to "" to leave it out).
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	return pageOf(b.Post(path, form))
}
