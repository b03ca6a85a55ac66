package catalog

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"gongkai/assets"
	"gongkai/internal/domain"
)

// zipWith returns a zip archive holding the named (empty) entries.
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSniffAttachment: the content decides, not the name. A renamed
// executable, a web page called .txt, a plain zip called .docx and an
// empty or oversized file are refused; real files of each type pass.
func TestSniffAttachment(t *testing.T) {
	docx := zipWith(t, "[Content_Types].xml", "word/document.xml")
	cases := []struct {
		name string
		data []byte
		want string // media type, or "" when refused
	}{
		{"方案.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "application/pdf"},
		{"setup.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), ""},
		{"照片.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"照片.JPG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg"},
		{"照片.jpg", []byte("\x89PNG\r\n\x1a\n"), ""},
		{"说明.txt", []byte("办理时间：工作日上午九点至十二点。\n"), "text/plain; charset=utf-8"},
		{"说明.txt", []byte("<html><script>alert(1)</script></html>"), ""},
		{"说明.txt", []byte("\xb0\xec\xc0\xed"), ""}, // GBK
		{"表格.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"表格.docx", zipWith(t, "readme.txt"), ""},
		{"表格.xlsx", zipWith(t, "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"旧表.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), "application/vnd.ms-excel"},
		{"旧表.xls", []byte("PK\x03\x04"), ""},
		{"打包.zip", zipWith(t, "a.txt"), "application/zip"},
		{"电子公文.ofd", zipWith(t, "OFD.xml", "Doc_0/Document.xml"), "application/ofd"},
		{"空.pdf", nil, ""},
		{"page.html", []byte("<html></html>"), ""},
	}
	for _, c := range cases {
		mt, msg := SniffAttachment(c.name, bytes.NewReader(c.data), int64(len(c.data)))
		if mt != c.want || (c.want == "") == (msg == "") {
			t.Errorf("%s %q: %q, %q; want %q", c.name, c.data[:min(len(c.data), 12)], mt, msg, c.want)
		}
	}
	big := make([]byte, MaxAttachmentBytes+1)
	copy(big, "%PDF-1.7")
	if _, msg := SniffAttachment("大.pdf", bytes.NewReader(big), int64(len(big))); !strings.Contains(msg, "超过") {
		t.Errorf("oversized: %q", msg)
	}
}

// TestCheckAttachmentName: a bare file name only.
func TestCheckAttachmentName(t *testing.T) {
	for name, ok := range map[string]bool{
		"方案.pdf": true, "../etc/passwd.pdf": false, `C:\Users\a.pdf`: false, "a/b.pdf": false,
		".hidden.pdf": false, "a\x00.pdf": false, "run.exe": false, "": false, "a:b.pdf": false,
		strings.Repeat("长", 80) + ".pdf": false,
	} {
		if msg := CheckAttachmentName(name); (msg == "") != ok {
			t.Errorf("%q: %q", name, msg)
		}
	}
}

// TestCheckDocument: the rules the console's form and the directory
// import share, each reported on its own field.
func TestCheckDocument(t *testing.T) {
	refs := Refs{Category: func(id string) bool { return id == "zcfg" }, Document: func(id string) bool { return id == "other" }}
	d := domain.Document{ID: "d1", Title: "标题", CategoryID: "zcfg", Published: "2026-03-02"}
	if ps := CheckDocument(&d, refs); len(ps) != 0 {
		t.Fatalf("good document: %v", ps)
	}
	if d.Disclosure != domain.DisclosureProactive || d.Validity != domain.ValidityValid {
		t.Errorf("defaults: %q %q", d.Disclosure, d.Validity)
	}
	bad := domain.Document{ID: " d2", Title: "一行\n两行", CategoryID: "nope", Published: "2026-02-30",
		Written: "2026-13-01", Disclosure: "内部", Validity: "作废", Interprets: "missing", Keywords: []string{"a\tb"},
		Attachments: []domain.Attachment{{Name: "../x.pdf"}}}
	got := map[string]string{}
	for _, p := range CheckDocument(&bad, refs) {
		got[p.Key] = p.Message
	}
	for _, key := range []string{"id", "title", "category", "published", "written", "disclosure", "validity", "interprets", "keywords", "attachments"} {
		if got[key] == "" {
			t.Errorf("no problem reported for %s (got %v)", key, got)
		}
	}
	late := domain.Document{ID: "d3", Title: "t", CategoryID: "zcfg", Published: "2026-03-01", Written: "2026-03-02"}
	if ps := CheckDocument(&late, refs); len(ps) != 1 || ps[0].Key != "written" {
		t.Errorf("written after published: %v", ps)
	}
}

// TestLoadSniffsAttachments: the directory import checks content as the
// console's upload does: an executable named .pdf stops the import.
func TestLoadSniffsAttachments(t *testing.T) {
	fsys := goodFS(t, map[string]string{"files/plan.pdf": "MZ this is not a PDF"})
	_, _, err := Load(fsys, Options{})
	if err == nil || !strings.Contains(err.Error(), "内容与扩展名 .pdf 不符") {
		t.Fatalf("Load with a fake PDF: %v", err)
	}
}

// TestCheckEventAndConsultation: the rules of events.toml and
// consultations.toml on values a form gives.
func TestCheckEventAndConsultation(t *testing.T) {
	c := domain.Consultation{ID: "c", Title: "征求意见", Opens: "2026-03-10", Closes: "2026-03-01"}
	keys := map[string]bool{}
	for _, p := range CheckConsultation(&c, Refs{}) {
		keys[p.Key] = true
	}
	if !keys["closes"] || !keys["document"] {
		t.Errorf("consultation: %v", keys)
	}
	e := domain.Event{ID: "e", Title: "开放日", Place: "一楼", Capacity: 2, MaxAttendees: 3}
	keys = map[string]bool{}
	for _, p := range CheckEvent(&e, Refs{}) {
		keys[p.Key] = true
	}
	if !keys["start"] || !keys["max_attendees"] {
		t.Errorf("event: %v", keys)
	}
}

// TestBodyMarkdownRoundTrip: every body of the demo catalogue, and one
// with the marks that need escaping, reads back the same from its
// Markdown, so the console can edit what the import made.
func TestBodyMarkdownRoundTrip(t *testing.T) {
	set, _, err := Load(assets.DemoCatalog(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	bodies := [][]domain.Block{{
		{Kind: domain.BlockHeading, Level: 2, Text: "第一条 #1 * 说明"},
		{Kind: domain.BlockParagraph, Text: "1. 不是列表，`代码` 与 \\ 反斜杠；5 * 3 = 15"},
		{Kind: domain.BlockParagraph, Text: "- 也不是列表"},
		{Kind: domain.BlockList, Ordered: true, Items: []string{"第一项", "# 第二项"}},
		{Kind: domain.BlockTable, Rows: [][]string{{"名称", "a|b"}, {"x", ""}}},
	}}
	for _, d := range set.Documents {
		bodies = append(bodies, d.Body)
	}
	for i, body := range bodies {
		md := BodyMarkdown(body)
		if got := ParseBody(md); !reflect.DeepEqual(got, body) && !(len(got) == 0 && len(body) == 0) {
			t.Errorf("body %d does not round-trip:\n%s\n got %+v\nwant %+v", i, md, got, body)
		}
	}
}
