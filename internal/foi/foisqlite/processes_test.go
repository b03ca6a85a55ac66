package foisqlite_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
)

// TestTwoProcesses: two hub processes on one database share one register.
// Registrations made at once in both get register numbers 1..n without a
// gap or a double; each process finds the other's cases, in its list and
// by number; a kiosk application both import at once is registered once;
// an update made from a stale copy in one process is refused after the
// other changed the case.
func TestTwoProcesses(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-10-09")
		svcs := []*foi.Service{f.svc, f.another(t)}
		const each = 6
		var wg sync.WaitGroup
		errs := make(chan error, len(svcs)*each)
		for p, svc := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					_, err := svc.Register(ctx, registrar, foi.Registration{Channel: foi.ChannelInPerson,
						Applicant: person(fmt.Sprintf("申请人%d-%d", p, i), ""), Request: foi.Request{InfoName: "学区划分"}})
					if err != nil {
						errs <- fmt.Errorf("process %d: %w", p, err)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for p, svc := range svcs {
			page, err := svc.List(ctx, registrar, foi.Filter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 2*each || len(page.Cases) != 2*each {
				t.Fatalf("process %d lists %d cases (total %d), want %d", p, len(page.Cases), page.Total, 2*each)
			}
			seen := map[string]bool{}
			for _, c := range page.Cases {
				seen[c.ID] = true
			}
			for n := 1; n <= 2*each; n++ {
				if id := fmt.Sprintf("2025-%05d", n); !seen[id] {
					t.Errorf("process %d: no case %s among %v", p, id, seen)
				}
			}
			if found, err := svc.List(ctx, registrar, foi.Filter{Text: fmt.Sprintf("申请人%d-3", 1-p)}); err != nil || found.Total != 1 {
				t.Errorf("process %d searching the other's applicant: %d cases, %v", p, found.Total, err)
			}
		}

		// A kiosk application imported by both processes at once is
		// registered once, and neither import fails.
		in := &inbox{}
		for _, svc := range svcs {
			svc.Inbox = in
		}
		trk, err := tracking.New(3, calendar.MustParse("2025-10-09"), 1)
		if err != nil {
			t.Fatal(err)
		}
		in.apps = append(in.apps, foi.KioskApplication{Tracking: trk, KioskID: "kiosk-test", Received: f.clock.Now(),
			Application: &submission.Application{ApplicantType: submission.ApplicantCitizen, Name: "王五", IDType: "居民身份证",
				IDNumber: "11010219840406970X", Phone: "13900139000", InfoName: "某某规划批复"}})
		var added atomic.Int64 // applications registered, over both processes
		for _, svc := range svcs {
			wg.Go(func() {
				n, err := svc.ImportKiosk(ctx)
				if err != nil {
					t.Errorf("import in both processes: %v", err)
				}
				added.Add(int64(n))
			})
		}
		wg.Wait()
		if total := added.Load(); total != 1 {
			t.Errorf("the two processes registered the kiosk application %d times, want once", total)
		}
		for p, svc := range svcs {
			if got, err := svc.Get(ctx, registrar, trk); err != nil || got.ID != fmt.Sprintf("2025-%05d", 2*each+1) {
				t.Errorf("process %d finding the kiosk case by tracking number: %+v %v", p, got, err)
			}
		}

		// A lost update: both read version 1, the first to write wins.
		c, err := svcs[1].Get(ctx, registrar, "2025-00001")
		if err != nil {
			t.Fatal(err)
		}
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		_, err = svcs[1].Do(ctx, registrar, c.ID, foi.Action{Kind: foi.ActReview, Version: c.Version})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a stale update from the other process: %v, want ECONFLICT", err)
		}
	})
}
