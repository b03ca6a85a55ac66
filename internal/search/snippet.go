package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// matches returns the byte ranges of text where a term of q occurs,
// sorted and merged. Matching is on folded text, so a range may cover
// brackets or full-width forms the visitor did not type.
func matches(text string, q Query) [][2]int {
	if q.Empty() || text == "" {
		return nil
	}
	m := mapText(text)
	var rs [][2]int
	for _, t := range q.Terms {
		tr := []rune(t)
		for i := 0; i+len(tr) <= len(m.units); i++ {
			if m.units[i] != tr[0] || !slices.Equal(m.units[i:i+len(tr)], tr) {
				continue
			}
			rs = append(rs, [2]int{m.start[i], m.end[i+len(tr)-1]})
		}
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	out := rs[:0]
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// Highlight returns text as spans with every match of q marked.
func Highlight(text string, q Query) []domain.Span {
	return spans(text, 0, len(text), matches(text, q))
}

// Snippet returns about width characters of text around the first match
// of q, with the matches inside marked and an ellipsis where text was cut.
// Without a match it returns the start of text. Only the start of text up
// to the first match, and the snippet, are folded: a results page makes
// twenty snippets of bodies thousands of characters long.
func Snippet(text string, q Query, width int) []domain.Span {
	if width <= 0 {
		width = 80
	}
	first, ok := firstMatch(text, q)
	from := 0
	if ok {
		from = back(text, first[0], width/4)
	}
	to := forward(text, from, width)
	if ok && to < first[1] {
		to = first[1] // never cut the first match
	}
	var ms [][2]int
	lo, hi := back(text, from, snippetMargin), forward(text, to, snippetMargin)
	if ok {
		ms = matches(text[lo:hi], q)
	}
	for i := range ms {
		ms[i][0] += lo
		ms[i][1] += lo
	}
	return clipped(text, from, to, ms)
}

// snippetMargin is how many characters beyond a piece of text are folded
// with it, so that matches crossing its ends are found whole: more than
// the longest term, with room for brackets inside it, which fold to
// nothing.
const snippetMargin = 4 * MaxTermUnits

// firstMatch returns the byte range of the first match of q in text. It
// folds as little of text as it can: a match that is not a verbatim
// occurrence of a term holds a rune that folds to something else than
// itself or a break (a bracket, a full-width or capital letter: odd), so
// before the first verbatim occurrence only the few characters around
// such runes are folded (as many units each side as the longest term
// has), not the whole start of a body thousands of characters long.
func firstMatch(text string, q Query) ([2]int, bool) {
	if q.Empty() {
		return [2]int{}, false
	}
	first, units := -1, 0
	for _, t := range q.Terms {
		units = max(units, utf8.RuneCountInString(t))
		if i := strings.Index(text, t); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	stop := len(text)
	if first >= 0 {
		stop = first
	}
	for i := 0; i < stop; {
		j := odd(text, i, stop)
		if j < 0 {
			break
		}
		// The odd runes each within reach of a match holding the one
		// before, and the text around them.
		lo, hi := unitsBack(text, j, units), unitsForward(text, j, units+1)
		for {
			_, w := utf8.DecodeRuneInString(text[j:])
			k := odd(text, min(j+w, hi), hi)
			if k < 0 || k >= stop {
				break
			}
			j, hi = k, unitsForward(text, k, units+1)
		}
		if ms := matches(text[lo:hi], q); len(ms) > 0 {
			if s := lo + ms[0][0]; first < 0 || s < first {
				first = s
			}
			break
		}
		i = hi
	}
	if first < 0 {
		return [2]int{}, false
	}
	// The merged range of the matches from there.
	end := forward(text, first, snippetMargin)
	ms := matches(text[first:end], q)
	if len(ms) == 0 || ms[0][0] != 0 {
		return [2]int{}, false // not reached: a match starts at first
	}
	return [2]int{first, first + ms[0][1]}, true
}

// Contains reports whether text, folded, holds term (a term of Parse: folded,
// without breaks), folding only around the runes that need it (firstMatch).
func Contains(text, term string) bool {
	_, ok := firstMatch(text, Query{Terms: []string{term}})
	return ok
}

// unitsBack returns the byte offset n units before i: runes that fold to
// something (a rune folding to several counts as one, which only widens
// the reach).
func unitsBack(s string, i, n int) int {
	for n > 0 && i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
		if !vanishes(r) {
			n--
		}
	}
	return i
}

// unitsForward returns the byte offset n units after i.
func unitsForward(s string, i, n int) int {
	for n > 0 && i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if !vanishes(r) {
			n--
		}
	}
	return i
}

// vanishes reports whether r folds to nothing (brackets).
func vanishes(r rune) bool {
	var buf [8]rune
	return len(appendFold(buf[:0], r)) == 0
}

// spans cuts text[from:to] into marked and unmarked spans.
func spans(text string, from, to int, ms [][2]int) []domain.Span {
	var out []domain.Span
	at := from
	for _, m := range ms {
		s, e := max(m[0], from), min(m[1], to)
		if s >= e {
			continue
		}
		if s > at {
			out = append(out, domain.Span{Text: text[at:s]})
		}
		out = append(out, domain.Span{Text: text[s:e], Hit: true})
		at = e
	}
	if at < to {
		out = append(out, domain.Span{Text: text[at:to]})
	}
	return out
}

// back returns the byte offset n runes before i.
func back(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	return i
}

// forward returns the byte offset n runes after i.
func forward(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// clipped is spans of text[from:to] with "…" where it cuts text short.
func clipped(text string, from, to int, ms [][2]int) []domain.Span {
	out := spans(text, from, to, ms)
	if from > 0 {
		out = append([]domain.Span{{Text: "…"}}, out...)
	}
	if to < len(text) {
		out = append(out, domain.Span{Text: "…"})
	}
	return out
}
