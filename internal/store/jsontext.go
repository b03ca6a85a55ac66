package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// bodyTextJSON returns the text of a stored document's body straight from
// its JSON, as bodyText would from the decoded blocks: every string in
// the "body" value except block kinds, joined by spaces. It is several
// times faster than json.Unmarshal, which matters when a results page
// needs 20 snippets. ok is false if the JSON is not what it expects.
func bodyTextJSON(data []byte) (text string, ok bool) {
	s := jscan{b: data}
	var out strings.Builder
	out.Grow(len(data)) // the body is most of the document
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
		switch c := s.b[i]; {
		case c < 0x20:
			return nil, false, false // not valid JSON
		case c == '\\':
			escaped = true
			i++
		case c == '"':
			s.i = i + 1
			return s.b[start:i], escaped, true
		}
	}
	return nil, false, false
}

// object reads an object, calling f with each key with the scanner at its
// value; f must consume the value.
func (s *jscan) object(f func(key []byte) bool) bool {
	return s.list('{', '}', func() bool {
		key, _, ok := s.str()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		return f(key)
	})
}

func (s *jscan) array(f func() bool) bool { return s.list('[', ']', f) }

// list reads an object or array, open to end, calling f at each member;
// f must consume it.
func (s *jscan) list(open, end byte, f func() bool) bool {
	if s.peek() != open {
		return false
	}
	s.i++
	if s.peek() == end {
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
		case end:
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
		if escaped {
			var text string
			quoted := make([]byte, 0, len(raw)+2)
			quoted = append(append(append(quoted, '"'), raw...), '"')
			if json.Unmarshal(quoted, &text) != nil {
				return false
			}
			raw = []byte(text)
		}
		if len(raw) > 0 { // written as it is: no string of its own
			if out.Len() > 0 {
				out.WriteByte(' ')
			}
			out.Write(raw)
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

// decodeDocument decodes a document's JSON like json.Unmarshal into a
// zero domain.Document, without reflection: indexing a large catalogue
// spends much of its time here. Anything it does not expect (another
// shape, a key in another case) makes it fall back to json.Unmarshal.
func decodeDocument(data []byte, d *domain.Document) error {
	s := jscan{b: data}
	if s.object(func(key []byte) bool { return s.documentField(string(key), d) }) && s.peek() == 0 {
		return nil
	}
	*d = domain.Document{}
	return json.Unmarshal(data, d)
}

func (s *jscan) documentField(key string, d *domain.Document) bool {
	switch key {
	case "id":
		return s.string(&d.ID)
	case "title":
		return s.string(&d.Title)
	case "index_no":
		return s.string(&d.IndexNo)
	case "issuer":
		return s.string(&d.Issuer)
	case "doc_no":
		return s.string(&d.DocNo)
	case "written":
		return s.string(&d.Written)
	case "published":
		return s.string(&d.Published)
	case "category_id":
		return s.string(&d.CategoryID)
	case "topic":
		return s.string(&d.Topic)
	case "disclosure":
		return s.string(&d.Disclosure)
	case "validity":
		return s.string(&d.Validity)
	case "interprets":
		return s.string(&d.Interprets)
	case "keywords":
		return s.strings(&d.Keywords)
	case "sample":
		return s.bool(&d.Sample)
	case "body":
		return s.blocks(&d.Body)
	case "attachments":
		return arrayOf(s, &d.Attachments, func(a *domain.Attachment) bool {
			return s.object(func(key []byte) bool {
				switch string(key) {
				case "name":
					return s.string(&a.Name)
				case "media_type":
					return s.string(&a.MediaType)
				case "sha256":
					return s.string(&a.SHA256)
				case "size":
					return s.int64(&a.Size)
				}
				return s.known(key)
			})
		})
	}
	return s.known([]byte(key))
}

func (s *jscan) blocks(dst *[]domain.Block) bool {
	return arrayOf(s, dst, func(b *domain.Block) bool {
		return s.object(func(key []byte) bool {
			switch string(key) {
			case "kind":
				return s.string(&b.Kind)
			case "level":
				var n int64
				ok := s.int64(&n)
				b.Level = int(n)
				return ok
			case "text":
				return s.string(&b.Text)
			case "ordered":
				return s.bool(&b.Ordered)
			case "items":
				return s.strings(&b.Items)
			case "rows":
				return arrayOf(s, &b.Rows, s.strings)
			}
			return s.known(key)
		})
	})
}

// arrayOf scans a JSON array into dst, each element with elem; null is a
// nil list and [] an empty one, as json.Unmarshal leaves them.
func arrayOf[T any](s *jscan, dst *[]T, elem func(*T) bool) bool {
	if s.null() {
		*dst = nil
		return true
	}
	*dst = []T{}
	return s.array(func() bool {
		var v T
		ok := elem(&v)
		*dst = append(*dst, v)
		return ok
	})
}

// known skips the value of a key this decoder does not use, unless the
// key could be one it uses written in another case, which json.Unmarshal
// would accept: then decoding falls back.
func (s *jscan) known(key []byte) bool {
	for _, c := range key {
		if c >= 'A' && c <= 'Z' || c >= 0x80 || c == '\\' {
			return false
		}
	}
	return s.skip()
}

func (s *jscan) null() bool {
	if s.peek() == 'n' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

func (s *jscan) string(dst *string) bool {
	if s.null() {
		return true
	}
	raw, escaped, ok := s.str()
	if !ok {
		return false
	}
	if !escaped && utf8.Valid(raw) {
		*dst = string(raw)
		return true
	}
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	return json.Unmarshal(quoted, dst) == nil
}

func (s *jscan) strings(dst *[]string) bool { return arrayOf(s, dst, s.string) }

func (s *jscan) bool(dst *bool) bool {
	switch {
	case s.null():
		return true
	case s.peek() == 't' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "true":
		*dst, s.i = true, s.i+4
		return true
	case s.peek() == 'f' && len(s.b)-s.i >= 5 && string(s.b[s.i:s.i+5]) == "false":
		*dst, s.i = false, s.i+5
		return true
	}
	return false
}

func (s *jscan) int64(dst *int64) bool {
	if s.null() {
		return true
	}
	s.ws()
	start := s.i
	if !s.skip() {
		return false
	}
	n, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	*dst = n
	return err == nil
}
