package protocol

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// decodePage decodes b into p if it is valid JSON of exactly the form
// EncodePage writes (a hub's page), and reports whether it did; for any
// other form, and for anything that is not valid JSON, the caller uses
// json.Unmarshal, which gives the same page or refuses it. encoding/json's
// reflection, its copy of every change's data and its validation were a
// large part of a kiosk's first sync; here each change's Data is a slice
// of b, checked as it is found (jsonValue).
func decodePage(b []byte, p *Page) bool {
	d := pageDecoder{b: b}
	var q Page
	ok := d.lit(`{"protocol":`) && d.str(&q.Protocol) && d.lit(`,"key_id":`) && d.str(&q.KeyID) &&
		d.lit(`,"from":`) && d.int(&q.From) && d.lit(`,"to":`) && d.int(&q.To) && d.lit(`,"changes":[`)
	if !ok {
		return false
	}
	q.Changes = []domain.Change{}
	for i := 0; !d.lit(`]`); i++ {
		if i > 0 && !d.lit(`,`) {
			return false
		}
		var c domain.Change
		if !(d.lit(`{"v":`) && d.int(&c.Version) && d.lit(`,"kind":`) && d.str(&c.Kind) && d.lit(`,"id":`) && d.str(&c.ID)) {
			return false
		}
		c.Deleted = d.lit(`,"deleted":true`)
		if d.lit(`,"data":`) {
			if c.Data = d.object(); c.Data == nil {
				return false
			}
		}
		if !d.lit(`}`) {
			return false
		}
		q.Changes = append(q.Changes, c)
	}
	if !d.lit(`,"more":`) {
		return false
	}
	switch {
	case d.lit(`true}`):
		q.More = true
	case d.lit(`false}`):
	default:
		return false
	}
	if d.i != len(b) {
		return false
	}
	*p = q
	return true
}

type pageDecoder struct {
	b []byte
	i int
}

// lit consumes s if the input continues with it.
func (d *pageDecoder) lit(s string) bool {
	if len(d.b)-d.i < len(s) || string(d.b[d.i:d.i+len(s)]) != s {
		return false
	}
	d.i += len(s)
	return true
}

// str reads a string without escapes or control characters in valid
// UTF-8 (as EncodePage writes ids and names; anything else is left to
// encoding/json).
func (d *pageDecoder) str(v *string) bool {
	if !d.lit(`"`) {
		return false
	}
	n := bytes.IndexAny(d.b[d.i:], "\"\\")
	if n < 0 || d.b[d.i+n] != '"' || !utf8.Valid(d.b[d.i:d.i+n]) || hasControl(d.b[d.i:d.i+n]) {
		return false
	}
	*v = string(d.b[d.i : d.i+n])
	d.i += n + 1
	return true
}

// int reads an integer of digits (and a minus sign), as JSON writes it.
func (d *pageDecoder) int(v *int64) bool {
	j := d.i
	if j < len(d.b) && d.b[j] == '-' {
		j++
	}
	digits := j
	for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
		j++
	}
	if j-digits > 1 && d.b[digits] == '0' {
		return false // a leading zero: not JSON
	}
	n, err := strconv.ParseInt(string(d.b[d.i:j]), 10, 64)
	if err != nil || j < len(d.b) && (d.b[j] == '.' || d.b[j] == 'e' || d.b[j] == 'E') {
		return false
	}
	*v, d.i = n, j
	return true
}

// object returns the JSON object at the input's position, or nil if there
// is none (or it is not valid JSON).
func (d *pageDecoder) object() []byte {
	start := d.i
	if start >= len(d.b) || d.b[start] != '{' {
		return nil
	}
	end, ok := jsonValue(d.b, start)
	if !ok {
		return nil
	}
	d.i = end
	return d.b[start:end]
}

// hasControl reports whether b holds a byte below 0x20, which JSON
// strings must escape.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}
