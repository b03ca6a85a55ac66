package foisqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/sqldb"
)

// The targets: the register's first page with 50,000 applications
// in ≤ 100 ms (p95), the annual table for a year of 10,000 applications
// in ≤ 200 ms. Run with
//
//	go test -tags "ci sqlite_fts5" -run '^$' -bench . -benchtime 50x ./internal/foi/foisqlite
//
// GONGKAI_FOI_BENCH_N changes the register size (default 50000);
// GONGKAI_FOI_BENCH_STORE=postgres runs it on a fresh PostgreSQL database
// (GONGKAI_PG_URL) instead of foi.db.

var benchNow = time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.Beijing)

func benchCalendar(b *testing.B) *calendar.Calendar {
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return calendar.New(set.Calendar)
}

// seed fills a register with n synthetic cases received over the two
// years before benchNow, about two thirds answered, in one transaction.
func seed(b *testing.B, n int) (*Store, *foi.Service) {
	b.Helper()
	ctx := context.Background()
	url := ""
	if os.Getenv("GONGKAI_FOI_BENCH_STORE") == "postgres" {
		url = pgtest.URL(b)
	}
	st, err := OpenStore(ctx, b.TempDir(), url, func() time.Time { return benchNow })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	cal := benchCalendar(b)
	svc := &foi.Service{Store: st, Now: func() time.Time { return benchNow },
		Calendar: func(context.Context) (*calendar.Calendar, error) { return cal, nil }}
	rng := rand.New(rand.NewPCG(1, 2))
	start := calendar.Today(benchNow).AddDays(-730)
	stages := []foi.Stage{foi.StageRegistered, foi.StageReview, foi.StageCorrection, foi.StageHandling, foi.StageConsulting}
	err = st.db.Write(ctx, func(tx sqldb.Q) error {
		seqs := map[int]int{}
		for i := 0; i < n; i++ {
			received := start.AddDays(rng.IntN(730))
			c := &foi.Case{Channel: foi.Channels[rng.IntN(len(foi.Channels))], Received: received,
				ReceivedAt: received.Time(calendar.Beijing), Version: 1, Dept: []string{"办公室", "财务科", "基础教育科"}[rng.IntN(3)],
				Applicant: foi.Applicant{Name: "申请人" + strconv.Itoa(rng.IntN(n/3+1)), Category: domain.ApplicantCategories[rng.IntN(6)],
					Phone: fmt.Sprintf("138%08d", rng.IntN(1e8))},
				Request: foi.Request{InfoName: fmt.Sprintf("%d年度第%d号文件及其附件", received.Year, rng.IntN(500)),
					Description: "请提供该文件的全文、附件以及相关的政策解读材料"}}
			if rng.IntN(3) > 0 {
				signed := received.AddDays(5 + rng.IntN(30))
				c.Stage = foi.StageArchived
				c.Reply = &foi.Reply{Outcome: domain.Outcomes[rng.IntN(len(domain.Outcomes))].Code, Signed: signed, Drafted: signed}
			} else {
				c.Stage = stages[rng.IntN(len(stages))]
				if c.Stage == foi.StageCorrection {
					c.Correction = &foi.Correction{Unclear: "年份", Days: 15, Notified: received, Due: received.AddDays(21)}
				}
				if c.Stage == foi.StageConsulting {
					c.Consultations = []foi.Consultation{{Party: "第三方", Sent: received.AddDays(3)}}
				}
			}
			c.History = []foi.Event{{At: c.ReceivedAt, Login: "seed", Action: foi.ActRegister, To: foi.StageRegistered}}
			seqs[received.Year]++
			c.ID = fmt.Sprintf("%d-%05d", received.Year, seqs[received.Year])
			dl := foi.ComputeDeadline(c, cal, calendar.Today(benchNow))
			if dl.Clock == foi.ClockStopped {
				dl.Due = c.Correction.Due
			}
			vals, err := values(c, foi.Index{Due: dl.Due, Clock: dl.Clock})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, year, seq, `+columns+`) VALUES (?, ?, ?`+
				repeat(len(columnNames))+`)`, append([]any{c.ID, received.Year, seqs[received.Year]}, vals...)...); err != nil {
				b.Fatal(err)
			}
			if err := putData(ctx, tx, c); err != nil {
				b.Fatal(err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.db.W().ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return st, svc
}

func repeat(n int) string {
	s := ""
	for range n {
		s += ", ?"
	}
	return s
}

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_FOI_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 50000
}

// timed runs fn b.N times and reports the 95th percentile in ms.
func timed(b *testing.B, fn func() error) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	p95 := times[min(len(times)-1, len(times)*95/100)]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}

// BenchmarkRegisterFirstPage: the 台账's first page (50 rows, newest
// first, with the total) of a register of 50,000, unfiltered and with
// the console's usual filters.
func BenchmarkRegisterFirstPage(b *testing.B) {
	_, svc := seed(b, benchSize())
	ctx := context.Background()
	clerk := foi.Actor{Login: "deng", Role: foi.RoleRegistrar}
	for _, f := range []struct {
		name string
		f    foi.Filter
	}{
		{"all", foi.Filter{}},
		{"open", foi.Filter{Open: true}},
		{"overdue-or-soon", foi.Filter{Overdue: true, DueSoon: true}},
		{"dept-year", foi.Filter{Dept: "财务科", Year: 2026}},
		{"search", foi.Filter{Text: "申请人123"}},
		{"urgent-first", foi.Filter{Open: true, Sort: foi.SortDue}},
	} {
		b.Run(f.name, func(b *testing.B) {
			timed(b, func() error {
				p, err := svc.List(ctx, clerk, f.f)
				if err == nil && p.Total == 0 && f.name == "all" {
					err = fmt.Errorf("empty register")
				}
				return err
			})
		})
	}
}

// BenchmarkAnnualReport: table 三 for a year of about 10,000 applications
// (a register of 20,000 over two years).
func BenchmarkAnnualReport(b *testing.B) {
	_, svc := seed(b, 20000)
	ctx := context.Background()
	timed(b, func() error {
		r, err := svc.AnnualReport(ctx, 2026)
		if err == nil && !r.Balanced {
			err = fmt.Errorf("unbalanced")
		}
		return err
	})
}
