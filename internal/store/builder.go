package store

import (
	"cmp"
	"context"
	"database/sql"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"gongkai/internal/search"
)

// builder accumulates the postings of one batch in memory as records
// (key; document, position), one per occurrence of a trigram, number or
// bigram (search.Extractor.Occurrences), sorted into lists once, when the
// segment is written: the records of narrow keys (search.Narrow: all
// grams of Chinese and ASCII text) in their compact form (unitRanks), the
// few others, numbers and wide keys, apart. A document's distinct narrow
// unigrams go straight into their lists (unis). One builder is reused by
// every Apply.
type builder struct {
	recs   [][2]uint64   // narrow keys' records: key, rel<<relShift | position
	tmp    [][2]uint64   // radix sort buffer
	exc    [][2]uint64   // the other records: numbers' and wide keys'
	excTmp [][2]uint64   // their sort buffer
	units  unitRanks     // the units of recs' keys
	enc    []listEncoder // one per part of a flush (encode)
	first  int64
	last   int64
	n      int64
	// The narrow unigrams' documents are listed as they are added,
	// already in order, so they stay out of the sort (an eighth of a
	// batch's records): unis in order of first use by any batch, uniAt
	// their index + 1 by head flag and unit, nUni how many this batch has.
	unis  []uniList
	uniAt *[2][1 << 16]int32
	nUni  int
}

// uniList is one narrow unigram's documents in a batch.
type uniList struct {
	key  uint64   // the unigram's key
	ck   uint64   // its compact form (unitRanks), set by flush
	rels []uint64 // the documents, relative to the batch's first
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
	// A flush cuts a batch into encodePartsPerCPU parts per CPU, at most
	// maxEncodeParts, encoded on a goroutine per CPU. With one part per
	// CPU the last part's blocks (half of them on 2 CPUs) were all stored
	// after the encoding ended, by SQLite alone; with four, an eighth.
	encodePartsPerCPU = 4
	maxEncodeParts    = 8
)

func (b *builder) empty() bool { return b.n == 0 }

// reset empties the builder, keeping its buffers.
func (b *builder) reset() {
	b.recs, b.exc, b.n = b.recs[:0], b.exc[:0], 0
	b.units.clear()
	for i := range b.unis {
		b.unis[i].rels = b.unis[i].rels[:0]
	}
	b.nUni = 0
}

// full reports whether the builder should be written before adding dno.
func (b *builder) full(dno int64) bool {
	return b.n > 0 && (len(b.recs)+len(b.exc)+b.nUni >= maxRecords || dno-b.first >= maxRel)
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
	if need := len(b.recs) + len(ents); need > cap(b.recs) {
		// Double (append grows large slices by a quarter, copying the
		// records again and again), up to a full builder.
		recs := make([][2]uint64, len(b.recs), max(need, min(2*cap(b.recs), maxRecords+need), 1<<16))
		copy(recs, b.recs)
		b.recs = recs
	}
	recs := b.recs[:len(b.recs)+len(ents)]
	i := len(b.recs)
	for _, e := range ents {
		if search.Narrow(e[0]) {
			recs[i] = [2]uint64{e[0], rel | e[1]}
			i++
		} else {
			b.exc = append(b.exc, [2]uint64{e[0], rel | e[1]})
		}
	}
	b.recs = recs[:i]
	for _, k := range unis {
		b.addUnigram(k, rel)
	}
}

// addUnigram adds a unigram of the document at rel (shifted: relShift).
func (b *builder) addUnigram(k, rel uint64) {
	u := search.UnigramUnit(k)
	b.units.mark(u)
	if !search.Narrow(k) {
		b.exc = append(b.exc, [2]uint64{k, rel})
		return
	}
	if b.uniAt == nil {
		b.uniAt = new([2][1 << 16]int32)
	}
	at := &b.uniAt[k&search.GramHead][u&(1<<16-1)]
	if *at == 0 {
		b.unis = append(b.unis, uniList{key: k})
		*at = int32(len(b.unis))
	}
	l := &b.unis[*at-1]
	l.rels = append(l.rels, rel>>relShift)
	b.nUni++
}

// batchUnigrams returns the narrow unigrams of the batch with their
// compact keys, in key order (after spread has numbered the units).
func (b *builder) batchUnigrams() []*uniList {
	var us []*uniList
	for i := range b.unis {
		if l := &b.unis[i]; len(l.rels) > 0 {
			l.ck, _ = b.units.compact(l.key)
			us = append(us, l)
		}
	}
	slices.SortFunc(us, func(x, y *uniList) int { return cmp.Compare(x.ck, y.ck) })
	return us
}

// flush writes the builder as a new segment and empties it.
func (b *builder) flush(ctx context.Context, tx *sql.Tx) (segment, error) {
	seg := segment{FirstDno: b.first, LastDno: b.last, Docs: b.n}
	w, err := newSegmentWriter(ctx, tx, seg)
	if err != nil {
		return seg, err
	}
	defer w.abandon()
	w.insertInBackground()
	if err := b.encode(w, min(encodePartsPerCPU*runtime.GOMAXPROCS(0), maxEncodeParts)); err != nil {
		return seg, err
	}
	seg, err = w.close()
	b.reset()
	return seg, err
}

// encode sorts the records and writes their lists to w: the numbers',
// then the narrow keys' (in their compact form: unitRanks), then the wide
// keys', the unigrams' lists each where its key falls. A large batch of
// narrow keys is spread into buckets on its top key bits (spread), and
// the buckets are cut into parts; each part is sorted and encoded bucket
// by bucket on one of a goroutine per CPU, so a bucket is encoded while
// it is still in the cache and the lists of one part are encoded while
// other parts are sorted. The first part's blocks go to w as they are
// made; the others' are held and handed to w in order as they are done.
// (Sorting the whole batch first, then encoding it on one goroutine, left
// a CPU mostly idle for a third of a batch's time.)
func (b *builder) encode(w *segmentWriter, parts int) error {
	docs := uint64(b.last-b.first) + 1
	for len(b.enc) < parts {
		b.enc = append(b.enc, listEncoder{})
	}
	exc := b.sortExceptions()
	wide := sort.Search(len(exc), func(i int) bool { return !search.IsNumber(exc[i][0]) })
	if err := b.enc[0].encode(w, exc[:wide], docs, rawKeys, nil); err != nil {
		return err
	}
	buckets, scratch, starts, shift := b.spread()
	unis := b.batchUnigrams()
	form := keyForm{ranks: &b.units, group: b.units.groupShift()}
	if starts == nil || parts < 2 || shift < form.group {
		// Few records, or buckets that could split a bigram's group.
		b.sortBuckets(buckets, scratch, starts)
		if err := b.enc[0].encode(w, b.recs, docs, form, unis); err != nil {
			return err
		}
		return b.enc[0].encode(w, exc[wide:], docs, rawKeys, nil)
	}
	n := len(buckets)
	cut := make([]int, parts+1) // part p has buckets cut[p] to cut[p+1]
	for p := 1; p < parts; p++ {
		cut[p] = sort.SearchInts(starts[:len(starts)-1], n*p/parts)
	}
	cut[parts] = len(starts) - 1
	run := func(p int, w *segmentWriter) error {
		// The part's unigrams, bucket by bucket.
		us := unis[sort.Search(len(unis), func(i int) bool { return unis[i].ck>>shift >= uint64(cut[p]) }):]
		for d := cut[p]; d < cut[p+1]; d++ {
			n := 0
			for n < len(us) && us[n].ck>>shift == uint64(d) {
				n++
			}
			s, e := starts[d], starts[d+1]
			// A bucket's keys agree from bit shift up.
			sorted, _ := search.RadixSortBits(buckets[s:e], scratch[s:e], 0, shift)
			if err := b.enc[p].encode(w, sorted, docs, form, us[:n]); err != nil {
				return err
			}
			us = us[n:]
		}
		return nil
	}
	held := make([]*segmentWriter, parts)
	errs := make([]error, parts)
	done := make([]chan struct{}, parts)
	for p := 1; p < parts; p++ {
		held[p] = &segmentWriter{seg: w.seg, block: make([]byte, 0, blockSize), hold: true}
		done[p] = make(chan struct{})
	}
	// The later parts, in order, on a goroutine per CPU: each part's
	// blocks go to w as soon as it and the parts before it are done, so
	// SQLite stores them while the following parts are encoded.
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), parts-1) {
		go func() {
			for p := int(next.Add(1)); p < parts; p = int(next.Add(1)) {
				if errs[p] = run(p, held[p]); errs[p] == nil {
					errs[p] = held[p].emit()
				}
				close(done[p])
			}
		}()
	}
	err := run(0, w)
	if err == nil {
		err = w.emit()
	}
	for p := 1; p < parts; p++ {
		<-done[p]
		if err == nil {
			err = errs[p]
		}
		if err == nil {
			err = w.writeHeld(held[p])
		}
	}
	if err != nil {
		return err
	}
	return b.enc[0].encode(w, exc[wide:], docs, rawKeys, nil)
}

// sortExceptions sorts the records that are not narrow keys' and returns
// them.
func (b *builder) sortExceptions() [][2]uint64 {
	if cap(b.excTmp) < len(b.exc) {
		b.excTmp = make([][2]uint64, len(b.exc), cap(b.exc))
	}
	b.exc, b.excTmp = search.RadixSort(b.exc, b.excTmp[:len(b.exc)])
	return b.exc
}

// spread turns the narrow keys' records into their compact form and
// sorts them on their top bits into up to 2,048 buckets (in buckets,
// bucket d from starts[d] to starts[d+1]; keys of bucket d are below
// those of bucket d+1 and agree from bit shift up), splitting the pass
// over the CPUs, and returns the records' other buffer (scratch) as long.
// Fewer than 65,536 records are not spread: starts is nil and buckets
// holds the records.
func (b *builder) spread() (buckets, scratch [][2]uint64, starts []int, shift uint) {
	n := len(b.recs)
	if cap(b.tmp) < n {
		b.tmp = make([][2]uint64, n, cap(b.recs)) // recs and tmp swap: keep both as large
	}
	src, dst := b.recs, b.tmp[:n]
	r := &b.units
	r.build()
	top := min(11, r.bits()-r.groupShift())
	if n < 1<<16 || top == 0 {
		if !r.compactable(src) {
			r.markAll(src)
			r.build()
		}
		for i := range src {
			src[i][0], _ = r.compact(src[i][0])
		}
		return src, dst, nil, 0
	}
	shift = r.bits() - top
	mask := uint64(1)<<top - 1
	parts := min(runtime.GOMAXPROCS(0), maxEncodeParts)
	chunk := (n + parts - 1) / parts
	span := func(p int) [][2]uint64 { return src[min(p*chunk, n):min((p+1)*chunk, n)] }
	// The first pass turns each part's keys into their compact form and
	// counts their digits, up to stopped[p]: the first key part p could
	// not compact, or its end.
	counts := make([][]int, parts)
	stopped := make([]int, parts)
	compact := func(p int) {
		c := make([]int, 1<<top)
		recs := span(p)
		for i := range recs {
			ck, ok := r.compact(recs[i][0])
			if !ok {
				stopped[p] = i
				return
			}
			recs[i][0] = ck
			c[(ck>>shift)&mask]++
		}
		counts[p], stopped[p] = c, len(recs)
	}
	onCPUs(parts, compact)
	for p := range parts {
		if stopped[p] < len(span(p)) {
			// A unit that no unigram brought (not from search.Extractor):
			// back to the keys, number every key's units and start again.
			onCPUs(parts, func(p int) {
				recs := span(p)
				for i := range recs[:stopped[p]] {
					recs[i][0] = r.key(recs[i][0])
				}
			})
			r.markAll(src)
			return b.spread()
		}
	}
	// Offsets digit by digit, part by part, so the pass is stable.
	starts = make([]int, 1<<top+1)
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
	onCPUs(parts, func(p int) {
		c := counts[p]
		for _, rec := range span(p) {
			d := (rec[0] >> shift) & mask
			dst[c[d]] = rec
			c[d]++
		}
	})
	return dst, src, starts, shift
}

// sortBuckets sorts each bucket spread left (all of buckets when starts
// is nil) on the CPUs and leaves the sorted records in b.recs.
func (b *builder) sortBuckets(buckets, scratch [][2]uint64, starts []int) {
	if starts == nil {
		b.recs, b.tmp = search.RadixSort(buckets, scratch)
		return
	}
	var next atomic.Int64
	onCPUs(min(runtime.GOMAXPROCS(0), maxEncodeParts), func(int) {
		for d := int(next.Add(1) - 1); d < len(starts)-1; d = int(next.Add(1) - 1) {
			s, e := starts[d], starts[d+1]
			if e-s < 2 {
				continue
			}
			if sorted, _ := search.RadixSort(buckets[s:e], scratch[s:e]); &sorted[0] != &buckets[s] {
				copy(buckets[s:e], sorted)
			}
		}
	})
	b.recs, b.tmp = buckets, scratch
}

// onCPUs runs f(0) to f(parts-1) on goroutines of their own and waits.
func onCPUs(parts int, f func(p int)) {
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { f(p) })
	}
	wg.Wait()
}

// listEncoder turns sorted records into lists; a builder has one for
// each part of a flush that runs at once.
type listEncoder struct {
	list []byte      // list buffer
	rels [2][]uint64 // a bigram's documents in the body and the head
	seen [2][]uint64 // bitsets of rels, to list a bigram's documents once
}

// keyForm says what the keys of records being encoded are: the index's
// own (rawKeys) or compact ones (unitRanks).
type keyForm struct {
	ranks *unitRanks // nil: the index's own keys
	group uint       // keys that agree from this bit up are one bigram's group
}

var rawKeys = keyForm{group: search.GroupShift}

// key returns the index's key of a record's key.
func (f keyForm) key(k uint64) uint64 {
	if f.ranks == nil {
		return k
	}
	return f.ranks.key(k)
}

// encode writes the lists of recs, sorted records of keys of form f whose
// bigram groups are whole, and of unis, unigrams sorted by compact key,
// to w, in key order; rels are below docs.
func (e *listEncoder) encode(w *segmentWriter, recs [][2]uint64, docs uint64, f keyForm, unis []*uniList) error {
	words := int(docs>>6) + 1
	for ns := range e.seen {
		if len(e.seen[ns]) < words {
			e.seen[ns] = make([]uint64, words)
		}
	}
	for i := 0; i < len(recs); {
		for len(unis) > 0 && unis[0].ck < recs[i][0] {
			if err := e.writeUnigram(w, unis[0]); err != nil {
				return err
			}
			unis = unis[1:]
		}
		key := f.key(recs[i][0])
		bg, ok := search.BigramOf(key)
		if !ok {
			j := keyRun(recs, i)
			if err := e.writeList(w, key, recs[i:j]); err != nil {
				return err
			}
			i = j
			continue
		}
		// A bigram's group: its run-end keys and trigrams, in both parts,
		// the keys that agree with it from search.GroupShift up. One pass
		// finds its end and each part's documents.
		e.rels[0], e.rels[1] = e.rels[0][:0], e.rels[1][:0]
		lo, hi := [2]uint64{uint64(words), uint64(words)}, [2]uint64{}
		top := recs[i][0] >> f.group
		j := i
		for ; j < len(recs) && recs[j][0]>>f.group == top; j++ {
			ns := recs[j][0] & search.GramHead
			rel := recs[j][1] >> relShift
			word, bit := rel>>6, uint64(1)<<(rel&63)
			if seen := e.seen[ns]; seen[word]&bit == 0 {
				seen[word] |= bit
				e.rels[ns] = append(e.rels[ns], rel)
				lo[ns], hi[ns] = min(lo[ns], word), max(hi[ns], word)
			}
		}
		group := bg &^ search.GramHead
		for ns := range uint64(2) {
			if err := e.writeBigram(w, group|ns, lo[ns], hi[ns]); err != nil {
				return err
			}
		}
		for i < j {
			k := keyRun(recs, i)
			if key := f.key(recs[i][0]); search.HasPositions(key) {
				if err := e.writeList(w, key, recs[i:k]); err != nil {
					return err
				}
			}
			i = k
		}
	}
	for _, u := range unis {
		if err := e.writeUnigram(w, u); err != nil {
			return err
		}
	}
	return nil
}

// keyRun returns the end of the records with the key of record i.
func keyRun(recs [][2]uint64, i int) int {
	j := i + 1
	for j < len(recs) && recs[j][0] == recs[i][0] {
		j++
	}
	return j
}

// writeList writes the list of key from its records (in dno order, and
// position order within a document).
func (e *listEncoder) writeList(w *segmentWriter, key uint64, recs [][2]uint64) error {
	positional := search.HasPositions(key)
	e.list = e.list[:0]
	last := uint64(0)
	for i := 0; i < len(recs); {
		rel := recs[i][1] >> relShift
		j := i + 1
		for j < len(recs) && recs[j][1]>>relShift == rel {
			j++
		}
		e.list = appendUvarint(e.list, rel-last)
		last = rel
		if positional {
			// The positions go straight into the list after a byte for
			// their length, moved along in the rare case it needs more.
			at := len(e.list)
			e.list = append(e.list, 0)
			prev := uint64(0)
			for _, r := range recs[i:j] {
				p := r[1] & posMask
				e.list = appendUvarint(e.list, p-prev)
				prev = p
			}
			if n := len(e.list) - at - 1; n < 0x80 {
				e.list[at] = byte(n)
			} else {
				k := uvarintLen(uint64(n))
				for range k - 1 {
					e.list = append(e.list, 0)
				}
				copy(e.list[at+k:], e.list[at+1:at+1+n])
				appendUvarint(e.list[at:at], uint64(n))
			}
		}
		i = j
	}
	return w.write(key, e.list)
}

// writeUnigram writes the document list of a narrow unigram.
func (e *listEncoder) writeUnigram(w *segmentWriter, u *uniList) error {
	e.list = e.list[:0]
	last := uint64(0)
	for _, rel := range u.rels {
		e.list = appendUvarint(e.list, rel-last)
		last = rel
	}
	return w.write(u.key, e.list)
}

// writeBigram writes the document list of bigram key from the documents
// its group's pass found in key's part (rels and seen, in the words lo to
// hi of seen), and clears seen.
func (e *listEncoder) writeBigram(w *segmentWriter, key, lo, hi uint64) error {
	ns := key & search.GramHead
	rels, seen := e.rels[ns], e.seen[ns]
	if len(rels) == 0 {
		return nil
	}
	if span := hi - lo + 1; span <= uint64(2*len(rels)) {
		// Dense: read the documents off the bitset, in order.
		rels = rels[:0]
		for word := lo; word <= hi; word++ {
			for v := seen[word]; v != 0; v &= v - 1 {
				rels = append(rels, word<<6|uint64(bits.TrailingZeros64(v)))
			}
			seen[word] = 0
		}
	} else {
		slices.Sort(rels)
		for _, rel := range rels {
			seen[rel>>6] = 0
		}
	}
	e.rels[ns] = rels
	e.list = e.list[:0]
	last := uint64(0)
	for _, rel := range rels {
		e.list = appendUvarint(e.list, rel-last)
		last = rel
	}
	return w.write(key, e.list)
}
