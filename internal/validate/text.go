package validate

import (
	"fmt"
	"reflect"
	"strings"

	"gongkai/internal/freetext"
)

// NormalizeText returns free text as it should be stored
// (freetext.Normalize): NFC, without invisible and bidirectional control
// characters, line breaks only when multiline.
func NormalizeText(s string, multiline bool) string { return freetext.Normalize(s, multiline) }

// Text reports a control character left in free text after NormalizeText
// (NUL, BEL, ESC, …; a line break where only one line is allowed).
func Text(s string, multiline bool) error {
	r, pos, ok := freetext.Invalid(s, multiline)
	if !ok {
		return nil
	}
	if r == '\n' {
		return invalid("此处只能填写一行，请删除换行")
	}
	return invalid("第%d个字符是不可见的控制字符（%s），请删除后重新填写", pos, describeRune(r))
}

func describeRune(r rune) string {
	if r < 0x80 {
		return fmt.Sprintf("0x%02X", r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// NormalizeFields applies NormalizeText to every string and []string
// field of the struct v points to (nested structs included), so no text
// field of a submission is forgotten. A field tagged `text:"multiline"`
// keeps its line breaks; empty list entries are kept for the form's own
// checks to report.
func NormalizeFields(v any) {
	eachText(reflect.ValueOf(v), "", func(_ string, f reflect.Value, multiline bool) {
		f.SetString(NormalizeText(f.String(), multiline))
	})
}

// CheckText adds, for every string and []string field of the struct v
// points to, the control characters Text finds, keyed by the field's JSON
// name. Call it first in Validate: it is the most basic error of a field.
func (fe FieldErrors) CheckText(v any) {
	eachText(reflect.ValueOf(v), "", func(key string, f reflect.Value, multiline bool) {
		fe.Add(key, Text(f.String(), multiline))
	})
}

// eachText calls fn for each settable string in v's struct fields and
// string slices, with the field's JSON key.
func eachText(v reflect.Value, prefix string, fn func(key string, f reflect.Value, multiline bool)) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		key, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if key == "-" {
			continue
		}
		if key == "" {
			key = sf.Name
		}
		key = prefix + key
		multiline := sf.Tag.Get("text") == "multiline"
		f := v.Field(i)
		switch {
		case f.Kind() == reflect.String:
			fn(key, f, multiline)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			for j := range f.Len() {
				fn(key, f.Index(j), multiline)
			}
		case f.Kind() == reflect.Struct || f.Kind() == reflect.Pointer:
			eachText(f, key+".", fn)
		}
	}
}
