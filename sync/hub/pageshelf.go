package hub

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"gongkai/internal/datadir"
	"gongkai/sync/protocol"
)

// ChangeRanger is a Store that can summarise the changes in a version
// range cheaply (an index range, no data): how many and their RangeDigest.
// The page shelf uses it to keep a bucket of pages across imports while
// its changes are the same (a range below the head only ever loses
// changes, when an object changes again), and to notice a store restored
// from a backup whose versions name other changes. A Store without it has
// its pages made again whenever the head moves.
type ChangeRanger interface {
	ChangeRange(ctx context.Context, since, upTo int64) (n int, digest string, err error)
}

// RangeDigest is the digest of a version range's changes that
// ChangeRanger returns: SHA-256 over each change's version and the
// SHA-256 of its data (none for a tombstone), in version order.
type RangeDigest struct {
	h hash.Hash
	n int
}

// NewRangeDigest starts a digest.
func NewRangeDigest() *RangeDigest { return &RangeDigest{h: sha256.New()} }

// Add adds the change at version whose data hashes to dataHash (nil for
// a tombstone).
func (d *RangeDigest) Add(version int64, dataHash []byte) {
	var v [9]byte
	binary.BigEndian.PutUint64(v[:8], uint64(version))
	v[8] = byte(len(dataHash))
	d.h.Write(v[:])
	d.h.Write(dataHash)
	d.n++
}

// Sum returns the number of changes added and the digest.
func (d *RangeDigest) Sum() (int, string) { return d.n, hex.EncodeToString(d.h.Sum(nil)) }

// pageBucket is the index of one bucket's pages on the shelf: the changes
// in (Lo, Hi] read when the head was Head, Count of them, and where each
// page's compressed bytes lie in the bucket's file.
type pageBucket struct {
	Limit  int           `json:"limit"`
	Index  int64         `json:"index"`
	Lo     int64         `json:"lo"`
	Hi     int64         `json:"hi"`
	Head   int64         `json:"head"`
	Count  int           `json:"count"`
	Fine   bool          `json:"fine"`   // the fine pages are here too
	Digest string        `json:"digest"` // RangeDigest of the changes
	Pages  []shelfPage   `json:"pages"`
	path   string        // the bucket's file
	start  map[int64]int // page index by From
}

type shelfPage struct {
	From int64  `json:"from"`
	To   int64  `json:"to"`
	Raw  int    `json:"raw"`
	Sig  []byte `json:"sig"`
	Off  int64  `json:"off"`
	Len  int64  `json:"len"`
}

// bucketMagic begins every bucket file; the number is its format.
const bucketMagic = "GONGKAI-PAGES-1\n"

// pageShelf keeps signed, compressed pages on disk under the hub's data
// directory (pages/), a file per bucket and grid, written whole under a
// temporary name and renamed, so several hub processes sharing the
// directory never read half a file. Buckets are checked against the store
// once per head and made again when their changes moved.
type pageShelf struct {
	dir string

	mu       sync.Mutex
	buckets  map[bucketKey]*shelved
	building map[bucketKey]*buildCall
	limits   map[int]bool // grids kiosks asked for: prepared ahead
	nudge    chan struct{}
	opened   bool  // the shelf on disk was checked against the store
	marked   int64 // the highest head a bucket on disk was made at (headFile)
}

type bucketKey struct {
	limit int
	index int64
}

type shelved struct {
	b       *pageBucket
	checked int64 // the head it was last found valid at
}

type buildCall struct {
	done chan struct{}
	b    *pageBucket
	err  error
}

// maxShelfGrids bounds the grids prepared ahead: kiosks ask for the
// default page size unless configured otherwise.
const maxShelfGrids = 4

func newPageShelf(dir string) *pageShelf {
	return &pageShelf{dir: dir, buckets: map[bucketKey]*shelved{}, building: map[bucketKey]*buildCall{},
		limits: map[int]bool{protocol.DefaultPageSize: true}, nudge: make(chan struct{}, 1)}
}

// changed tells the shelf the catalogue moved, so it prepares the new
// pages without waiting for its next look at the head.
func (s *pageShelf) changed() {
	select {
	case s.nudge <- struct{}{}:
	default:
	}
}

func (s *pageShelf) bucketPath(k bucketKey) string {
	return filepath.Join(s.dir, "l"+strconv.Itoa(k.limit), "b"+strconv.FormatInt(k.index, 10))
}

// bucket returns bucket k of grid g valid at head, from memory, from disk
// or made now (once, however many ask at the same time); with fine, one
// that has its fine pages.
func (s *pageShelf) bucket(ctx context.Context, h *Hub, g pageGrid, k int64, head int64, fine bool) (*pageBucket, error) {
	key := bucketKey{g.limit, k}
	s.mu.Lock()
	if !s.opened {
		s.opened = true
		s.marked = readMark(filepath.Join(s.dir, headFile))
		if head < s.marked {
			// The store went back (a restore): versions may name other
			// changes now, so nothing on the shelf is known good.
			clear(s.buckets)
			os.RemoveAll(s.dir)
			s.marked = 0
		}
	}
	if len(s.limits) < maxShelfGrids {
		s.limits[g.limit] = true
	}
	if e := s.buckets[key]; e != nil && e.checked >= head && (e.b.Fine || !fine) {
		s.mu.Unlock()
		return e.b, nil
	}
	e := s.buckets[key]
	s.mu.Unlock()

	if e == nil {
		if b, err := readBucket(s.bucketPath(key)); err == nil && b.Limit == g.limit && b.Index == k {
			e = &shelved{b: b}
		}
	}
	if e != nil && (e.b.Fine || !fine) {
		ok, err := h.bucketValid(ctx, g, e.b, head)
		if err != nil {
			return nil, err
		}
		if ok {
			s.keep(key, e.b, head)
			return e.b, nil
		}
	}
	return s.build(ctx, h, g, key, head, fine)
}

// cached returns bucket k of grid g if memory holds it, found valid at
// head or later; else nil.
func (s *pageShelf) cached(g pageGrid, k, head int64) *pageBucket {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.buckets[bucketKey{g.limit, k}]; e != nil && e.checked >= head {
		return e.b
	}
	return nil
}

func (s *pageShelf) keep(key bucketKey, b *pageBucket, head int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.buckets[key]; e != nil && (e.b.Head > b.Head || e.b.Head == b.Head && e.b.Fine && !b.Fine) {
		return
	}
	s.buckets[key] = &shelved{b: b, checked: max(head, b.Head)}
}

func (s *pageShelf) build(ctx context.Context, h *Hub, g pageGrid, key bucketKey, head int64, fine bool) (*pageBucket, error) {
	s.mu.Lock()
	if c := s.building[key]; c != nil {
		s.mu.Unlock()
		<-c.done
		if c.err == nil && c.b.Head >= head && (c.b.Fine || !fine) {
			return c.b, nil
		}
		return s.build(ctx, h, g, key, head, fine)
	}
	c := &buildCall{done: make(chan struct{})}
	s.building[key] = c
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.building, key)
		s.mu.Unlock()
		close(c.done)
	}()
	// A kiosk that gives up must not waste the work for the next.
	b, pages, err := h.buildBucket(context.WithoutCancel(ctx), g, key.index, fine)
	if err == nil {
		err = s.mark(b.Head) // before the bucket: a restore below it must wipe it
	}
	if err == nil {
		b.path = s.bucketPath(key)
		err = writeBucket(b, pages)
	}
	if err != nil {
		c.err = fmt.Errorf("page bucket %d of grid %d: %w", key.index, key.limit, err)
		return nil, c.err
	}
	b.index()
	c.b = b
	s.keep(key, b, head)
	return b, nil
}

// headFile records the highest head a bucket on the shelf was made at:
// a store found below it when the hub starts was restored from a backup.
const headFile = "head"

func readMark(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n
}

// mark records that a bucket was made at head.
func (s *pageShelf) mark(head int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if head <= s.marked {
		return nil
	}
	if err := writeAtomic(filepath.Join(s.dir, headFile), []byte(strconv.FormatInt(head, 10)+"\n")); err != nil {
		return err
	}
	s.marked = head
	return nil
}

// writeAtomic writes b to path under a temporary name and renames it.
func writeAtomic(path string, b []byte) error {
	if err := datadir.Make(filepath.Dir(path)); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}

// bucketValid says whether b still holds the pages a kiosk must get at
// head: the last bucket (its pages saying whether more follow) only at the
// head it was read at; every bucket only while its changes are the same.
func (h *Hub) bucketValid(ctx context.Context, g pageGrid, b *pageBucket, head int64) (bool, error) {
	last := b.Hi < b.Lo+g.bucket || b.Hi == b.Head
	if head < b.Head || last && head != b.Head {
		return false, nil
	}
	cr, ok := h.Store.(ChangeRanger)
	if !ok {
		return head == b.Head, nil
	}
	n, d, err := cr.ChangeRange(ctx, b.Lo, b.Hi)
	return n == b.Count && d == b.Digest, err
}

func (b *pageBucket) index() {
	b.start = make(map[int64]int, len(b.Pages))
	for i, p := range b.Pages {
		b.start[p.From] = i
	}
}

// page returns the shelf's page starting at since, if the bucket has one:
// where its compressed bytes lie in the bucket's file, which the answer
// sends from there (sendfile), not through the hub's memory.
func (b *pageBucket) page(since int64) (*pageEntry, bool) {
	i, ok := b.start[since]
	if !ok {
		return nil, false
	}
	p := b.Pages[i]
	return &pageEntry{file: b.path, off: p.Off, n: p.Len, rawLen: p.Raw, sig: p.Sig, to: p.To}, true
}

// pageAt returns the shelf's page starting at since or, for a kiosk that
// accepts an overlap, the fine page starting at the fine-grid point below
// since when it ends above since (a page cut short by the byte budget may
// not). Such a kiosk needs no page made for it alone: a few changes it
// already has cost less than a query, a signature and an uncompressed
// page. A chain page starting there is not taken: it may hold a whole
// page budget, where the page made for the kiosk holds a fine step.
func (b *pageBucket) pageAt(since int64, g pageGrid, overlap bool) (*pageEntry, bool) {
	if e, ok := b.page(since); ok || !overlap {
		return e, ok
	}
	f := since / g.fine * g.fine
	if e, ok := b.page(f); ok && e.to > since && e.to-f <= g.fine {
		return e, true
	}
	return nil, false
}

// open opens the page's compressed bytes in its bucket's file: a reader
// of exactly them, which an *os.File behind an io.LimitedReader lets the
// HTTP server send with sendfile.
func (e *pageEntry) open() (io.Reader, io.Closer, error) {
	f, err := os.Open(e.file)
	if err != nil {
		return nil, nil, err
	}
	if _, err := f.Seek(e.off, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, err
	}
	return &io.LimitedReader{R: f, N: e.n}, f, nil
}

// writeBucket writes b's file: the magic, the index's length and the
// index as JSON, then the pages' compressed bytes.
func writeBucket(b *pageBucket, pages []signedPage) (err error) {
	off := int64(0)
	b.Pages = make([]shelfPage, len(pages))
	for i, p := range pages {
		b.Pages[i] = shelfPage{From: p.from, To: p.to, Raw: p.raw, Sig: p.sig, Off: off, Len: int64(len(p.gz))}
		off += int64(len(p.gz))
	}
	idx, err := json.Marshal(b)
	if err != nil {
		return err
	}
	dir := filepath.Dir(b.path)
	if err := datadir.Make(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".bucket-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString(bucketMagic)
	binary.Write(w, binary.BigEndian, uint32(len(idx)))
	w.Write(idx)
	for _, p := range pages {
		w.Write(p.gz)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), b.path); err != nil {
		return err
	}
	base := int64(len(bucketMagic)) + 4 + int64(len(idx))
	for i := range b.Pages {
		b.Pages[i].Off += base
	}
	return nil
}

// readBucket reads a bucket file's index; the pages' offsets are made
// absolute.
func readBucket(path string) (*pageBucket, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(bucketMagic))
	var n uint32
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != bucketMagic {
		return nil, fmt.Errorf("%s: not a page bucket", path)
	}
	if err := binary.Read(r, binary.BigEndian, &n); err != nil || n > 64<<20 {
		return nil, fmt.Errorf("%s: bad index length", path)
	}
	idx := make([]byte, n)
	if _, err := io.ReadFull(r, idx); err != nil {
		return nil, err
	}
	var b pageBucket
	if err := json.Unmarshal(idx, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	base := int64(len(bucketMagic)) + 4 + int64(n)
	for i := range b.Pages {
		b.Pages[i].Off += base
	}
	b.path = path
	b.index()
	return &b, nil
}
