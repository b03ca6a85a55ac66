package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// plain removes inline Markdown marks from s and keeps the text: paired
// '*' runs (emphasis), backtick code spans (their content verbatim) and
// backslash escapes. A '*' without a partner stays, so "5 * 3" and "※"
// survive. Pairing is looser than CommonMark's flanking rules on purpose:
// those rules fail on Chinese text such as **“双减”**政策.
func plain(s string) string {
	if !strings.ContainsAny(s, "*`\\") {
		return s
	}
	type seg struct {
		text       string
		star       bool // a run of '*'
		open, shut bool // a star run that may open / close emphasis
		drop       bool
	}
	var segs []seg
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			segs = append(segs, seg{text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			text.WriteByte(s[i+1])
			i += 2
		case c == '`':
			n := runLen(s, i, '`')
			if end := closingTicks(s, i+n, n); end >= 0 {
				code := s[i+n : end]
				if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
					code = code[1 : len(code)-1]
				}
				text.WriteString(code)
				i = end + n
			} else {
				text.WriteString(s[i : i+n])
				i += n
			}
		case c == '*':
			n := runLen(s, i, '*')
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			flush()
			segs = append(segs, seg{
				text: s[i : i+n], star: true,
				open: i+n < len(s) && !unicode.IsSpace(after),
				shut: i > 0 && !unicode.IsSpace(before),
			})
			i += n
		default:
			text.WriteByte(c)
			i++
		}
	}
	flush()

	var openers []int // indexes of star runs that may still open
	for k := range segs {
		sg := &segs[k]
		if !sg.star {
			continue
		}
		if sg.shut && len(openers) > 0 {
			o := openers[len(openers)-1]
			openers = openers[:len(openers)-1]
			segs[o].drop, sg.drop = true, true
			continue
		}
		if sg.open {
			openers = append(openers, k)
		}
	}
	var b strings.Builder
	for _, sg := range segs {
		if !sg.drop {
			b.WriteString(sg.text)
		}
	}
	return b.String()
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingTicks finds the next run of exactly n backticks at or after i.
func closingTicks(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := runLen(s, j, '`')
		if m == n {
			return j
		}
		i = j + m
	}
	return -1
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
