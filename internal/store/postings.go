package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"slices"
	"sort"
)

// blockQuery finds, in every segment, the block that would hold a key.
const blockQuery = `SELECT s.seg, b.term, b.data FROM search_segments s
	JOIN %[1]s b ON b.rowid = (SELECT rowid FROM %[1]s WHERE seg = s.seg AND term <= ?1 ORDER BY term DESC LIMIT 1)`

var (
	docBlockQuery = fmt.Sprintf(blockQuery, "search_blocks")
	posBlockQuery = fmt.Sprintf(blockQuery, "search_positions")
)

// findLists returns the list of key in every segment that has one, by
// segment id.
func findLists(ctx context.Context, q querier, query string, key uint64) (map[int64][]byte, error) {
	rows, err := q.QueryContext(ctx, query, int64(key))
	if err != nil {
		return nil, fmt.Errorf("postings: %w", corrupt(err))
	}
	defer rows.Close()
	out := map[int64][]byte{}
	for rows.Next() {
		var seg, term int64
		var block sql.RawBytes
		if err := rows.Scan(&seg, &term, &block); err != nil {
			return nil, fmt.Errorf("postings: %w", err)
		}
		it := blockIter{b: block, key: uint64(term)}
		for {
			k, list, ok := it.next()
			if !ok || k > key {
				break
			}
			if k == key {
				out[seg] = slices.Clone(list)
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postings: %w", corrupt(err))
	}
	return out, nil
}

// part is one segment's lists of a gram.
type part struct {
	first int64 // the segment's first dno, for ordering
	docs  []byte
	pos   []byte
}

// lists returns the lists of key in every segment the cache knows, in
// dno order; with positions if asked.
func lists(ctx context.Context, q querier, segFirst map[int64]int64, key uint64, positions bool) ([]part, error) {
	docs, err := findLists(ctx, q, docBlockQuery, key)
	if err != nil {
		return nil, err
	}
	var pos map[int64][]byte
	if positions && len(docs) > 0 {
		if pos, err = findLists(ctx, q, posBlockQuery, key); err != nil {
			return nil, err
		}
	}
	parts := make([]part, 0, len(docs))
	for seg, d := range docs {
		first, ok := segFirst[seg]
		if !ok {
			continue // written by a batch this search does not see
		}
		parts = append(parts, part{first: first, docs: d, pos: pos[seg]})
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].first < parts[j].first })
	return parts, nil
}

// endDno is a cursor's dno once it has run out.
const endDno = 1<<62 - 1

// cursor walks the documents of a gram's lists in dno order, with their
// positions when the lists have them.
type cursor struct {
	parts []part
	docs  []byte
	pos   []byte
	i, p  int
	base  int64
	dno   int64  // current document
	cur   []byte // its encoded positions
}

func newCursor(parts []part) *cursor { return &cursor{parts: parts, dno: -1} }

// size is the number of bytes of document lists, to pick the rarest gram.
func (c *cursor) size() (n int) {
	for _, p := range c.parts {
		n += len(p.docs)
	}
	return n
}

// next moves to the next document; false at the end.
func (c *cursor) next() bool {
	for c.i >= len(c.docs) {
		if len(c.parts) == 0 {
			c.dno = endDno
			return false
		}
		c.docs, c.pos, c.parts = c.parts[0].docs, c.parts[0].pos, c.parts[1:]
		c.i, c.p, c.base = 0, 0, 0
	}
	d, n := uvarint(c.docs[c.i:])
	c.i += n
	c.base += int64(d)
	c.dno = c.base
	if c.p < len(c.pos) {
		l, n := uvarint(c.pos[c.p:])
		c.p += n
		end := min(c.p+int(l), len(c.pos))
		c.cur = c.pos[c.p:end]
		c.p = end
	} else {
		c.cur = nil
	}
	return true
}

// seek moves to the first document >= d; false at the end.
func (c *cursor) seek(d int64) bool {
	for c.dno < d {
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
