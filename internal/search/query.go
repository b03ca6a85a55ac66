package search

import (
	"slices"
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

// Gram is one gram a term can be looked up by: its key (without the head
// tag), the term offset at which it must occur and the units it covers.
type Gram struct {
	Key    uint64
	Offset uint32
	Span   uint32
}

// TermGrams returns the grams a document containing term must contain, at
// the given offsets from one position: its unigram for one unit, its
// bigram for two; for longer terms the trigram at every offset, and the
// number of each run of 2-10 digits inside the term (with a non-digit on
// both sides: at an end of the term, the text's run may go on), which is
// rare where the digits' trigrams are not. Any subset of them that covers
// every unit (Cover) matches, at aligned positions, exactly the texts that
// contain the term.
func TermGrams(term string) []Gram {
	r := []rune(term)
	switch len(r) {
	case 0:
		return nil
	case 1:
		return []Gram{{Key: Unigram(r[0]), Span: 1}}
	case 2:
		return []Gram{{Key: Bigram(r[0], r[1]), Span: 2}}
	}
	gs := make([]Gram, 0, len(r))
	for i := 0; i+2 < len(r); i++ {
		gs = append(gs, Gram{Key: Trigram(r[i], r[i+1], r[i+2]), Offset: uint32(i), Span: 3})
	}
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
			gs = append(gs, Gram{Key: key, Offset: uint32(i), Span: uint32(j - i)})
		}
		i = j
	}
	return gs
}

// Cover picks, from the grams of a term of n units (TermGrams), a set
// that covers every unit at the least total cost (cost[i] is gram i's),
// fewer grams breaking ties, and returns their indexes. A document whose
// lists have every picked gram at its offset from one position contains
// the term there.
func Cover(gs []Gram, n int, cost []int64) []int {
	if len(gs) == 0 {
		return nil
	}
	// best[i]: the cheapest set covering units [0, end of gram i) whose
	// furthest-reaching gram is i; prev[i] the gram before it.
	type choice struct {
		cost  int64
		count int
		prev  int
	}
	order := make([]int, len(gs))
	for i := range order {
		order[i] = i
	}
	end := func(i int) int { return int(gs[i].Offset + gs[i].Span) }
	slices.SortStableFunc(order, func(a, b int) int { return end(a) - end(b) })
	best := make([]choice, len(gs))
	const none = -2
	for _, j := range order {
		best[j] = choice{prev: none}
		if gs[j].Offset == 0 {
			best[j] = choice{cost: cost[j], count: 1, prev: -1}
			continue
		}
		for _, i := range order {
			if end(i) >= end(j) {
				break
			}
			if best[i].prev == none || end(i) < int(gs[j].Offset) {
				continue
			}
			c := choice{cost: best[i].cost + cost[j], count: best[i].count + 1, prev: i}
			if best[j].prev == none || c.cost < best[j].cost || (c.cost == best[j].cost && c.count < best[j].count) {
				best[j] = c
			}
		}
	}
	last := -1
	for j := range gs {
		if end(j) != n || best[j].prev == none {
			continue
		}
		if last < 0 || best[j].cost < best[last].cost || (best[j].cost == best[last].cost && best[j].count < best[last].count) {
			last = j
		}
	}
	var out []int
	for j := last; j >= 0; j = best[j].prev {
		out = append(out, j)
	}
	slices.Reverse(out)
	return out
}
