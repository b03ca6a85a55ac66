package store

import (
	"slices"
	"testing"
)

// TestBlockDir checks the directory's rowids (consecutive ones stored as
// a base only, then a list once one is not) and the blocks span gives
// for a gram key: the last block starting at or before it, and those
// starting up to its head key.
func TestBlockDir(t *testing.T) {
	var d blockDir
	for i, k := range []uint64{10, 20, 21, 40, 60} {
		row := int64(100 + i)
		if i == 4 {
			row = 7 // not consecutive: the rowids are listed from here
		}
		if i == 3 && d.rows != nil {
			t.Fatal("consecutive rowids listed")
		}
		d.add(k, row, int32(i))
	}
	d2 := d.clip()
	var rows []int64
	for i := range d2.keys {
		rows = append(rows, d2.row(i))
	}
	if want := []int64{100, 101, 102, 103, 7}; !slices.Equal(rows, want) {
		t.Errorf("rowids %v, want %v", rows, want)
	}
	for _, c := range []struct {
		key    uint64
		lo, hi int
	}{
		{4, 0, 0},  // before every block: none
		{10, 0, 1}, // the first block
		{20, 1, 3}, // its own block, and the one starting at its head key
		{30, 2, 3}, // inside the block starting at 21
		{60, 4, 5}, // the last block
		{90, 4, 5}, // after every block start: the last block
	} {
		lo, hi := d2.span(c.key)
		if lo != c.lo || hi != c.hi {
			t.Errorf("span(%d) = [%d, %d), want [%d, %d)", c.key, lo, hi, c.lo, c.hi)
		}
	}
}

// TestPlanIdle checks the idle merge plan: the segments from the first
// one smaller than idleRatio times all those after it.
func TestPlanIdle(t *testing.T) {
	docs := func(ns ...int64) []segment {
		var out []segment
		for i, n := range ns {
			out = append(out, segment{ID: int64(i + 1), Docs: n})
		}
		return out
	}
	for _, c := range []struct {
		segs []int64
		want int // segments merged (from the end); 0: none
	}{
		{[]int64{8000, 8000, 8000, 500, 500}, 5}, // after a large sync: everything
		{[]int64{100000}, 0},
		{[]int64{100000, 50}, 0},
		{[]int64{100000, 200, 50}, 0},
		{[]int64{100000, 200, 50, 50}, 3},
		{[]int64{100000, 400, 50, 50}, 2},
		{[]int64{100000, 30000}, 2},
	} {
		got := planIdle(docs(c.segs...))
		if len(got) != c.want || c.want > 0 && got[len(got)-1].ID != int64(len(c.segs)) {
			t.Errorf("planIdle(%v) merges %d segments, want the last %d", c.segs, len(got), c.want)
		}
	}
}

// TestListArena checks that the arena's copies are equal to what was
// copied, do not overlap (an append to one never writes into the next),
// and that its slabs serve again after reset.
func TestListArena(t *testing.T) {
	a := &listArena{}
	var copies [][]byte
	var want [][]byte
	for i, n := range []int{10, 0, slabSize - 20, 30, 3 * slabSize, 5} {
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(i + j)
		}
		copies = append(copies, a.clone(b))
		want = append(want, b)
	}
	_ = append(copies[0], 0xff) // full: must not spill into the next copy
	for i := range copies {
		if !slices.Equal(copies[i], want[i]) {
			t.Errorf("copy %d differs", i)
		}
	}
	slabs := len(a.slabs)
	a.reset()
	for _, n := range []int{10, slabSize - 20, 30} {
		a.clone(make([]byte, n))
	}
	if len(a.slabs) != slabs {
		t.Errorf("%d slabs after reuse, want the %d there were", len(a.slabs), slabs)
	}
	if got := (*listArena)(nil).clone([]byte{1, 2}); !slices.Equal(got, []byte{1, 2}) {
		t.Errorf("nil arena clone = %v", got)
	}
}
