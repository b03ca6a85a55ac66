package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

func TestSearchToResultToDocument(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.Tile(TileSearch))
	s := current[*SearchScreen](t, a)
	if s.Results() != 0 || !strings.Contains(s.Info(), "请输入") {
		t.Fatalf("a new search screen shows %d results, info %q", s.Results(), s.Info())
	}

	test.Type(s.Entry, "政务公开")
	tapOn(w, s.Button)
	if s.Results() == 0 {
		t.Fatalf("no results for 政务公开; info %q", s.Info())
	}
	if !strings.Contains(s.Info(), "共找到") {
		t.Errorf("info = %q", s.Info())
	}
	rows := docRows(w)
	if len(rows) == 0 {
		t.Fatal("no result rows shown")
	}
	highlighted := false
	for _, r := range rows {
		for _, seg := range r.snippet.Segments {
			if ts := seg.(*widget.TextSegment); ts.Style.ColorName == ColorNameHit && ts.Text == "政务公开" {
				highlighted = true
			}
		}
	}
	if !highlighted {
		t.Error("no snippet highlights the matched text")
	}

	want := rows[0].Text()
	tapOn(w, rows[0])
	doc := current[*DocumentScreen](t, a)
	if d := doc.Document(); d == nil || !strings.HasPrefix(want, d.Title) {
		t.Fatalf("tapping result %q opened %+v", want, d)
	}
	a.Back()
	if got := current[*SearchScreen](t, a).Entry.Text; got != "政务公开" {
		t.Errorf("返回 to search lost the query: %q", got)
	}
}

func TestSearchFilters(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	a, w, _ := newTestApp(t, cat, hd)
	tapOn(w, a.Tile(TileSearch))
	s := current[*SearchScreen](t, a)
	test.Type(s.Entry, "教育")
	s.Run()
	all := s.Results()

	s.Validity.SetSelected(domain.ValidityRepealed)
	if f := s.Filter(); f.Validity != domain.ValidityRepealed || f.Query != "教育" {
		t.Fatalf("filter after choosing 废止 = %+v", f)
	}
	if s.Results() >= all {
		t.Errorf("validity 废止 did not narrow %d results (got %d)", all, s.Results())
	}
	for _, r := range docRows(w) {
		if !strings.Contains(PlainText(r.validity.text), "废止") || !r.validity.box.Visible() {
			t.Errorf("row %q under 废止 has no 已废止 tag", r.Text())
		}
	}

	s.Validity.SetSelected(anyValidity)
	s.Year.SetSelected("2021年")
	if f := s.Filter(); f.Year != 2021 {
		t.Fatalf("year filter = %d", f.Year)
	}
	for _, r := range docRows(w) {
		if !strings.Contains(r.Text(), "2021-") {
			t.Errorf("row %q is not from 2021", r.Text())
		}
	}

	s.Year.SetSelected(anyYear)
	var opt string
	for _, o := range s.Category.Options {
		if strings.TrimSpace(o) == "义务教育" {
			opt = o
		}
	}
	s.Category.SetSelected(opt)
	if f := s.Filter(); f.CategoryID != "ywjy" {
		t.Fatalf("category filter = %q", f.CategoryID)
	}

	tapOn(w, s.ClearButton)
	if f := s.Filter(); f != (domain.SearchFilter{}) || s.Entry.Text != "" || s.Results() != 0 {
		t.Errorf("清空 left filter %+v, text %q, %d results", f, s.Entry.Text, s.Results())
	}
}

func TestSearchNoResultsSaysSo(t *testing.T) {
	a, _, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	s := NewSearchScreen(a)
	a.Push(s)
	s.SetQuery("根本不存在的词语😀\"AND*")
	if s.Results() != 0 || !strings.Contains(s.Info(), "没有找到") {
		t.Errorf("results %d, info %q", s.Results(), s.Info())
	}
}

func TestSnippetSegments(t *testing.T) {
	tests := []struct {
		name  string
		spans []domain.Span
		want  string // text with hits in []
	}{
		{"hit in middle", []domain.Span{{Text: "关于"}, {Text: "招生", Hit: true}, {Text: "的通知"}}, "关于[招生]的通知"},
		{"newlines flattened", []domain.Span{{Text: "第一行\n第二行"}, {Text: "招生", Hit: true}}, "第一行 第二行[招生]"},
		{"empty", nil, " "},
		{"only blanks", []domain.Span{{Text: "\n"}}, " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for _, s := range snippetSegments(tt.spans) {
				ts := s.(*widget.TextSegment)
				if ts.Style.ColorName == ColorNameHit {
					b.WriteString("[" + ts.Text + "]")
				} else {
					b.WriteString(ts.Text)
				}
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSnippetCutToWidth checks a highlighted snippet cut to any width
// stays inside it, ends with an ellipsis when cut and keeps its text
// otherwise.
func TestSnippetCutToWidth(t *testing.T) {
	test.NewTempApp(t)
	segs := snippetSegments([]domain.Span{{Text: "……分布情况，现将2026年城区义务教育学校"}, {Text: "招生", Hit: true},
		{Text: "范围公布如下。"}})
	full := fyne.MeasureText(PlainText(&widget.RichText{Segments: segs}), theme.Size(theme.SizeNameText), fyne.TextStyle{}).Width
	for w := float32(20); w < full+100; w += 7 {
		cut := truncateSegments(segs, w)
		var used float32
		for _, s := range cut {
			ts := s.(*widget.TextSegment)
			used += fyne.MeasureText(ts.Text, theme.Size(ts.Style.SizeName), ts.Style.TextStyle).Width
		}
		text := PlainText(&widget.RichText{Segments: cut})
		if used > w+0.5 {
			t.Errorf("cut to %.0f: %q is %.0f wide", w, text, used)
		}
		if w >= full && strings.HasSuffix(text, "…") && !strings.HasSuffix(PlainText(&widget.RichText{Segments: segs}), "…") {
			t.Errorf("cut to %.0f (room for all): %q", w, text)
		}
		if w < full && !strings.HasSuffix(text, "…") {
			t.Errorf("cut to %.0f: %q has no ellipsis", w, text)
		}
	}
}
