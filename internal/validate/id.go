package validate

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
)

// NormalizeIDNumber returns a 居民身份证 number as it should be stored:
// ASCII digits, an upper-case X, no spaces or dashes.
func NormalizeIDNumber(s string) string {
	return strings.ToUpper(fold(s, "-"))
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// MaxAge is the oldest a holder of a 居民身份证 can plausibly be, in years.
const MaxAge = 150

// IDNumber checks an 18-character 居民身份证 number (GB 11643-1999): 17
// digits, a check character computed from them, and digits 7-14 a real
// birth date (YYYYMMDD; years before 1900 exist) that is not after today
// nor more than MaxAge years before it. Today is the date of now in
// Beijing: pass the injected clock, never time.Now(). The 15-digit numbers
// of the first-generation cards are no longer valid and are refused.
func IDNumber(s string, now time.Time) error {
	s = NormalizeIDNumber(s)
	switch {
	case s == "":
		return invalid("请填写身份证号码")
	case len(s) == 15 && allDigits(s):
		return invalid("请填写18位的身份证号码（15位的一代身份证号码已停止使用）")
	case utf8.RuneCountInString(s) != 18:
		return invalid("身份证号码应为18位，现在是%d位，请核对", utf8.RuneCountInString(s))
	case len(s) != 18 || !allDigits(s[:17]) || !(allDigits(s[17:]) || s[17] == 'X'):
		return invalid("身份证号码前17位应为数字，最后一位为数字或X，请核对")
	}
	born, err := time.Parse("20060102", s[6:14])
	if err != nil || s[6:8] < "18" {
		return invalid("身份证号码第7至14位应为出生日期（年月日），请核对")
	}
	today := calendar.Today(now).Time(time.UTC)
	switch {
	case born.After(today):
		return invalid("身份证号码中的出生日期（%s）晚于今天，请核对第7至14位", born.Format("2006年1月2日"))
	case born.Before(today.AddDate(-MaxAge, 0, 0)):
		return invalid("身份证号码中的出生日期（%s）距今超过%d年，请核对第7至14位", born.Format("2006年1月2日"), MaxAge)
	}
	if s[17] != IDCheckChar(s[:17]) {
		return invalid("身份证号码校验位不正确，请逐位核对，特别是最后一位")
	}
	return nil
}

// IDCheckChar returns the GB 11643 check character of the first 17 digits
// of an ID number (which must be ASCII digits).
func IDCheckChar(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// creditAlphabet is GB 32100's character set: the digits and the capital
// letters without I, O, Z, S, V; a character's value is its index.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ErrCreditCodeChecksum is CreditCode's warning that a well-formed code
// fails the GB 32100 checksum. Some early codes really do, so the form
// must ask the person to confirm rather than refuse (errors.Is, IsWarning).
var ErrCreditCodeChecksum = &domain.Error{
	Code:    domain.EINVALID,
	Message: "统一社会信用代码校验不通过，请逐位核对；如与营业执照上的完全一致，请选择“确认无误”后继续",
}

// NormalizeCreditCode returns a 统一社会信用代码 as it should be stored:
// upper case ASCII, no spaces or dashes.
func NormalizeCreditCode(s string) string {
	return strings.ToUpper(fold(s, "-"))
}

// CreditCode checks an 18-character 统一社会信用代码 (GB 32100-2015). A
// wrong length, a character outside the code's alphabet or a non-numeric
// region code (characters 3-8) is a hard error; a checksum failure alone
// returns ErrCreditCodeChecksum, a warning.
func CreditCode(s string) error {
	s = NormalizeCreditCode(s)
	switch {
	case s == "":
		return invalid("请填写统一社会信用代码")
	case utf8.RuneCountInString(s) != 18:
		return invalid("统一社会信用代码应为18位，现在是%d位，请核对", utf8.RuneCountInString(s))
	}
	for i, r := range []rune(s) {
		if r > unicode.MaxASCII || strings.IndexByte(creditAlphabet, byte(r)) < 0 {
			return invalid("统一社会信用代码第%d位“%c”不是有效字符（只含数字和除 I、O、Z、S、V 以外的大写字母），请核对", i+1, r)
		}
	}
	if !allDigits(s[2:8]) {
		return invalid("统一社会信用代码第3至8位应为行政区划代码（数字），请核对")
	}
	if s[17] != CreditCheckChar(s[:17]) {
		return ErrCreditCodeChecksum
	}
	return nil
}

// CreditCheckChar returns the GB 32100 check character of the first 17
// characters of a credit code (which must be in the code's alphabet).
func CreditCheckChar(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(creditAlphabet, first17[i]) * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// GroupIDNumber writes an 18-character 居民身份证 number in the groups it
// is read in: the region (6), the birth date (8) and the rest (4), e.g.
// "110105 19491231 002X". Anything else comes back normalised, ungrouped.
// A number being typed is grouped as far as it goes.
func GroupIDNumber(s string) string {
	n := NormalizeIDNumber(s)
	body := strings.TrimSuffix(n, "X")
	if len(n) > 18 || len(body) < len(n) && len(n) != 18 || strings.ContainsFunc(body, func(r rune) bool { return r < '0' || r > '9' }) {
		return n // not the shape of a 居民身份证 number: a passport, a permit
	}
	var parts []string
	for _, size := range []int{6, 8, 4} {
		if len(n) == 0 {
			break
		}
		k := min(size, len(n))
		parts, n = append(parts, n[:k]), n[k:]
	}
	return strings.Join(parts, " ")
}

// MaskIDNumber hides a 居民身份证 number's birth date and sequence on a
// public screen, keeping the region's first four and the last four
// characters, grouped: "1101 ********** 002X". Shorter numbers keep only
// their last two characters.
func MaskIDNumber(s string) string {
	n := []rune(NormalizeIDNumber(s))
	switch {
	case len(n) == 0:
		return ""
	case len(n) < 10:
		if len(n) <= 2 {
			return strings.Repeat("*", len(n))
		}
		return strings.Repeat("*", len(n)-2) + string(n[len(n)-2:])
	}
	return string(n[:4]) + " " + strings.Repeat("*", len(n)-8) + " " + string(n[len(n)-4:])
}
