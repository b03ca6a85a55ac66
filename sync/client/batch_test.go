package client

import (
	"context"
	"sync"
	"testing"
	"time"

	"gongkai/internal/domain"
)

// slowCatalogue records every ApplyPage and holds the first one back, so
// that the pages fetched meanwhile are waiting when the store is free.
type slowCatalogue struct {
	*kioskCatalogue
	mu    sync.Mutex
	calls [][2]int64
}

func (s *slowCatalogue) ApplyPage(ctx context.Context, from, to int64, changes []domain.Change, at time.Time) error {
	s.mu.Lock()
	first := len(s.calls) == 0
	s.calls = append(s.calls, [2]int64{from, to})
	s.mu.Unlock()
	if first {
		time.Sleep(300 * time.Millisecond)
	}
	return s.kioskCatalogue.ApplyPage(ctx, from, to, changes, at)
}

// TestWaitingPagesAreAppliedTogether checks that pages waiting for the
// store are applied in fewer transactions than pages, each transaction
// covering whole consecutive pages, and that the kiosk still ends with the
// hub's catalogue and reports every page.
func TestWaitingPagesAreAppliedTogether(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	objs, files, _ := catalogue(t, 6000, "招生")
	th.importObjects(objs, files, false)
	dir := t.TempDir()
	cat := &slowCatalogue{kioskCatalogue: newKioskCatalogue(t, dir)}
	k := New(dir, cat, Options{})
	if _, err := k.Enroll(ctx, th.URL, th.enrollCode(), false); err != nil {
		t.Fatal(err)
	}
	res, err := k.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cat.Digest(t), th.digest(); got != want {
		t.Fatalf("kiosk digest %s, hub %s", got, want)
	}
	// 6,001 versions in pages of 500 changes.
	if res.Pages != 13 || res.Changes != len(objs) {
		t.Fatalf("result: %d pages, %d changes; want 13 pages, %d changes", res.Pages, res.Changes, len(objs))
	}
	if len(cat.calls) >= res.Pages {
		t.Fatalf("%d pages in %d transactions: waiting pages were not applied together", res.Pages, len(cat.calls))
	}
	prev := int64(0)
	for _, c := range cat.calls {
		if c[0] != prev || c[1] <= c[0] || (c[1] != res.To && c[1]%500 != 0) {
			t.Fatalf("transactions %v: each must start where the last ended and end on a page boundary", cat.calls)
		}
		prev = c[1]
	}
	if prev != res.To {
		t.Fatalf("transactions %v end at %d, want %d", cat.calls, prev, res.To)
	}
}
