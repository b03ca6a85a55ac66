package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"slices"
	"sort"

	"gongkai/internal/search"
)

// The search index maps each gram key (internal/search) to a posting
// list: the numbers (dno) of the documents containing the gram, ascending,
// and for bigrams the positions where it occurs. Lists are written in
// segments: each applied batch appends one segment (its documents' dnos
// are all above earlier segments', since dnos only grow), and a segment
// merge policy keeps their number logarithmic. A document that is updated
// or deleted leaves its old dno in old segments; searches skip dead dnos
// and merges drop them.
//
// Encoding of one list in one segment, entry by entry:
//
//	uvarint(dno - previous dno)          the first entry's previous is 0
//	bigrams only: uvarint(n) then n bytes of uvarint position deltas
//	              (the first position absolute)
//
// A segment's lists are packed in key order into blocks of about
// blockTarget bytes (a longer list gets a block of its own), one row each,
// keyed by (segment, first key); within a block, list by list:
//
//	uvarint(key - previous key)          the first key's previous is the row's term
//	uvarint(length) then the list

const (
	// mergeFactor segments of one size level are merged into one.
	mergeFactor = 8
	// levelBase is the document count of a level-0 segment.
	levelBase = 512
	// writes a segment.
	// blockTarget is the size at which a block is written.
	blockTarget = 4000
)

// segment describes one segment of the index.
type segment struct {
	ID       int64
	FirstDno int64
	LastDno  int64
	Docs     int64
	Bytes    int64
}

func (s segment) level() int {
	l := 0
	for n := s.Docs / levelBase; n >= mergeFactor; n /= mergeFactor {
		l++
	}
	return l
}

func loadSegments(ctx context.Context, q querier) ([]segment, error) {
	rows, err := q.QueryContext(ctx, `SELECT seg, first_dno, last_dno, docs, bytes
		FROM search_segments ORDER BY first_dno`)
	if err != nil {
		return nil, fmt.Errorf("load segments: %w", err)
	}
	defer rows.Close()
	var segs []segment
	for rows.Next() {
		var s segment
		if err := rows.Scan(&s.ID, &s.FirstDno, &s.LastDno, &s.Docs, &s.Bytes); err != nil {
			return nil, err
		}
		segs = append(segs, s)
	}
	return segs, rows.Err()
}

// docGrams is one document's index entries grouped by gram, made by the
// decoding workers: its distinct keys in order, and for each the end of
// its encoded positions in pos (empty for unigrams).
type docGrams struct {
	keys []uint64
	ends []uint32
	pos  []byte
}

// groupEntries groups sorted entries (search.Extractor) by key, encoding
// bigram positions as deltas.
func groupEntries(entries []uint64) docGrams {
	var g docGrams
	g.keys = make([]uint64, 0, len(entries)/2)
	g.ends = make([]uint32, 0, len(entries)/2)
	g.pos = make([]byte, 0, len(entries)*2)
	for i := 0; i < len(entries); {
		key := entries[i] >> search.PosBits
		j := i + 1
		for j < len(entries) && entries[j]>>search.PosBits == key {
			j++
		}
		if search.IsBigram(key) {
			prev := uint64(0)
			for k := i; k < j; k++ {
				p := entries[k] & search.MaxPos
				g.pos = appendUvarint(g.pos, p-prev)
				prev = p
			}
		}
		g.keys = append(g.keys, key)
		g.ends = append(g.ends, uint32(len(g.pos)))
		i = j
	}
	return g
}

// builder accumulates the postings of one batch in memory as records
// (key and document, where the positions are), sorted into lists when
// the segment is written.
type builder struct {
	recs  [][2]uint64 // key<<relBits | dno-first, arena offset<<24 | length
	arena []byte      // encoded positions
	first int64
	last  int64
	docs  int64
}

const (
	relBits    = 20 // bits for a dno relative to the segment's first
	maxRecords = 2 << 20
)

func newBuilder() *builder { return &builder{} }

func (b *builder) empty() bool { return b.docs == 0 }

// full reports whether the builder should be written before adding dno.
func (b *builder) full(dno int64) bool {
	return b.docs > 0 && (len(b.recs) >= maxRecords || dno-b.first >= 1<<relBits-1)
}

// add indexes document dno; dnos must be added in increasing order.
func (b *builder) add(dno int64, g *docGrams) {
	if b.docs == 0 {
		b.first = dno
		if b.recs == nil {
			b.recs = make([][2]uint64, 0, 1<<18)
		}
	}
	b.last = dno
	b.docs++
	rel := uint64(dno - b.first)
	base := uint64(len(b.arena))
	b.arena = append(b.arena, g.pos...)
	start := uint32(0)
	for i, key := range g.keys {
		end := g.ends[i]
		b.recs = append(b.recs, [2]uint64{key<<relBits | rel, (base+uint64(start))<<24 | uint64(end-start)})
		start = end
	}
}

// flush writes the builder as a new segment and empties it.
func (b *builder) flush(ctx context.Context, tx *sql.Tx) (segment, error) {
	seg := segment{FirstDno: b.first, LastDno: b.last, Docs: b.docs}
	radixSort(b.recs, relBits, 64)
	w, err := newSegmentWriter(ctx, tx, seg)
	if err != nil {
		return seg, err
	}
	var list []byte
	for i := 0; i < len(b.recs); {
		key := b.recs[i][0] >> relBits
		bigram := search.IsBigram(key)
		list = list[:0]
		last := uint64(0)
		for ; i < len(b.recs) && b.recs[i][0]>>relBits == key; i++ {
			rel := b.recs[i][0] & (1<<relBits - 1)
			dno := uint64(b.first) + rel
			list = appendUvarint(list, dno-last)
			last = dno
			if bigram {
				off, n := b.recs[i][1]>>24, b.recs[i][1]&(1<<24-1)
				list = appendUvarint(list, n)
				list = append(list, b.arena[off:off+n]...)
			}
		}
		if err := w.write(key, list); err != nil {
			return seg, err
		}
	}
	seg, err = w.close()
	*b = builder{recs: b.recs[:0], arena: b.arena[:0]}
	return seg, err
}

// radixSort sorts recs by the bits from lo to hi of their first word,
// stably (LSD, 11 bits a pass), so records added in dno order stay so.
func radixSort(recs [][2]uint64, lo, hi uint) {
	const digit = 11
	if len(recs) < 2 {
		return
	}
	tmp := make([][2]uint64, len(recs))
	src, dst := recs, tmp
	var count [1 << digit]int
	for shift := lo; shift < hi; shift += digit {
		clear(count[:])
		for _, r := range src {
			count[(r[0]>>shift)&(1<<digit-1)]++
		}
		if count[(src[0][0]>>shift)&(1<<digit-1)] == len(src) {
			continue // every record has this digit
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, r := range src {
			d := (r[0] >> shift) & (1<<digit - 1)
			dst[count[d]] = r
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &recs[0] {
		copy(recs, src)
	}
}

// segmentWriter writes one segment's lists in key order, packed into
// blocks.
type segmentWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	ins   *sql.Stmt
	seg   segment
	block []byte
	first uint64 // first key of the block being filled
	last  uint64
	n     int // lists in the block
}

func newSegmentWriter(ctx context.Context, tx *sql.Tx, seg segment) (*segmentWriter, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO search_segments (first_dno, last_dno, docs, bytes)
		VALUES (?, ?, ?, 0)`, seg.FirstDno, seg.LastDno, seg.Docs)
	if err != nil {
		return nil, fmt.Errorf("new segment: %w", err)
	}
	if seg.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO search_blocks (seg, term, data) VALUES (?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("new segment: %w", err)
	}
	return &segmentWriter{ctx: ctx, tx: tx, ins: ins, seg: seg, block: make([]byte, 0, 2*blockTarget)}, nil
}

// write adds the list of key; keys must increase.
func (w *segmentWriter) write(key uint64, list []byte) error {
	if w.n == 0 {
		w.first, w.last = key, key
	}
	w.block = appendUvarint(w.block, key-w.last)
	w.block = appendUvarint(w.block, uint64(len(list)))
	w.block = append(w.block, list...)
	w.last = key
	w.n++
	if len(w.block) >= blockTarget {
		return w.emit()
	}
	return nil
}

func (w *segmentWriter) emit() error {
	if w.n == 0 {
		return nil
	}
	if _, err := w.ins.ExecContext(w.ctx, w.seg.ID, int64(w.first), w.block); err != nil {
		return fmt.Errorf("write postings: %w", err)
	}
	w.seg.Bytes += int64(len(w.block))
	w.block, w.n = w.block[:0], 0
	return nil
}

func (w *segmentWriter) close() (segment, error) {
	defer w.ins.Close()
	if err := w.emit(); err != nil {
		return w.seg, err
	}
	if w.seg.Bytes == 0 {
		_, err := w.tx.ExecContext(w.ctx, `DELETE FROM search_segments WHERE seg = ?`, w.seg.ID)
		w.seg.ID = 0
		return w.seg, err
	}
	_, err := w.tx.ExecContext(w.ctx, `UPDATE search_segments SET bytes = ? WHERE seg = ?`, w.seg.Bytes, w.seg.ID)
	if err != nil {
		return w.seg, fmt.Errorf("close segment: %w", err)
	}
	return w.seg, nil
}

// blockIter walks the lists of one block.
type blockIter struct {
	b   []byte
	i   int
	key uint64
}

func newBlockIter(first uint64, b []byte) blockIter { return blockIter{b: b, key: first} }

// next returns the next list of the block and its key; false at the end.
func (it *blockIter) next() (uint64, []byte, bool) {
	if it.i >= len(it.b) {
		return 0, nil, false
	}
	d, n := uvarint(it.b[it.i:])
	it.i += n
	l, n := uvarint(it.b[it.i:])
	it.i += n
	end := min(it.i+int(l), len(it.b))
	list := it.b[it.i:end]
	it.i = end
	it.key += d
	return it.key, list, true
}

// maintain merges segments after a batch: runs of mergeFactor segments of
// one level at the newest end, and everything at once when dead documents
// make up more than a third of the index.
func maintain(ctx context.Context, tx *sql.Tx) error {
	segs, err := loadSegments(ctx, tx)
	if err != nil {
		return err
	}
	var alive, indexed int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&alive); err != nil {
		return err
	}
	for _, s := range segs {
		indexed += s.Docs
	}
	if len(segs) > 1 && indexed-alive > indexed/3 {
		_, err := mergeSegments(ctx, tx, segs)
		return err
	}
	for {
		n := len(segs)
		if n < mergeFactor {
			return nil
		}
		lvl := segs[n-1].level()
		k := 1
		for k < n && segs[n-1-k].level() == lvl {
			k++
		}
		if k < mergeFactor {
			return nil
		}
		merged, err := mergeSegments(ctx, tx, segs[n-k:])
		if err != nil {
			return err
		}
		segs = segs[:n-k]
		if merged.ID != 0 {
			segs = append(segs, merged)
		}
	}
}

// mergeSegments replaces segs (ordered by FirstDno) by one segment
// holding their lists, without the dnos of documents no longer stored.
func mergeSegments(ctx context.Context, tx *sql.Tx, segs []segment) (segment, error) {
	out := segment{FirstDno: segs[0].FirstDno, LastDno: segs[len(segs)-1].LastDno}
	live, err := liveDnos(ctx, tx, out.FirstDno, out.LastDno)
	if err != nil {
		return out, err
	}
	for i := out.FirstDno; i <= out.LastDno; i++ {
		if live.has(i - out.FirstDno) {
			out.Docs++
		}
	}
	readers := make([]*segmentReader, len(segs))
	for i, s := range segs {
		if readers[i], err = newSegmentReader(ctx, tx, s); err != nil {
			return out, err
		}
		defer readers[i].rows.Close()
	}
	w, err := newSegmentWriter(ctx, tx, out)
	if err != nil {
		return out, err
	}
	var buf []byte
	for {
		key, ok := uint64(0), false
		for _, r := range readers {
			if r.ok && (!ok || r.key < key) {
				key, ok = r.key, true
			}
		}
		if !ok {
			break
		}
		buf = buf[:0]
		last := int64(0)
		for _, r := range readers {
			if !r.ok || r.key != key {
				continue
			}
			buf, last = copyLive(buf, last, r.data, search.IsBigram(key), live, out.FirstDno)
			if err := r.next(); err != nil {
				return out, err
			}
		}
		if len(buf) > 0 {
			if err := w.write(key, buf); err != nil {
				return out, err
			}
		}
	}
	merged, err := w.close()
	if err != nil {
		return out, err
	}
	for _, s := range segs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_blocks WHERE seg = ?`, s.ID); err != nil {
			return out, fmt.Errorf("drop merged segment: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_segments WHERE seg = ?`, s.ID); err != nil {
			return out, fmt.Errorf("drop merged segment: %w", err)
		}
	}
	return merged, nil
}

// copyLive appends the entries of one encoded list whose dnos are live,
// re-encoding dno deltas from last, and returns the new last dno.
func copyLive(dst []byte, last int64, src []byte, bigram bool, live bitset, base int64) ([]byte, int64) {
	dno := int64(0)
	for i := 0; i < len(src); {
		d, n := uvarint(src[i:])
		i += n
		dno += int64(d)
		start, end := i, i
		if bigram {
			l, n := uvarint(src[i:])
			start, end = i, min(i+n+int(l), len(src))
		}
		i = end
		if !live.has(dno - base) {
			continue
		}
		dst = appendUvarint(dst, uint64(dno-last))
		dst = append(dst, src[start:end]...)
		last = dno
	}
	return dst, last
}

// liveDnos returns the dnos between first and last that are stored, as a
// bitset offset by first.
func liveDnos(ctx context.Context, q querier, first, last int64) (bitset, error) {
	live := newBitset(int(last - first + 1))
	rows, err := q.QueryContext(ctx, `SELECT dno FROM documents WHERE dno BETWEEN ? AND ?`, first, last)
	if err != nil {
		return nil, fmt.Errorf("live documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		live.set(d - first)
	}
	return live, rows.Err()
}

// segmentReader reads one segment's lists in key order.
type segmentReader struct {
	rows *sql.Rows
	it   blockIter
	ok   bool
	key  uint64
	data []byte
}

func newSegmentReader(ctx context.Context, tx *sql.Tx, s segment) (*segmentReader, error) {
	rows, err := tx.QueryContext(ctx, `SELECT term, data FROM search_blocks WHERE seg = ? ORDER BY term`, s.ID)
	if err != nil {
		return nil, fmt.Errorf("read segment: %w", err)
	}
	r := &segmentReader{rows: rows}
	return r, r.next()
}

func (r *segmentReader) next() error {
	for {
		if key, list, ok := r.it.next(); ok {
			r.ok, r.key, r.data = true, key, list
			return nil
		}
		if !r.rows.Next() {
			r.ok = false
			return r.rows.Err()
		}
		var first int64
		var block []byte
		if err := r.rows.Scan(&first, &block); err != nil {
			return fmt.Errorf("read segment: %w", err)
		}
		r.it = newBlockIter(uint64(first), block)
	}
}

// listQuery finds, for every segment, the block that would hold a key.
const listQuery = `SELECT s.seg, b.term, b.data FROM search_segments s
	JOIN search_blocks b ON b.rowid = (SELECT rowid FROM search_blocks
		WHERE seg = s.seg AND term <= ?1 ORDER BY term DESC LIMIT 1)`

// lists returns the encoded lists of key in every segment, in dno order.
func lists(ctx context.Context, q querier, segFirst map[int64]int64, key uint64) ([][]byte, error) {
	rows, err := q.QueryContext(ctx, listQuery, int64(key))
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	defer rows.Close()
	type part struct {
		first int64
		data  []byte
	}
	var parts []part
	for rows.Next() {
		var seg, term int64
		var block sql.RawBytes
		if err := rows.Scan(&seg, &term, &block); err != nil {
			return nil, fmt.Errorf("postings: %w", err)
		}
		first, ok := segFirst[seg]
		if !ok {
			continue // written by a batch this search does not see
		}
		it := newBlockIter(uint64(term), block)
		for {
			k, list, ok := it.next()
			if !ok || k > key {
				break
			}
			if k == key {
				parts = append(parts, part{first, slices.Clone(list)})
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].first < parts[j].first })
	out := make([][]byte, len(parts))
	for i, p := range parts {
		out[i] = p.data
	}
	return out, nil
}

// cursor walks the entries of a gram's lists in dno order.
type cursor struct {
	blobs  [][]byte
	bigram bool
	b      []byte
	i      int
	base   int64
	dno    int64  // current entry
	pos    []byte // its encoded positions (bigrams)
}

func newCursor(blobs [][]byte, bigram bool) *cursor {
	return &cursor{blobs: blobs, bigram: bigram, dno: -1}
}

// next moves to the next entry; false at the end.
func (c *cursor) next() bool {
	for c.i >= len(c.b) {
		if len(c.blobs) == 0 {
			c.dno = 1<<62 - 1
			return false
		}
		c.b, c.blobs, c.i, c.base = c.blobs[0], c.blobs[1:], 0, 0
	}
	d, n := uvarint(c.b[c.i:])
	c.i += n
	c.base += int64(d)
	c.dno = c.base
	if c.bigram {
		l, n := uvarint(c.b[c.i:])
		c.i += n
		end := min(c.i+int(l), len(c.b))
		c.pos = c.b[c.i:end]
		c.i = end
	}
	return true
}

// seek moves to the first entry with dno >= d; false at the end.
func (c *cursor) seek(d int64) bool {
	for c.dno < d {
		if !c.next() {
			return false
		}
	}
	return true
}

// positions decodes the current entry's positions into dst.
func (c *cursor) positions(dst []uint32) []uint32 {
	dst = dst[:0]
	p := uint64(0)
	for i := 0; i < len(c.pos); {
		d, n := uvarint(c.pos[i:])
		i += n
		p += d
		dst = append(dst, uint32(p))
	}
	return dst
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
