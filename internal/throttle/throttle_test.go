package throttle_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/throttle"
)

// backend is one technology the store runs on: setup makes a fresh
// database and returns how to open a store on it, each call another hub
// process sharing that database.
type backend struct {
	name  string
	setup func(t *testing.T) func(t *testing.T) *throttle.Store
}

func backends() []backend {
	return []backend{
		{"sqlite", func(t *testing.T) func(*testing.T) *throttle.Store {
			dir := t.TempDir()
			return func(t *testing.T) *throttle.Store {
				s, err := throttle.OpenSQLite(context.Background(), dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
		{"postgres", func(t *testing.T) func(*testing.T) *throttle.Store {
			url := pgtest.URL(t)
			return func(t *testing.T) *throttle.Store {
				ctx := context.Background()
				pool, err := pgdb.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(pool.Close)
				s, err := throttle.OpenPostgres(ctx, pool)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
	}
}

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// each runs test on a fresh database of every backend, with two stores
// on it: two hub processes.
func each(t *testing.T, test func(t *testing.T, a, b *throttle.Store)) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			open := be.setup(t)
			test(t, open(t), open(t))
		})
	}
}

func take(t *testing.T, s *throttle.Store, key string, burst int, every time.Duration, at time.Time) bool {
	t.Helper()
	ok, err := s.Take(context.Background(), key, burst, every, at)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func locked(t *testing.T, s *throttle.Store, key string, at time.Time) time.Duration {
	t.Helper()
	left, err := s.Locked(context.Background(), key, 2*time.Hour, at)
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// TestFailureLock: the tries'th failure in a row locks a key for the lock
// time, whichever process counted each; a success resets the count; a
// lull longer than the lock starts it afresh; after a lock one failure
// does not lock again.
func TestFailureLock(t *testing.T) {
	each(t, func(t *testing.T, a, b *throttle.Store) {
		ctx := context.Background()
		fail := func(s *throttle.Store, at time.Time) {
			t.Helper()
			if err := s.Fail(ctx, "code:A", 3, 15*time.Minute, at); err != nil {
				t.Fatal(err)
			}
		}
		fail(a, t0)
		fail(b, t0)
		if locked(t, a, "code:A", t0) != 0 || locked(t, b, "code:A", t0) != 0 {
			t.Fatal("locked after 2 wrong codes")
		}
		if err := b.Clear(ctx, "code:A"); err != nil { // the holder got in
			t.Fatal(err)
		}
		fail(a, t0)
		fail(b, t0)
		if locked(t, a, "code:A", t0) != 0 {
			t.Fatal("a success did not reset the count")
		}
		fail(a, t0)
		if got := locked(t, b, "code:A", t0.Add(time.Minute)); got != 14*time.Minute {
			t.Fatalf("locked for %v on the other process, want 14m", got)
		}
		fail(b, t0.Add(2*time.Minute)) // a failure while locked changes nothing
		if got := locked(t, a, "code:A", t0.Add(2*time.Minute)); got != 13*time.Minute {
			t.Fatalf("locked for %v after a failure while locked, want 13m", got)
		}
		if locked(t, a, "code:B", t0) != 0 {
			t.Fatal("another key locked")
		}
		if locked(t, a, "code:A", t0.Add(15*time.Minute)) != 0 {
			t.Fatal("still locked after the lock time")
		}
		fail(a, t0.Add(16*time.Minute))
		fail(b, t0.Add(17*time.Minute))
		if locked(t, a, "code:A", t0.Add(17*time.Minute)) != 0 {
			t.Fatal("two failures after a lock lock again")
		}
		fail(a, t0.Add(40*time.Minute)) // more than the lock time since the last: a fresh count
		fail(b, t0.Add(41*time.Minute))
		if locked(t, a, "code:A", t0.Add(41*time.Minute)) != 0 {
			t.Fatal("failures before a lull still counted")
		}
		fail(a, t0.Add(42*time.Minute))
		if locked(t, a, "code:A", t0.Add(42*time.Minute)) != 15*time.Minute {
			t.Fatal("three failures in a row did not lock")
		}
	})
}

// TestBucket: a key's bucket holds burst tokens, shared by every
// process, and refills one per interval; keys do not share.
func TestBucket(t *testing.T) {
	each(t, func(t *testing.T, a, b *throttle.Store) {
		take4 := func(s *throttle.Store, key string, at time.Time) bool {
			t.Helper()
			return take(t, s, key, 4, 6*time.Second, at)
		}
		for i, s := range []*throttle.Store{a, b, a, b} {
			if !take4(s, "ip:192.0.2.7", t0) {
				t.Fatalf("take %d of a burst of 4 refused", i+1)
			}
		}
		if take4(a, "ip:192.0.2.7", t0) || take4(b, "ip:192.0.2.7", t0.Add(5*time.Second)) {
			t.Fatal("a fifth take within the interval allowed")
		}
		if !take4(b, "ip:198.51.100.1", t0) {
			t.Fatal("another address shares the bucket")
		}
		if !take4(a, "ip:192.0.2.7", t0.Add(6*time.Second)) {
			t.Fatal("no token after one interval")
		}
		if take4(b, "ip:192.0.2.7", t0.Add(7*time.Second)) {
			t.Fatal("two tokens after one interval")
		}
		later := t0.Add(time.Hour) // full again, and no more than full
		for i := range 5 {
			if got := take4(a, "ip:192.0.2.7", later); got != (i < 4) {
				t.Fatalf("take %d after an hour = %v", i+1, got)
			}
		}
	})
}

// TestPrune: rows no limit needs go; a lock stays however old its count.
func TestPrune(t *testing.T) {
	each(t, func(t *testing.T, a, b *throttle.Store) {
		ctx := context.Background()
		take(t, a, "ip:192.0.2.7", 1, time.Minute, t0)
		for range 2 {
			if err := a.Fail(ctx, "enrol:192.0.2.7", 2, 2*time.Hour, t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Fail(ctx, "code:A", 5, time.Minute, t0); err != nil {
			t.Fatal(err)
		}
		now := t0.Add(throttle.Keep + time.Minute)
		if err := b.Prune(ctx, now); err != nil {
			t.Fatal(err)
		}
		if !take(t, a, "ip:192.0.2.7", 1, 24*time.Hour, now) {
			t.Error("a pruned bucket did not start full")
		}
		if left := locked(t, a, "enrol:192.0.2.7", now); left != 2*time.Hour-throttle.Keep-time.Minute {
			t.Errorf("a lock was pruned: %v left", left)
		}
	})
}

// TestBucketUnderConcurrentTakes: 40 takes at once from two processes
// at the same instant get exactly the burst, and 40 failures at once lock
// the key once.
func TestBucketUnderConcurrentTakes(t *testing.T) {
	each(t, func(t *testing.T, a, b *throttle.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		var n atomic.Int32 // takes allowed
		for i := range 40 {
			s := []*throttle.Store{a, b}[i%2]
			wg.Go(func() {
				ok, err := s.Take(ctx, "ip:192.0.2.7", 10, time.Hour, t0)
				if err != nil {
					t.Error(err)
				}
				if ok {
					n.Add(1)
				}
				if err := s.Fail(ctx, "code:A", 5, 15*time.Minute, t0); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := n.Load(); n != 10 {
			t.Errorf("%d of 40 concurrent takes allowed, want the burst of 10", n)
		}
		if left := locked(t, a, "code:A", t0); left != 15*time.Minute {
			t.Errorf("after 40 concurrent failures locked for %v, want 15m", left)
		}
	})
}

// TestClockSetBackDoesNotStretchALock: with the clock a day behind, a
// lock has at most its length left, and ends that long after.
func TestClockSetBackDoesNotStretchALock(t *testing.T) {
	each(t, func(t *testing.T, a, b *throttle.Store) {
		ctx := context.Background()
		for range 2 {
			if err := a.Fail(ctx, "code:A", 2, 15*time.Minute, t0); err != nil {
				t.Fatal(err)
			}
		}
		back := t0.Add(-24 * time.Hour)
		if left, err := b.Locked(ctx, "code:A", 15*time.Minute, back); err != nil || left != 15*time.Minute {
			t.Fatalf("locked with the clock a day back: %v, %v; want 15m", left, err)
		}
		if left, err := a.Locked(ctx, "code:A", 15*time.Minute, back.Add(15*time.Minute)); err != nil || left != 0 {
			t.Errorf("15 minutes later: %v, %v; want unlocked", left, err)
		}
	})
}
