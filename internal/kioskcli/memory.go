package kioskcli

import (
	"context"
	"runtime/debug"
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

// freeMemory hands back what the process holds free: the Go heap's free
// pages (after a collection) and malloc's. The UI calls it (ui's
// Deps.TrimMemory) when the visitor has left a screen for good: right
// after a walk through 100,000 documents, the Go runtime still held 13 MB
// of free heap and malloc the pages of the textures just freed (issue 16).
// A collection of the kiosk's heap (about 25 MB) costs a few milliseconds
// of CPU, off the UI goroutine, once per 返回 or 首页.
func freeMemory() {
	debug.FreeOSMemory()
	trimMalloc()
}
