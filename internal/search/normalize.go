// Package search holds the pure text functions behind the kiosk's Chinese
// full-text search: normalisation, the character n-gram tokens the store
// indexes, query parsing into a full-text expression that can never be a
// syntax error, and snippets with the matched text marked.
//
// Chinese is written without spaces, so the index does not segment words.
// Every letter or digit is one unit; the index holds each document's
// distinct units (unigrams) and, per run of units, the sequence of
// overlapping unit pairs (bigrams) with their positions. A one-unit query
// looks up the unigram; a longer one is the phrase of its overlapping
// bigrams, which matches exactly the documents that contain that substring.
// So queries of 1, 2, 3 and more characters find every document containing
// them, with no dictionary to load at start-up.
package search

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Folding table entries for runes in the Basic Multilingual Plane.
const (
	foldDrop  = -1 // the rune disappears (brackets)
	foldSlow  = -2 // NFKC gives several runes: compute on the fly
	foldBreak = -3 // the rune separates runs of units (spaces, punctuation, symbols)
)

var (
	foldOnce  sync.Once
	foldTable []int32 // BMP rune -> folded rune or a fold* code
)

// bracket reports whether r is one of the bracket styles that 文号 are
// written with. They are removed, so 阳教体办发〔2021〕12号 matches whatever
// bracket a visitor types, or none.
func bracket(r rune) bool {
	switch r {
	case '(', ')', '[', ']', '〔', '〕', '【', '】', '〖', '〗', '〘', '〙', '⦅', '⦆':
		return true
	}
	return false
}

func initFold() {
	foldTable = make([]int32, 0x10000)
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		n := utf8.EncodeRune(buf[:], r)
		s := string(buf[:n])
		if !norm.NFKC.IsNormalString(s) || (r >= 0xF900 && r <= 0xFAFF) {
			s = norm.NFKC.String(s)
		}
		rs := []rune(s)
		if len(rs) != 1 {
			foldTable[r] = foldSlow
			continue
		}
		foldTable[r] = foldSingle(rs[0])
	}
}

// foldSingle folds a rune that is already NFKC-normal.
func foldSingle(r rune) int32 {
	switch {
	case r > maxUnit: // no letters or digits out there; keys have room for none
		return foldBreak
	case bracket(r):
		return foldDrop
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return unicode.ToLower(r)
	}
	return foldBreak
}

// appendFold appends the folded form of r to dst: letters and digits
// (NFKC, lower case), breakRune for anything that separates words, and
// nothing for brackets.
func appendFold(dst []rune, r rune) []rune {
	if r < 0x80 {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return append(dst, r)
		case r >= 'A' && r <= 'Z':
			return append(dst, r+'a'-'A')
		case bracket(r):
			return dst
		}
		return append(dst, breakRune)
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return append(dst, r) // CJK unified ideographs are NFKC-stable
	}
	foldOnce.Do(initFold)
	code := foldSlow
	if r < 0x10000 {
		code = int(foldTable[r])
	}
	switch code {
	case foldDrop:
		return dst
	case foldBreak:
		return append(dst, breakRune)
	case foldSlow:
		for _, x := range norm.NFKC.String(string(r)) {
			switch f := foldSingle(x); f {
			case foldDrop:
			case foldBreak:
				dst = append(dst, breakRune)
			default:
				dst = append(dst, rune(f))
			}
		}
		return dst
	}
	return append(dst, rune(code))
}

// odd returns the byte offset of the first rune of s[i:stop] that folds
// to something else than itself or a break, or -1: without one, folded
// text matches a term exactly where it holds it verbatim.
func odd(s string, i, stop int) int {
	for j, r := range s[i:stop] {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF, r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r < 0x80:
			if r >= 'A' && r <= 'Z' || bracket(r) {
				return i + j
			}
		case r < 0x10000:
			foldOnce.Do(initFold)
			if c := foldTable[r]; c != foldBreak && c != int32(r) {
				return i + j
			}
		default:
			return i + j
		}
	}
	return -1
}

// breakRune stands for every rune that separates runs of units. It is
// never a letter or digit, so it cannot be confused with text.
const breakRune = ' '

// Normalize folds s for matching: NFKC (full-width letters and digits to
// half-width), lower case, brackets removed, and every run of spaces,
// punctuation and symbols collapsed to one space, trimmed.
func Normalize(s string) string {
	folded := make([]rune, 0, len(s))
	for _, r := range s {
		folded = appendFold(folded, r)
	}
	out := make([]rune, 0, len(folded))
	for _, r := range folded {
		if r == breakRune && (len(out) == 0 || out[len(out)-1] == breakRune) {
			continue
		}
		out = append(out, r)
	}
	if n := len(out); n > 0 && out[n-1] == breakRune {
		out = out[:n-1]
	}
	return string(out)
}

// mapped is text folded rune by rune, remembering for every folded rune
// the byte offsets of the original rune it came from, so that matches in
// folded text can be marked in the original.
type mapped struct {
	units []rune // folded runes; breakRune between runs
	start []int  // byte offset in the original of the rune each unit came from
	end   []int  // byte offset just after it
}

func mapText(s string) mapped {
	m := mapped{
		units: make([]rune, 0, len(s)/2),
		start: make([]int, 0, len(s)/2),
		end:   make([]int, 0, len(s)/2),
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		n := len(m.units)
		m.units = appendFold(m.units, r)
		for k := n; k < len(m.units); k++ {
			m.start = append(m.start, i)
			m.end = append(m.end, i+w)
		}
		i += w
	}
	return m
}
