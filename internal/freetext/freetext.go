// Package freetext tidies the free text people submit (names, addresses,
// descriptions) and makes text from elsewhere safe to print on a terminal.
//
// Normalize is applied to every text field of a submission before it is
// checked and sealed (internal/validate calls it): NFC, no characters a
// reader cannot see (zero-width spaces and joiners, the byte order mark,
// bidirectional controls such as U+202E), line breaks only in multi-line
// fields. What Normalize leaves and Invalid still finds (NUL, BEL, ESC and
// the other control characters) is refused.
//
// Escape and Writer are for output: a record stored at the hub may come
// from older software that checked less, so every command that prints
// submitted text writes it through them and a submitter can never send an
// escape sequence to a staff member's terminal.
package freetext

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as it should be stored: NFC; without format
// characters (Unicode category Cf: zero-width space, joiners, BOM, soft
// hyphen, bidirectional embeddings, overrides and isolates) and the
// invisible Hangul fillers; tabs as spaces; CR LF, CR and the Unicode line
// and paragraph separators as "\n" when multiline, else as a space; outer
// white space trimmed. Control characters other than these are left for
// Invalid to report.
func Normalize(s string, multiline bool) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			if multiline {
				return '\n'
			}
			return ' '
		case r == '\t':
			return ' '
		case removed(r):
			return -1
		}
		return r
	}, s)
	if multiline {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		s = strings.Join(lines, "\n")
	}
	return strings.TrimSpace(s)
}

// removed reports a character Normalize drops: nobody can see it, and it
// can hide or reorder what is seen.
func removed(r rune) bool {
	switch r {
	case '\u115f', '\u1160', '\u3164', '\uffa0': // Hangul fillers render as nothing
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// Invalid returns the first character of s that stored text must not
// hold, and its position (1-based, in characters): a control character
// (other than "\n" when multiline), a character Normalize removes, or a
// byte that is not UTF-8 (returned as utf8.RuneError). ok is false when
// there is none.
func Invalid(s string, multiline bool) (r rune, pos int, ok bool) {
	pos = 0
	for i, c := range s {
		pos++
		switch {
		case c == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return c, pos, true
			}
		case c == '\n' && multiline:
		case unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || removed(c):
			return c, pos, true
		}
	}
	return 0, 0, false
}

// Visible reports whether s has a character that shows: a letter, digit,
// punctuation or symbol, not only spaces, combining marks or variation
// selectors.
func Visible(s string) bool {
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.IsMark(r) && !removed(r) {
			return true
		}
	}
	return false
}

// Escape returns s with every character a terminal would act on, or that
// would hide or reorder text, written as an escape: C0 controls other
// than "\n" and "\t", DEL and bytes that are not UTF-8 as \xNN; C1
// controls, format characters (U+202E …) and line separators as \uNNNN
// (supplementary ones as a UTF-16 surrogate pair, so JSON output stays
// valid JSON). Everything else, Chinese included, is unchanged.
func Escape(s string) string { return string(appendEscaped(nil, []byte(s), true)) }

// EscapeLine is Escape for a value printed on one line: "\n", "\r" and
// "\t" are escaped too.
func EscapeLine(s string) string { return string(appendEscaped(nil, []byte(s), false)) }

// unsafe reports whether r must be escaped on a terminal.
func unsafe(r rune, layout bool) bool {
	if layout && (r == '\n' || r == '\t') {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || removed(r)
}

func appendEscaped(dst, s []byte, layout bool) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\x`...)
			dst = appendHex(dst, uint32(s[i]), 2)
		case !unsafe(r, layout):
			dst = append(dst, s[i:i+size]...)
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r < 0x80:
			dst = append(dst, `\x`...)
			dst = appendHex(dst, uint32(r), 2)
		case r <= 0xffff:
			dst = append(dst, `\u`...)
			dst = appendHex(dst, uint32(r), 4)
		default:
			r -= 0x10000
			dst = append(dst, `\u`...)
			dst = appendHex(dst, uint32(0xd800+(r>>10)), 4)
			dst = append(dst, `\u`...)
			dst = appendHex(dst, uint32(0xdc00+(r&0x3ff)), 4)
		}
		i += size
	}
	return dst
}

func appendHex(dst []byte, v uint32, width int) []byte {
	h := strconv.FormatUint(uint64(v), 16)
	for range width - len(h) {
		dst = append(dst, '0')
	}
	return append(dst, h...)
}

// Writer escapes everything written through it as Escape does. A
// character split across two writes is held until it is whole; Flush
// writes what is held at the end.
type Writer struct {
	w    io.Writer
	held []byte
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it. It reports len(p) written unless the
// underlying writer fails.
func (w *Writer) Write(p []byte) (int, error) {
	buf := append(w.held, p...)
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	out := appendEscaped(nil, buf[:cut], true)
	w.held = append([]byte(nil), buf[cut:]...)
	if _, err := w.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes of an unfinished character, escaped.
func (w *Writer) Flush() error {
	if len(w.held) == 0 {
		return nil
	}
	out := appendEscaped(nil, w.held, true)
	w.held = nil
	_, err := w.w.Write(out)
	return err
}

// EscapeAll replaces each writer *w with a Writer on it and returns a
// function that flushes them all, for a command that prints submitted
// text: EscapeAll(&env.Stdout, &env.Stderr) on its own copy of the
// streams.
func EscapeAll(ws ...*io.Writer) (flush func()) {
	var all []*Writer
	for _, w := range ws {
		ew := NewWriter(*w)
		*w = ew
		all = append(all, ew)
	}
	return func() {
		for _, w := range all {
			w.Flush()
		}
	}
}
