package store

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"gongkai/internal/search"
)

// TestEncodePartsSameLists writes one batch's records as a segment
// encoded in one part and again in several parts at once (each sorted and
// encoded bucket by bucket, the later parts' blocks held and written after
// the first's): the segments must hold the same lists under the same keys,
// in key order.
func TestEncodePartsSameLists(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := corpusBuilder(7, 120, 1000)
	if len(src.recs) < 1<<16 {
		t.Fatalf("%d records: too few to be spread into buckets", len(src.recs))
	}
	type list struct {
		key  uint64
		list []byte
	}
	var got [][]list
	for _, parts := range []int{1, 2, 3, 8} {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		b := builder{recs: slices.Clone(src.recs), first: src.first, last: src.last, n: src.n}
		w, err := newSegmentWriter(ctx, tx, segment{FirstDno: b.first, LastDno: b.last, Docs: b.n})
		if err != nil {
			t.Fatal(err)
		}
		w.insertInBackground()
		if err := b.encode(w, parts); err != nil {
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
		var lists []list
		for r.ok {
			if n := len(lists); n > 0 && lists[n-1].key >= r.key {
				t.Fatalf("%d parts: key %x after %x", parts, r.key, lists[n-1].key)
			}
			lists = append(lists, list{r.key, bytes.Clone(r.list)})
			if err := r.next(); err != nil {
				t.Fatal(err)
			}
		}
		r.close()
		tx.Rollback()
		if len(got) > 0 {
			if len(lists) != len(got[0]) {
				t.Fatalf("%d parts: %d lists, one part %d", parts, len(lists), len(got[0]))
			}
			for i := range lists {
				if lists[i].key != got[0][i].key || !bytes.Equal(lists[i].list, got[0][i].list) {
					t.Fatalf("%d parts: list %d (key %x) differs from one part's", parts, i, lists[i].key)
				}
			}
		}
		got = append(got, lists)
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

// sort orders the whole batch's records by key, as a flush does part by
// part (tests and BenchmarkBuilderSort), keeping dno order within a key (they
// were added in dno order): one pass on the top bits in which keys differ
// spreads them into up to 2,048 buckets, each then sorted on the bits
// below by search.RadixSort, small enough to stay in the caches; both
// steps are split over the CPUs.
func (b *builder) sort() {
	if len(b.recs) < 2 {
		return
	}
	buckets, scratch, starts, _ := b.spread()
	b.sortBuckets(buckets, scratch, starts)
}
