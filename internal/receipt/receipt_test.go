package receipt_test

import (
	"testing"

	"gongkai/internal/receipt"
)

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"张三", "张*"},
		{"欧阳娜娜", "欧***"},
		{" 李四 ", "李*"},
		{"王", "*"},
		{"", ""},
		{"阿卜杜热合曼", "阿*****"},
	} {
		if got := receipt.MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"13800138000", "138****8000"},
		{"138 0013 8000", "138****8000"},
		{"0635-6212345", "063****2345"},
		{"+86 0635 62123456", "860*******3456"},
		{"6212345", "*****45"},
		{"12", "**"},
		{"", ""},
	} {
		if got := receipt.MaskPhone(tc.in); got != tc.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
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
