package hub

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"gongkai/internal/domain"
)

// pair opens st's store twice on one fresh place, as two hub processes
// on one database (or one data directory) do.
func (st storeMaker) pair(t *testing.T) (Store, Store) {
	t.Helper()
	ctx := context.Background()
	dir, url := t.TempDir(), st.url(t)
	stores := make([]Store, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = OpenStore(ctx, dir, url) }) // both migrate at once
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	return stores[0], stores[1]
}

// pairWithCode is pair with the enrolment code "code" for 一楼大厅 added
// through a, valid for an hour from the time it returns.
func (st storeMaker) pairWithCode(t *testing.T) (a, b Store, at time.Time) {
	t.Helper()
	a, b = st.pair(t)
	at = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := a.AddEnrollCode(context.Background(), []byte("code"), "一楼大厅", at, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return a, b, at
}

// pairWithKiosks is pair with n kiosks enrolled through a at the time it
// returns, by id k00, k01, ….
func (st storeMaker) pairWithKiosks(t *testing.T, n int) (a, b Store, ids []string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	a, b = st.pair(t)
	at = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range n {
		id := fmt.Sprintf("k%02d", i)
		if err := a.AddEnrollCode(ctx, []byte(id), "", at, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll(ctx, []byte(id), id, []byte("token"), nil, at); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return a, b, ids, at
}

// TestStoresApplyAtOnce: two stores on one database (two hub processes),
// each with writers publishing at once (their own objects, one object
// they all update, withdrawals), give every import a distinct range of
// versions that together run from 1 to the head without a gap; a
// follower reading changes while they write (as kiosks do) ends with
// exactly the catalogue both stores hold, so no version ever became
// visible below one already read; both stores give one digest.
func TestStoresApplyAtOnce(t *testing.T) { eachStore(t, testStoresApplyAtOnce) }

func testStoresApplyAtOnce(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b := st.pair(t)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const writers, rounds = 4, 8
	var (
		mu      sync.Mutex
		results []ImportResult
		wg      sync.WaitGroup
		errs    = make([]error, writers)
	)
	for w := range writers {
		s := []Store{a, b}[w%2]
		var batches [rounds][]domain.Object
		for r := range rounds {
			batches[r] = []domain.Object{
				doc(t, fmt.Sprintf("w%d-r%d", w, r), fmt.Sprintf("写者 %d 第 %d 轮", w, r)),
				doc(t, "shared", fmt.Sprintf("共同文件 %d-%d", w, r)),
			}
		}
		wg.Go(func() {
			for r, objs := range batches {
				var withdraw []ObjectKey
				if r%3 == 2 {
					withdraw = []ObjectKey{{domain.KindDocument, fmt.Sprintf("w%d-r%d", w, r-1)}}
				}
				res, err := s.PublishObjects(ctx, objs, nil, withdraw, at)
				if err != nil {
					errs[w] = err
					return
				}
				mu.Lock()
				results = append(results, *res)
				mu.Unlock()
			}
		})
	}

	// The follower pulls from the second store while the writers write.
	done := make(chan struct{})
	follower := map[ObjectKey][]byte{}
	var since int64
	var followErr error
	follow := func() (int, error) {
		changes, _, _, err := b.Changes(ctx, since, math.MaxInt64, 2000)
		for _, c := range changes {
			if c.Version <= since {
				return 0, fmt.Errorf("change %d after %d", c.Version, since)
			}
			since = c.Version
			if c.Deleted {
				delete(follower, ObjectKey{c.Kind, c.ID})
			} else {
				follower[ObjectKey{c.Kind, c.ID}] = c.Data
			}
		}
		return len(changes), err
	}
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := follow(); err != nil {
				followErr = err
				return
			}
		}
	}()
	wg.Wait()
	close(done)
	<-followed
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	if followErr != nil {
		t.Fatal(followErr)
	}
	for {
		n, err := follow()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}

	// Every import's versions are its own; together they tile 1..head.
	sort.Slice(results, func(i, j int) bool { return results[i].From < results[j].From })
	head, err := a.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var next int64
	for _, r := range results {
		if r.From != next || r.To-r.From != int64(r.Added+r.Updated+r.Deleted) {
			t.Fatalf("import %+v does not continue from version %d", r, next)
		}
		next = r.To
	}
	if len(results) != writers*rounds || next != head || head < writers*rounds {
		t.Fatalf("%d imports reached %d, head %d", len(results), next, head)
	}

	var objs []domain.Object
	for k, data := range follower {
		objs = append(objs, domain.Object{Kind: k.Kind, ID: k.ID, Data: data})
	}
	want := domain.CatalogueDigest(objs)
	for i, s := range []Store{a, b} {
		got, err := s.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live, err := s.Objects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || domain.CatalogueDigest(live) != want {
			t.Errorf("store %d's digest %s (objects %s), the follower's %s", i, got, domain.CatalogueDigest(live), want)
		}
	}
}

// TestStoresEnrolAtOnce: kiosks enrolling through two stores on one
// database at once get distinct numbers, and a code is used once.
func TestStoresEnrolAtOnce(t *testing.T) { eachStore(t, testStoresEnrolAtOnce) }

func testStoresEnrolAtOnce(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b := st.pair(t)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const kiosks = 8
	for i := range kiosks {
		if err := a.AddEnrollCode(ctx, []byte{byte(i)}, "", at, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2*kiosks)
	for i := range 2 * kiosks { // every code twice, once through each store
		s := []Store{a, b}[i%2]
		wg.Go(func() {
			_, errs[i] = s.Enroll(ctx, []byte{byte(i / 2)}, fmt.Sprintf("k%d", i), []byte("token"), nil, at)
		})
	}
	wg.Wait()
	used := 0
	for i, err := range errs {
		switch {
		case err == nil:
			used++
		case !errors.Is(err, ErrEnrollCode):
			t.Errorf("enrolment %d: %v", i, err)
		}
	}
	ks, err := b.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if used != kiosks || len(ks) != kiosks {
		t.Fatalf("%d enrolments succeeded, %d kiosks; want %d", used, len(ks), kiosks)
	}
	for i, k := range ks {
		if k.No != i+1 {
			t.Errorf("kiosk %d has number %d", i, k.No)
		}
	}
}

// TestStoresContactsAtOnce: two stores (two hub processes) writing the
// contacts of the same kiosks at once, each batch in another order, never
// deadlock (PostgreSQL would abort one of them) and leave every kiosk
// with one of the values written for it.
func TestStoresContactsAtOnce(t *testing.T) { eachStore(t, testStoresContactsAtOnce) }

func testStoresContactsAtOnce(t *testing.T, st storeMaker) {
	ctx := context.Background()
	const kiosks, rounds = 40, 15
	a, b, ids, at := st.pairWithKiosks(t, kiosks)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for w := range errs {
		s := []Store{a, b}[w%2]
		wg.Go(func() {
			for r := range rounds {
				cs := make([]KioskContact, kiosks)
				for i := range cs {
					j := i
					if w >= 2 {
						j = kiosks - 1 - i // the other order
					}
					cs[i] = KioskContact{ID: ids[j], Seen: true, Version: int64(100*w + r), SeenAt: at.Add(time.Duration(r) * time.Second)}
				}
				if err := writeContacts(ctx, s, cs); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", w, err)
		}
	}
	ks, err := b.Kiosks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		if k.Version%100 != rounds-1 {
			t.Errorf("kiosk %s at version %d, want the last round's of one writer", k.ID, k.Version)
		}
	}
}
