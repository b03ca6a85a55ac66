package store

import (
	"context"
	"database/sql"
	"fmt"

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
	hold  bool           // keep the blocks in held instead (a part of a flush written ahead)
	held  []pendingBlock
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
	if w.hold {
		w.held = append(w.held, pendingBlock{first: w.first, data: w.block})
		w.block, w.n = make([]byte, 0, blockSize), 0
		return nil
	}
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

// writeHeld writes the blocks h held after w's own (h's keys must
// follow w's, and w's last block must have been emitted).
func (w *segmentWriter) writeHeld(h *segmentWriter) error {
	for _, b := range h.held {
		if w.bg != nil {
			w.bg.blocks <- b
		} else if err := w.insert(&w.dir, b.first, b.data); err != nil {
			return err
		}
	}
	w.bytes += h.bytes
	h.held = nil
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
