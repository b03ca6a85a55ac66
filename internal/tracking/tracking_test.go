package tracking_test

import (
	"bytes"
	"crypto/rand"
	mrand "math/rand/v2"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/tracking"
)

func TestNewAndParse(t *testing.T) {
	s, err := tracking.New(12, calendar.MustParse("2026-11-25"), 42)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s, "0012-261125-0042-") || len(s) != 18 {
		t.Fatalf("New = %q, want 0012-261125-0042-C", s)
	}
	want := tracking.Number{Kiosk: 12, Day: calendar.MustParse("2026-11-25"), Seq: 42}
	compact := strings.ReplaceAll(s, "-", "")
	fullWidth := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
	for _, in := range []string{s, compact, " " + strings.ReplaceAll(s, "-", " ") + " ", fullWidth, strings.ReplaceAll(s, "-", "－")} {
		n, err := tracking.Parse(in)
		if err != nil || n != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", in, n, err, want)
		}
	}
	if want.String() != s || want.Compact() != compact {
		t.Errorf("String/Compact = %s %s", want.String(), want.Compact())
	}
}

func TestNewRefusesOutOfRange(t *testing.T) {
	day := calendar.MustParse("2026-11-25")
	tests := []struct {
		kiosk int
		day   calendar.Date
		seq   int
	}{
		{0, day, 1}, {10000, day, 1}, {-1, day, 1},
		{1, day, 0}, {1, day, 10000},
		{1, calendar.MustParse("1999-12-31"), 1}, {1, calendar.MustParse("2100-01-01"), 1},
		{1, calendar.Date{Year: 2026, Month: 2, Day: 30}, 1}, {1, calendar.Date{}, 1},
	}
	for _, tt := range tests {
		if s, err := tracking.New(tt.kiosk, tt.day, tt.seq); err == nil {
			t.Errorf("New(%d, %v, %d) = %s, want error", tt.kiosk, tt.day, tt.seq, s)
		}
	}
	for _, ok := range []struct{ k, s int }{{1, 1}, {9999, 9999}} {
		if _, err := tracking.New(ok.k, day, ok.s); err != nil {
			t.Errorf("New(%d, %d): %v", ok.k, ok.s, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	good, _ := tracking.New(12, calendar.MustParse("2026-11-25"), 42)
	last := good[len(good)-1]
	wrong := good[:len(good)-1] + string('0'+(last-'0'+1)%10)
	// A number whose check digit is right but whose kiosk is 0000.
	zeroKiosk := "00002611250042"
	zeroKiosk += string(tracking.CheckDigit(zeroKiosk))
	badDate := "00122602300042"
	badDate += string(tracking.CheckDigit(badDate))
	tests := map[string]string{
		"":                   "请输入受理编号",
		"   ":                "请输入受理编号",
		good[:len(good)-2]:   "现在是14位",
		good + "1":           "现在是16位",
		"0012-26112A-0042-7": "只含数字",
		wrong:                "校验位不符",
		zeroKiosk:            "受理编号有误",
		badDate:              "受理编号有误",
	}
	for in, want := range tests {
		_, err := tracking.Parse(in)
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), want) {
			t.Errorf("Parse(%q) = %v, want invalid containing %q", in, err, want)
		}
	}
}

// TestNoCollisions simulates many kiosks issuing numbers over many days:
// every distinct (kiosk, day, seq) gives a distinct number that parses
// back to itself, so two kiosks can never issue the same number.
func TestNoCollisions(t *testing.T) {
	r := mrand.New(mrand.NewPCG(1, 2))
	seen := map[string]tracking.Number{}
	start := calendar.MustParse("2024-01-01")
	for kiosk := range 300 {
		k := 1 + kiosk*33 + r.IntN(33) // spread over 1..9999
		for range 40 {
			day := start.AddDays(r.IntN(365 * 70)) // 2024..2093
			issued := 1 + r.IntN(30)
			for seq := 1; seq <= issued; seq++ {
				n := tracking.Number{Kiosk: k, Day: day, Seq: seq}
				s, err := tracking.New(n.Kiosk, n.Day, n.Seq)
				if err != nil {
					t.Fatal(err)
				}
				if prev, dup := seen[s]; dup && prev != n {
					t.Fatalf("%s issued for both %+v and %+v", s, prev, n)
				}
				seen[s] = n
				if back, err := tracking.Parse(s); err != nil || back != n {
					t.Fatalf("Parse(%s) = %+v, %v; want %+v", s, back, err, n)
				}
			}
		}
	}
	// The edges of every field.
	for _, n := range []tracking.Number{
		{1, calendar.MustParse("2000-01-01"), 1},
		{9999, calendar.MustParse("2099-12-31"), 9999},
		{9999, calendar.MustParse("2000-01-01"), 1},
		{1, calendar.MustParse("2099-12-31"), 9999},
	} {
		s, _ := tracking.New(n.Kiosk, n.Day, n.Seq)
		if back, err := tracking.Parse(s); err != nil || back != n {
			t.Errorf("Parse(%s) = %+v, %v", s, back, err)
		}
	}
	if len(seen) < 100000 {
		t.Fatalf("only %d numbers simulated", len(seen))
	}
}

// TestCheckDigitCatchesErrors changes every digit of many numbers to every
// other digit, and swaps every pair of adjacent different digits: the
// check digit must refuse each, and so must Parse.
func TestCheckDigitCatchesErrors(t *testing.T) {
	r := mrand.New(mrand.NewPCG(3, 4))
	start := calendar.MustParse("2000-01-01")
	for range 3000 {
		n := tracking.Number{Kiosk: 1 + r.IntN(9999), Day: start.AddDays(r.IntN(36524)), Seq: 1 + r.IntN(9999)}
		c := []byte(n.Compact())
		valid := func(b []byte) bool { return tracking.CheckDigit(string(b[:14])) == b[14] }
		if !valid(c) {
			t.Fatalf("%s fails its own check", c)
		}
		for pos := range c {
			orig := c[pos]
			for d := byte('0'); d <= '9'; d++ {
				if d == orig {
					continue
				}
				c[pos] = d
				if valid(c) {
					t.Fatalf("substituting %c at position %d of %s not detected", d, pos+1, n.Compact())
				}
				if _, err := tracking.Parse(string(c)); err == nil {
					t.Fatalf("Parse accepted %s (from %s)", c, n.Compact())
				}
			}
			c[pos] = orig
		}
		for pos := 0; pos+1 < len(c); pos++ {
			if c[pos] == c[pos+1] {
				continue
			}
			c[pos], c[pos+1] = c[pos+1], c[pos]
			if valid(c) {
				t.Fatalf("swapping positions %d,%d of %s not detected", pos+1, pos+2, n.Compact())
			}
			c[pos], c[pos+1] = c[pos+1], c[pos]
		}
	}
}

// TestVerificationCode checks new codes are 8 unbiased digits (issue 13:
// a code with letters is hard to type for exactly the visitors who need
// the look-up), and that the 6-character letter codes of older receipts
// still pass CheckCode.
func TestVerificationCode(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 2000 {
		c := tracking.NewVerificationCode(rand.Reader)
		if err := tracking.CheckCode(c); err != nil || len(c) != tracking.CodeDigits {
			t.Fatalf("NewVerificationCode = %q: %v", c, err)
		}
		seen[c] = true
		for _, r := range c {
			counts[r]++
		}
	}
	if len(seen) < 1990 {
		t.Errorf("only %d distinct codes of 2000", len(seen))
	}
	if len(counts) != 10 {
		t.Errorf("codes use %d characters, want the 10 digits", len(counts))
	}
	for r, n := range counts { // 16,000 digits: about 1,600 each
		if n < 1300 || n > 1900 {
			t.Errorf("digit %c appears %d times in 16,000", r, n)
		}
	}
	// Deterministic from an injected source; bytes from 250 up are
	// skipped so that every digit is equally likely.
	src := []byte{0, 255, 9, 250, 19, 123, 249, 10, 11, 7}
	if got := tracking.NewVerificationCode(bytes.NewReader(src)); got != "09939017" {
		t.Errorf("NewVerificationCode(fixed) = %q, want 09939017", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a failing random source did not panic")
			}
		}()
		tracking.NewVerificationCode(bytes.NewReader([]byte{1, 2}))
	}()

	for in, want := range map[string]string{
		"":           "请输入查询码",
		"4829137":    "应为8位数字",
		"482913755":  "应为8位数字",
		"4829 1375":  "",
		"４８２９１３７５":   "",
		"482-91375":  "",
		"K7M2QX":     "", // a legacy code
		"k7m 2qx":    "",
		"234567":     "", // a legacy code of digits only
		"ABC":        "应为8位数字",
		"ABCDE0":     "“0”",
		"ABCDEI":     "“I”",
		"ABCDE中":     "“中”",
		"ＡＢＣＤＥＦ":     "",
		"ABCDEFGH23": "应为8位数字",
	} {
		err := tracking.CheckCode(in)
		if want == "" && err != nil || want != "" && !strings.Contains(domain.ErrorMessage(err), want) {
			t.Errorf("CheckCode(%q) = %v, want %q", in, err, want)
		}
	}
	if got := tracking.GroupCode("48291375"); got != "4829 1375" {
		t.Errorf("GroupCode = %q", got)
	}
	if got := tracking.GroupCode("k7m2qx"); got != "K7M2QX" {
		t.Errorf("GroupCode(legacy) = %q", got)
	}
}

func TestHashVerificationCode(t *testing.T) {
	tn, _ := tracking.New(12, calendar.MustParse("2026-11-25"), 42)
	other, _ := tracking.New(12, calendar.MustParse("2026-11-25"), 43)
	h := tracking.HashVerificationCode(tn, "K7M2QX")
	if strings.Contains(h, "K7M2QX") || !strings.HasPrefix(h, "a2id1$") {
		t.Errorf("hash %q", h)
	}
	tests := []struct {
		tracking, code, hash string
		want                 bool
	}{
		{tn, "K7M2QX", h, true},
		{strings.ReplaceAll(tn, "-", ""), "k7m2qx", h, true}, // forms people type
		{tn, "k7m 2qx", h, true},
		{tn, "K7M2QY", h, false},
		{other, "K7M2QX", h, false}, // salted by tracking number
		{tn, "K7M2QX", "", false},
		{tn, "K7M2QX", strings.TrimPrefix(h, "a2id1$"), false},
		{tn, "4829 1375", tracking.HashVerificationCode(tn, "48291375"), true}, // a new code, typed grouped
	}
	for _, tt := range tests {
		if got := tracking.VerifyCode(tt.tracking, tt.code, tt.hash); got != tt.want {
			t.Errorf("VerifyCode(%q, %q) = %v, want %v", tt.tracking, tt.code, got, tt.want)
		}
	}
	if tracking.HashVerificationCode(other, "K7M2QX") == h {
		t.Error("same code on two tracking numbers hashes the same")
	}
}

func BenchmarkHashVerificationCode(b *testing.B) {
	for b.Loop() {
		tracking.HashVerificationCode("0012-261125-0042-7", "K7M2QX")
	}
}

func TestPartialCode(t *testing.T) {
	for in, want := range map[string]bool{"234567": true, "23456789": false, "K7M2QX": false, "2345": false} {
		if got := tracking.Partial(in); got != want {
			t.Errorf("Partial(%q) = %v", in, got)
		}
	}
}
