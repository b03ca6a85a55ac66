package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"gongkai/internal/search"
)

// A block directory is one segment's sparse key index, held in memory:
// the first key, rowid and length of each of its blocks, in key order
// (12 bytes a block when, as a segment's writer leaves them, the rowids
// are consecutive: 5 MB for 100,000 documents of 3,000 characters). A search
// finds the blocks that can hold a gram's lists by binary search instead
// of asking SQLite, learns a long list's length without reading it, and
// reads only the short blocks that can hold the gram, all of a probe's
// segments in one statement. A gram that falls in the key range of a
// long block other than its own is known to be missing without reading
// anything.
type blockDir struct {
	keys  []uint64
	rows  []int64 // nil when block i's rowid is row0 + i
	row0  int64
	sizes []int32
}

// add appends a block; blocks come in key order.
func (d *blockDir) add(key uint64, row int64, size int32) {
	switch {
	case len(d.keys) == 0:
		d.row0 = row
	case d.rows == nil && row != d.row0+int64(len(d.keys)):
		d.rows = make([]int64, len(d.keys), cap(d.keys))
		for i := range d.rows {
			d.rows[i] = d.row0 + int64(i)
		}
	}
	if d.rows != nil {
		d.rows = append(d.rows, row)
	}
	d.keys = append(d.keys, key)
	d.sizes = append(d.sizes, size)
}

// clip returns d without spare capacity.
func (d *blockDir) clip() *blockDir {
	return &blockDir{keys: slices.Clip(d.keys), rows: slices.Clip(d.rows), row0: d.row0, sizes: slices.Clip(d.sizes)}
}

// row returns block i's rowid.
func (d *blockDir) row(i int) int64 {
	if d.rows == nil {
		return d.row0 + int64(i)
	}
	return d.rows[i]
}

// span returns the indexes [lo, hi) of the blocks that can hold the lists
// of key (without the head tag) and of key|GramHead: the last block
// starting at or before key and those after it starting up to key|GramHead.
func (d *blockDir) span(key uint64) (lo, hi int) {
	i := sort.Search(len(d.keys), func(i int) bool { return d.keys[i] > key })
	lo, hi = max(i-1, 0), i
	for hi < len(d.keys) && d.keys[hi] <= key|search.GramHead {
		hi++
	}
	return lo, hi
}

// blockDirs holds the directories of the segments searches have used,
// loaded on first use. Segments never change once written, so a loaded
// directory stays right until its segment is merged away or the index is
// reset (docCache.setSegments and load drop those).
type blockDirs struct {
	mu   sync.Mutex
	dirs map[int64]*blockDir
}

// get returns the directories of segs (in that order), loading the
// missing ones. Called during a search, under Store.mu for reading, so
// the segments it loads are the ones the search sees.
func (b *blockDirs) get(ctx context.Context, q querier, segs []int64) ([]*blockDir, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dirs == nil {
		b.dirs = map[int64]*blockDir{}
	}
	out := make([]*blockDir, len(segs))
	for i, seg := range segs {
		d := b.dirs[seg]
		if d == nil {
			var err error
			if d, err = loadBlockDir(ctx, q, seg); err != nil {
				return nil, err
			}
			b.dirs[seg] = d
		}
		out[i] = d
	}
	return out, nil
}

// keep drops the directories of segments not in segs and takes those
// segs come with (written by the transaction just committed).
func (b *blockDirs) keep(segs []segment) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id := range b.dirs {
		if !slices.ContainsFunc(segs, func(s segment) bool { return s.ID == id }) {
			delete(b.dirs, id)
		}
	}
	for _, s := range segs {
		if s.dir != nil {
			if b.dirs == nil {
				b.dirs = map[int64]*blockDir{}
			}
			b.dirs[s.ID] = s.dir
		}
	}
}

// reset drops every directory.
func (b *blockDirs) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dirs = nil
}

func loadBlockDir(ctx context.Context, q querier, seg int64) (*blockDir, error) {
	rows, err := q.QueryContext(ctx, `SELECT rowid, term, length(data) FROM search_blocks WHERE seg = ? ORDER BY term`, seg)
	if err != nil {
		return nil, fmt.Errorf("block directory: %w", corrupt(err))
	}
	defer rows.Close()
	d := &blockDir{}
	for rows.Next() {
		var row, term int64
		var size int32
		if err := rows.Scan(&row, &term, &size); err != nil {
			return nil, fmt.Errorf("block directory: %w", err)
		}
		d.add(uint64(term), row, size)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("block directory: %w", corrupt(err))
	}
	return d.clip(), nil
}

// readBlocks reads the blocks with the given rowids in one statement and
// calls f with each one's first key and data (SQLite's: copy what is
// kept).
func readBlocks(ctx context.Context, q querier, rowids []int64, f func(rowid int64, term uint64, data []byte)) error {
	if len(rowids) == 0 {
		return nil
	}
	args := make([]any, len(rowids))
	for i, r := range rowids {
		args[i] = r
	}
	rows, err := q.QueryContext(ctx, `SELECT rowid, term, data FROM search_blocks WHERE rowid IN (?`+
		strings.Repeat(",?", len(args)-1)+`)`, args...)
	if err != nil {
		return fmt.Errorf("postings: %w", corrupt(err))
	}
	defer rows.Close()
	for rows.Next() {
		var rowid, term int64
		var raw sql.RawBytes // copied once by f if kept, not by Scan and again
		if err := rows.Scan(&rowid, &term, &raw); err != nil {
			return fmt.Errorf("postings: %w", err)
		}
		f(rowid, uint64(term), raw)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postings: %w", corrupt(err))
	}
	return nil
}

// listArena holds copies of the blocks one search reads, in slabs that
// later searches reuse (arenas): a search of a common word reads
// megabytes of long lists, which would otherwise be garbage as soon as it
// returns. Nothing read into it may outlive the search.
type listArena struct {
	slabs [][]byte // each used up to its length
	cur   int
}

var arenas = sync.Pool{New: func() any { return &listArena{} }}

// slabSize is the least size of a slab.
const slabSize = 1 << 20

// clone returns a copy of b in the arena (a new slice without one).
func (a *listArena) clone(b []byte) []byte {
	if a == nil {
		return slices.Clone(b)
	}
	for ; a.cur < len(a.slabs); a.cur++ {
		s := a.slabs[a.cur]
		if n := len(s); cap(s)-n >= len(b) {
			a.slabs[a.cur] = s[:n+len(b)]
			return append(s[n:n:n+len(b)], b...)
		}
	}
	s := make([]byte, len(b), max(slabSize, len(b)))
	copy(s, b)
	a.slabs = append(a.slabs, s)
	a.cur = len(a.slabs) - 1
	return s[:len(b):len(b)]
}

// reset makes the arena's slabs free for the next search.
func (a *listArena) reset() {
	for i := range a.slabs {
		a.slabs[i] = a.slabs[i][:0]
	}
	a.cur = 0
}
