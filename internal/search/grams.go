package search

import (
	"slices"
	"unicode/utf8"
)

// Gram keys. A gram is one unit (unigram) or two adjacent units (bigram)
// of folded text, or a whole run of 2 to 10 ASCII digits (number), tagged
// with the part of the document it comes from. A key fits in 44 bits, so
// an index entry (key and position) fits in a uint64.
//
// Numbers make 文号 cheap to find: every document is full of dates, so
// digit bigrams such as "20" or "02" occur everywhere, while the run
// "202112" of 阳教体办发〔2021〕12号 occurs in a handful.
const (
	gramNumber uint64 = 1 << 41 // set for numbers: 1<<41 | length<<35 | value
	gramBigram uint64 = 1 << 42 // set for bigrams
	GramHead   uint64 = 1 << 43 // set for grams of the head (title, 文号, 关键词)
	runeBits          = 21
	runeMask          = 1<<runeBits - 1

	minNumber = 2  // digits in the shortest indexed number
	maxNumber = 10 // and in the longest, so that its value fits
)

// PosBits is the width of a position in an index entry. Positions beyond
// MaxPos in one part of a document are not indexed.
const (
	PosBits = 20
	MaxPos  = 1<<PosBits - 1
)

// Unigram returns the key of a one-unit gram.
func Unigram(r rune) uint64 { return uint64(r) & runeMask }

// Bigram returns the key of a two-unit gram.
func Bigram(a, b rune) uint64 {
	return gramBigram | (uint64(a)&runeMask)<<runeBits | uint64(b)&runeMask
}

// Number returns the key of a run of ASCII digits, or false if the run's
// length is not indexed.
func Number(digits []rune) (uint64, bool) {
	if len(digits) < minNumber || len(digits) > maxNumber {
		return 0, false
	}
	v := uint64(0)
	for _, d := range digits {
		if d < '0' || d > '9' {
			return 0, false
		}
		v = v*10 + uint64(d-'0')
	}
	return gramNumber | uint64(len(digits))<<35 | v, true
}

// IsBigram reports whether key is a bigram's.
func IsBigram(key uint64) bool { return key&gramBigram != 0 }

// HasPositions reports whether entries of key carry positions (bigrams and
// numbers); unigram entries do not.
func HasPositions(key uint64) bool { return key&(gramBigram|gramNumber) != 0 }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Extractor collects the index entries of one document: for the head and
// for the body, each distinct unigram once and every bigram with its
// position. Positions count units and breaks, so a phrase never spans
// punctuation or two fields. Reuse an Extractor between documents; it is
// not safe for concurrent use.
type Extractor struct {
	entries []uint64 // key<<PosBits | position
	tmp     []uint64 // radix sort buffer
	units   []rune
	pos     [2]uint32 // next position in the body (0) and the head (1)
	seen    []uint64  // bitset of BMP unigrams already added, per part
	seenSet []int32   // words of seen that are non-zero, to clear fast
	seenBig map[uint64]struct{}
}

// NewExtractor returns an empty Extractor.
func NewExtractor() *Extractor {
	return &Extractor{seen: make([]uint64, 2*0x10000/64), seenBig: map[uint64]struct{}{}}
}

// Reset empties x for the next document.
func (x *Extractor) Reset() {
	x.entries = x.entries[:0]
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
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		x.units = appendFold(x.units, r)
		i += w
	}
	x.units = append(x.units, breakRune)
	pos := x.pos[part]
	prev := breakRune
	digits := -1 // start of the current run of digits in x.units
	for i, r := range x.units {
		if r != breakRune {
			x.addUnigram(r, part, ns)
			if prev != breakRune && pos <= MaxPos {
				x.entries = append(x.entries, (ns|Bigram(prev, r))<<PosBits|uint64(pos-1))
			}
		}
		switch {
		case isDigit(r) && digits < 0:
			digits = i
		case !isDigit(r) && digits >= 0:
			start := pos - uint32(i-digits)
			if key, ok := Number(x.units[digits:i]); ok && start <= MaxPos {
				x.entries = append(x.entries, (ns|key)<<PosBits|uint64(start))
			}
			digits = -1
		}
		prev = r
		pos++
	}
	x.pos[part] = pos
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
	x.entries = append(x.entries, (ns|Unigram(r))<<PosBits)
}

// Entries returns the document's entries sorted by key, then position.
// (Numbers are added at the end of their run, after later bigrams, but a
// number's own positions still come in order, which is all that counts.)
// Group them by Entry to index; the slice is reused by the next document.
func (x *Extractor) Entries() []uint64 {
	// Entries were added in position order within each part (head, body),
	// and the part is in the key, so a stable sort by key is enough: an
	// LSD radix sort over the key bits, 11 at a time.
	const digit = 11
	if len(x.entries) < 64 {
		slices.Sort(x.entries)
		return x.entries
	}
	if cap(x.tmp) < len(x.entries) {
		x.tmp = make([]uint64, len(x.entries))
	}
	src, dst := x.entries, x.tmp[:len(x.entries)]
	var count [1 << digit]int32
	for shift := uint(PosBits); shift < 64; shift += digit {
		clear(count[:])
		for _, e := range src {
			count[(e>>shift)&(1<<digit-1)]++
		}
		if int(count[(src[0]>>shift)&(1<<digit-1)]) == len(src) {
			continue
		}
		sum := int32(0)
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, e := range src {
			d := (e >> shift) & (1<<digit - 1)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	x.entries, x.tmp = src, dst
	return x.entries
}

// Entry splits an index entry into its gram key and position.
func Entry(e uint64) (key uint64, pos uint32) { return e >> PosBits, uint32(e & MaxPos) }
