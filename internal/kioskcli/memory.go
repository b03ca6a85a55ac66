package kioskcli

import (
	"context"
	"time"
)

// mallocTrimEvery is how often the running kiosk hands malloc's free pages
// back (trimMalloc): a trim costs about a millisecond, and Fyne frees what
// it made for the screens left every ten seconds or so.
const mallocTrimEvery = 10 * time.Second

// trimMallocEvery calls trimMalloc every d until ctx ends.
func trimMallocEvery(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			trimMalloc()
		}
	}
}
