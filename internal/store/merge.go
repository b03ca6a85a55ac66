package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"gongkai/internal/search"
)

// Merging. Apply writes one segment per batch and, once there are more
// than applyMaxSegments, merges the smallest segments, mergeFactor of them
// at a time (mergeSmall), so that however many batches a long sync has,
// a search probes at most that many segments. Below that Apply merges
// nothing: the idle merge that follows a sync rewrites its segments into
// one anyway, and merging them during the sync too rewrote most of a first
// sync's index once more (an eighth of its CPU). Larger merges,
// and compaction of the lists of replaced and deleted documents, are left
// to the merger goroutine, which runs them once Apply has been idle for
// mergeIdle, one group of segments per transaction, so that a sync
// arriving meanwhile waits for at most one group. Optimize does all
// pending merges at once (tools and tests).

// mergeIdle is how long after the last Apply the merger starts.
const mergeIdle = 2 * time.Second

// applyMergeDocs bounds the merges Apply does itself: 16 batches of up to
// 2,000 documents, a few seconds of work inside a sync's transaction.
const applyMergeDocs = 32 << 10

// applyMaxSegments is how many segments Apply leaves before it merges:
// a first sync of 100,000 documents (1,165 pages, 73 or more batches of
// up to 16 pages) makes that many and merges none of them until the kiosk
// is idle. At 64 it merged 16 of them inside a batch's transaction, 2.6
// CPU-seconds on the sync's critical path.
const applyMaxSegments = 6 * mergeFactor

// planMerge picks the segments (adjacent, in dno order) that one merge
// step should combine, or nil: everything when dead documents make up more
// than a third of the index, otherwise planTier's, otherwise planIdle's.
func planMerge(segs []segment, alive int64) []segment {
	var indexed int64
	for _, s := range segs {
		indexed += s.Docs
	}
	if len(segs) > 1 && indexed-alive > indexed/3 {
		return segs
	}
	if plan := planTier(segs, math.MaxInt64); plan != nil {
		return plan
	}
	return planIdle(segs)
}

// idleRatio: once the kiosk is idle, a segment is merged with all those
// after it unless it holds at least idleRatio times as many documents as
// they do together. So segment sizes fall geometrically: a 100,000-document
// first sync (twenty segments as Apply leaves it) ends as one segment, and
// a search probes each gram once instead of in every segment; later small
// syncs add small segments, merged among themselves until they outgrow
// 1/idleRatio of the one before. At most log_idleRatio(documents)
// segments remain, and each document is rewritten about that many times
// over the catalogue's life.
const idleRatio = 4

// planIdle returns the segments from the first one holding fewer than
// idleRatio times the documents after it, to the end; nil if that is
// fewer than two.
func planIdle(segs []segment) []segment {
	start := len(segs)
	var after int64
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i].Docs < idleRatio*after {
			start = i
		}
		after += segs[i].Docs
	}
	if len(segs)-start < 2 {
		return nil
	}
	return segs[start:]
}

// planTier returns the first mergeFactor segments, holding at most
// maxDocs documents, of a run of at least mergeFactor adjacent segments
// of one size level, or nil.
func planTier(segs []segment, maxDocs int64) []segment {
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && segs[j].level() == segs[i].level() {
			j++
		}
		for k := i; k+mergeFactor <= j; k++ {
			var docs int64
			for _, s := range segs[k : k+mergeFactor] {
				docs += s.Docs
			}
			if docs <= maxDocs {
				return segs[k : k+mergeFactor]
			}
		}
		i = j
	}
	return nil
}

// mergeSmall merges runs of small segments (planTier up to
// applyMergeDocs) inside tx while there are more than applyMaxSegments,
// and returns the segments then.
func mergeSmall(ctx context.Context, tx *sql.Tx) ([]segment, error) {
	segs, err := loadSegments(ctx, tx)
	for err == nil && len(segs) > applyMaxSegments {
		plan := planTier(segs, applyMergeDocs)
		if plan == nil {
			break
		}
		if _, err = mergeSegments(ctx, tx, plan, nil); err == nil {
			segs, err = loadSegments(ctx, tx)
		}
	}
	return segs, err
}

// mergeStep does one planned merge in its own transaction and reports
// whether there was one to do. It pauses for searches (stop), and a
// yielding step gives way to an Apply that waits for it: it stops, rolls
// back and reports false, so a sync never waits for a large merge; the
// merger does it again at the next pause.
func (s *Store) mergeStep(ctx context.Context, yield bool) (bool, error) {
	stop := func() bool {
		if s.searching.Load() > 0 {
			// A visitor is searching: give the CPU (and the garbage
			// collector, which the merge's reading keeps busy) a
			// millisecond; never more, so that searches one after
			// another at most halve the merge's pace.
			time.Sleep(time.Millisecond)
		}
		return yield && s.applyWaiting.Load() > 0
	}
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("merge: %w", err)
	}
	defer tx.Rollback()
	segs, err := loadSegments(ctx, tx)
	if err != nil {
		return false, err
	}
	var alive int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&alive); err != nil {
		return false, fmt.Errorf("merge: %w", err)
	}
	plan := planMerge(segs, alive)
	if plan == nil {
		return false, nil
	}
	merged, err := mergeSegments(ctx, tx, plan, stop)
	if errors.Is(err, errMergeStopped) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if segs, err = loadSegments(ctx, tx); err != nil {
		return false, err
	}
	for i := range segs {
		if segs[i].ID == merged.ID {
			segs[i].dir = merged.dir // its writer's: no need to load it
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("merge: commit: %w", err)
	}
	s.cache.mergedSegments(segs)
	s.kickCheckpoint()
	return true, nil
}

// Optimize merges the index's segments as far as the merge policy goes,
// as the merger would once the kiosk is idle. A search after a large sync
// is fastest once this is done.
func (s *Store) Optimize(ctx context.Context) error {
	for {
		more, err := s.mergeStep(ctx, false)
		if err != nil || !more {
			return err
		}
	}
}

// merger runs merge steps once Apply has been idle for mergeIdle.
func (s *Store) merger() {
	defer close(s.mergerDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.stop
		cancel()
	}()
	s.warm(ctx)
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.applied:
			idle.Reset(mergeIdle)
			continue
		case <-idle.C:
		}
		if s.mergesHeld.Load() {
			continue
		}
		// A sync has paused: give back the indexing buffers (tens of MB
		// after a page of long documents) before merging.
		s.applyMu.Lock()
		s.builder = builder{}
		s.applyMu.Unlock()
		for {
			more, err := s.mergeStep(ctx, true)
			if err != nil || !more || ctx.Err() != nil {
				break
			}
			select {
			case <-s.applied: // a sync is running again: wait for it to pause
				idle.Reset(mergeIdle)
			default:
				continue
			}
			break
		}
	}
}

// warm loads the document table and every segment's block directory
// (a second or so for 100,000 documents on this machine), so that the
// first search after opening does not wait for them. An error is left
// for that search to report.
func (s *Store) warm(ctx context.Context) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, err := s.ensureCache(ctx)
	if err != nil {
		return
	}
	ids := make([]int64, 0, len(c.segByID))
	for id := range c.segByID {
		ids = append(ids, id)
	}
	c.dirs.get(ctx, s.db, ids)
}

// errMergeStopped is mergeSegments' error when stop said to.
var errMergeStopped = errors.New("merge stopped")

// mergeSegments replaces segs (ordered by FirstDno) by one segment
// holding their lists, without the dnos of documents no longer stored.
// When stop is not nil it is asked every 256 lists whether to give up
// (errMergeStopped; the caller rolls back), and may pause.
func mergeSegments(ctx context.Context, tx *sql.Tx, segs []segment, stop func() bool) (segment, error) {
	out := segment{FirstDno: segs[0].FirstDno, LastDno: segs[len(segs)-1].LastDno}
	live, err := liveDnos(ctx, tx, out.FirstDno, out.LastDno)
	if err != nil {
		return out, err
	}
	clean := make([]bool, len(segs)) // no dead documents: lists copy as they are
	for i, s := range segs {
		n := int64(0)
		for d := s.FirstDno; d <= s.LastDno; d++ {
			if live.has(d - out.FirstDno) {
				n++
			}
		}
		out.Docs += n
		clean[i] = n == s.Docs
	}
	readers := make([]*segmentReader, len(segs))
	for i, s := range segs {
		if readers[i], err = newSegmentReader(ctx, tx, s); err != nil {
			return out, err
		}
		defer readers[i].close()
	}
	w, err := newSegmentWriter(ctx, tx, out)
	if err != nil {
		return out, err
	}
	defer w.abandon()
	// The readers by their next key (ties in segment order, so that the
	// lists of a key join in dno order).
	h := readerHeap{rs: readers}
	for i, r := range readers {
		if r.ok {
			h.push(i)
		}
	}
	var list []byte
	for n := 0; len(h.idx) > 0; n++ {
		if stop != nil && n%256 == 0 && stop() {
			return out, errMergeStopped
		}
		key := readers[h.idx[0]].key
		positional := search.HasPositions(key)
		list = list[:0]
		last := out.FirstDno
		for len(h.idx) > 0 && readers[h.idx[0]].key == key {
			i := h.idx[0]
			r := readers[i]
			if clean[i] {
				list, last = appendList(list, last, segs[i].FirstDno, r.list, positional)
			} else {
				list, last = appendLive(list, last, segs[i].FirstDno, r.list, positional, live, out.FirstDno)
			}
			if err := r.next(); err != nil {
				return out, err
			}
			if r.ok {
				h.fix()
			} else {
				h.pop()
			}
		}
		if len(list) > 0 {
			if err := w.write(key, list); err != nil {
				return out, err
			}
		}
	}
	merged, err := w.close()
	if err != nil {
		return out, err
	}
	for _, s := range segs {
		for _, q := range []string{`DELETE FROM search_blocks WHERE seg = ?`,
			`DELETE FROM search_segments WHERE seg = ?`} {
			if _, err := tx.ExecContext(ctx, q, s.ID); err != nil {
				return out, fmt.Errorf("drop merged segment: %w", err)
			}
		}
	}
	return merged, nil
}

// readerHeap is a min-heap of segment readers (indexes into rs) by next
// key, then index.
type readerHeap struct {
	rs  []*segmentReader
	idx []int
}

func (h *readerHeap) less(a, b int) bool {
	ka, kb := h.rs[h.idx[a]].key, h.rs[h.idx[b]].key
	return ka < kb || ka == kb && h.idx[a] < h.idx[b]
}

func (h *readerHeap) push(i int) {
	h.idx = append(h.idx, i)
	for j := len(h.idx) - 1; j > 0; {
		p := (j - 1) / 2
		if !h.less(j, p) {
			break
		}
		h.idx[j], h.idx[p] = h.idx[p], h.idx[j]
		j = p
	}
}

// pop removes the top.
func (h *readerHeap) pop() {
	n := len(h.idx) - 1
	h.idx[0] = h.idx[n]
	h.idx = h.idx[:n]
	h.fix()
}

// fix restores the heap after the top's key grew.
func (h *readerHeap) fix() {
	for j := 0; ; {
		l, r, m := 2*j+1, 2*j+2, j
		if l < len(h.idx) && h.less(l, m) {
			m = l
		}
		if r < len(h.idx) && h.less(r, m) {
			m = r
		}
		if m == j {
			return
		}
		h.idx[j], h.idx[m] = h.idx[m], h.idx[j]
		j = m
	}
}
