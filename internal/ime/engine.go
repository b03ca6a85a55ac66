package ime

import (
	"math"
	"sort"
	"strings"
)

// PageSize is the number of candidates the on-screen keyboard shows at
// once; tests speak of "the first page" in these units.
const PageSize = 9

// Candidate is one conversion the keyboard can offer: Text replaces the
// first Consumed letters of the input (all of it for a whole match, less
// for a word or character that covers only the beginning).
type Candidate struct {
	Text     string
	Consumed int
}

// Candidates returns the top n conversions of input, lower-case pinyin
// letters (full syllables, abbreviations such as "xxgk", or a mix, with v
// for ü), best first; n <= 0 returns them all. It is Lookup without the
// consumed counts.
func (e *Engine) Candidates(input string, n int) []string {
	cs := e.Lookup(input, n)
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

// wordBoost ranks a multi-syllable word that matches the whole input
// against single characters matching it too (xian: 西安 among 县, 先, 现):
// a word's corpus frequency is much lower than a character's, yet a
// person who typed two syllables usually means the word.
const wordBoost = 8

// Lookup returns the top n candidates for input (all when n <= 0):
//  1. the best composed sentence, when no single word covers the input;
//  2. words and characters covering all of the input, by frequency;
//  3. words covering a beginning of it, longest beginning first, down to
//     the characters of the first syllable.
//
// A single syllable's list thus holds every character with that reading.
func (e *Engine) Lookup(input string, n int) []Candidate {
	input = normalize(input)
	segs := e.segment(input)
	if len(segs) == 0 {
		return nil
	}
	top := segs[0]
	var alts []segmentation
	for _, s := range segs {
		if s.raws == top.raws && s.partials == top.partials && len(s.pieces) <= len(top.pieces)+1 {
			alts = append(alts, s)
		}
	}

	type scored struct {
		Candidate
		score float64
		order int
	}
	var whole, prefix []scored
	done := map[string]bool{} // piece sequences already looked up
	for _, s := range alts {
		letters := 0
		ends := make([]int, len(s.pieces))
		for i, p := range s.pieces {
			letters += len(p.text)
			ends[i] = letters
		}
		for k := len(s.pieces); k >= 1; k-- {
			key := pieceKey(s.pieces[:k])
			if done[key] {
				continue
			}
			done[key] = true
			isWhole := ends[k-1] == len(input)
			e.scan(s.pieces[:k], func(i int) bool {
				c := scored{Candidate: Candidate{Text: e.entryText(i), Consumed: ends[k-1]}, score: float64(e.freq[i]), order: i}
				if isWhole {
					if k > 1 {
						c.score *= wordBoost
					}
					whole = append(whole, c)
				} else {
					prefix = append(prefix, c)
				}
				return true
			})
		}
	}
	sort.SliceStable(whole, func(i, j int) bool {
		if whole[i].score != whole[j].score {
			return whole[i].score > whole[j].score
		}
		return whole[i].order < whole[j].order
	})
	sort.SliceStable(prefix, func(i, j int) bool {
		a, b := prefix[i], prefix[j]
		if a.Consumed != b.Consumed {
			return a.Consumed > b.Consumed
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.order < b.order
	})

	var out []Candidate
	seen := map[string]bool{}
	add := func(c Candidate) bool {
		if seen[c.Text] {
			return true
		}
		seen[c.Text] = true
		out = append(out, c)
		return n <= 0 || len(out) < n
	}
	if len(top.pieces) > 1 {
		if text, words := e.compose(top.pieces); words > 1 && !add(Candidate{Text: text, Consumed: len(input)}) {
			return out
		}
	}
	for _, c := range whole {
		if !add(c.Candidate) {
			return out
		}
	}
	for _, c := range prefix {
		if !add(c.Candidate) {
			return out
		}
	}
	return out
}

func pieceKey(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text)
		b.WriteByte('\'')
	}
	return b.String()
}

func (e *Engine) entryText(i int) string { return e.text[e.textOff[i]:e.textOff[i+1]] }

// scan calls fn, in dictionary order (descending frequency), for every
// entry whose syllables match pieces one to one, until fn returns false.
// Entries are sorted by the first letters of their syllables, so a binary
// search finds the only run that can match.
func (e *Engine) scan(pieces []piece, fn func(i int) bool) {
	key := make([]byte, len(pieces))
	for i, p := range pieces {
		if p.raw {
			return
		}
		key[i] = p.text[0]
	}
	n := len(e.freq)
	lo := sort.Search(n, func(i int) bool { return e.compareInitials(i, key) >= 0 })
	for i := lo; i < n && e.compareInitials(i, key) == 0; i++ {
		ids := e.syls[e.sylOff[i]:e.sylOff[i+1]]
		ok := true
		for j, id := range ids {
			if !pieces[j].set.has(id) {
				ok = false
				break
			}
		}
		if ok && !fn(i) {
			return
		}
	}
}

// compareInitials compares entry i's first letters with key.
func (e *Engine) compareInitials(i int, key []byte) int {
	ids := e.syls[e.sylOff[i]:e.sylOff[i+1]]
	for j, id := range ids {
		if j == len(key) {
			return 1
		}
		if c := e.first[id]; c != key[j] {
			if c < key[j] {
				return -1
			}
			return 1
		}
	}
	if len(ids) < len(key) {
		return -1
	}
	return 0
}

// maxWordLen bounds the words composition tries (in syllables).
const maxWordLen = 8

// corpus approximates the total frequency mass, turning frequencies into
// log probabilities so that fewer, longer words beat many short ones.
const corpus = 1e8

// compose returns the most probable sentence for pieces (a Viterbi search
// over the best word of every span) and how many words it uses; "" when
// some piece cannot be read.
func (e *Engine) compose(pieces []piece) (string, int) {
	m := len(pieces)
	score := make([]float64, m+1)
	from := make([]int, m+1)
	word := make([]string, m+1)
	for i := 1; i <= m; i++ {
		score[i] = math.Inf(-1)
	}
	for i := 0; i < m; i++ {
		if math.IsInf(score[i], -1) {
			continue
		}
		for j := i + 1; j <= m && j-i <= maxWordLen; j++ {
			e.scan(pieces[i:j], func(k int) bool {
				s := score[i] + math.Log(float64(e.freq[k])+1) - math.Log(corpus)
				if s > score[j] {
					score[j], from[j], word[j] = s, i, e.entryText(k)
				}
				return false // the first match is the most frequent
			})
		}
	}
	if math.IsInf(score[m], -1) {
		return "", 0
	}
	var parts []string
	for j := m; j > 0; j = from[j] {
		parts = append(parts, word[j])
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String(), len(parts)
}
