package freetext_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"gongkai/internal/freetext"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"  张三  ", false, "张三"},
		{"\u200b\u200d\ufeff", false, ""},
		{"张\u200b三", false, "张三"},
		{"\u202e三张\u202c", false, "三张"},
		{"\u2066李\u2069四\u200e\u200f\u061c", false, "李四"},
		{"\u3164\uffa0", false, ""},
		{"e\u0301", false, "\u00e9"}, // NFC
		{"某某路\r\n1号", false, "某某路 1号"},
		{"某某路\t1号", false, "某某路 1号"},
		{"第一段  \r\n第二段\r第三段\u2028第四段", true, "第一段\n第二段\n第三段\n第四段"},
		{"张\u0000三\u0007\u001b[31m", false, "张\u0000三\u0007\u001b[31m"}, // left for Invalid
		{"　全角空格　", false, "全角空格"},
	}
	for _, tt := range tests {
		if got := freetext.Normalize(tt.in, tt.multiline); got != tt.want {
			t.Errorf("Normalize(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
		}
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		in        string
		multiline bool
		r         rune
		pos       int
	}{
		{"张三", false, 0, 0},
		{"张\u0000三", false, 0, 2},
		{"张三\u001b[31m", false, 0x1b, 3},
		{"第一段\n第二段", true, 0, 0},
		{"第一段\n第二段", false, '\n', 4},
		{"a\u202eb", false, 0x202e, 2},
		{"a\x9bb", false, 0xfffd, 2}, // not UTF-8
		{"a\u009bb", false, 0x9b, 2}, // C1 CSI
		{"a\ufffdb", false, 0, 0},    // a replacement character typed as such
		{"a\u007fb", false, 0x7f, 2},
	}
	for _, tt := range tests {
		r, pos, ok := freetext.Invalid(tt.in, tt.multiline)
		if ok != (tt.pos != 0) || pos != tt.pos || (ok && r != tt.r && tt.r != 0) {
			t.Errorf("Invalid(%q, %v) = %U, %d, %v; want %U at %d", tt.in, tt.multiline, r, pos, ok, tt.r, tt.pos)
		}
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]bool{
		"张三": true, "": false, "   ": false, "\u3000": false, "\u0301\u0302": false, "\ufe0f": false,
		"\u200b": false, "·": true, "1": true,
	} {
		if got := freetext.Visible(in); got != want {
			t.Errorf("Visible(%q) = %v", in, got)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want, line string }{
		{"张三", "张三", "张三"},
		{"张\u0000三\u0007\u001b[31m", `张\x00三\x07\x1b[31m`, `张\x00三\x07\x1b[31m`},
		{"a\u202eb\u200bc", `a\u202eb\u200bc`, `a\u202eb\u200bc`},
		{"a\u009bb\u007f", `a\u009bb\x7f`, `a\u009bb\x7f`},
		{"a\nb\tc\rd", "a\nb\tc\\rd", `a\nb\tc\rd`},
		{"a\xffb", `a\xffb`, `a\xffb`},
		{"a\U000e0001b", `a\udb40\udc01b`, `a\udb40\udc01b`},
		{`C:\path`, `C:\path`, `C:\path`},
	}
	for _, tt := range tests {
		if got := freetext.Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := freetext.EscapeLine(tt.in); got != tt.line {
			t.Errorf("EscapeLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

// TestWriter: JSON written through a Writer stays valid JSON with the
// same values, a character split across writes arrives whole, and no
// raw ESC or U+202E gets through.
func TestWriter(t *testing.T) {
	var out bytes.Buffer
	w := freetext.NewWriter(&out)
	v := map[string]string{"name": "张\u0000三\u001b[31m\u202e", "note": "x\u0085y\U000e0001"}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Fatal(err)
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["name"] != v["name"] || back["note"] != v["note"] {
		t.Fatalf("JSON through Writer: %v %q\n%s", err, back, out.String())
	}
	if bytes.ContainsAny(out.Bytes(), "\x1b\u202e\u0085") {
		t.Errorf("raw control characters got through: %q", out.String())
	}

	out.Reset()
	b := []byte("张\x1b三")
	for i := range b {
		if n, err := w.Write(b[i : i+1]); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	}
	w.Write([]byte{0xe5}) // the first byte of 张, never finished
	w.Flush()
	if got, want := out.String(), `张\x1b三\xe5`; got != want {
		t.Errorf("byte by byte: %q, want %q", got, want)
	}
}
