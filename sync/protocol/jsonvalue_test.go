package protocol

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// jsonValueSeeds are valid and invalid JSON around every rule jsonValue
// checks.
var jsonValueSeeds = []string{
	`{}`, `[]`, `{"a":1}`, `{"a":[1,2,{"b":"}]{["}],"c":"\\"}`, ` { "a" : [ 1 , true , false , null ] } `,
	`"x"`, `"\u00e9\n\t\"\\\/\b\f\r"`, `"\u00G0"`, `"\x"`, `"a` + "\x01" + `b"`, `"a` + "\x7f" + `b"`,
	`"汉字在字符串里，足够长以便按八个字节一组扫描"`, `"汉字` + "\n" + `在字符串里足够长"`, `"0123456"`, `"01234567\"89"`,
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `-1.25e-10`, `+1`, `0x10`,
	`true`, `tru`, `truex`, `nul`, `null`, `false`, `fals`,
	`{"a":}`, `{"a"}`, `{a:1}`, `{"a":1,}`, `[1,]`, `[,1]`, `{"a":1 "b":2}`, `[1 2]`, `{"a":1]`, `[1}`,
	`{"a":{"b":{"c":[[[]]]}}}`, `{"a":{"b":{"c":[[[]]]}}`, `[[[[[[[[[[]]]]]]]]]]`, `{"\u0061":1}`,
	`{"a":"b"}x`, `{"a":"b"} `, ``, ` `, `"`, `"\`, `"\u12`, "\"\xff\xfe\"",
	strings.Repeat("[", 70) + strings.Repeat("]", 70),
}

// jsonValid is json.Valid by jsonValue: one value, then only whitespace.
func jsonValid(b []byte) bool {
	end, ok := jsonValue(b, 0)
	return ok && skipSpace(b, end) == len(b)
}

// TestJSONValueAsValid holds jsonValue to json.Valid on the seeds and on
// random corruptions of a document: it must never take what json.Valid
// refuses, nor refuse what it takes.
func TestJSONValueAsValid(t *testing.T) {
	for _, s := range jsonValueSeeds {
		if got, want := jsonValid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("jsonValue(%q) = %v, json.Valid %v", s, got, want)
		}
	}
	doc := []byte(`{"id":"d1","title":"关于做好2026年义务教育招生工作的通知","body":[{"kind":"p","text":"各县（区）教育局：\n\"引号\"与\\反斜杠，<b>&amp;</b>\u00e9"},` +
		`{"kind":"table","rows":[["一","二"],["3",""]]},{"kind":"list","ordered":true,"items":["甲","乙"]}],"level":-1.5e3,"sample":false,"x":null}`)
	if !jsonValid(doc) {
		t.Fatalf("refused %s", doc)
	}
	rng := rand.New(rand.NewPCG(16, 2026))
	alphabet := []byte("{}[]\":,\\/ \n\t0123456789-+.eEtrufalsn\x00\x1f\x7fabuF\xe6\xb1\x89")
	for n := 0; n < 20000; n++ {
		b := append([]byte(nil), doc...)
		for k := 1 + rng.IntN(3); k > 0; k-- {
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[i] = alphabet[rng.IntN(len(alphabet))]
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				b = append(b[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
			}
		}
		if got, want := jsonValid(b), json.Valid(b); got != want {
			t.Fatalf("jsonValue(%q) = %v, json.Valid %v", b, got, want)
		}
	}
}

// FuzzJSONValue: go test -fuzz FuzzJSONValue ./sync/protocol.
func FuzzJSONValue(f *testing.F) {
	for _, s := range jsonValueSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jsonValid(b), json.Valid(b); got != want {
			t.Fatalf("jsonValue(%q) = %v, json.Valid %v", b, got, want)
		}
	})
}
