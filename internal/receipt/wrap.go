package receipt

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line breaking for Chinese text mixed with Latin words and numbers.
//
// Chinese may break between any two characters, but a run of Latin letters,
// digits and ASCII punctuation (a word, a number, a URL, a document number
// such as 2021-00012) stays together unless it alone is wider than the line.
// The usual Chinese rules (禁则) keep closing punctuation off the start of a
// line and opening punctuation off its end.

// noStart are characters that must not begin a line.
const noStart = "，。、；：？！）》」』”’】〕〉…—·％,.;:!?)]}%"

// noEnd are characters that must not end a line.
const noEnd = "（《「『“‘【〔〈([{"

// isWide reports whether r is a character a line may break before and after
// (Han, kana, Hangul, full-width forms and CJK punctuation).
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) || // full-width forms
		(r >= 0x2010 && r <= 0x206F) // general punctuation: quotes, dashes, ellipsis
}

// tokens splits text into unbreakable pieces: one wide character, one run
// of other non-space characters, or one run of spaces. Punctuation is then
// glued to its neighbour as the 禁则 require.
func tokens(text string) []string {
	var raw []string
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		j := i + n
		switch {
		case unicode.IsSpace(r):
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		case !isWide(r):
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsSpace(r2) || isWide(r2) {
					break
				}
				j += n2
			}
		}
		raw = append(raw, text[i:j])
		i = j
	}
	var out []string
	glueNext := false
	for _, t := range raw {
		first, _ := utf8.DecodeRuneInString(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		space := unicode.IsSpace(first)
		switch {
		case len(out) > 0 && glueNext && !space:
			out[len(out)-1] += t
		case len(out) > 0 && !space && strings.ContainsRune(noStart, first) && !isSpaceToken(out[len(out)-1]):
			out[len(out)-1] += t
		default:
			out = append(out, t)
		}
		glueNext = !space && strings.ContainsRune(noEnd, last)
	}
	return out
}

func isSpaceToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsSpace(r)
}

// wrap breaks text into lines no wider than maxW as measured by width.
// Each "\n" starts a new line; spaces at a break are dropped. A token wider
// than a whole line is broken between characters.
func wrap(text string, maxW float64, width func(string) float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapPara(para, func(int) float64 { return maxW }, width)...)
	}
	return lines
}

// wrapIndent is wrap for one paragraph whose first line is firstW wide and
// the others restW: a first-line indent or a hanging one.
func wrapIndent(text string, firstW, restW float64, width func(string) float64) []string {
	text = strings.ReplaceAll(text, "\n", " ")
	return wrapPara(text, func(i int) float64 {
		if i == 0 {
			return firstW
		}
		return restW
	}, width)
}

// wrapPara breaks one paragraph; line i may be maxW(i) wide.
func wrapPara(text string, maxW func(i int) float64, width func(string) float64) []string {
	var lines []string
	var cur strings.Builder
	curW := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRightFunc(cur.String(), unicode.IsSpace))
		cur.Reset()
		curW = 0
	}
	for _, t := range tokens(text) {
		if isSpaceToken(t) {
			if cur.Len() > 0 {
				cur.WriteString(t)
				curW += width(t)
			}
			continue
		}
		w := width(t)
		if cur.Len() > 0 && curW+w > maxW(len(lines)) {
			flush()
		}
		if w <= maxW(len(lines)) {
			cur.WriteString(t)
			curW += w
			continue
		}
		// Wider than a line on its own: break between characters.
		for _, r := range t {
			rw := width(string(r))
			if cur.Len() > 0 && curW+rw > maxW(len(lines)) {
				flush()
			}
			cur.WriteRune(r)
			curW += rw
		}
	}
	if cur.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}
