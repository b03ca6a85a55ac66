package protocol

import (
	"encoding/binary"
)

// jsonValue checks the JSON value at b[i:] (after optional whitespace) as
// json.Valid does and returns where it ends; ok is false if it is not one
// (or nests deeper than encoding/json allows). Strings are scanned eight
// bytes at a time for the only bytes that need a look (a quote, a
// backslash, a control character): a page is mostly the text of its
// documents, and encoding/json's byte-by-byte scanner was a twentieth of
// a kiosk's first sync. Like json.Valid it does not check UTF-8.
func jsonValue(b []byte, i int) (end int, ok bool) {
	// open holds, per level, whether the container is an object.
	var stack [64]bool
	open := stack[:0]
	i = skipSpace(b, i)
	for {
		// A value.
		if i >= len(b) {
			return 0, false
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			if len(open) >= maxJSONDepth {
				return 0, false
			}
			open = append(open, c == '{')
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' or ']': empty
				i++
				open = open[:len(open)-1]
				break
			}
			if c == '{' {
				if i = jsonKey(b, i); i < 0 {
					return 0, false
				}
			}
			continue
		case c == '"':
			if i = jsonString(b, i); i < 0 {
				return 0, false
			}
		case c == '-' || c >= '0' && c <= '9':
			if i = jsonNumber(b, i); i < 0 {
				return 0, false
			}
		case c == 't':
			if i = jsonLiteral(b, i, "true"); i < 0 {
				return 0, false
			}
		case c == 'f':
			if i = jsonLiteral(b, i, "false"); i < 0 {
				return 0, false
			}
		case c == 'n':
			if i = jsonLiteral(b, i, "null"); i < 0 {
				return 0, false
			}
		default:
			return 0, false
		}
		// After a value: the next member, or the ends of containers.
		for {
			if len(open) == 0 {
				return i, true
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return 0, false
			}
			obj := open[len(open)-1]
			if b[i] == ',' {
				i = skipSpace(b, i+1)
				if obj {
					if i = jsonKey(b, i); i < 0 {
						return 0, false
					}
				}
				break
			}
			if obj && b[i] != '}' || !obj && b[i] != ']' {
				return 0, false
			}
			i++
			open = open[:len(open)-1]
		}
	}
}

// maxJSONDepth is encoding/json's limit of nesting.
const maxJSONDepth = 10000

// jsonKey checks an object's key and its colon at b[i:] and returns the
// index of its value (after whitespace), or -1.
func jsonKey(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	if i = jsonString(b, i); i < 0 {
		return -1
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return -1
	}
	return skipSpace(b, i+1)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// SWAR masks: a word's bytes are each tested at once.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special reports whether any byte of w is a quote, a backslash or below
// 0x20 (bytes from 0x80 never are).
func special(w uint64) bool {
	q := w ^ ('"' * ones)
	s := w ^ ('\\' * ones)
	return ((q-ones)&^q|(s-ones)&^s|(w-0x20*ones)&^w)&highs != 0
}

// jsonString checks the string whose opening quote is at b[i] and returns
// the index after its closing quote, or -1.
func jsonString(b []byte, i int) int {
	i++
	for {
		for i+8 <= len(b) && !special(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		if i >= len(b) {
			return -1
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1
		case c < 0x20:
			return -1
		case c == '\\':
			if i+1 >= len(b) {
				return -1
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		default:
			i++
		}
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// jsonNumber checks the number at b[i] and returns the index after it, or
// -1.
func jsonNumber(b []byte, i int) int {
	if b[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return -1
		}
	}
	return i
}

// jsonLiteral checks that b continues with lit at i and returns the index
// after it, or -1.
func jsonLiteral(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}
