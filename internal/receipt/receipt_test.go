package receipt_test

import (
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
)

// TestMask: what a receipt prints of a name and a phone number.
func TestMask(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mask  func(string) string
		cases [][2]string // input, want
	}{
		{"MaskName", receipt.MaskName, [][2]string{
			{"张三", "张*"},
			{"欧阳娜娜", "欧***"},
			{" 李四 ", "李*"},
			{"王", "*"},
			{"", ""},
			{"阿卜杜热合曼", "阿*****"},
		}},
		{"MaskPhone", receipt.MaskPhone, [][2]string{
			{"13800138000", "138****8000"},
			{"138 0013 8000", "138****8000"},
			{"0635-6212345", "063****2345"},
			{"+86 0635 62123456", "860*******3456"},
			{"6212345", "*****45"},
			{"12", "**"},
			{"", ""},
		}},
	} {
		for _, c := range tc.cases {
			if got := tc.mask(c[0]); got != c[1] {
				t.Errorf("%s(%q) = %q, want %q", tc.name, c[0], got, c[1])
			}
		}
	}
}

func TestStatusURL(t *testing.T) {
	for _, tc := range []struct{ base, tracking, code, want string }{
		{"https://gk.yanggu.gov.cn", "0012-261125-0042-7", "7KQ2MX", "https://gk.yanggu.gov.cn/s/001226112500427?c=7KQ2MX"},
		{"https://gk.yanggu.gov.cn/", "0012 261125 0042 7", "7KQ2MX", "https://gk.yanggu.gov.cn/s/001226112500427?c=7KQ2MX"},
		{"http://10.0.0.5:8080/gk/", "001226112500427", "AB&C", "http://10.0.0.5:8080/gk/s/001226112500427?c=ABC"},
	} {
		if got := receipt.StatusURL(tc.base, tc.tracking, tc.code); got != tc.want {
			t.Errorf("StatusURL(%q, %q, %q) = %q, want %q", tc.base, tc.tracking, tc.code, got, tc.want)
		}
	}
}

func TestParseStatusURL(t *testing.T) {
	trk, _ := tracking.New(7, calendar.MustParse("2026-11-25"), 42)
	url := receipt.StatusURL("https://gk.example.gov.cn/", trk, "7KQ2MX")
	for _, c := range []struct {
		in        string
		trk, code string
		ok        bool
	}{
		{url, trk, "7KQ2MX", true},
		{"  " + url + "\n", trk, "7KQ2MX", true},
		{strings.ToLower(url), trk, "7KQ2MX", true},
		{"http://10.0.0.5:8080/gk/s/" + tracking.Normalize(trk) + "?c=7KQ2MX", trk, "7KQ2MX", true},
		{url[:len(url)-1], "", "", false},                            // the code is cut short
		{strings.Replace(url, "?c=", "?x=", 1), "", "", false},       // no code
		{strings.Replace(url, "/s/0", "/s/1", 1), "", "", false},     // wrong check digit
		{strings.Replace(url, "7KQ2MX", "7KQ2M0", 1), "", "", false}, // 0 is not in the alphabet
		{"https://gk.example.gov.cn/", "", "", false},
		{trk, "", "", false},
		// An 8-digit code, and its first six digits as a scanner passes
		// through them: not yet a code (issue 13).
		{receipt.StatusURL("https://gk.example.gov.cn/", trk, "23456789"), trk, "23456789", true},
		{receipt.StatusURL("https://gk.example.gov.cn/", trk, "234567"), "", "", false},
	} {
		gotTrk, gotCode, ok := receipt.ParseStatusURL(c.in)
		if gotTrk != c.trk || gotCode != c.code || ok != c.ok {
			t.Errorf("receipt.ParseStatusURL(%q) = %q, %q, %v; want %q, %q, %v", c.in, gotTrk, gotCode, ok, c.trk, c.code, c.ok)
		}
	}
}
