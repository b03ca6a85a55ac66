package search

import (
	"strings"
	"unicode/utf8"
)

// Limits on what a query can ask of the index. Longer input is cut, not
// refused: a visitor pasting a whole page still gets results.
const (
	MaxTerms     = 12  // distinct terms kept from one query
	MaxTermUnits = 48  // units kept from one term
	maxQueryRune = 512 // runes of raw input looked at
)

// Query is a parsed visitor query: every term must occur in a document.
// Terms are runs of letters and digits, folded like the index; anything
// else a visitor types (spaces, quotes, operators such as AND or NEAR,
// "*", "-", emoji) only separates terms, and brackets vanish. There is no
// query syntax, so no input can be a syntax error.
type Query struct {
	Terms []string
}

// Parse splits raw input into terms. Terms that are contained in another
// term are dropped, since the longer one implies them.
func Parse(raw string) Query {
	if utf8.RuneCountInString(raw) > maxQueryRune {
		raw = string([]rune(raw)[:maxQueryRune])
	}
	var terms []string
	for _, f := range strings.Split(Normalize(dropOperators(raw)), string(breakRune)) {
		if f == "" {
			continue
		}
		if r := []rune(f); len(r) > MaxTermUnits {
			f = string(r[:MaxTermUnits])
		}
		terms = append(terms, f)
	}
	var q Query
	for i, t := range terms {
		redundant := false
		for j, u := range terms {
			if i != j && strings.Contains(u, t) && (len(u) > len(t) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			q.Terms = append(q.Terms, t)
		}
		if len(q.Terms) == MaxTerms {
			break
		}
	}
	return q
}

// dropOperators removes the full-text operators people know from web
// search (AND, OR, NOT, NEAR in capitals, standing alone) unless nothing
// else is left: they are not words anyone looks for.
func dropOperators(raw string) string {
	fields := strings.Fields(raw)
	kept := fields[:0:0]
	for _, f := range fields {
		switch f {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		kept = append(kept, f)
	}
	if len(kept) == 0 {
		return raw
	}
	return strings.Join(kept, " ")
}

// Empty reports whether q has nothing to search for.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Gram is one gram a term is looked up by: its key (without the head
// tag) and the term offset at which it must occur.
type Gram struct {
	Key    uint64
	Offset uint32
}

// TermGrams returns the grams a document must contain, at the given
// offsets from one position, to contain term: its unigram for one unit;
// for longer terms, grams that together cover every unit, so that
// matching their positions is an exact substring test. A run of 2-10
// digits inside the term (with a non-digit on both sides) is covered by
// its number, which is rare where its digit bigrams are not; the other
// units by bigrams at every other offset.
func TermGrams(term string) []Gram {
	r := []rune(term)
	switch len(r) {
	case 0:
		return nil
	case 1:
		return []Gram{{Key: Unigram(r[0])}}
	}
	covered := make([]bool, len(r))
	var gs []Gram
	for i := 1; i < len(r); i++ {
		if !isDigit(r[i]) || isDigit(r[i-1]) {
			continue
		}
		j := i
		for j < len(r) && isDigit(r[j]) {
			j++
		}
		if j == len(r) {
			break // the run ends the term: the text's run may be longer
		}
		if key, ok := Number(r[i:j]); ok {
			gs = append(gs, Gram{Key: key, Offset: uint32(i)})
			for k := i; k < j; k++ {
				covered[k] = true
			}
		}
		i = j
	}
	for i := 0; i < len(r); i++ {
		if covered[i] {
			continue
		}
		o := min(i, len(r)-2)
		gs = append(gs, Gram{Key: Bigram(r[o], r[o+1]), Offset: uint32(o)})
		covered[o], covered[o+1] = true, true
	}
	return gs
}
