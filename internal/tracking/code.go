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

// CodeAlphabet is the verification code's alphabet: digits 2-9 and capital
// letters without I and O, so nothing looks like 0, 1 or another letter.
// 32 characters, so one random byte gives one character without bias.
const CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLen is the length of a verification code.
const CodeLen = 6

// NewVerificationCode returns a fresh verification code read from rand
// (crypto/rand.Reader in production). It panics if rand fails: a kiosk
// whose random source is broken must not issue guessable codes.
func NewVerificationCode(rand io.Reader) string {
	var b [CodeLen]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		panic(fmt.Sprintf("tracking: random source failed: %v", err))
	}
	for i := range b {
		b[i] = CodeAlphabet[b[i]&31]
	}
	return string(b[:])
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

// CheckCode reports whether s, normalised, has a verification code's
// shape, with a Chinese message for the person typing it.
func CheckCode(s string) error {
	c := NormalizeCode(s)
	if c == "" {
		return invalidf("请输入查询码")
	}
	for _, r := range c {
		if r > unicode.MaxASCII || strings.IndexByte(CodeAlphabet, byte(r)) < 0 {
			return invalidf("查询码中没有字符“%c”（查询码不含 0、1、I、O），请核对回执", r)
		}
	}
	if len(c) != CodeLen {
		return invalidf("查询码应为%d位，请核对回执", CodeLen)
	}
	return nil
}

func invalidf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, format, args...)
}
