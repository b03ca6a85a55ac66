package kioskcli

import (
	"context"
	"testing"
	"time"
)

// TestTrimMallocEveryStopsWithTheKiosk runs the trimmer a few rounds and
// checks it ends with its context, as it does when the kiosk quits.
func TestTrimMallocEveryStopsWithTheKiosk(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		trimMallocEvery(ctx, time.Millisecond)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("trimMallocEvery did not return once its context ended")
	}
}
