package tracking

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/width"

	"gongkai/internal/domain"
)

// CodeDigits is the length of a verification code: digits only, so the
// visitors who most need the progress look-up type it on a plain numeric
// keypad (issue 13), and eight of them so it is as hard to guess (26.6
// bits) as the letter codes it replaces were nearly (30 bits).
const CodeDigits = 8

// LegacyCodeAlphabet and LegacyCodeLen are the verification codes of
// receipts printed before codes became digits: 6 characters, digits 2-9
// and capital letters without I and O. They still verify (VerifyCode
// hashes whatever was issued) and still pass CheckCode.
const (
	LegacyCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	LegacyCodeLen      = 6
)

// NewVerificationCode returns a fresh verification code of CodeDigits
// digits read from rand (crypto/rand.Reader in production), without bias.
// It panics if rand fails: a kiosk whose random source is broken must not
// issue guessable codes.
func NewVerificationCode(rand io.Reader) string {
	out := make([]byte, 0, CodeDigits)
	var b [1]byte
	for len(out) < CodeDigits {
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			panic(fmt.Sprintf("tracking: random source failed: %v", err))
		}
		if b[0] >= 250 { // 250 = 25×10: reject the tail so each digit is equally likely
			continue
		}
		out = append(out, '0'+b[0]%10)
	}
	return string(out)
}

// GroupCode writes a code for reading aloud and copying: an 8-digit code
// as two groups of four ("4829 1375"); a legacy code as it is.
func GroupCode(code string) string {
	c := NormalizeCode(code)
	if len(c) == CodeDigits && isDigits(c) {
		return c[:4] + " " + c[4:]
	}
	return c
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// NormalizeCode returns a verification code as typed in its canonical
// form: upper case, ASCII, without spaces or dashes.
func NormalizeCode(s string) string {
	s = strings.ToUpper(width.Narrow.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// hashVersion prefixes a hash so the parameters can change later without
// confusing old records.
const hashVersion = "a2id1$"

// HashVerificationCode returns the stored form of a verification code:
// Argon2id (1 pass, 8 MiB) of the normalised code, salted with the
// normalised tracking number, so the same code on two submissions hashes
// differently and a stolen database costs real work per guess.
func HashVerificationCode(tracking, code string) string {
	salt := []byte("gongkai-verify\x00" + Normalize(tracking))
	key := argon2.IDKey([]byte(NormalizeCode(code)), salt, 1, 8*1024, 1, 32)
	return hashVersion + base64.RawStdEncoding.EncodeToString(key)
}

// VerifyCode reports, in constant time, whether code is the verification
// code whose hash (from HashVerificationCode for tracking) is stored.
func VerifyCode(tracking, code, hash string) bool {
	if !strings.HasPrefix(hash, hashVersion) {
		return false
	}
	got := HashVerificationCode(tracking, code)
	return subtle.ConstantTimeCompare([]byte(got), []byte(hash)) == 1
}

// Partial reports whether code may be the first characters of a longer
// one: six digits are a well-formed legacy code but also the start of a
// new one, which a scanner typing a receipt's QR URL character by
// character passes through. A scan must not stop there; a legacy code of
// digits alone (1 in 4,096 of them) is typed by hand instead.
func Partial(code string) bool {
	c := NormalizeCode(code)
	return len(c) == LegacyCodeLen && isDigits(c)
}

// CheckCode reports whether s, normalised, has a verification code's
// shape (CodeDigits digits, or a legacy 6-character code), with a Chinese
// message for the person typing it.
func CheckCode(s string) error {
	c := NormalizeCode(s)
	switch {
	case c == "":
		return invalidf("请输入查询码")
	case isDigits(c) && len(c) == CodeDigits:
		return nil
	case isDigits(c) && len(c) != LegacyCodeLen:
		return invalidf("查询码应为%d位数字，请核对回执", CodeDigits)
	}
	for _, r := range c {
		if r > unicode.MaxASCII || strings.IndexByte(LegacyCodeAlphabet, byte(r)) < 0 {
			return invalidf("查询码中没有字符“%c”，请核对回执", r)
		}
	}
	if len(c) != LegacyCodeLen {
		return invalidf("查询码应为%d位数字（早期回执为%d位字母和数字），请核对回执", CodeDigits, LegacyCodeLen)
	}
	return nil
}

func invalidf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, format, args...)
}
