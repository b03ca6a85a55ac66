package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestBufferConcurrentWrites: writers on several goroutines and a reader
// meanwhile lose no byte (run with -race to see the lock matter).
func TestBufferConcurrentWrites(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				fmt.Fprintf(&b, "w%d-%d\n", i, j)
				_ = b.String()
			}
		})
	}
	wg.Wait()
	got := b.String()
	if n := strings.Count(got, "\n"); n != 200 {
		t.Fatalf("%d lines, want 200", n)
	}
	for _, want := range []string{"w0-0\n", "w3-49\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("buffer lacks %q", want)
		}
	}
}
