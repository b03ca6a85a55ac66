package pubsqlite_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubsqlite"
)

// open returns how to open a Store on a fresh database: publish.db in a
// temp dir when url is "", else the PostgreSQL database at url. Each call
// of it is another hub process sharing the database.
func open(t *testing.T, url string) func(t *testing.T) *pubsqlite.Store {
	dir := t.TempDir()
	return func(t *testing.T) *pubsqlite.Store {
		t.Helper()
		st, err := pubsqlite.OpenStore(context.Background(), dir, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

var at = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// fill writes one record of every kind into st.
func fill(t *testing.T, st *pubsqlite.Store) {
	t.Helper()
	ctx := context.Background()
	for _, err := range []error{
		st.PutDraft(ctx, publish.Draft{Doc: domain.Document{ID: "doc-2", Title: "关于某事的通知"}, Source: "正文", State: publish.DraftEditing, Updated: at, By: "li"}),
		st.PutDraft(ctx, publish.Draft{Doc: domain.Document{ID: "doc-1", Title: "依申请公开"}, State: publish.DraftHeld, Updated: at, By: "hub import"}),
		st.PutExemption(ctx, publish.Exemption{DocID: "doc-3", Reason: "涉及内部事务", By: "shen", At: at}),
		st.PutDecision(ctx, publish.Decision{Tracking: "0001-260302-0001-1", ConsultationID: "zj-1", Decision: "采纳", By: "li", At: at}),
		st.PutLink(ctx, "fk-1", "consultation", "zj-1"),
		st.PutWork(ctx, publish.Work{Tracking: "0001-260302-0002-2", Assignee: "li", Reply: "已处理", RepliedAt: at, RepliedBy: "li"}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := st.CheckIn(ctx, publish.CheckIn{Tracking: "0001-260302-0003-3", EventID: "hd-1", At: at, By: "qt"}); err != nil || !ok {
		t.Fatalf("check-in: %v %v", ok, err)
	}
}

// check reads back what fill wrote.
func check(t *testing.T, st *pubsqlite.Store) {
	t.Helper()
	ctx := context.Background()
	ds, err := st.Drafts(ctx)
	if err != nil || len(ds) != 2 || ds[0].Doc.ID != "doc-1" || ds[1].Source != "正文" || !ds[1].Updated.Equal(at) {
		t.Errorf("drafts: %+v %v", ds, err)
	}
	if d, err := st.Draft(ctx, "doc-2"); err != nil || d == nil || d.Doc.Title != "关于某事的通知" || d.By != "li" {
		t.Errorf("draft doc-2: %+v %v", d, err)
	}
	if es, err := st.Exemptions(ctx); err != nil || len(es) != 1 || es[0].Reason != "涉及内部事务" {
		t.Errorf("exemptions: %+v %v", es, err)
	}
	if ds, err := st.Decisions(ctx, "zj-1"); err != nil || len(ds) != 1 || ds[0].Decision != "采纳" || !ds[0].At.Equal(at) {
		t.Errorf("decisions: %+v %v", ds, err)
	}
	if kind, target, err := st.Link(ctx, "fk-1"); err != nil || kind != "consultation" || target != "zj-1" {
		t.Errorf("link: %s %s %v", kind, target, err)
	}
	if doc, err := st.LinkedDocument(ctx, "consultation", "zj-1"); err != nil || doc != "fk-1" {
		t.Errorf("linked document: %s %v", doc, err)
	}
	if ws, err := st.Works(ctx); err != nil || len(ws) != 1 || ws[0].Reply != "已处理" || !ws[0].RepliedAt.Equal(at) || !ws[0].CalledAt.IsZero() {
		t.Errorf("works: %+v %v", ws, err)
	}
	if cs, err := st.CheckIns(ctx, "hd-1"); err != nil || len(cs) != 1 || cs[0].By != "qt" {
		t.Errorf("check-ins: %+v %v", cs, err)
	}
}

// TestStore: every record of the desk is written and read back the same
// way on both stores; writes replace, an empty exemption reason removes
// it, a missing draft or link is nil or "".
func TestStore(t *testing.T) {
	pgtest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		st := open(t, url)(t)
		fill(t, st)
		check(t, st)
		if d, err := st.Draft(ctx, "none"); d != nil || err != nil {
			t.Errorf("a missing draft: %+v %v", d, err)
		}
		if kind, _, err := st.Link(ctx, "none"); kind != "" || err != nil {
			t.Errorf("a missing link: %q %v", kind, err)
		}
		w := publish.Work{Tracking: "0001-260302-0002-2", Assignee: "wang", Rectification: "整改", RectifiedAt: at.Add(time.Hour)}
		if err := st.PutWork(ctx, w); err != nil {
			t.Fatal(err)
		}
		if ws, err := st.Works(ctx); err != nil || len(ws) != 1 || ws[0].Assignee != "wang" || ws[0].Reply != "" || ws[0].Rectification != "整改" {
			t.Errorf("a rewritten follow-up: %+v %v", ws, err)
		}
		if err := st.PutDecision(ctx, publish.Decision{Tracking: "0001-260302-0001-1", ConsultationID: "zj-1", Decision: "不予采纳", Reason: "超出范围", By: "shen", At: at}); err != nil {
			t.Fatal(err)
		}
		if ds, err := st.Decisions(ctx, "zj-1"); err != nil || len(ds) != 1 || ds[0].Decision != "不予采纳" {
			t.Errorf("a changed decision: %+v %v", ds, err)
		}
		if err := st.PutExemption(ctx, publish.Exemption{DocID: "doc-3"}); err != nil {
			t.Fatal(err)
		}
		if es, err := st.Exemptions(ctx); err != nil || len(es) != 0 {
			t.Errorf("a removed exemption: %+v %v", es, err)
		}
		if err := st.DeleteDraft(ctx, "doc-2"); err != nil {
			t.Fatal(err)
		}
		if d, err := st.Draft(ctx, "doc-2"); d != nil || err != nil {
			t.Errorf("a deleted draft: %+v %v", d, err)
		}
	})
}

// TestTwoProcesses: two hub processes on one database see each other's
// records, and a receipt scanned at two doors at once, one per process,
// is checked in once.
func TestTwoProcesses(t *testing.T) {
	pgtest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		process := open(t, url)
		one, two := process(t), process(t)
		fill(t, one)
		check(t, two)
		for i := range 5 {
			trk := fmt.Sprintf("0002-260302-%04d-1", i)
			var wg sync.WaitGroup
			var n atomic.Int32 // check-ins that were the first
			for door, st := range []*pubsqlite.Store{one, two} {
				wg.Go(func() {
					got, ok, err := st.CheckIn(ctx, publish.CheckIn{Tracking: trk, EventID: "hd-2", At: at.Add(time.Duration(door) * time.Second), By: fmt.Sprint("door", door)})
					if err != nil {
						t.Error(err)
					}
					if !ok && got.By == "" {
						t.Errorf("a repeated check-in does not say who checked in first: %+v", got)
					}
					if ok {
						n.Add(1)
					}
				})
			}
			wg.Wait()
			if n := n.Load(); n != 1 {
				t.Errorf("receipt %s checked in %d times, want once", trk, n)
			}
		}
		if cs, err := one.CheckIns(ctx, "hd-2"); err != nil || len(cs) != 5 {
			t.Errorf("check-ins: %d %v", len(cs), err)
		}
	})
}

// TestCopyTo: a desk moved out of publish.db (hub migrate-store) keeps
// every record; a second run copies nothing more.
func TestCopyTo(t *testing.T) {
	pgtest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		src, err := pubsqlite.Open(ctx, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		fill(t, src)
		dst := open(t, url)(t)
		for run, want := range []int{1, 0} {
			c, err := src.CopyTo(ctx, dst)
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"drafts", "exemptions", "decisions", "feedback_links", "works", "checkins"} {
				w := want
				if table == "drafts" {
					w *= 2
				}
				if c[table] != w {
					t.Errorf("run %d copied %d rows of %s, want %d", run+1, c[table], table, w)
				}
			}
		}
		check(t, dst)
	})
}
