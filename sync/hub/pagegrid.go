package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"math"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// Where pages begin and end (issue 14: pages from a cache). The versions
// are cut into buckets of pageGrid.bucket versions; inside a bucket a chain
// of pages starts at the bucket's first version and runs to its last,
// cut by the byte budget on the fine grid. Every fine-grid point that no
// chain page starts at has its own short page to the next fine point. The
// chain and the fine pages of a bucket are signed, compressed and kept on
// the hub's page shelf (see pageShelf), so a kiosk at any version needs
// at most one page made for it alone (from its version to the next fine
// point, a few changes) before every further page it asks for is a read,
// shared with every other kiosk: it walks fine pages to the next chain
// page and follows the chain to the head.
type pageGrid struct {
	limit        int
	fine, bucket int64
}

// fineSteps is how many fine-grid points a bucket has.
const fineSteps = 50

// gridFor returns the grid of kiosks asking limit changes per page. A page
// never holds more than limit versions.
func gridFor(limit int) pageGrid {
	if limit <= 0 {
		limit = protocol.DefaultPageSize
	}
	limit = min(limit, protocol.MaxPageSize)
	fine := max(int64(limit)/fineSteps, 1)
	return pageGrid{limit: limit, fine: fine, bucket: fine * min(fineSteps, int64(limit)/fine)}
}

// ceilFine returns the first fine-grid point above v.
func (g pageGrid) ceilFine(v int64) int64 { return (v/g.fine + 1) * g.fine }

// cutPage takes changes[i:] up to version end and the byte budget (always
// at least one change) and returns the index after the last taken and the
// page's end. A page cut by the budget ends on the last multiple of snap
// within it when that is above from, so that pages cut short still meet.
func cutPage(changes []domain.Change, i int, from, end, snap int64, budget int) (int, int64) {
	size, j := 0, i
	for ; j < len(changes) && changes[j].Version <= end; j++ {
		if j > i && size+len(changes[j].Data) > budget {
			to := changes[j-1].Version
			if s := to / snap * snap; s > from {
				to = s
				for j > i && changes[j-1].Version > to {
					j--
				}
			}
			return j, to
		}
		size += len(changes[j].Data)
	}
	return j, end
}

// signedPage is a page ready to send: its signed payload compressed.
type signedPage struct {
	from, to int64
	gz       []byte
	raw      int // payload length uncompressed
	sig      []byte
}

// makePage signs and compresses the page (from, to] of changes, whose
// More says whether head lies beyond it.
func (h *Hub) makePage(from, to, head int64, changes []domain.Change) (signedPage, error) {
	p := &protocol.Page{Protocol: protocol.Version, KeyID: h.Keys.KeyID(), From: from, To: to, Changes: changes, More: to < head}
	sp, err := protocol.SignPage(h.Keys.Sign, p)
	if err != nil {
		return signedPage{}, err
	}
	return signedPage{from: from, to: to, gz: gzipBytes(sp.Payload), raw: len(sp.Payload), sig: sp.Signature}, nil
}

// gzipBytes compresses b at the speed pages are served with.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// PageBetween makes the page of the changes above since up to version end
// (cut short by the byte budget), as it is made for a kiosk when no page
// on the shelf starts at since; the shelf's pages equal it byte for byte.
func (h *Hub) PageBetween(ctx context.Context, since, end int64) (protocol.SignedPayload, *protocol.Page, error) {
	changes, cut, head, err := h.Store.Changes(ctx, since, end, h.PageBytes)
	if err != nil {
		return protocol.SignedPayload{}, nil, err
	}
	to := min(end, max(head, since))
	if cut {
		to = changes[len(changes)-1].Version
	}
	p := &protocol.Page{Protocol: protocol.Version, KeyID: h.Keys.KeyID(), From: since, To: to, Changes: changes, More: to < head}
	sp, err := protocol.SignPage(h.Keys.Sign, p)
	return sp, p, err
}

// buildBucket reads bucket k of grid g in one snapshot and makes its chain
// and, with fine, its fine pages (made ahead, not while a kiosk waits).
func (h *Hub) buildBucket(ctx context.Context, g pageGrid, k int64, fine bool) (*pageBucket, []signedPage, error) {
	lo := k * g.bucket
	changes, _, head, err := h.Store.Changes(ctx, lo, lo+g.bucket, math.MaxInt)
	if err != nil {
		return nil, nil, err
	}
	if head <= lo {
		return nil, nil, fmt.Errorf("page bucket %d..%d is above the head %d", lo, lo+g.bucket, head)
	}
	d := NewRangeDigest()
	for _, c := range changes {
		if c.Deleted {
			d.Add(c.Version, nil)
		} else {
			sum := sha256.Sum256(c.Data)
			d.Add(c.Version, sum[:])
		}
	}
	b := &pageBucket{Limit: g.limit, Index: k, Lo: lo, Hi: min(lo+g.bucket, head), Head: head, Fine: fine}
	b.Count, b.Digest = d.Sum()
	var pages []signedPage
	add := func(from, to int64, cs []domain.Change) error {
		sp, err := h.makePage(from, to, head, cs)
		pages = append(pages, sp)
		return err
	}
	chain := map[int64]bool{}
	for p, i := lo, 0; p < b.Hi; {
		j, to := cutPage(changes, i, p, b.Hi, g.fine, h.PageBytes)
		chain[p] = true
		if err := add(p, to, changes[i:j]); err != nil {
			return nil, nil, err
		}
		p, i = to, j
	}
	i := 0
	for q := g.ceilFine(lo); fine && q < b.Hi; q += g.fine {
		for i < len(changes) && changes[i].Version <= q {
			i++
		}
		if chain[q] {
			continue
		}
		j, to := cutPage(changes, i, q, min(q+g.fine, b.Hi), 1, h.PageBytes)
		if err := add(q, to, changes[i:j]); err != nil {
			return nil, nil, err
		}
	}
	return b, pages, nil
}
