package hub

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestGroupReadIsFreshAndShared checks that a request never gets a value
// read before it asked (it waits for the next read rather than join one
// under way), and that the requests waiting meanwhile share one read of
// all their keys.
func TestGroupReadIsFreshAndShared(t *testing.T) {
	var mu sync.Mutex
	value := 1           // what the "database" holds now
	var reads [][]string // the keys of each read
	release := make(chan struct{})
	g := newGroupRead(func(ctx context.Context, keys []string) (map[string]int, error) {
		mu.Lock()
		v := value
		reads = append(reads, keys)
		first := len(reads) == 1
		mu.Unlock()
		if first {
			<-release // the first read is slow
		}
		m := map[string]int{}
		for _, k := range keys {
			if k != "absent" {
				m[k] = v
			}
		}
		return m, nil
	})
	ctx := context.Background()
	first := make(chan int)
	go func() {
		v, _, _ := g.get(ctx, "a")
		first <- v
	}()
	waitFor(t, "the first read to start", func() bool { mu.Lock(); defer mu.Unlock(); return len(reads) == 1 })

	// The database changes while the first read is under way; everyone
	// asking now must see the change.
	mu.Lock()
	value = 2
	mu.Unlock()
	const n = 50
	type got struct {
		v   int
		ok  bool
		err error
	}
	later := make(chan got, n+1)
	for i := range n {
		go func() {
			v, ok, err := g.get(ctx, fmt.Sprintf("k%d", i))
			later <- got{v, ok, err}
		}()
	}
	go func() {
		v, ok, err := g.get(ctx, "absent")
		later <- got{v, ok, err}
	}()
	waitFor(t, "every later request to wait for the next read", func() bool {
		g.g.mu.Lock()
		defer g.g.mu.Unlock()
		return g.g.next != nil && len(g.g.next.args) == n+1
	})
	close(release)
	if v := <-first; v != 1 {
		t.Fatalf("the first request got %d, want 1", v)
	}
	absent := 0
	for range n + 1 {
		r := <-later
		switch {
		case r.err != nil:
			t.Fatal(r.err)
		case !r.ok:
			absent++
		case r.v != 2:
			t.Fatalf("a request that asked after the change got %d, want 2", r.v)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if absent != 1 {
		t.Fatalf("%d absent keys, want 1", absent)
	}
	if len(reads) != 2 || len(reads[1]) != n+1 {
		t.Fatalf("%d reads (second of %d keys), want 2 (second of %d)", len(reads), len(reads[len(reads)-1]), n+1)
	}
}

// TestGroupReadGivesUpWithTheRequest checks that a request whose context
// ends stops waiting, and the read still serves the others.
func TestGroupReadGivesUpWithTheRequest(t *testing.T) {
	release := make(chan struct{})
	g := newGroupRead(func(ctx context.Context, keys []string) (map[string]int, error) {
		<-release
		return map[string]int{"a": 7}, nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := g.get(ctx, "a"); err == nil {
		t.Fatal("a cancelled request got an answer from a read that cannot have ended")
	}
	close(release)
	v, ok, err := g.get(context.Background(), "a")
	if err != nil || !ok || v != 7 {
		t.Fatalf("got %d %v %v, want 7", v, ok, err)
	}
}

// waitFor waits (up to a minute, for a loaded machine) until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}
