package store

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"sort"

	"gongkai/internal/search"
)

// part is one segment's list of a gram: read, or a block not read yet.
type part struct {
	first int64 // the segment's first dno: the list's base, and its order
	list  []byte
	skips []byte // a long list's skip table (index.go)
	block int64  // rowid of the list's block when list is not read yet
	size  int    // length of the list, read or not
}

// gramLists are a gram's lists in the body (0) and the head (1), each in
// dno order.
type gramLists [2][]part

// size is the number of bytes of the lists in ns (0 or search.GramHead).
func (g *gramLists) size(ns uint64) (n int64) {
	for _, p := range g[ns] {
		n += int64(p.size)
	}
	return n
}

// lists returns the lists of each gram key (without the head tag) in
// both parts, in the segments segs (which the search sees: segFirst,
// their directories dirs, in the order of segs). The directories say
// which blocks can hold each key; of those, the short ones are read, in
// one statement; a long one is a single list whose length the directory
// gives: it is not read here (readLists reads those a search needs).
func lists(ctx context.Context, q querier, arena *listArena, segFirst map[int64]int64, segs []int64, dirs []*blockDir, keys []uint64) ([]gramLists, error) {
	gs := make([]gramLists, len(keys))
	type want struct {
		first int64
		gram  int
	}
	var short []int64           // rowids of the short blocks to read
	wants := map[int64][]want{} // by rowid: which grams it can hold
	for i, k := range keys {
		if j := slices.Index(keys, k); j < i {
			continue // the same gram again
		}
		for si, seg := range segs {
			d, first := dirs[si], segFirst[seg]
			lo, hi := d.span(k)
			for b := lo; b < hi; b++ {
				if int(d.sizes[b]) >= blockSize {
					if bk := d.keys[b]; bk&^search.GramHead == k {
						gs[i][bk&search.GramHead] = append(gs[i][bk&search.GramHead], part{first: first, block: d.row(b), size: int(d.sizes[b])})
					}
					continue
				}
				row := d.row(b)
				if _, ok := wants[row]; !ok {
					short = append(short, row)
				}
				wants[row] = append(wants[row], want{first, i})
			}
		}
	}
	err := readBlocks(ctx, q, short, func(rowid int64, term uint64, data []byte) {
		var block []byte // copied once, if it holds a list wanted
		for _, w := range wants[rowid] {
			k := keys[w.gram]
			it := blockIter{b: data, key: term}
			for {
				key, list, ok := it.next()
				if !ok || key > k|search.GramHead {
					break
				}
				if key >= k {
					if block == nil {
						block = arena.clone(data)
					}
					at := it.i - len(list) // the list's offset in data
					g := &gs[w.gram][key&search.GramHead]
					*g = append(*g, part{first: w.first, list: block[at : at+len(list)], size: len(list)})
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		if j := slices.Index(keys, k); j < i {
			gs[i] = gs[j]
			continue
		}
		for ns := range gs[i] {
			sort.Slice(gs[i][ns], func(a, b int) bool { return gs[i][ns][a].first < gs[i][ns][b].first })
		}
	}
	return gs, nil
}

// readLists reads the lists of parts not read yet (into arena).
func readLists(ctx context.Context, q querier, arena *listArena, parts []part) error {
	var rowids []int64
	at := map[int64]*part{}
	for i := range parts {
		if p := &parts[i]; p.list == nil && p.block != 0 {
			rowids = append(rowids, p.block)
			at[p.block] = p
		}
	}
	err := readBlocks(ctx, q, rowids, func(rowid int64, term uint64, raw []byte) {
		if at[rowid] == nil {
			return
		}
		block := arena.clone(raw)
		it := blockIter{b: block, key: term}
		if _, list, ok := it.next(); ok {
			at[rowid].list, at[rowid].skips = list, block[it.i:]
		}
	})
	if err != nil {
		return err
	}
	for _, p := range at {
		if p.list == nil {
			return fmt.Errorf("%w: index block %d is gone", ErrCorrupt, p.block)
		}
	}
	return nil
}

// endDno is a cursor's dno once it has run out.
const endDno = 1<<62 - 1

// cursor walks the documents of a gram's lists in dno order, with their
// positions when the lists have them.
type cursor struct {
	parts      []part
	positional bool
	list       []byte
	skips      []byte // the current list's skip table, what is left of it
	skipDno    int64  // the dno and offset the skip table is at
	skipOff    int
	i          int
	dno        int64  // current document
	cur        []byte // its encoded positions
}

func newCursor(parts []part, positional bool) *cursor {
	return &cursor{parts: parts, positional: positional, dno: -1}
}

// size is the number of bytes of lists, to pick the rarest gram.
func (c *cursor) size() (n int) {
	for _, p := range c.parts {
		n += p.size
	}
	return n + len(c.list) - c.i
}

// next moves to the next document; false at the end.
func (c *cursor) next() bool {
	for c.i >= len(c.list) {
		if len(c.parts) == 0 {
			c.dno = endDno
			return false
		}
		p := c.parts[0]
		c.list, c.dno, c.parts = p.list, p.first, c.parts[1:]
		c.skips, c.skipDno, c.skipOff = p.skips, p.first, 0
		c.i = 0
	}
	var d int64
	d, c.cur, c.i = listEntry(c.list, c.i, c.positional)
	c.dno += d
	return true
}

// seek moves to the first document >= d; false at the end. Lists in
// blocks of their own are skipped through by their skip tables.
func (c *cursor) seek(d int64) bool {
	for c.dno < d {
		for len(c.skips) > 0 {
			dd, n := uvarint(c.skips)
			do, m := uvarint(c.skips[n:])
			dno, off := c.skipDno+int64(dd), c.skipOff+int(do)
			if dno >= d || off <= c.i {
				if off <= c.i { // behind the cursor already
					c.skips, c.skipDno, c.skipOff = c.skips[n+m:], dno, off
					continue
				}
				break
			}
			// Every entry before off is below d: jump there.
			c.skips, c.skipDno, c.skipOff = c.skips[n+m:], dno, off
			c.i, c.dno = off, dno
		}
		if !c.next() {
			return false
		}
	}
	return true
}

// bitset is a set of small non-negative integers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int64) {
	if i >= 0 && int(i>>6) < len(b) {
		b[i>>6] |= 1 << (uint(i) & 63)
	}
}

func (b bitset) has(i int64) bool {
	return i >= 0 && int(i>>6) < len(b) && b[i>>6]&(1<<(uint(i)&63)) != 0
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls f for every member in ascending order.
func (b bitset) each(f func(i int64)) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			f(int64(wi)<<6 | int64(t))
			w &= w - 1
		}
	}
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// uvarint decodes a varint written by appendUvarint. Input comes from our
// own writer; a truncated value decodes as what is there.
func uvarint(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	var v uint64
	var s uint
	for i, c := range b {
		if c < 0x80 {
			return v | uint64(c)<<s, i + 1
		}
		v |= uint64(c&0x7f) << s
		s += 7
	}
	return v, len(b)
}
