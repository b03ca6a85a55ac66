// Package validate checks what a person types into a form: 居民身份证
// numbers (GB 11643), 统一社会信用代码 (GB 32100), mobile and landline
// numbers, postal codes, e-mail addresses, required fields and lengths.
//
// Every failure is a *domain.Error with code domain.EINVALID and a Chinese
// message that tells the person what to fix, ready to show next to the
// field. The one exception to "invalid means reject" is
// ErrCreditCodeChecksum: some early, genuine credit codes fail the
// checksum, so the form warns and lets the person confirm (IsWarning).
//
// Input is normalised first (Normalize...): full-width digits and letters
// from a Chinese input method become ASCII, spaces and dashes a person
// types for readability are dropped, and a lower-case x becomes X. Free
// text (names, addresses, descriptions) goes through NormalizeText
// (NormalizeFields for a whole form) and Text (CheckText), which drop the
// characters nobody can see and refuse control characters. Store the
// normalised form.
package validate

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"gongkai/internal/domain"
	"gongkai/internal/freetext"
)

// invalid returns a *domain.Error with code EINVALID.
func invalid(format string, args ...any) *domain.Error {
	return domain.Errorf(domain.EINVALID, format, args...)
}

// IsWarning reports whether err only warns: the person may confirm the
// value and go on. Today that is a credit-code checksum failure.
func IsWarning(err error) bool { return errors.Is(err, ErrCreditCodeChecksum) }

// fold turns full-width characters into their ASCII forms and removes
// white space (including the ideographic space U+3000) and the given
// separator runes.
func fold(s string, drop string) string {
	s = width.Narrow.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune(drop, r) {
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Required reports an empty value of the field named field, or one with
// nothing that shows (only spaces or invisible characters), e.g.
// Required("姓名", s) -> "请填写姓名".
func Required(field, s string) error {
	if !freetext.Visible(s) {
		return invalid("请填写%s", field)
	}
	return nil
}

// MaxLen reports a value longer than n characters (runes, so a Chinese
// character counts as one), e.g. "通信地址不能超过100个字（现在是123个字），请精简".
func MaxLen(field, s string, n int) error {
	if c := utf8.RuneCountInString(s); c > n {
		return invalid("%s不能超过%d个字（现在是%d个字），请精简", field, n, c)
	}
	return nil
}

// NormalizePostalCode returns s without spaces, with ASCII digits.
func NormalizePostalCode(s string) string { return fold(s, "-") }

// PostalCode checks a 6-digit postal code (邮政编码).
func PostalCode(s string) error {
	s = NormalizePostalCode(s)
	switch {
	case s == "":
		return invalid("请填写邮政编码")
	case !allDigits(s) || len(s) != 6:
		return invalid("邮政编码应为6位数字，例如 252300，请核对")
	}
	return nil
}

// NormalizeEmail returns s trimmed, with full-width characters (＠, ．)
// made ASCII.
func NormalizeEmail(s string) string { return fold(s, "") }

// Email checks the shape of an e-mail address: something@domain.tld, with
// no spaces. It cannot know whether the mailbox exists.
func Email(s string) error {
	s = NormalizeEmail(s)
	if s == "" {
		return invalid("请填写电子邮箱")
	}
	bad := invalid("电子邮箱格式不正确，应类似 name@example.com，请核对")
	local, domainPart, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domainPart, "@") || len(s) > 254 || len(local) > 64 {
		return bad
	}
	for _, r := range local {
		if r > unicode.MaxASCII || r < '!' || strings.ContainsRune(`"(),:;<>[\]`, r) {
			return bad
		}
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return bad
	}
	labels := strings.Split(domainPart, ".")
	if len(labels) < 2 {
		return bad
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return bad
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return bad
			}
		}
	}
	if tld := labels[len(labels)-1]; allDigits(tld) {
		return bad
	}
	return nil
}

// FieldErrors maps a form field's key to what is wrong with it, for the
// UI to show next to each field. A nil or empty FieldErrors is no error;
// use Err to return one as an error.
type FieldErrors map[string]*domain.Error

// Add records err for field when err is not nil. A non-domain error is
// recorded with a generic message so a Go error string never reaches a
// visitor. The first error for a field wins: checks run from the most
// basic (required) to the most specific.
func (fe FieldErrors) Add(field string, err error) {
	if err == nil {
		return
	}
	if _, dup := fe[field]; dup {
		return
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		de = invalid("%s填写有误，请核对", field)
	}
	fe[field] = de
}

// Err returns fe as an error, or nil when it holds nothing.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Fields returns the keys with errors, sorted.
func (fe FieldErrors) Fields() []string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// OnlyWarnings reports whether every error in fe is a warning the person
// may confirm (IsWarning).
func (fe FieldErrors) OnlyWarnings() bool {
	for _, e := range fe {
		if !IsWarning(e) {
			return false
		}
	}
	return len(fe) > 0
}

// Error lists the fields and messages, in field order; it is for logs and
// staff tools. FieldErrors never contains the values typed.
func (fe FieldErrors) Error() string {
	var b strings.Builder
	for i, k := range fe.Fields() {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", k, fe[k].Message)
	}
	return b.String()
}

// Unwrap lets errors.As find the field errors' *domain.Error values, so
// domain.ErrorCode(fe) is "invalid" and domain.ErrorMessage(fe) is the
// first field's message.
func (fe FieldErrors) Unwrap() []error {
	errs := make([]error, 0, len(fe))
	for _, k := range fe.Fields() {
		errs = append(errs, fe[k])
	}
	return errs
}
