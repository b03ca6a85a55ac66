package hub

import (
	"context"
	"sync"
	"time"
)

// page returns the page above since for a kiosk asking limit changes at
// head: from the shelf when one starts there, else made now (see
// pageGrid): across a run of versions without changes up to the bucket
// holding the next, or up to the next fine-grid point, where the kiosk
// meets the shelf's pages. A kiosk that accepts an overlap (it skips the
// changes it has) gets, instead of a page made for it, the shelf's page
// that starts at the fine-grid point below since and ends above it.
func (s *Server) page(ctx context.Context, since int64, limit int, head int64, overlap bool) *pageEntry {
	g := gridFor(limit)
	end := since
	if s.opt.OnDemand {
		return s.cache.get(pageKey{since: since, limit: limit, head: head}, func() *pageEntry {
			sp, p, err := s.hub.Page(context.WithoutCancel(ctx), since, limit)
			if err != nil {
				return &pageEntry{err: err}
			}
			return &pageEntry{gz: gzipBytes(sp.Payload), rawLen: len(sp.Payload), sig: sp.Signature, to: p.To}
		})
	}
	if since < head {
		// Most requests are for a page of the shelf that memory holds:
		// no query at all.
		if b := s.hub.pages.cached(g, since/g.bucket, head); b != nil {
			if e, ok := b.pageAt(since, g, overlap); ok {
				return e
			}
		}
		// A page made for another kiosk at this version since the head
		// moved: the lookup below would only find where it ends again.
		if e, ok := s.cache.made(pageKey{since: since, limit: limit, head: head}); ok {
			return e
		}
		first, err := s.hub.Store.NextVersion(ctx, since)
		if err != nil {
			return &pageEntry{err: err}
		}
		switch gap := (first - 1) / g.bucket * g.bucket; {
		case first == 0:
			end = head
		case gap > since:
			end = gap
		default:
			k := since / g.bucket
			b, err := s.hub.pages.bucket(ctx, s.hub, g, k, head, false)
			if err != nil {
				return &pageEntry{err: err}
			}
			if e, ok := b.pageAt(since, g, overlap); ok {
				return e
			}
			end = min(g.ceilFine(since), b.Hi)
		}
	}
	return s.cache.get(pageKey{since: since, limit: limit, head: head}, func() *pageEntry {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		sp, p, err := s.hub.PageBetween(ctx, since, end)
		if err != nil {
			return &pageEntry{err: err}
		}
		if len(sp.Payload) <= maxPlainPage {
			return &pageEntry{raw: sp.Payload, rawLen: len(sp.Payload), sig: sp.Signature, to: p.To}
		}
		return &pageEntry{gz: gzipBytes(sp.Payload), rawLen: len(sp.Payload), sig: sp.Signature, to: p.To}
	})
}

// maxPlainPage is the largest page made for one kiosk that is sent
// uncompressed. Such pages (up to the next fine-grid point, a few
// documents) are made for many kiosks at once when they start syncing
// from scattered versions; compressing costs more CPU than signing them
// and saves a few tens of kilobytes once per sync.
const maxPlainPage = 256 << 10

// pageCache keeps the pages recently made for kiosks that are between the
// shelf's pages, keyed by the request and the hub's head: kiosks at the
// same version get the same bytes, and only the first of them pays for
// making them.
type pageCache struct {
	mu    sync.Mutex
	m     map[pageKey]*pageEntry
	order []pageKey
	bytes int64
	max   int64
}

type pageKey struct {
	since, head int64
	limit       int
}

type pageEntry struct {
	ready chan struct{}
	gz    []byte
	raw   []byte // instead of gz: sent uncompressed
	// A page on the shelf instead: n compressed bytes at off in file.
	file   string
	off, n int64
	rawLen int
	sig    []byte
	to     int64
	err    error
}

func newPageCache(max int64) *pageCache {
	return &pageCache{m: map[pageKey]*pageEntry{}, max: max}
}

// made returns the entry for k if one was made or is being made (waiting
// for it); not if its making failed.
func (c *pageCache) made(k pageKey) (*pageEntry, bool) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	<-e.ready
	return e, e.err == nil
}

// get returns the entry for k, making it with build once however many
// requests ask at the same time. Failures are not kept.
func (c *pageCache) get(k pageKey, build func() *pageEntry) *pageEntry {
	c.mu.Lock()
	if e, ok := c.m[k]; ok {
		c.mu.Unlock()
		<-e.ready
		return e
	}
	e := &pageEntry{ready: make(chan struct{})}
	c.m[k] = e
	c.mu.Unlock()

	b := build()
	e.gz, e.raw, e.rawLen, e.sig, e.to, e.err = b.gz, b.raw, b.rawLen, b.sig, b.to, b.err
	close(e.ready)

	c.mu.Lock()
	defer c.mu.Unlock()
	if e.err != nil {
		delete(c.m, k)
		return e
	}
	c.order = append(c.order, k)
	c.bytes += int64(len(e.gz) + len(e.raw))
	for c.bytes > c.max && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		if oe, ok := c.m[old]; ok {
			c.bytes -= int64(len(oe.gz) + len(oe.raw))
			delete(c.m, old)
		}
	}
	return e
}
