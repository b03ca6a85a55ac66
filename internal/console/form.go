package console

import (
	"net/url"
	"strings"

	"gongkai/internal/validate"
)

// form is a posted form shown again with its values and the message of
// each field in error.
type form struct {
	Values url.Values
	Errs   validate.FieldErrors
}

// Get is a field's value.
func (f form) Get(key string) string { return f.Values.Get(key) }

// Err is the message for one field, "" when it is fine.
func (f form) Err(key string) string {
	if e := f.Errs[key]; e != nil {
		return e.Message
	}
	return ""
}

// Has reports whether a multi-valued field holds v.
func (f form) Has(key, v string) bool { return contains(f.Values[key], v) }

// trimmed returns a posted field without surrounding space.
func trimmed(v url.Values, key string) string { return strings.TrimSpace(v.Get(key)) }
