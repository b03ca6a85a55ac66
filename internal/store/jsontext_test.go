package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/search/corpus"
)

// TestDecodeDocument checks the fast decoder against json.Unmarshal on
// generated documents and on JSON shaped in ways a hub might send.
func TestDecodeDocument(t *testing.T) {
	var inputs []string
	g := corpus.New(1, []string{"a", "b"})
	for i := 0; i < 50; i++ {
		d := g.Document(i)
		if i%5 == 0 {
			d.Attachments = []domain.Attachment{{Name: "附件1.pdf", MediaType: "application/pdf", Size: 12345, SHA256: "ab"}}
			d.Body = append(d.Body, domain.Block{Kind: domain.BlockTable, Rows: [][]string{{"表头", "数量"}, {"学校", "12"}}})
			d.Interprets = "x"
			d.Sample = true
		}
		b, _ := json.Marshal(d)
		inputs = append(inputs, string(b))
	}
	inputs = append(inputs,
		`{"id":"a","title":"标题\u4e2d\"引号\"\n换行","keywords":null,"body":null}`,
		` { "id" : "a" , "body" : [ { "kind" : "list" , "ordered" : true , "items" : [ "一" , "二" ] } ] } `,
		`{"id":"a","Title":"大写键"}`,
		`{"id":"a","\u0074itle":"转义键"}`,
		`{"id":"a","unknown":{"x":[1,2,{"y":null}]},"title":"t"}`,
		`{"id":"a","body":[{"kind":"heading","level":2,"text":"h"}],"attachments":[{"name":"n","size":7}]}`,
		`{"id":"a","title":"bad`+"\xff"+`utf8"}`,
		`{"id":"a","sample":false,"keywords":[]}`,
	)
	for _, in := range inputs {
		var want, got domain.Document
		werr := json.Unmarshal([]byte(in), &want)
		gerr := decodeDocument([]byte(in), &got)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("decodeDocument(%.80s):\n got %+v, %v\nwant %+v, %v", in, got, gerr, want, werr)
		}
	}
	for _, bad := range []string{`{"id":"a","title":"raw` + "\n" + `newline"}`, `{"id":1}`, `[1]`, `{"id":"a"} x`, `{"body":[{"level":1.5}]}`} {
		var d domain.Document
		if err := decodeDocument([]byte(bad), &d); err == nil {
			t.Errorf("decodeDocument(%q) accepted invalid input", bad)
		}
	}
}

func TestBodyTextJSON(t *testing.T) {
	d := domain.Document{ID: "a", Title: "不算", Body: []domain.Block{
		{Kind: domain.BlockHeading, Level: 1, Text: "一、总则"},
		{Kind: domain.BlockList, Items: []string{"甲", "乙\"引号\""}},
		{Kind: domain.BlockTable, Rows: [][]string{{"表头", "数"}, {"行", "1"}}},
	}}
	b, _ := json.Marshal(d)
	got, ok := bodyTextJSON(b)
	if want := bodyText(d.Body); !ok || got != want {
		t.Errorf("bodyTextJSON = %q, %v; want %q", got, ok, want)
	}
}
