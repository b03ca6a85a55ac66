package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/console"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/password"
	"gongkai/internal/testclock"
)

// pageCases answers the register with one fixed page: the console's own
// share of rendering the register (session, template, headers), apart
// from the query that internal/foi/foisqlite benchmarks on 50,000 cases.
type pageCases struct {
	console.Cases
	page foi.Page
}

func (p pageCases) ImportKiosk(context.Context) (int, error) { return 0, nil }

func (p pageCases) List(context.Context, foi.Actor, foi.Filter) (foi.Page, error) { return p.page, nil }

// BenchmarkRegisterPage renders the first page of a register of 50,000
// applications (50 rows). Run with
//
//	go test -tags "ci sqlite_fts5" -run '^$' -bench RegisterPage ./internal/console
func BenchmarkRegisterPage(b *testing.B) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Beijing))
	acc, err := accounts.Open(ctx, b.TempDir(), accounts.Options{Now: clk.Now, Params: password.FastParams})
	if err != nil {
		b.Fatal(err)
	}
	defer acc.Close()
	a, err := acc.Add(ctx, accounts.ActorCLI, accounts.NewAccount{Login: "deng", Role: accounts.RoleRegistrar, Password: staffPW})
	if err != nil {
		b.Fatal(err)
	}
	sess, err := acc.NewSession(ctx, a)
	if err != nil {
		b.Fatal(err)
	}
	cases := make([]*foi.Case, foi.DefaultLimit)
	for i := range cases {
		c := &foi.Case{ID: fmt.Sprintf("2026-%05d", 50000-i), Tracking: fmt.Sprintf("0001-260302-%04d-0", i),
			Channel: foi.ChannelKiosk, Received: calendar.MustParse("2026-03-02"), Stage: foi.StageHandling, Dept: "一科",
			HandlerName: "李承办", Applicant: foi.Applicant{Name: "张三", Category: domain.CategoryPerson},
			Request: foi.Request{InfoName: strings.Repeat("某某年度招生计划", 3)}}
		c.Deadline = foi.Deadline{Due: calendar.MustParse("2026-03-30"), DaysLeft: 20 - i%25, Clock: foi.ClockRunning,
			Overdue: i%25 > 20, DueSoon: i%25 > 15 && i%25 <= 20}
		cases[i] = c
	}
	srv, err := console.New(console.Options{Accounts: acc, Now: clk.Now, Cases: pageCases{page: foi.Page{Cases: cases, Total: 50000, Limit: foi.DefaultLimit}},
		Calendar: func(context.Context) (*calendar.Calendar, error) { return nil, nil }})
	if err != nil {
		b.Fatal(err)
	}
	q := url.Values{"open": {"1"}, "sort": {"due"}}.Encode()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/cases?"+q, nil)
		req.AddCookie(&http.Cookie{Name: "gk_session", Value: sess.Token})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("register: %d", rec.Code)
		}
	}
}
