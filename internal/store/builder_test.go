package store

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"gongkai/internal/search"
)

// TestEncodePartsSameLists writes one batch's records as a segment
// encoded in one part and again in several parts at once (each sorted and
// encoded bucket by bucket, the later parts' blocks held and written after
// the first's), and as a reference from the raw keys stably sorted: the
// segments must hold the same lists under the same keys, in key order.
func TestEncodePartsSameLists(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := corpusBuilder(7, 120, 1000)
	if len(src.recs) < 1<<16 {
		t.Fatalf("%d records: too few to be spread into buckets", len(src.recs))
	}
	if len(src.exc) == 0 {
		t.Fatal("no numbers: the exceptions' path is not tested")
	}
	// A wide key's records (a unit above U+FFFF), in a document of its own.
	wide := search.Trigram(0x20001, '学', '校')
	src.add(src.last+1, [][2]uint64{{wide, 4}, {wide, 9}}, []uint64{search.Unigram(0x20001), search.Unigram('学'), search.Unigram('校')})
	type list struct {
		key  uint64
		list []byte
	}
	segmentLists := func(name string, encode func(w *segmentWriter) error) []list {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		w, err := newSegmentWriter(ctx, tx, segment{FirstDno: src.first, LastDno: src.last, Docs: src.n})
		if err != nil {
			t.Fatal(err)
		}
		w.insertInBackground()
		if err := encode(w); err != nil {
			t.Fatal(err)
		}
		seg, err := w.close()
		if err != nil {
			t.Fatal(err)
		}
		r, err := newSegmentReader(ctx, tx, seg)
		if err != nil {
			t.Fatal(err)
		}
		defer r.close()
		var lists []list
		for r.ok {
			if n := len(lists); n > 0 && lists[n-1].key >= r.key {
				t.Fatalf("%s: key %x after %x", name, r.key, lists[n-1].key)
			}
			lists = append(lists, list{r.key, bytes.Clone(r.list)})
			if err := r.next(); err != nil {
				t.Fatal(err)
			}
		}
		return lists
	}
	recs := src.records()
	slices.SortStableFunc(recs, func(x, y [2]uint64) int { return cmp.Compare(x[0], y[0]) })
	want := segmentLists("raw keys", func(w *segmentWriter) error {
		var e listEncoder
		return e.encode(w, recs, uint64(src.last-src.first)+1, rawKeys, nil)
	})
	if !slices.ContainsFunc(want, func(l list) bool { return l.key == wide }) {
		t.Fatal("the wide key has no list")
	}
	for _, parts := range []int{1, 2, 3, 8} {
		b := src.clone()
		got := segmentLists(fmt.Sprint(parts, " parts"), func(w *segmentWriter) error { return b.encode(w, parts) })
		if len(got) != len(want) {
			t.Fatalf("%d parts: %d lists, the raw keys' %d", parts, len(got), len(want))
		}
		for i := range got {
			if got[i].key != want[i].key || !bytes.Equal(got[i].list, want[i].list) {
				t.Fatalf("%d parts: list %d (key %x) differs from the raw keys' (key %x)", parts, i, got[i].key, want[i].key)
			}
		}
	}
}

// TestWriteListPositions checks a positional list whose documents have few
// and many positions (a length of one byte and of two) against its
// decoding.
func TestWriteListPositions(t *testing.T) {
	key := search.Trigram('政', '务', '公')
	want := map[uint64][]uint64{0: {3}, 2: nil, 5: {1, 2, 400}, 9: nil}
	for p := uint64(0); p < 300; p++ {
		want[2] = append(want[2], p*p)
	}
	for p := uint64(0); p < 20000; p++ { // over 16 KB: a length of three bytes
		want[9] = append(want[9], 7+p*3)
	}
	var recs [][2]uint64
	for _, rel := range []uint64{0, 2, 5, 9} {
		for _, p := range want[rel] {
			recs = append(recs, [2]uint64{key, rel<<relShift | p})
		}
	}
	w := &segmentWriter{seg: segment{FirstDno: 100}, hold: true}
	var e listEncoder
	if err := e.writeList(w, key, recs); err != nil {
		t.Fatal(err)
	}
	got := map[uint64][]uint64{}
	dno := int64(100)
	for i := 0; i < len(e.list); {
		d, pos, next := listEntry(e.list, i, true)
		dno += d
		var ps []uint64
		for j, p := 0, uint64(0); j < len(pos); {
			v, n := uvarint(pos[j:])
			p += v
			ps = append(ps, p)
			j += n
		}
		got[uint64(dno-100)] = ps
		i = next
	}
	if len(got) != len(want) {
		t.Fatalf("documents %v, want %v", len(got), len(want))
	}
	for rel, ps := range want {
		if !slices.Equal(got[rel], ps) {
			t.Errorf("document %d: positions %v, want %v", rel, got[rel], ps)
		}
	}
}

// clone returns a builder with b's records and units.
func (b *builder) clone() *builder {
	c := &builder{recs: slices.Clone(b.recs), exc: slices.Clone(b.exc), first: b.first, last: b.last, n: b.n, nUni: b.nUni}
	c.units.seen = b.units.seen
	for _, l := range b.unis {
		c.unis = append(c.unis, uniList{key: l.key, rels: slices.Clone(l.rels)})
	}
	if b.uniAt != nil {
		at := *b.uniAt
		c.uniAt = &at
	}
	return c
}

// records returns all of b's records: the narrow keys' (not yet compact),
// the others' and the unigrams' as records.
func (b *builder) records() [][2]uint64 {
	recs := append(slices.Clone(b.recs), b.exc...)
	for _, l := range b.unis {
		for _, rel := range l.rels {
			recs = append(recs, [2]uint64{l.key, rel << relShift})
		}
	}
	return recs
}

// builderOf returns a builder holding recs, split as add splits them: the
// narrow unigrams' (whose positions must be 0) into their lists.
func builderOf(recs [][2]uint64) *builder {
	var b builder
	for _, r := range recs {
		switch _, u, c, _ := search.NarrowFields(r[0]); {
		case !search.Narrow(r[0]):
			b.exc = append(b.exc, r)
		case u == 0 && c == 0:
			b.addUnigram(r[0], r[1])
		default:
			b.recs = append(b.recs, r)
		}
	}
	return &b
}

// sort returns the whole batch's records ordered by key, as a flush
// orders them part by part (tests and BenchmarkBuilderSort), keeping dno
// order within a key (they were added in dno order): the numbers, then
// the narrow keys, spread on the top bits of their compact form into up
// to 2,048 buckets, each then sorted on the bits below by
// search.RadixSort, both steps split over the CPUs, with the unigrams'
// lists in between, then the wide keys.
func (b *builder) sort() [][2]uint64 {
	exc := b.sortExceptions()
	wide := sort.Search(len(exc), func(i int) bool { return !search.IsNumber(exc[i][0]) })
	out := slices.Clone(exc[:wide])
	buckets, scratch, starts, _ := b.spread()
	b.sortBuckets(buckets, scratch, starts)
	unis := b.batchUnigrams()
	for _, r := range b.recs {
		for ; len(unis) > 0 && unis[0].ck < r[0]; unis = unis[1:] {
			for _, rel := range unis[0].rels {
				out = append(out, [2]uint64{unis[0].key, rel << relShift})
			}
		}
		out = append(out, [2]uint64{b.units.key(r[0]), r[1]})
	}
	for _, u := range unis {
		for _, rel := range u.rels {
			out = append(out, [2]uint64{u.key, rel << relShift})
		}
	}
	return append(out, exc[wide:]...)
}
