package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/sync/protocol"
)

func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, limit := int64(0), protocol.DefaultPageSize
	if v := q.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "since must be a version number (0 or more)")
			return
		}
		since = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, "limit must be a positive number")
			return
		}
		limit = min(n, protocol.MaxPageSize)
	}
	head, err := s.hub.Store.Head(r.Context())
	if err != nil {
		s.hub.Log.Error("read head", "err", err)
		writeError(w, http.StatusInternalServerError, protocol.CodeInternal, "the hub could not read its catalogue")
		return
	}
	if since > head {
		writeError(w, http.StatusConflict, protocol.CodeAhead,
			"the kiosk is at version "+strconv.FormatInt(since, 10)+" but the hub only at "+strconv.FormatInt(head, 10)+" (was the hub restored from an old backup?)")
		return
	}
	e := s.page(r.Context(), since, limit, head)
	if e.err != nil {
		if errors.Is(e.err, ErrAhead) {
			writeError(w, http.StatusConflict, protocol.CodeAhead, e.err.Error())
			return
		}
		s.hub.Log.Error("make page", "since", since, "err", e.err)
		writeError(w, http.StatusInternalServerError, protocol.CodeInternal, "the hub could not make the page")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set(protocol.HeaderSignature, base64.StdEncoding.EncodeToString(e.sig))
	h.Set(protocol.HeaderPageTo, strconv.FormatInt(e.to, 10))
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-store")
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(e.gz)))
		w.Write(e.gz)
		return
	}
	h.Set("Content-Length", strconv.Itoa(e.rawLen))
	zr, err := gzip.NewReader(bytes.NewReader(e.gz))
	if err == nil {
		io.Copy(w, zr)
	}
}

// page returns the page above since for a kiosk asking limit changes at
// head: from the shelf when one starts there, else made now (see
// pageGrid): across a run of versions without changes up to the bucket
// holding the next, or up to the next fine-grid point, where the kiosk
// meets the shelf's pages.
func (s *Server) page(ctx context.Context, since int64, limit int, head int64) *pageEntry {
	g := gridFor(limit)
	end := since
	if since < head {
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
			if e, ok, err := b.page(since); ok || err != nil {
				if err != nil {
					return &pageEntry{err: err}
				}
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
		return &pageEntry{gz: gzipBytes(sp.Payload), rawLen: len(sp.Payload), sig: sp.Signature, to: p.To}
	})
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		p := strings.ReplaceAll(params, " ", "")
		return p != "q=0" && p != "q=0.0" && p != "q=0.00" && p != "q=0.000"
	}
	return false
}

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
	ready  chan struct{}
	gz     []byte
	rawLen int
	sig    []byte
	to     int64
	err    error
}

func newPageCache(max int64) *pageCache {
	return &pageCache{m: map[pageKey]*pageEntry{}, max: max}
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
	e.gz, e.rawLen, e.sig, e.to, e.err = b.gz, b.rawLen, b.sig, b.to, b.err
	close(e.ready)

	c.mu.Lock()
	defer c.mu.Unlock()
	if e.err != nil {
		delete(c.m, k)
		return e
	}
	c.order = append(c.order, k)
	c.bytes += int64(len(e.gz))
	for c.bytes > c.max && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		if oe, ok := c.m[old]; ok {
			c.bytes -= int64(len(oe.gz))
			delete(c.m, old)
		}
	}
	return e
}
