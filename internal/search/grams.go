package search

import (
	"unicode/utf8"
)

// Gram keys. A gram is a run of one to three adjacent units of folded
// text, or a whole run of 2 to 10 ASCII digits (a number), tagged with
// the part of the document it comes from (GramHead, the lowest bit, so
// that a gram's head and body lists sit side by side in the index).
//
// The index holds, per document and part: every distinct unit (unigram)
// and every distinct unit pair (bigram), without positions, for queries
// of one and two units; and every unit triple (trigram) and number with
// its positions, for longer phrases. A phrase of n ≥ 3 units is the
// trigrams at its offsets 0..n-3, so a phrase is looked up by its rarest
// parts: a trigram is far more selective than the bigrams it contains
// (学生资 is rare where 学生 is everywhere).
//
// A key is slot<<1 | head. Units (below 1<<18, see maxUnit) go in three
// fields a, b, c of the slot; a unigram is (a, 0, 0), a bigram (a, b, 0)
// and a trigram (a, b, c), since no unit is 0; a number is (0, id), id
// numbering the digit strings. Keys whose first two units are below
// 1<<16 (all of CJK's common ideographs, all ASCII) use the narrow
// layout, below 1<<51, so that sorting them takes four radix passes; the
// others use the wide layout above wideBase. Either way the keys of one
// bigram and its trigrams are contiguous.
const (
	GramHead uint64 = 1 // set for grams of the head (title, 文号, 关键词)

	// BigramStart is set, in Grams.Keys, on the first key of a document
	// part's bigram: the store derives the bigram's document list from it.
	BigramStart uint64 = 1 << 63

	unitBits   = 18
	unitMask   = 1<<unitBits - 1
	maxUnit    = unitMask          // larger runes fold to breaks
	narrowBits = 16                // a and b of a narrow slot
	wideBase   = uint64(1) << 56   // first wide key
	narrowTop  = uint64(1) << 51   // narrow keys are below
	numberTop  = uint64(1) << 35   // number keys are below (a = 0)
	cField     = unitMask << 1     // the c field of a key
	minNumber  = 2                 // digits in the shortest indexed number
	maxNumber  = 10                // and in the longest
	numberMask = uint64(1)<<34 - 1 // ids of numbers
)

// GroupShift is the lowest key bit that a bigram's key shares with its
// trigrams' (in both parts): below it are a trigram's third unit and the
// head flag.
const GroupShift = unitBits + 1

// PosBits is the width of a position. Positions beyond MaxPos in one part
// of a document are not indexed (its unigrams still are).
const (
	PosBits = 20
	MaxPos  = 1<<PosBits - 1
)

func slot(a, b, c rune) uint64 {
	if a|b < 1<<narrowBits {
		return NarrowKey(uint64(a), uint64(b), uint64(c), 0)
	}
	return wideBase | (uint64(a)<<(2*unitBits)|uint64(b)<<unitBits|uint64(c))<<1
}

// fields returns the units of a key's slot (a = 0 for numbers).
func fields(key uint64) (a, b, c uint64) {
	if key >= wideBase {
		s := (key - wideBase) >> 1
		return s >> (2 * unitBits), s >> unitBits & unitMask, s & unitMask
	}
	a, b, c, _ = NarrowFields(key) // numbers too: a = 0
	return a, b, c
}

// Narrow reports whether key is a gram of the narrow layout: a unigram,
// bigram or trigram whose first two units are below 1<<16 (not a number,
// not a wide key). Narrow keys sort as their fields (a, b, c, head) do,
// which a segment builder uses to sort them in fewer bits (store's
// unitRanks).
func Narrow(key uint64) bool { return key >= numberTop && key < narrowTop }

// NarrowFields returns the units a, b, c of a narrow key (b and c 0 where
// absent) and its head flag; NarrowKey is its inverse.
func NarrowFields(key uint64) (a, b, c, head uint64) {
	s := key >> 1
	return s >> (narrowBits + unitBits) & (1<<narrowBits - 1), s >> unitBits & (1<<narrowBits - 1), s & unitMask, key & GramHead
}

// NarrowKey returns the narrow key of the given fields (a, b below 1<<16,
// c below 1<<18).
func NarrowKey(a, b, c, head uint64) uint64 {
	return (a<<(narrowBits+unitBits)|b<<unitBits|c)<<1 | head
}

// IsNumber reports whether key is a number's; number keys sort below
// all others, and wide keys above the narrow ones.
func IsNumber(key uint64) bool { return key < numberTop }

// UnitBits is the width of a unit: every unit of a key is below
// 1<<UnitBits.
const UnitBits = unitBits

// UnigramUnit returns the unit of a unigram key (of either layout).
func UnigramUnit(key uint64) uint64 {
	a, _, _ := fields(key)
	return a
}

// Unigram returns the key of a one-unit gram.
func Unigram(r rune) uint64 { return slot(r, 0, 0) }

// Bigram returns the key of a two-unit gram.
func Bigram(a, b rune) uint64 { return slot(a, b, 0) }

// Trigram returns the key of a three-unit gram.
func Trigram(a, b, c rune) uint64 { return slot(a, b, c) }

// Number returns the key of a run of ASCII digits, or false if the run's
// length is not indexed.
func Number(digits []rune) (uint64, bool) {
	if len(digits) < minNumber || len(digits) > maxNumber {
		return 0, false
	}
	// Number the digit strings: all those of 2 digits, then of 3, ...
	id, span := uint64(0), uint64(100)
	for n := minNumber; n < len(digits); n++ {
		id += span
		span *= 10
	}
	v := uint64(0)
	for _, d := range digits {
		if d < '0' || d > '9' {
			return 0, false
		}
		v = v*10 + uint64(d-'0')
	}
	return (id + v) << 1, true
}

// HasPositions reports whether a key's lists carry positions (trigrams
// and numbers); unigram and bigram lists do not.
func HasPositions(key uint64) bool {
	a, _, c := fields(key)
	return a == 0 || c != 0
}

// IsBigram reports whether key is a bigram's.
func IsBigram(key uint64) bool {
	a, b, c := fields(key)
	return a != 0 && b != 0 && c == 0
}

// BigramOf returns the bigram key (head flag kept) that a bigram or
// trigram key begins with; false for unigrams and numbers.
func BigramOf(key uint64) (uint64, bool) {
	a, b, _ := fields(key)
	if a == 0 || b == 0 {
		return 0, false
	}
	return key &^ cField, true
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Grams is one document's index entries (Extractor.Grams): its distinct
// keys, each with BigramStart set on the first key of a part's bigram,
// and the positions of the keys that have them: Pos[Ends[i-1]:Ends[i]]
// (from 0 for i = 0) is uvarint(length) then that many bytes of uvarint
// position deltas, the first from 0; empty for keys without positions.
type Grams struct {
	Keys []uint64
	Ends []uint32
	Pos  []byte
}

// Extractor collects the index entries of one document: for the head and
// for the body, each distinct unigram and bigram, and every trigram and
// number with its positions. Positions count units and breaks, so a phrase
// never spans punctuation or two fields. Reuse an Extractor between
// documents; it is not safe for concurrent use.
type Extractor struct {
	units   []rune
	ents    [][2]uint64 // key, position
	tmp     [][2]uint64 // radix sort buffer
	pos     [2]uint32   // next position in the body (0) and the head (1)
	seen    []uint64    // bitset of BMP unigrams already added, per part
	seenSet []int32     // words of seen that are non-zero, to clear fast
	seenBig map[uint64]struct{}
	unis    []uint64
	out     Grams
}

// NewExtractor returns an empty Extractor.
func NewExtractor() *Extractor {
	return &Extractor{seen: make([]uint64, 2*0x10000/64), seenBig: map[uint64]struct{}{}}
}

// Reset empties x for the next document.
func (x *Extractor) Reset() {
	x.ents, x.unis = x.ents[:0], x.unis[:0]
	x.pos = [2]uint32{}
	for _, w := range x.seenSet {
		x.seen[w] = 0
	}
	x.seenSet = x.seenSet[:0]
	clear(x.seenBig)
}

// Head adds a field of the document's head: its title, 文号 or a keyword.
func (x *Extractor) Head(text string) { x.add(text, 1, GramHead) }

// Body adds a block of the document's body.
func (x *Extractor) Body(text string) { x.add(text, 0, 0) }

func (x *Extractor) add(text string, part int, ns uint64) {
	x.units = x.units[:0]
	for i := 0; i < len(text); {
		r, w := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, w = decodeRune(text[i:])
		}
		x.units = appendFold(x.units, r)
		i += w
	}
	x.units = append(x.units, breakRune, breakRune)
	u := x.units
	pos := x.pos[part]
	digits := -1 // start of the current run of digits in u
	for i, r := range u[:len(u)-1] {
		if r != breakRune {
			x.addUnigram(r, part, ns)
			if b := u[i+1]; b != breakRune && pos <= MaxPos {
				c := u[i+2]
				if c == breakRune {
					c = 0
				}
				x.ents = append(x.ents, [2]uint64{ns | slot(r, b, c), uint64(pos)})
			}
		}
		switch {
		case isDigit(r) && digits < 0:
			digits = i
		case !isDigit(r) && digits >= 0:
			start := pos - uint32(i-digits)
			if key, ok := Number(u[digits:i]); ok && start <= MaxPos {
				x.ents = append(x.ents, [2]uint64{ns | key, uint64(start)})
			}
			digits = -1
		}
		pos++
	}
	x.pos[part] = pos
}

// decodeRune is utf8.DecodeRuneInString for s beginning with a byte from
// 0x80, with the three-byte sequences of CJK text decoded inline (the
// standard library's function leaves them to a call of its slow path,
// which was a fifth of extracting a document's grams).
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		r := rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) { // not overlong, not a surrogate
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s)
}

func (x *Extractor) addUnigram(r rune, part int, ns uint64) {
	if r < 0x10000 {
		bit := uint32(part)<<16 | uint32(r)
		w := bit / 64
		if x.seen[w]&(1<<(bit%64)) != 0 {
			return
		}
		if x.seen[w] == 0 {
			x.seenSet = append(x.seenSet, int32(w))
		}
		x.seen[w] |= 1 << (bit % 64)
	} else {
		k := ns | Unigram(r)
		if _, ok := x.seenBig[k]; ok {
			return
		}
		x.seenBig[k] = struct{}{}
	}
	x.unis = append(x.unis, ns|Unigram(r))
}

// Grams returns the document's entries. The result is reused by the next
// document.
func (x *Extractor) Grams() *Grams {
	g := &x.out
	g.Keys, g.Ends, g.Pos = g.Keys[:0], g.Ends[:0], g.Pos[:0]
	ents := x.sortEntries()
	var bigram [2]uint64 // the part's last bigram, +1 (0: none yet)
	var buf []byte
	for i := 0; i < len(ents); {
		key := ents[i][0]
		j := i + 1
		for j < len(ents) && ents[j][0] == key {
			j++
		}
		flag := uint64(0)
		if bg, ok := BigramOf(key); ok && bigram[key&GramHead] != bg+1 {
			bigram[key&GramHead] = bg + 1
			flag = BigramStart
		}
		g.Keys = append(g.Keys, key|flag)
		if HasPositions(key) {
			buf = buf[:0]
			prev := uint64(0)
			for _, e := range ents[i:j] {
				buf = appendUvarint(buf, e[1]-prev)
				prev = e[1]
			}
			g.Pos = appendUvarint(g.Pos, uint64(len(buf)))
			g.Pos = append(g.Pos, buf...)
		}
		g.Ends = append(g.Ends, uint32(len(g.Pos)))
		i = j
	}
	for _, k := range x.unis {
		g.Keys = append(g.Keys, k)
		g.Ends = append(g.Ends, uint32(len(g.Pos)))
	}
	return g
}

// Occurrences returns the document's entries unsorted, as the store's
// segment builder takes them: every trigram, number and bigram occurrence
// as (key, position), the positions of a key ascending in the order
// given, then each distinct unigram's key. Grouped by key they are what
// Grams returns (a bigram key without a third unit carries no positions
// there), so a builder that sorts a whole batch's occurrences once need
// not sort each document's first. The slices are reused by the next
// document.
func (x *Extractor) Occurrences() (ents [][2]uint64, unis []uint64) { return x.ents, x.unis }

// sortEntries sorts the entries by key, keeping position order within a
// key (they were added in position order within each part, and the part
// is in the key): a stable LSD radix sort over the bits in which keys
// differ.
func (x *Extractor) sortEntries() [][2]uint64 {
	if len(x.ents) < 2 {
		return x.ents
	}
	if cap(x.tmp) < len(x.ents) {
		x.tmp = make([][2]uint64, len(x.ents))
	}
	x.ents, x.tmp = RadixSort(x.ents, x.tmp[:len(x.ents)])
	return x.ents
}

// RadixSort sorts recs stably by their first word with tmp (as long as
// recs) as scratch space, and returns the sorted slice and the other one.
// It sorts only the bits in which the keys differ, in digits no wider than
// the counts worth having for len(recs) (DigitBits).
func RadixSort(recs, tmp [][2]uint64) (sorted, scratch [][2]uint64) {
	lo, hi := VaryingBits(recs)
	return RadixSortBits(recs, tmp, lo, hi)
}

// RadixSortBits is RadixSort on the bits [lo, hi) of the first words,
// for records whose other bits are known to be equal.
func RadixSortBits(recs, tmp [][2]uint64, lo, hi uint) (sorted, scratch [][2]uint64) {
	if hi <= lo || len(recs) < 2 {
		return recs, tmp
	}
	digit, passes := DigitBits(len(recs), hi-lo)
	count := make([]int, 1<<digit)
	src, dst := recs, tmp
	mask := uint64(1)<<digit - 1
	for p, shift := 0, lo; p < passes; p, shift = p+1, shift+digit {
		clear(count)
		for _, r := range src {
			count[(r[0]>>shift)&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, r := range src {
			d := (r[0] >> shift) & mask
			dst[count[d]] = r
			count[d]++
		}
		src, dst = dst, src
	}
	return src, dst
}

// DigitBits returns the digit width and number of passes for a radix
// sort of n records over the given number of bits: digits of up to 11
// bits (2,048 counts and as many output streams stay in the caches), and
// fewer for few records, where clearing and summing the counts would
// cost more than the records.
func DigitBits(n int, bits uint) (digit uint, passes int) {
	width := uint(4)
	for width < 11 && 1<<(width+2) < n {
		width++
	}
	passes = int((bits + width - 1) / width)
	return (bits + uint(passes) - 1) / uint(passes), passes
}

// VaryingBits returns the range [lo, hi) of bit positions in which the
// first words of recs differ.
func VaryingBits(recs [][2]uint64) (lo, hi uint) {
	and, or := ^uint64(0), uint64(0)
	for _, r := range recs {
		and &= r[0]
		or |= r[0]
	}
	diff := and ^ or
	if diff == 0 {
		return 0, 0
	}
	for diff&(1<<lo) == 0 {
		lo++
	}
	for hi = 64; diff&(1<<(hi-1)) == 0; hi-- {
	}
	return lo, hi
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
