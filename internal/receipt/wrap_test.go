package receipt

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// cells measures text in character cells: a wide character is 2, others 1.
func cells(s string) float64 {
	w := 0.0
	for _, r := range s {
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		maxW float64
		want []string
	}{
		{"fits", "政府信息公开", 12, []string{"政府信息公开"}},
		{"chinese breaks anywhere", "政府信息公开申请", 8, []string{"政府信息", "公开申请"}},
		{"number stays whole", "受理编号0012-261125-0042-7已生成", 24, []string{"受理编号", "0012-261125-0042-7已生成"}},
		{"closing punctuation stays with its character", "政府信息公开。申请", 12, []string{"政府信息公", "开。申请"}},
		{"opening bracket goes to the next line", "依据《条例》", 6, []string{"依据", "《条", "例》"}},
		{"spaces dropped at the break", "print this receipt now", 11, []string{"print this", "receipt now"}},
		{"overlong word breaks by character", "https://example.com/abc", 10, []string{"https://ex", "ample.com/", "abc"}},
		{"newline", "第一行\n第二行", 20, []string{"第一行", "第二行"}},
		{"empty", "", 10, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(tc.text, tc.maxW, cells)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("wrap(%q, %g) = %q, want %q", tc.text, tc.maxW, got, tc.want)
			}
		})
	}
}

func TestWrapNeverExceedsWidth(t *testing.T) {
	text := "关于印发《阳谷县2021年义务教育招生工作方案》的通知（阳教体办发〔2021〕12号），详见 https://www.yanggu.gov.cn/col/col123/index.html 。"
	for maxW := 4.0; maxW <= 40; maxW++ {
		lines := wrap(text, maxW, cells)
		joined := ""
		for _, l := range lines {
			if cells(l) > maxW {
				t.Fatalf("maxW %g: line %q is %g wide", maxW, l, cells(l))
			}
			joined += l
		}
		if utf8.RuneCountInString(joined) < utf8.RuneCountInString(text)-3 { // only break spaces may go
			t.Fatalf("maxW %g: text lost: %q", maxW, lines)
		}
	}
}

func TestWrapIndent(t *testing.T) {
	got := wrapIndent("一二三四五六七八九十", 8, 12, cells)
	want := []string{"一二三四", "五六七八九十"}
	if !slices.Equal(got, want) {
		t.Fatalf("wrapIndent = %q, want %q", got, want)
	}
}
