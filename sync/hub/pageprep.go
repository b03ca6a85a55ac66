package hub

import (
	"context"
	"slices"
	"time"
)

// PagesDir is the page shelf's directory inside the hub's data directory.
// It holds only what the catalogue can make again: a backup leaves it out
// and a hub deletes it when its store turns out older than the shelf.
const PagesDir = "pages"

// PreparePages puts on the shelf every bucket of pages kiosks may ask for
// at the current head, for each grid kiosks asked for, the default page
// size and the page sizes in also: after an import only the buckets whose
// changes moved and the ones above the old head are made, one at a time.
func (h *Hub) PreparePages(ctx context.Context, also ...int) error {
	head, err := h.Store.Head(ctx)
	if err != nil {
		return err
	}
	h.pages.mu.Lock()
	for _, l := range also {
		if l = gridFor(l).limit; len(h.pages.limits) < maxShelfGrids {
			h.pages.limits[l] = true
		}
	}
	var limits []int
	for l := range h.pages.limits {
		limits = append(limits, l)
	}
	h.pages.mu.Unlock()
	slices.Sort(limits)
	for _, l := range limits {
		g := gridFor(l)
		for k := int64(0); k*g.bucket < head; k++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := h.pages.bucket(ctx, h, g, k, head, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// preparePages keeps the shelf ready until ctx is done: after an import
// or publication in this process at once, after one by another process
// (a `hub import`, another hub on the same database) when the head is
// seen to move, every interval.
func (s *Server) preparePages(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	prepared := int64(-1)
	for {
		head, err := s.hub.Store.Head(ctx)
		if err == nil && head != prepared {
			if err = s.hub.PreparePages(ctx); err == nil {
				prepared = head
			}
		}
		if err != nil && ctx.Err() == nil {
			s.hub.Log.Warn("prepare pages", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.hub.pages.nudge:
		}
	}
}
