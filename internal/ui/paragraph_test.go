package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gongkai/internal/domain"
	"gongkai/internal/ui/uitest"
)

// runes measures a string as one unit per character: line breaking can
// then be checked by counting.
func runes(s string) float32 { return float32(utf8.RuneCountInString(s)) }

func TestBreakLinesKeepsChineseRules(t *testing.T) {
	tests := []struct {
		name string
		text string
		w    float32
		want []string
	}{
		{"a comma never starts a line", "现将办法印发给你们，请认真贯彻执行。", 9,
			[]string{"现将办法印发给你", "们，请认真贯彻执", "行。"}},
		{"a full stop stays with its sentence", "一二三四五。六七", 5, []string{"一二三四", "五。六七"}},
		{"an opening bracket starts the next line", "一二三四（五）", 5, []string{"一二三四", "（五）"}},
		{"an opening quote is not left at a line's end", "一二三四“五六”", 5, []string{"一二三四", "“五六”"}},
		{"an index number is not split", "索引号11371521004338386X/2019-00031", 30,
			[]string{"索引号", "11371521004338386X/2019-00031"}},
		{"a number longer than a line is split", "12345678901234", 5, []string{"12345", "67890", "1234"}},
		{"words break at spaces", "open government data", 12, []string{"open", "government", "data"}},
		{"newlines break", "第一行\n第二行", 10, []string{"第一行", "第二行"}},
		{"fits on one line", "政务公开", 10, []string{"政务公开"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BreakLines(tt.text, tt.w, runes)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("BreakLines(%q, %v) = %q, want %q", tt.text, tt.w, got, tt.want)
			}
			for _, l := range got {
				if runes(l) > tt.w {
					t.Errorf("line %q is wider than %v", l, tt.w)
				}
			}
		})
	}
}

// TestDocumentLinesNeverStartWithClosingMarks opens every demo document
// at every text step on a narrow screen and checks no line of its body
// or of its links (相关解读) starts with a closing mark (issue 13: a
// full-width comma could; a 解读's title left its 》 on a line of its own).
func TestDocumentLinesNeverStartWithClosingMarks(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	a, w, _ := newTestApp(t, cat, fyne.NewSize(1080, 1920))
	docs, _, err := cat.Documents(t.Context(), domain.DocumentFilter{Limit: 200})
	if err != nil || len(docs) == 0 {
		t.Fatalf("%d documents: %v", len(docs), err)
	}
	lines := 0
	for _, d := range docs {
		a.Push(NewDocumentScreen(a, d.ID))
		for _, step := range TextSteps {
			a.SetTextStep(step)
			for _, p := range find[*Paragraph](w) {
				// Every line, not only those a scroller draws (Objects).
				for _, text := range p.Lines() {
					lines++
					if r, _ := utf8.DecodeRuneInString(text); text != "" && strings.ContainsRune(noLineStart, r) {
						t.Errorf("%s, %s: a line starts with %q: %q", d.ID, step.Name(), r, text)
					}
				}
			}
		}
		a.Back()
		a.SetTextStep(TextNormal)
	}
	if lines < 100 {
		t.Errorf("only %d lines checked", lines)
	}
}

// kerned measures one unit per character, less a quarter for each pair of
// Latin letters and more a quarter after each full-width comma, so a
// line's width is not the sum of its characters'.
func kerned(s string) float32 {
	var w float32
	var prev rune
	for _, r := range s {
		w++
		if isWordRune(prev) && isWordRune(r) {
			w -= 0.25
		}
		if prev == '，' {
			w += 0.25
		}
		prev = r
	}
	return w
}

// breakBySearch is the line breaking BreakLines did before issue 16: a
// binary search over the paragraph's prefixes, measuring each.
func breakBySearch(para []rune, w float32, width func(string) float32) []string {
	var out []string
	for start := 0; start < len(para); {
		lo, hi := start+1, len(para)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if width(string(para[start:mid])) <= w {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		end := lo
		if end < len(para) {
			end = breakBefore(para, start, end)
		}
		out = append(out, strings.TrimRightFunc(string(para[start:end]), unicode.IsSpace))
		start = end
		for start < len(para) && para[start] == ' ' {
			start++
		}
	}
	return out
}

// TestBreakLinesMeasuresLinesNotParagraphs checks that the guess from
// the characters' advances gives the same lines as measuring prefixes,
// with kerning, and that no string measured is much longer than a line:
// Fyne keeps every string measured for a minute.
func TestBreakLinesMeasuresLinesNotParagraphs(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	pieces := []string{"政务公开", "，", "。", "AVAV", "2021", " ", "（", "）", "阳教体办发〔2021〕12号", "open data", "学"}
	for i := range 300 {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		w := float32(2 + rng.IntN(30))
		longest := 0
		measure := func(s string) float32 {
			longest = max(longest, utf8.RuneCountInString(s))
			return kerned(s)
		}
		got := BreakLines(text, w, measure)
		want := breakBySearch([]rune(text), w, kerned)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("case %d, width %v: %q\n got %q\nwant %q", i, w, text, got, want)
		}
		if limit := int(2*w) + 2; longest > limit {
			t.Errorf("case %d: measured a string of %d characters for lines of width %v", i, longest, w)
		}
	}
}

// TestLongDocumentDrawsOnlyTheLinesInView opens a 公文 of hundreds of
// paragraphs, a list and a table, and checks that the document draws only
// the lines in or near its view (Fyne makes a texture for each line it
// draws: issue 16), and never leaves out a line the view shows: at the
// top, scrolled to the middle and to the end, and in every text size.
func TestLongDocumentDrawsOnlyTheLinesInView(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	body := []domain.Block{{Kind: domain.BlockHeading, Level: 1, Text: "关于印发《长文件测试办法》的通知"}}
	for i := range 300 {
		body = append(body, domain.Block{Kind: domain.BlockParagraph,
			Text: fmt.Sprintf("第%d段。", i+1) + strings.Repeat("各乡镇（街道）中心学校要认真贯彻执行，", 1+i%7)})
	}
	body = append(body,
		domain.Block{Kind: domain.BlockList, Ordered: true, Items: []string{"第一项要求。", "第二项要求，" + strings.Repeat("长", 200)}},
		domain.Block{Kind: domain.BlockTable, Rows: [][]string{{"学校", "人数"}, {"第一中学", "1200"}, {"第二中学", "980"}}},
		domain.Block{Kind: domain.BlockParagraph, Text: "最后一段。"})
	cat.Add(domain.Document{ID: "long-1", Title: "长文件", Published: "2026-03-01", Body: body})
	a, w, _ := newTestApp(t, cat, hd)
	s := NewDocumentScreen(a, "long-1")
	a.Push(s)

	// check returns how many lines are drawn, failing for a line in the
	// view that is not drawn.
	check := func(where string) (drawn, all int) {
		t.Helper()
		d := fyne.CurrentApp().Driver()
		view := d.AbsolutePositionForObject(s.Scroll()).Y
		viewEnd := view + s.Scroll().Size().Height
		for _, p := range find[*Paragraph](w) {
			shown := map[string]bool{}
			for _, o := range test.WidgetRenderer(p).Objects() {
				if tx := o.(*canvas.Text); tx.Visible() {
					shown[tx.Text] = true
					drawn++
				}
			}
			r := test.WidgetRenderer(p).(*paragraphRenderer)
			step := r.lineHeight() + theme.LineSpacing()
			top := d.AbsolutePositionForObject(p).Y + theme.InnerPadding()
			for i, line := range p.Lines() {
				all++
				y := top + float32(i)*step
				if y+r.lineHeight() > view && y < viewEnd && !shown[line] {
					t.Errorf("%s: line %q is in the view (%v in %v–%v) but not drawn", where, line, y, view, viewEnd)
				}
			}
		}
		return drawn, all
	}
	for _, step := range TextSteps {
		a.SetTextStep(step)
		for _, at := range []float32{0, 0.5, 1} {
			s.Scroll().ScrollToOffset(at * (s.Scroll().Scroll.Content.Size().Height - s.Scroll().Size().Height))
			where := fmt.Sprintf("%s, scrolled to %.0f%%", step.Name(), at*100)
			drawn, all := check(where)
			// The view and a quarter of it above and below, at most.
			most := int(1.5*s.Scroll().Size().Height/(theme.Size(theme.SizeNameText)*1.2)) + 10
			if drawn > most || 5*drawn > all {
				t.Errorf("%s: %d of %d lines drawn, want at most %d", where, drawn, all, most)
			}
			if at == 1 && !slices.Contains(texts2(w), "　　最后一段。") {
				t.Errorf("%s: the last paragraph is not drawn", where)
			}
		}
	}
}

// texts2 returns the text of every visible canvas.Text in w.
func texts2(w fyne.Window) []string {
	var out []string
	for _, t := range find[*canvas.Text](w) {
		out = append(out, t.Text)
	}
	return out
}
