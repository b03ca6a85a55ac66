package store

import (
	"bytes"
	"encoding/json"
	"strings"
)

// bodyTextJSON returns the text of a stored document's body straight from
// its JSON, as bodyText would from the decoded blocks: every string in
// the "body" value except block kinds, joined by spaces. It is several
// times faster than json.Unmarshal, which matters when a results page
// needs 20 snippets. ok is false if the JSON is not what it expects.
func bodyTextJSON(data []byte) (text string, ok bool) {
	s := jscan{b: data}
	var out strings.Builder
	if !s.object(func(key []byte) bool {
		if string(key) != "body" {
			return s.skip()
		}
		ok = s.collect(&out)
		return ok
	}) {
		return "", false
	}
	return out.String(), ok
}

type jscan struct {
	b []byte
	i int
}

func (s *jscan) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *jscan) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// str reads a string and returns its raw contents and whether it has
// escapes.
func (s *jscan) str() (raw []byte, escaped, ok bool) {
	if s.peek() != '"' {
		return nil, false, false
	}
	start := s.i + 1
	for i := start; i < len(s.b); i++ {
		switch s.b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			s.i = i + 1
			return s.b[start:i], escaped, true
		}
	}
	return nil, false, false
}

// object reads an object, calling f with each key with the scanner at its
// value; f must consume the value.
func (s *jscan) object(f func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		key, _, ok := s.str()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		if !f(key) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

func (s *jscan) array(f func() bool) bool {
	if s.peek() != '[' {
		return false
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		if !f() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// skip consumes any value.
func (s *jscan) skip() bool {
	switch c := s.peek(); {
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == '{':
		return s.object(func([]byte) bool { return s.skip() })
	case c == '[':
		return s.array(s.skip)
	case c == 0:
		return false
	default: // number, true, false, null
		for s.i < len(s.b) && !bytes.ContainsRune([]byte(",]} \t\n\r"), rune(s.b[s.i])) {
			s.i++
		}
		return true
	}
}

// collect appends every string in a value, except "kind" values.
func (s *jscan) collect(out *strings.Builder) bool {
	switch s.peek() {
	case '"':
		raw, escaped, ok := s.str()
		if !ok {
			return false
		}
		text := string(raw)
		if escaped {
			quoted := make([]byte, 0, len(raw)+2)
			quoted = append(append(append(quoted, '"'), raw...), '"')
			if json.Unmarshal(quoted, &text) != nil {
				return false
			}
		}
		if text != "" {
			if out.Len() > 0 {
				out.WriteByte(' ')
			}
			out.WriteString(text)
		}
		return true
	case '{':
		return s.object(func(key []byte) bool {
			if string(key) == "kind" {
				return s.skip()
			}
			return s.collect(out)
		})
	case '[':
		return s.array(func() bool { return s.collect(out) })
	}
	return s.skip()
}
