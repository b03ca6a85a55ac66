// Package tracking makes the numbers a visitor takes home: a tracking
// number (受理编号) that names one submission, and a separate verification
// code (查询码) that proves the holder may see its status or cancel it.
//
// # Tracking numbers
//
// A tracking number is 15 decimal digits, printed in four groups:
//
//	KKKK-YYMMDD-SSSS-C      e.g. 0012-261125-0042-7
//
//	KKKK    the kiosk's number, 0001-9999, assigned by the hub at enrolment
//	YYMMDD  the day of submission in Beijing time (years 2000-2099)
//	SSSS    the kiosk's sequence for that day, 0001-9999
//	C       a Damm check digit over the 14 digits before it
//
// Numbers are unique across all kiosks without any coordination per
// submission: the hub never gives two kiosks the same number (a kiosk that
// is re-installed must be enrolled afresh and gets a new one), and a kiosk
// never issues the same (day, sequence) twice because the sequence is
// kept per day in its database and advanced in the same transaction that
// stores the submission. Digits only, so the number reads easily over the
// phone and types on a numeric keypad; the Damm check digit catches every
// single mistyped digit and every swap of two adjacent digits.
//
// Parse accepts what people type or scanners send: with or without dashes
// or spaces, full-width digits, and rejects a wrong check digit with a
// Chinese message.
//
// # Verification codes
//
// A verification code is 8 digits (26.6 bits); receipts printed before
// were 6 characters from a 32-character alphabet with no 0/O or 1/I
// look-alikes (30 bits), and still verify. The kiosk and the hub keep only
// HashVerificationCode(tracking, code): Argon2id salted with the tracking
// number, slow enough (about 5 ms) that a stolen database does not give the
// codes back cheaply. Compare with VerifyCode, in constant time.
package tracking

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
)

// Limits of the fields of a tracking number.
const (
	MaxKiosk = 9999 // kiosk numbers are 1..MaxKiosk
	MaxSeq   = 9999 // per-kiosk, per-day sequence numbers are 1..MaxSeq
	MinYear  = 2000
	MaxYear  = 2099
	// Len is the number of digits in a tracking number.
	Len = 15
)

// Number is a parsed tracking number.
type Number struct {
	Kiosk int           // the issuing kiosk's number
	Day   calendar.Date // day of submission, Beijing time
	Seq   int           // the kiosk's sequence on that day
}

// New returns the tracking number of a kiosk's seq-th submission on day,
// in its printed form. It fails when a field is out of range: the caller
// must not issue a number it cannot encode (a kiosk's 10,000th submission
// in one day, a kiosk not yet enrolled).
func New(kioskNo int, day calendar.Date, seq int) (string, error) {
	n := Number{Kiosk: kioskNo, Day: day, Seq: seq}
	if err := n.check(); err != nil {
		return "", err
	}
	return n.String(), nil
}

func (n Number) check() error {
	switch {
	case n.Kiosk < 1 || n.Kiosk > MaxKiosk:
		return fmt.Errorf("tracking: kiosk number %d out of range 1..%d", n.Kiosk, MaxKiosk)
	case n.Day.Year < MinYear || n.Day.Year > MaxYear:
		return fmt.Errorf("tracking: day %s out of range %d..%d", n.Day, MinYear, MaxYear)
	case n.Day.AddDays(0) != n.Day: // 2026-02-30 normalises to 03-02
		return fmt.Errorf("tracking: day %v is not a date", n.Day)
	case n.Seq < 1 || n.Seq > MaxSeq:
		return fmt.Errorf("tracking: sequence %d out of range 1..%d", n.Seq, MaxSeq)
	}
	return nil
}

// digits returns the 14 data digits of n.
func (n Number) digits() string {
	return fmt.Sprintf("%04d%02d%02d%02d%04d", n.Kiosk, n.Day.Year%100, int(n.Day.Month), n.Day.Day, n.Seq)
}

// String returns n in its printed, grouped form: KKKK-YYMMDD-SSSS-C.
func (n Number) String() string {
	d := n.digits()
	return d[0:4] + "-" + d[4:10] + "-" + d[10:14] + "-" + string(CheckDigit(d))
}

// Compact returns n as 15 digits without dashes (for QR codes and keys).
func (n Number) Compact() string {
	d := n.digits()
	return d + string(CheckDigit(d))
}

// Normalize returns s with full-width digits made ASCII and spaces and
// dashes (of any width) removed: the compact form, if s is well formed.
func Normalize(s string) string {
	s = width.Narrow.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '‐' || r == '—' || r == '–' || r == '－' {
			return -1
		}
		return r
	}, s)
}

// Parse reads a tracking number as typed, scanned or read over the phone.
// Errors are *domain.Error (code invalid) with a Chinese message.
func Parse(s string) (Number, error) {
	c := Normalize(s)
	if c == "" {
		return Number{}, domain.Errorf(domain.EINVALID, "请输入受理编号")
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return Number{}, domain.Errorf(domain.EINVALID, "受理编号只含数字，请核对")
		}
	}
	if len(c) != Len {
		return Number{}, domain.Errorf(domain.EINVALID, "受理编号应为%d位数字（不含短横线），现在是%d位，请核对", Len, len(c))
	}
	if CheckDigit(c[:Len-1]) != c[Len-1] {
		return Number{}, domain.Errorf(domain.EINVALID, "受理编号有误（校验位不符），请逐位核对")
	}
	n := Number{
		Kiosk: atoi(c[0:4]),
		Day:   calendar.Date{Year: 2000 + atoi(c[4:6]), Month: time.Month(atoi(c[6:8])), Day: atoi(c[8:10])},
		Seq:   atoi(c[10:14]),
	}
	if n.check() != nil {
		return Number{}, domain.Errorf(domain.EINVALID, "受理编号有误，请核对")
	}
	return n, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// dammTable is the quasigroup of order 10 from H. Michael Damm's 2004
// thesis, with a zero diagonal: the check digit makes the interim digit
// of the whole number zero.
var dammTable = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// CheckDigit returns the Damm check digit ('0'-'9') of a string of ASCII
// digits. It detects every single-digit substitution and every transposition
// of two adjacent digits.
func CheckDigit(digits string) byte {
	var interim byte
	for i := 0; i < len(digits); i++ {
		interim = dammTable[interim][digits[i]-'0']
	}
	return '0' + interim
}
