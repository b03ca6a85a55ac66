package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"gongkai/internal/search"
)

// The search index maps each gram key (internal/search) to the ascending
// numbers (dno) of the documents containing it and, for bigrams and
// numbers, the positions where it occurs. It is written in segments: each applied batch
// appends one (its dnos are above every earlier segment's, since dnos only
// grow), and merges keep the number of segments logarithmic. A document
// that is updated or deleted leaves its old dno behind in old segments;
// searches skip dead dnos and merges drop them.
//
// In a segment, each gram has a document list, and each gram with
// positions (bigrams, numbers) also a position list with one entry per
// document of its document list:
//
//	document list: uvarint(dno - previous dno) per document, the first from 0
//	position list: uvarint(n) then n bytes of uvarint position deltas
//	               (the first absolute) per document
//
// Lists are packed in key order into blocks of about blockTarget bytes (a
// longer list gets a block of its own), one row per block, keyed by
// (segment, first key): document lists in search_blocks, position lists in
// search_positions, so that a query that needs no positions never reads
// them. Within a block, list by list:
//
//	uvarint(key - previous key)          the first one's previous is the row's term
//	uvarint(length) then the list

const (
	// mergeFactor segments of one size level are merged into one.
	mergeFactor = 16
	// levelBase sets the size levels: a segment of n documents is at level
	// log16(n/levelBase), so 16 merged sync pages of 500 reach level 1.
	levelBase = 256
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
// positions as deltas.
func groupEntries(entries []uint64) docGrams {
	var g docGrams
	g.keys = make([]uint64, 0, len(entries)*3/4)
	g.ends = make([]uint32, 0, len(entries)*3/4)
	g.pos = make([]byte, 0, len(entries)*2)
	for i := 0; i < len(entries); {
		key := entries[i] >> search.PosBits
		j := i + 1
		for j < len(entries) && entries[j]>>search.PosBits == key {
			j++
		}
		if search.HasPositions(key) {
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
// (key and document, where its positions are), sorted into lists when the
// segment is written. One builder is reused by every Apply.
type builder struct {
	recs  [][2]uint64 // key<<relBits | dno-first, arena offset<<24 | length
	tmp   [][2]uint64 // radix sort buffer
	arena []byte      // encoded positions
	docs  []byte      // list buffers
	pos   []byte
	first int64
	last  int64
	n     int64
}

const (
	relBits    = 20 // bits for a dno relative to the segment's first
	maxRecords = 4 << 20
)

func (b *builder) empty() bool { return b.n == 0 }

// full reports whether the builder should be written before adding dno.
func (b *builder) full(dno int64) bool {
	return b.n > 0 && (len(b.recs) >= maxRecords || dno-b.first >= 1<<relBits-1)
}

// add indexes document dno; dnos must be added in increasing order.
func (b *builder) add(dno int64, g *docGrams) {
	if b.n == 0 {
		b.first = dno
	}
	b.last = dno
	b.n++
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
	seg := segment{FirstDno: b.first, LastDno: b.last, Docs: b.n}
	b.sort()
	w, err := newSegmentWriter(ctx, tx, seg)
	if err != nil {
		return seg, err
	}
	defer w.abandon()
	for i := 0; i < len(b.recs); {
		key := b.recs[i][0] >> relBits
		positional := search.HasPositions(key)
		b.docs, b.pos = b.docs[:0], b.pos[:0]
		last := uint64(0)
		for ; i < len(b.recs) && b.recs[i][0]>>relBits == key; i++ {
			dno := uint64(b.first) + b.recs[i][0]&(1<<relBits-1)
			b.docs = appendUvarint(b.docs, dno-last)
			last = dno
			if positional {
				off, n := b.recs[i][1]>>24, b.recs[i][1]&(1<<24-1)
				b.pos = appendUvarint(b.pos, n)
				b.pos = append(b.pos, b.arena[off:off+n]...)
			}
		}
		if err := w.write(key, b.docs, b.pos, positional); err != nil {
			return seg, err
		}
	}
	seg, err = w.close()
	b.recs, b.arena, b.n = b.recs[:0], b.arena[:0], 0
	return seg, err
}

// sort orders the records by key, keeping dno order within a key: a
// stable LSD radix sort over the key bits, 11 at a time, each pass split
// over the CPUs (the decoding workers are idle while a segment is written).
func (b *builder) sort() {
	const digit = 11
	if len(b.recs) < 2 {
		return
	}
	if cap(b.tmp) < len(b.recs) {
		b.tmp = make([][2]uint64, len(b.recs))
	}
	src, dst := b.recs, b.tmp[:len(b.recs)]
	parts := min(runtime.GOMAXPROCS(0), 8)
	if len(src) < 1<<16 {
		parts = 1
	}
	counts := make([][1 << digit]int, parts)
	chunk := (len(src) + parts - 1) / parts
	span := func(p int) [][2]uint64 { return src[min(p*chunk, len(src)):min((p+1)*chunk, len(src))] }
	var wg sync.WaitGroup
	each := func(f func(p int)) {
		wg.Add(parts)
		for p := 0; p < parts; p++ {
			go func() { defer wg.Done(); f(p) }()
		}
		wg.Wait()
	}
	for shift := uint(relBits); shift < 64; shift += digit {
		each(func(p int) {
			c := &counts[p]
			clear(c[:])
			for _, r := range span(p) {
				c[(r[0]>>shift)&(1<<digit-1)]++
			}
		})
		if d := (src[0][0] >> shift) & (1<<digit - 1); sumDigit(counts, d) == len(src) {
			continue // every record has this digit
		}
		// Offsets: digit by digit, part by part, so the sort stays stable.
		sum := 0
		for d := 0; d < 1<<digit; d++ {
			for p := range counts {
				c := counts[p][d]
				counts[p][d] = sum
				sum += c
			}
		}
		each(func(p int) {
			c := &counts[p]
			for _, r := range span(p) {
				d := (r[0] >> shift) & (1<<digit - 1)
				dst[c[d]] = r
				c[d]++
			}
		})
		src, dst = dst, src
	}
	b.recs, b.tmp = src, dst
}

func sumDigit(counts [][1 << 11]int, d uint64) int {
	n := 0
	for p := range counts {
		n += counts[p][d]
	}
	return n
}

// blockWriter packs one table's lists of a segment into blocks.
type blockWriter struct {
	ctx   context.Context
	ins   *sql.Stmt
	seg   int64
	block []byte
	first uint64 // first key of the block being filled
	last  uint64
	n     int // lists in the block
	bytes int64
}

func (w *blockWriter) write(key uint64, list []byte) error {
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

func (w *blockWriter) emit() error {
	if w.n == 0 {
		return nil
	}
	if _, err := w.ins.ExecContext(w.ctx, w.seg, int64(w.first), w.block); err != nil {
		return fmt.Errorf("write index block: %w", err)
	}
	w.bytes += int64(len(w.block))
	w.block, w.n = w.block[:0], 0
	return nil
}

// segmentWriter writes one segment: document lists and position lists.
type segmentWriter struct {
	ctx       context.Context
	tx        *sql.Tx
	seg       segment
	docs, pos blockWriter
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
	w := &segmentWriter{ctx: ctx, tx: tx, seg: seg}
	for _, bw := range []struct {
		w     *blockWriter
		table string
	}{{&w.docs, "search_blocks"}, {&w.pos, "search_positions"}} {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO `+bw.table+` (seg, term, data) VALUES (?, ?, ?)`)
		if err != nil {
			w.abandon()
			return nil, fmt.Errorf("new segment: %w", err)
		}
		*bw.w = blockWriter{ctx: ctx, ins: ins, seg: seg.ID, block: make([]byte, 0, 2*blockTarget)}
	}
	return w, nil
}

// write adds the lists of key; keys must increase.
func (w *segmentWriter) write(key uint64, docs, pos []byte, positional bool) error {
	if err := w.docs.write(key, docs); err != nil {
		return err
	}
	if positional {
		return w.pos.write(key, pos)
	}
	return nil
}

func (w *segmentWriter) close() (segment, error) {
	if err := w.docs.emit(); err != nil {
		return w.seg, err
	}
	if err := w.pos.emit(); err != nil {
		return w.seg, err
	}
	w.abandon()
	w.seg.Bytes = w.docs.bytes + w.pos.bytes
	if w.docs.bytes == 0 {
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

// abandon releases the prepared statements (the transaction's rollback
// undoes what was written).
func (w *segmentWriter) abandon() {
	for _, bw := range []*blockWriter{&w.docs, &w.pos} {
		if bw.ins != nil {
			bw.ins.Close()
			bw.ins = nil
		}
	}
}

// blockIter walks the lists of one block.
type blockIter struct {
	b   []byte
	i   int
	key uint64
}

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

// blockReader reads one table's lists of a segment in key order.
type blockReader struct {
	rows *sql.Rows
	it   blockIter
}

func newBlockReader(ctx context.Context, tx *sql.Tx, table string, seg int64) (*blockReader, error) {
	rows, err := tx.QueryContext(ctx, `SELECT term, data FROM `+table+` WHERE seg = ? ORDER BY term`, seg)
	if err != nil {
		return nil, fmt.Errorf("read segment: %w", err)
	}
	return &blockReader{rows: rows}, nil
}

// next returns the next list; ok is false at the end.
func (r *blockReader) next() (key uint64, list []byte, ok bool, err error) {
	for {
		if key, list, ok := r.it.next(); ok {
			return key, list, true, nil
		}
		if !r.rows.Next() {
			return 0, nil, false, r.rows.Err()
		}
		// The block's bytes stay the driver's until the next row: callers
		// copy a list before asking for the next one.
		var first int64
		var block sql.RawBytes
		if err := r.rows.Scan(&first, &block); err != nil {
			return 0, nil, false, fmt.Errorf("read segment: %w", err)
		}
		r.it = blockIter{b: block, key: uint64(first)}
	}
}

// segmentReader reads a segment's lists in key order, with positions.
type segmentReader struct {
	seg       segment
	docs, pos *blockReader
	ok        bool
	key       uint64
	docList   []byte
	posList   []byte
}

func newSegmentReader(ctx context.Context, tx *sql.Tx, s segment) (*segmentReader, error) {
	docs, err := newBlockReader(ctx, tx, "search_blocks", s.ID)
	if err != nil {
		return nil, err
	}
	pos, err := newBlockReader(ctx, tx, "search_positions", s.ID)
	if err != nil {
		docs.rows.Close()
		return nil, err
	}
	r := &segmentReader{seg: s, docs: docs, pos: pos}
	return r, r.next()
}

func (r *segmentReader) close() {
	r.docs.rows.Close()
	r.pos.rows.Close()
}

func (r *segmentReader) next() error {
	var err error
	r.key, r.docList, r.ok, err = r.docs.next()
	if err != nil || !r.ok || !search.HasPositions(r.key) {
		return err
	}
	pk, pl, ok, err := r.pos.next()
	if err != nil {
		return err
	}
	if !ok || pk != r.key {
		return fmt.Errorf("read segment %d: positions out of step with documents at key %x", r.seg.ID, r.key)
	}
	r.posList = pl
	return nil
}

// appendList appends a whole document list continuing from dno last: only
// its first delta changes.
func appendList(dst []byte, last int64, src []byte) ([]byte, int64) {
	first, n := uvarint(src)
	dst = appendUvarint(dst, uint64(int64(first)-last))
	dst = append(dst, src[n:]...)
	dno := int64(first)
	for i := n; i < len(src); {
		d, n := uvarint(src[i:])
		i += n
		dno += int64(d)
	}
	return dst, dno
}

// appendLive appends the entries of a document list (and its position
// list) whose documents are live.
func appendLive(docs, pos []byte, last int64, docList, posList []byte, positional bool, live bitset, base int64) ([]byte, []byte, int64) {
	dno, p := int64(0), 0
	for i := 0; i < len(docList); {
		d, n := uvarint(docList[i:])
		i += n
		dno += int64(d)
		ps, pe := p, p
		if positional && p < len(posList) {
			l, n := uvarint(posList[p:])
			pe = min(p+n+int(l), len(posList))
			p = pe
		}
		if !live.has(dno - base) {
			continue
		}
		docs = appendUvarint(docs, uint64(dno-last))
		last = dno
		pos = append(pos, posList[ps:pe]...)
	}
	return docs, pos, last
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
