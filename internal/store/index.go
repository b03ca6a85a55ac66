package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gongkai/internal/search"
	"gongkai/internal/sqlrows"
)

// The search index maps each gram key (internal/search) to the ascending
// numbers (dno) of the documents containing it and, for trigrams and
// numbers, the positions where it occurs. It is written in segments: each applied batch
// appends one (its dnos are above every earlier segment's, since dnos only
// grow), and merges keep the number of segments small. A document
// that is updated or deleted leaves its old dno behind in old segments;
// searches skip dead dnos and merges drop them.
//
// In a segment, each gram has one list: for each document, in dno order,
//
//	uvarint(dno - previous dno)     the first from the segment's first dno
//	uvarint(n) then n bytes         grams with positions only (trigrams and
//	                                numbers): uvarint position deltas, the
//	                                first absolute
//
// Lists are packed in key order into blocks of less than blockSize
// bytes; a list that would not fit in one alone gets a block of its own,
// of blockSize bytes or more, which after the list holds its skip table:
// for every skipEvery-th entry, uvarint(dno of the entry before it - the
// previous such dno) and uvarint(its offset in the list - the previous
// such offset), so that a search seeks in a long list without decoding
// it all. One row per block of search_blocks, keyed by (segment, first
// key). So a search learns a long list's length from its row
// (length(data)) without reading it, and reads it only if it needs it
// (postings.go). Within a block, list by list:
//
//	uvarint(key - previous key)          the first one's previous is the row's term
//	uvarint(length) then the list

const (
	// mergeFactor segments of one size level are merged into one. A
	// segment of n documents is at level log16(n), so 16 merged segments
	// of one level make one of the next.
	mergeFactor = 16
	// blockSize bounds the blocks that hold several lists; a block of
	// one list is at least that long.
	blockSize = 4096
	// skipEvery is the distance in entries between skip table entries.
	skipEvery = 32
)

// segment describes one segment of the index.
type segment struct {
	ID       int64
	FirstDno int64
	LastDno  int64
	Docs     int64
	Bytes    int64
	dir      *blockDir // its block directory, when just written (else loaded when needed)
}

func (s segment) level() int {
	l := 0
	for n := s.Docs; n >= mergeFactor; n /= mergeFactor {
		l++
	}
	return l
}

func loadSegments(ctx context.Context, q querier) ([]segment, error) {
	return sqlrows.Query(ctx, q, "load segments", func(row sqlrows.Scanner) (s segment, err error) {
		err = row.Scan(&s.ID, &s.FirstDno, &s.LastDno, &s.Docs, &s.Bytes)
		return s, err
	}, `SELECT seg, first_dno, last_dno, docs, bytes
		FROM search_segments ORDER BY first_dno`)
}

// builder accumulates the postings of one batch in memory as records
// (key; document, position): one per occurrence of a trigram, number or
// bigram (search.Extractor.Occurrences) and one per distinct unigram of
// a document, sorted into lists once, when the segment is written. One
// builder is reused by every Apply.
type builder struct {
	recs  [][2]uint64 // key, rel<<relShift | position
	tmp   [][2]uint64 // radix sort buffer
	list  []byte      // list buffer
	pos   []byte      // a document's positions in a list
	rels  []uint64    // bigram list buffer
	seen  []uint64    // bitset of rels, to list a bigram's documents once
	first int64
	last  int64
	n     int64
}

const (
	relShift = search.PosBits // a record's dno relative to the segment's first, above its position
	posMask  = 1<<relShift - 1
	maxRel   = 1<<(64-relShift) - 1
	// maxRecords bounds a segment's records (16 bytes each, and as many
	// again to sort them): 5M holds a sync's largest batch (16 MB of page
	// data, about 1,600 documents of ten kilobytes, 2,900 records each) in
	// one segment, so it leaves no small remainder segment to merge again.
	maxRecords = 5 << 20
)

func (b *builder) empty() bool { return b.n == 0 }

// reset empties the builder, keeping its buffers.
func (b *builder) reset() { b.recs, b.n = b.recs[:0], 0 }

// full reports whether the builder should be written before adding dno.
func (b *builder) full(dno int64) bool {
	return b.n > 0 && (len(b.recs) >= maxRecords || dno-b.first >= maxRel)
}

// add indexes document dno from its occurrences (ents, unis: see
// search.Extractor.Occurrences); dnos must be added in increasing order.
func (b *builder) add(dno int64, ents [][2]uint64, unis []uint64) {
	if b.n == 0 {
		b.first = dno
	}
	b.last = dno
	b.n++
	rel := uint64(dno-b.first) << relShift
	if need := len(b.recs) + len(ents) + len(unis); need > cap(b.recs) {
		// Double (append grows large slices by a quarter, copying the
		// records again and again), up to a full builder.
		recs := make([][2]uint64, len(b.recs), max(need, min(2*cap(b.recs), maxRecords+need), 1<<16))
		copy(recs, b.recs)
		b.recs = recs
	}
	for _, e := range ents {
		b.recs = append(b.recs, [2]uint64{e[0], rel | e[1]})
	}
	for _, k := range unis {
		b.recs = append(b.recs, [2]uint64{k, rel})
	}
}

// flush writes the builder as a new segment and empties it.
func (b *builder) flush(ctx context.Context, tx *sql.Tx) (segment, error) {
	seg := segment{FirstDno: b.first, LastDno: b.last, Docs: b.n}
	b.sort()
	w, err := newSegmentWriter(ctx, tx, seg)
	if err != nil {
		return seg, err
	}
	defer w.abandon()
	w.insertInBackground()
	for i := 0; i < len(b.recs); {
		key := b.recs[i][0]
		bg, ok := search.BigramOf(key)
		if !ok {
			j := b.run(i)
			if err := b.writeList(w, key, b.recs[i:j]); err != nil {
				return seg, err
			}
			i = j
			continue
		}
		// A bigram's group: its run-end keys and trigrams, in both parts.
		group := bg &^ search.GramHead
		j := i + 1
		for j < len(b.recs) {
			if g, ok := search.BigramOf(b.recs[j][0]); !ok || g&^search.GramHead != group {
				break
			}
			j++
		}
		for ns := uint64(0); ns <= search.GramHead; ns++ {
			if err := b.writeBigram(w, group|ns, b.recs[i:j]); err != nil {
				return seg, err
			}
		}
		for i < j {
			k := b.run(i)
			if key := b.recs[i][0]; search.HasPositions(key) {
				if err := b.writeList(w, key, b.recs[i:k]); err != nil {
					return seg, err
				}
			}
			i = k
		}
	}
	seg, err = w.close()
	b.reset()
	return seg, err
}

// run returns the end of the records with the key of record i.
func (b *builder) run(i int) int {
	j := i + 1
	for j < len(b.recs) && b.recs[j][0] == b.recs[i][0] {
		j++
	}
	return j
}

// writeList writes the list of key from its records (in dno order, and
// position order within a document).
func (b *builder) writeList(w *segmentWriter, key uint64, recs [][2]uint64) error {
	positional := search.HasPositions(key)
	b.list = b.list[:0]
	last := uint64(0)
	for i := 0; i < len(recs); {
		rel := recs[i][1] >> relShift
		j := i + 1
		for j < len(recs) && recs[j][1]>>relShift == rel {
			j++
		}
		b.list = appendUvarint(b.list, rel-last)
		last = rel
		if positional {
			b.pos = b.pos[:0]
			prev := uint64(0)
			for _, r := range recs[i:j] {
				p := r[1] & posMask
				b.pos = appendUvarint(b.pos, p-prev)
				prev = p
			}
			b.list = appendUvarint(b.list, uint64(len(b.pos)))
			b.list = append(b.list, b.pos...)
		}
		i = j
	}
	return w.write(key, b.list)
}

// writeBigram writes the document list of bigram key: the documents with
// a record in its group (recs) in key's part.
func (b *builder) writeBigram(w *segmentWriter, key uint64, recs [][2]uint64) error {
	if words := int((b.last-b.first)>>6) + 1; len(b.seen) < words {
		b.seen = make([]uint64, words)
	}
	b.rels = b.rels[:0]
	ns := key & search.GramHead
	lo, hi := uint64(len(b.seen)), uint64(0)
	for _, r := range recs {
		if r[0]&search.GramHead != ns {
			continue
		}
		rel := r[1] >> relShift
		word, bit := rel>>6, uint64(1)<<(rel&63)
		if b.seen[word]&bit == 0 {
			b.seen[word] |= bit
			b.rels = append(b.rels, rel)
			lo, hi = min(lo, word), max(hi, word)
		}
	}
	if len(b.rels) == 0 {
		return nil
	}
	if span := hi - lo + 1; span <= uint64(2*len(b.rels)) {
		// Dense: read the documents off the bitset, in order.
		b.rels = b.rels[:0]
		for word := lo; word <= hi; word++ {
			for v := b.seen[word]; v != 0; v &= v - 1 {
				b.rels = append(b.rels, word<<6|uint64(bits.TrailingZeros64(v)))
			}
			b.seen[word] = 0
		}
	} else {
		slices.Sort(b.rels)
		for _, rel := range b.rels {
			b.seen[rel>>6] = 0
		}
	}
	b.list = b.list[:0]
	last := uint64(0)
	for _, rel := range b.rels {
		b.list = appendUvarint(b.list, rel-last)
		last = rel
	}
	return w.write(key, b.list)
}

// sort orders the records by key, keeping dno order within a key (they
// were added in dno order): one pass on the top bits in which keys differ
// spreads them into up to 2,048 buckets, each then sorted on the bits
// below by search.RadixSort, small enough to stay in the caches; both
// steps are split over the CPUs (the decoding workers are idle while a
// segment is written).
func (b *builder) sort() {
	n := len(b.recs)
	if n < 2 {
		return
	}
	if cap(b.tmp) < n {
		b.tmp = make([][2]uint64, n, cap(b.recs)) // recs and tmp swap: keep both as large
	}
	src, dst := b.recs, b.tmp[:n]
	if n < 1<<16 {
		b.recs, b.tmp = search.RadixSort(src, dst)
		return
	}
	lo, hi := search.VaryingBits(src)
	if hi <= lo {
		return
	}
	top := min(11, hi-lo)
	shift, mask := hi-top, uint64(1)<<top-1
	parts := min(runtime.GOMAXPROCS(0), 8)
	var wg sync.WaitGroup
	each := func(f func(p int)) {
		wg.Add(parts)
		for p := 0; p < parts; p++ {
			go func() { defer wg.Done(); f(p) }()
		}
		wg.Wait()
	}
	chunk := (n + parts - 1) / parts
	span := func(p int) [][2]uint64 { return src[min(p*chunk, n):min((p+1)*chunk, n)] }
	counts := make([][]int, parts)
	each(func(p int) {
		c := make([]int, 1<<top)
		for _, r := range span(p) {
			c[(r[0]>>shift)&mask]++
		}
		counts[p] = c
	})
	// Offsets digit by digit, part by part, so the pass is stable.
	starts := make([]int, 1<<top+1)
	sum := 0
	for d := range starts[:1<<top] {
		starts[d] = sum
		for p := range counts {
			c := counts[p][d]
			counts[p][d] = sum
			sum += c
		}
	}
	starts[1<<top] = n
	each(func(p int) {
		c := counts[p]
		for _, r := range span(p) {
			d := (r[0] >> shift) & mask
			dst[c[d]] = r
			c[d]++
		}
	})
	// Each bucket on the lower bits, into dst.
	var next atomic.Int64
	each(func(int) {
		for d := int(next.Add(1) - 1); d < 1<<top; d = int(next.Add(1) - 1) {
			s, e := starts[d], starts[d+1]
			if e-s < 2 {
				continue
			}
			if sorted, _ := search.RadixSort(dst[s:e], src[s:e]); &sorted[0] != &dst[s] {
				copy(dst[s:e], sorted)
			}
		}
	})
	b.recs, b.tmp = dst, src
}

// segmentWriter writes one segment's lists, packed into blocks.
type segmentWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	ins   *sql.Stmt
	seg   segment
	block []byte
	first uint64 // first key of the block being filled
	last  uint64
	n     int // lists in the block
	bytes int64
	dir   blockDir       // of the blocks written
	bg    *blockInserter // inserts the blocks, if set (insertInBackground)
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
	return &segmentWriter{ctx: ctx, tx: tx, ins: ins, seg: seg, block: make([]byte, 0, blockSize)}, nil
}

// write adds the list of key; keys must increase.
func (w *segmentWriter) write(key uint64, list []byte) error {
	head := uvarintLen(uint64(len(list))) + uvarintLen(key-w.last)
	if w.n == 0 {
		head = uvarintLen(uint64(len(list))) + 1
	}
	if len(w.block)+head+len(list) >= blockSize && w.n > 0 {
		if err := w.emit(); err != nil { // no room: this block is done
			return err
		}
	}
	if w.n == 0 {
		w.first, w.last = key, key
	}
	w.block = appendUvarint(w.block, key-w.last)
	w.block = appendUvarint(w.block, uint64(len(list)))
	w.block = append(w.block, list...)
	w.last = key
	w.n++
	if len(w.block) >= blockSize { // a long list alone
		w.block = appendSkips(w.block, list, w.seg.FirstDno, search.HasPositions(key))
		return w.emit()
	}
	return nil
}

// appendSkips appends the skip table of a list of a segment starting at
// dno first.
func appendSkips(dst, list []byte, first int64, positional bool) []byte {
	dno, lastDno, lastOff := first, first, 0
	for i, n := 0, 0; i < len(list); n++ {
		if n > 0 && n%skipEvery == 0 {
			dst = appendUvarint(dst, uint64(dno-lastDno))
			dst = appendUvarint(dst, uint64(i-lastOff))
			lastDno, lastOff = dno, i
		}
		var d int64
		d, _, i = listEntry(list, i, positional)
		dno += d
	}
	return dst
}

func uvarintLen(v uint64) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

func (w *segmentWriter) emit() error {
	if w.n == 0 {
		return nil
	}
	w.bytes += int64(len(w.block))
	if w.bg != nil {
		w.block, w.n = w.bg.handOver(w.first, w.block), 0
		return nil
	}
	if err := w.insert(&w.dir, w.first, w.block); err != nil {
		return err
	}
	w.block, w.n = w.block[:0], 0
	return nil
}

func (w *segmentWriter) close() (segment, error) {
	if err := w.emit(); err != nil {
		return w.seg, err
	}
	if bg := w.bg; bg != nil {
		w.bg = nil
		if err := bg.wait(); err != nil {
			w.abandon()
			return w.seg, err
		}
		w.dir = bg.dir
	}
	w.abandon()
	w.seg.Bytes = w.bytes
	w.seg.dir = w.dir.clip()
	if w.bytes == 0 {
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

// abandon releases the prepared statement (the transaction's rollback
// undoes what was written).
func (w *segmentWriter) abandon() {
	if w.bg != nil {
		w.bg.wait()
		w.bg = nil
	}
	if w.ins != nil {
		w.ins.Close()
		w.ins = nil
	}
}

// blockIter walks the lists of one block.
type blockIter struct {
	b   []byte
	i   int
	key uint64
}

// next returns the next list of the block and its key; false at the end.
// A block of blockSize bytes or more has one list (then its skip table).
func (it *blockIter) next() (uint64, []byte, bool) {
	if it.i >= len(it.b) || it.i > 0 && len(it.b) >= blockSize {
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

// segmentReader reads a segment's lists in key order.
type segmentReader struct {
	seg  segment
	rows *sql.Rows
	it   blockIter
	ok   bool
	key  uint64
	list []byte // the driver's until the next call of next: copy it first
}

func newSegmentReader(ctx context.Context, tx *sql.Tx, s segment) (*segmentReader, error) {
	rows, err := tx.QueryContext(ctx, `SELECT term, data FROM search_blocks WHERE seg = ? ORDER BY term`, s.ID)
	if err != nil {
		return nil, fmt.Errorf("read segment: %w", err)
	}
	r := &segmentReader{seg: s, rows: rows}
	return r, r.next()
}

func (r *segmentReader) close() { r.rows.Close() }

// next moves to the next list; r.ok is false at the end.
func (r *segmentReader) next() error {
	for {
		if r.key, r.list, r.ok = r.it.next(); r.ok {
			return nil
		}
		if !r.rows.Next() {
			return r.rows.Err()
		}
		var first int64
		var block sql.RawBytes
		if err := r.rows.Scan(&first, &block); err != nil {
			return fmt.Errorf("read segment: %w", err)
		}
		r.it = blockIter{b: block, key: uint64(first)}
	}
}

// listEntry decodes the entry of a list at i: its dno delta and, for a
// list with positions, the encoded positions; and where the next begins.
func listEntry(list []byte, i int, positional bool) (delta int64, pos []byte, next int) {
	d, n := uvarint(list[i:])
	i += n
	if positional && i < len(list) {
		l, n := uvarint(list[i:])
		i += n
		end := min(i+int(l), len(list))
		pos = list[i:end]
		i = end
	}
	return int64(d), pos, i
}

// appendEntry appends an entry (as listEntry decodes it) to a list.
func appendEntry(dst []byte, delta int64, pos []byte, positional bool) []byte {
	dst = appendUvarint(dst, uint64(delta))
	if positional {
		dst = appendUvarint(dst, uint64(len(pos)))
		dst = append(dst, pos...)
	}
	return dst
}

// appendList appends a whole list of a segment starting at dno from,
// continuing from dno last: only its first delta changes. It returns the
// list's last dno.
func appendList(dst []byte, last, from int64, src []byte, positional bool) ([]byte, int64) {
	if len(src) == 0 {
		return dst, last
	}
	d, pos, next := listEntry(src, 0, positional)
	dno := from + d
	dst = appendEntry(dst, dno-last, pos, positional)
	dst = append(dst, src[next:]...)
	for i := next; i < len(src); {
		d, _, i = listEntry(src, i, positional)
		dno += d
	}
	return dst, dno
}

// appendLive appends the entries of a list of a segment starting at dno
// from whose documents are live (live is offset by base).
func appendLive(dst []byte, last, from int64, src []byte, positional bool, live bitset, base int64) ([]byte, int64) {
	dno := from
	for i := 0; i < len(src); {
		d, pos, next := listEntry(src, i, positional)
		dno += d
		i = next
		if !live.has(dno - base) {
			continue
		}
		dst = appendEntry(dst, dno-last, pos, positional)
		last = dno
	}
	return dst, last
}

// liveDnos returns the dnos between first and last that are stored, as a
// bitset offset by first.
func liveDnos(ctx context.Context, q querier, first, last int64) (bitset, error) {
	live := newBitset(int(last - first + 1))
	err := sqlrows.Each(ctx, q, "live documents", func(row sqlrows.Scanner) error {
		d, err := sqlrows.Value[int64](row)
		if err != nil {
			return err
		}
		live.set(d - first)
		return nil
	}, `SELECT dno FROM documents WHERE dno BETWEEN ? AND ?`, first, last)
	if err != nil {
		return nil, err
	}
	return live, nil
}
