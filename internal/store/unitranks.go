package store

import (
	"math/bits"

	"gongkai/internal/search"
)

// unitRanks numbers the units that a batch's narrow keys use (search.Narrow)
// densely and in order, 1 to n, so that a key's compact form,
//
//	rank(a) << (2w+1) | rank(b) << (w+1) | rank(c) << 1 | head
//
// with w the width of a rank (0 for an absent b or c), sorts as the key
// does, in 3w+1 bits instead of 51. A batch of ten-kilobyte documents uses
// a few hundred to a few thousand distinct units, so its trigrams sort in
// two or three radix passes per bucket instead of four, and the buckets
// that the top bits spread them into are about equally full (the top bits
// of a raw key are the high bits of the first unit's code point, a few
// hundred of 2,048 possible values for Chinese text).
//
// The builder marks the units of its unigrams as they are added (every
// unit of a gram is also its document's unigram: search.Extractor); ranks
// builds the numbering from them. A key with a unit left unmarked cannot be
// compacted; flush then marks every record's units (markAll) and builds
// the numbering again.
type unitRanks struct {
	seen  [1 << search.UnitBits / 64]uint64 // the batch's units
	rank  *[1 << search.UnitBits]uint32     // unit → rank, 0 for units not numbered
	units []uint64                          // rank → unit; units[0] = 0
	width uint                              // bits of a rank
}

const unitMask = 1<<search.UnitBits - 1

// mark adds unit u to the batch's units.
func (r *unitRanks) mark(u uint64) { r.seen[u>>6&(unitMask>>6)] |= 1 << (u & 63) }

// markAll adds the units of every narrow key of recs.
func (r *unitRanks) markAll(recs [][2]uint64) {
	for _, rec := range recs {
		a, b, c, _ := search.NarrowFields(rec[0])
		r.mark(a)
		r.mark(b)
		r.mark(c)
	}
}

// clear forgets the batch's units (the numbering stays until build).
func (r *unitRanks) clear() { r.seen = [len(r.seen)]uint64{} }

// build numbers the marked units.
func (r *unitRanks) build() {
	if r.rank == nil {
		r.rank = new([1 << search.UnitBits]uint32)
	}
	for _, u := range r.units {
		r.rank[u] = 0
	}
	r.units = append(r.units[:0], 0)
	for w := range r.seen {
		v := r.seen[w]
		if w == 0 {
			v &^= 1 // unit 0 is "none": rank 0
		}
		for ; v != 0; v &= v - 1 {
			u := uint64(w)<<6 | uint64(bits.TrailingZeros64(v))
			r.rank[u] = uint32(len(r.units))
			r.units = append(r.units, u)
		}
	}
	r.width = uint(bits.Len(uint(len(r.units) - 1)))
}

// bits returns the width of a compact key: its bits [0, bits) vary.
func (r *unitRanks) bits() uint { return 3*r.width + 1 }

// groupShift is the lowest bit of a compact key that a bigram's key
// shares with its trigrams' (search.GroupShift for raw keys).
func (r *unitRanks) groupShift() uint { return r.width + 1 }

// compact returns the compact form of a narrow key, and false if one of
// its units is not numbered.
func (r *unitRanks) compact(key uint64) (uint64, bool) {
	a, b, c, head := search.NarrowFields(key)
	ra, rb, rc := uint64(r.rank[a&unitMask]), uint64(r.rank[b&unitMask]), uint64(r.rank[c&unitMask])
	return ra<<(2*r.width+1) | rb<<(r.width+1) | rc<<1 | head, ra != 0 && (rb != 0 || b == 0) && (rc != 0 || c == 0)
}

// compactable reports whether every unit of recs' keys is numbered.
func (r *unitRanks) compactable(recs [][2]uint64) bool {
	for _, rec := range recs {
		if _, ok := r.compact(rec[0]); !ok {
			return false
		}
	}
	return true
}

// key returns the narrow key of a compact one.
func (r *unitRanks) key(ck uint64) uint64 {
	m := uint64(1)<<r.width - 1
	return search.NarrowKey(r.units[ck>>(2*r.width+1)], r.units[ck>>(r.width+1)&m], r.units[ck>>1&m], ck&search.GramHead)
}
