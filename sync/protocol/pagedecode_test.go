package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"gongkai/internal/domain"
)

// TestDecodePageAsUnmarshal holds the fast page decoder to encoding/json:
// a page EncodePage writes, with no escapes in its ids, decodes to what
// json.Unmarshal gives, and any other form is refused (left to
// json.Unmarshal).
func TestDecodePageAsUnmarshal(t *testing.T) {
	data := []string{`{"id":"d1","title":"标题","body":[{"text":"引号\"与反斜杠\\\\，<b>&"}]}`,
		`{"a":[1,2,{"b":"}]{["}],"c":"\\"}`, `{}`, `{"x":"\\\\\\\"}}"}`}
	changes := []domain.Change{
		{Version: 8, Kind: domain.KindDocument, ID: "d1", Data: json.RawMessage(data[0])},
		{Version: 9, Kind: domain.KindCategory, ID: "分类1", Data: json.RawMessage(data[1])},
		{Version: 10, Kind: domain.KindDocument, ID: "d2", Deleted: true},
		{Version: 11, Kind: domain.KindEvent, ID: "e1", Data: json.RawMessage(data[2])},
		{Version: 90, Kind: domain.KindDocument, ID: "d3", Data: json.RawMessage(data[3])},
	}
	escaped := append([]domain.Change{{Version: 8, Kind: domain.KindCategory, ID: "分类\"<1>"}}, changes[1:]...)
	for _, tc := range []struct {
		page *Page
		fast bool // decodePage takes it (no string needs an escape)
	}{
		{&Page{Protocol: Version, KeyID: "k", From: 0, To: 0}, true},
		{&Page{Protocol: Version, KeyID: "k1", From: 7, To: 90, More: true, Changes: changes}, true},
		{&Page{Protocol: Version, KeyID: "k1", From: 7, To: 90, Changes: escaped}, false},
	} {
		b, err := EncodePage(tc.page)
		if err != nil {
			t.Fatal(err)
		}
		var want, got Page
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if ok := decodePage(b, &got); ok != tc.fast {
			t.Fatalf("decodePage took it: %v, want %v: %s", ok, tc.fast, b)
		} else if ok && !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %+v, json.Unmarshal %+v", got, want)
		}
	}
	canonical := `{"protocol":"p","key_id":"k","from":1,"to":2,"changes":[{"v":2,"kind":"document","id":"d","data":{"a":1}}],"more":false}`
	var p Page
	if !decodePage([]byte(canonical), &p) || string(p.Changes[0].Data) != `{"a":1}` {
		t.Fatalf("canonical page: %+v", p)
	}
	for _, other := range []string{
		strings.Replace(canonical, `"from":1`, `"from": 1`, 1),
		strings.Replace(canonical, `"from":1`, `"from":1.0`, 1),
		strings.Replace(canonical, `"from":1,"to":2`, `"to":2,"from":1`, 1),
		strings.Replace(canonical, `"id":"d"`, `"id":"\u0064"`, 1),
		strings.Replace(canonical, `"id":"d"`, `"id":"d","deleted":false`, 1),
		strings.Replace(canonical, `"data":{"a":1}`, `"data":"x"`, 1),
		strings.Replace(canonical, `"changes":[`, `"changes":[{"v":1,"kind":"k","id":"i"}`, 1),
		strings.Replace(canonical, `"more":false`, `"more":null`, 1),
		strings.Replace(canonical, `"kind":"document"`, `"kind":"`+"\xff"+`"`, 1),
		strings.Replace(canonical, `"kind":"document"`, `"kind":"docu`+"\x01"+`ment"`, 1),
		strings.Replace(canonical, `"from":1`, `"from":01`, 1),
		strings.Replace(canonical, `"data":{"a":1}`, `"data":{"a":01}`, 1),
		strings.Replace(canonical, `"data":{"a":1}`, `"data":{"a":"\x"}`, 1),
		strings.Replace(canonical, `"data":{"a":1}`, `"data":{"a":[1,]}`, 1),
		canonical + " ",
		canonical[:len(canonical)-1],
	} {
		var q Page
		if decodePage([]byte(other), &q) {
			t.Errorf("accepted %s", other)
		}
	}
}
