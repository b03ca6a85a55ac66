package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/internal/domain"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"政务公开", "政务公开"},
		{"ＡＢＣ１２３", "abc123"},               // full-width to half-width, lower case
		{"阳教体办发〔2021〕12号", "阳教体办发202112号"}, // brackets vanish
		{"阳教体办发[2021]12号", "阳教体办发202112号"},
		{"阳教体办发（2021）12号", "阳教体办发202112号"},
		{"阳教体办发【2021】12号", "阳教体办发202112号"},
		{"阳教体办发(2021)12号", "阳教体办发202112号"},
		{"阳教体办发﹝2021﹞12号", "阳教体办发202112号"}, // small tortoise shell brackets fold to 〔〕
		{"  教育，学校。  ", "教育 学校"},            // punctuation and spaces collapse
		{"教育😀学校", "教育 学校"},                 // emoji separate words
		{"①号文件", "1号文件"},
		{"Hello World", "hello world"},
		{"", ""},
		{"（）", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"政务公开", []string{"政务公开"}},
		{"学校 安全", []string{"学校", "安全"}},
		{"学校  学校", []string{"学校"}},
		{"学 学校", []string{"学校"}}, // contained in another term
		{"2024年秋季", []string{"2024年秋季"}},
		{"12345热线", []string{"12345热线"}},
		{`"教育" AND 学校 OR NOT NEAR(x)`, []string{"教育", "学校", "nearx"}},
		{"AND", []string{"and"}},
		{"教育*", []string{"教育"}},
		{"-教育 ^学校 col:值", []string{"教育", "学校", "col", "值"}},
		{"😀😀", nil},
		{`"""`, nil},
		{"（阳教体办发〔2021〕12号）", []string{"阳教体办发202112号"}},
	} {
		if got := Parse(tc.in).Terms; !slices.Equal(got, tc.want) {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("政务公开 ", 2500) + strings.Repeat("字", 10000)
	q := Parse(long)
	if len(q.Terms) == 0 || len(q.Terms) > MaxTerms {
		t.Errorf("10,000-character input gave %d terms", len(q.Terms))
	}
	for _, term := range q.Terms {
		if n := utf8.RuneCountInString(term); n > MaxTermUnits {
			t.Errorf("term of %d units", n)
		}
	}
}

// TestTermGramsCover checks that the grams of a term cover every unit and
// sit where the term's text is.
func TestTermGramsCover(t *testing.T) {
	for n := 1; n <= 13; n++ {
		r := []rune(strings.Repeat("政务公开工作要点阳教体办发二〇", 1)[:0])
		for i := 0; i < n; i++ {
			r = append(r, rune('一'+i))
		}
		gs := TermGrams(string(r))
		covered := make([]bool, n)
		for _, g := range gs {
			if n == 1 {
				if g.Key != Unigram(r[0]) || IsBigram(g.Key) {
					t.Fatalf("n=1: %+v", g)
				}
				covered[0] = true
				continue
			}
			o := g.Offset
			if g.Key != Bigram(r[o], r[o+1]) {
				t.Fatalf("n=%d: gram at %d is not the bigram there", n, o)
			}
			covered[o], covered[o+1] = true, true
		}
		for i, c := range covered {
			if !c {
				t.Errorf("n=%d: unit %d not covered by %+v", n, i, gs)
			}
		}
	}
}

func number(digits string) uint64 {
	k, ok := Number([]rune(digits))
	if !ok {
		panic(digits)
	}
	return k
}

// TestTermGramsNumbers checks that a run of digits inside a term is looked
// up by its number, and one at an end of the term by bigrams (the text's
// run may go on).
func TestTermGramsNumbers(t *testing.T) {
	for _, tc := range []struct {
		term string
		want []Gram
	}{
		{"发202112号", []Gram{{number("202112"), 1}, {Bigram('发', '2'), 0}, {Bigram('2', '号'), 6}}},
		{"2024年", []Gram{{Bigram('2', '0'), 0}, {Bigram('2', '4'), 2}, {Bigram('4', '年'), 3}}},
		{"第12号文", []Gram{{number("12"), 1}, {Bigram('第', '1'), 0}, {Bigram('号', '文'), 3}}},
		{"第1号", []Gram{{Bigram('第', '1'), 0}, {Bigram('1', '号'), 1}}}, // one digit: no number
		{"x12345678901y", []Gram{{Bigram('x', '1'), 0}, {Bigram('2', '3'), 2}, {Bigram('4', '5'), 4}, {Bigram('6', '7'), 6},
			{Bigram('8', '9'), 8}, {Bigram('0', '1'), 10}, {Bigram('1', 'y'), 11}}}, // 11 digits: too long
	} {
		if got := TermGrams(tc.term); !slices.Equal(got, tc.want) {
			t.Errorf("TermGrams(%q) = %v, want %v", tc.term, got, tc.want)
		}
	}
}

// TestExtractor checks the entries against the definition: each distinct
// unigram of a part once, each bigram of a run at its position, positions
// counting units and breaks, fields not joined.
func TestExtractor(t *testing.T) {
	x := NewExtractor()
	x.Head("教育局")
	x.Head("阳教〔2021〕1号")
	x.Body("教育，教育")
	want := []uint64{
		GramHead | Unigram('教'), GramHead | Unigram('育'), GramHead | Unigram('局'), GramHead | Unigram('阳'),
		GramHead | Unigram('2'), GramHead | Unigram('0'), GramHead | Unigram('1'), GramHead | Unigram('号'),
		Unigram('教'), Unigram('育'),
	}
	type ent struct {
		key uint64
		pos uint32
	}
	var got []ent
	for _, e := range x.Entries() {
		k, p := Entry(e)
		got = append(got, ent{k, p})
	}
	wantBigrams := []ent{
		{GramHead | Bigram('教', '育'), 0}, {GramHead | Bigram('育', '局'), 1},
		// "教育局" + break = positions 0-3; the 文号 starts at 4
		{GramHead | Bigram('阳', '教'), 4}, {GramHead | Bigram('教', '2'), 5}, {GramHead | Bigram('2', '0'), 6},
		{GramHead | Bigram('0', '2'), 7}, {GramHead | Bigram('2', '1'), 8}, {GramHead | Bigram('1', '1'), 9},
		{GramHead | Bigram('1', '号'), 10},
		{GramHead | number("20211"), 6}, // the whole run of digits
		{Bigram('教', '育'), 0}, {Bigram('教', '育'), 3},
	}
	for _, w := range want {
		if !slices.Contains(got, ent{w, 0}) {
			t.Errorf("missing unigram %x", w)
		}
	}
	for _, w := range wantBigrams {
		if !slices.Contains(got, w) {
			t.Errorf("missing bigram %x at %d", w.key, w.pos)
		}
	}
	if n := len(want) + len(wantBigrams); len(got) != n {
		t.Errorf("got %d entries, want %d: %v", len(got), n, got)
	}
	if !slices.IsSortedFunc(got, func(a, b ent) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.pos) - int(b.pos)
	}) {
		t.Error("entries not sorted by key, then position")
	}
}

// TestExtractorSortLarge compares the radix sort with a plain sort on a
// long, varied text.
func TestExtractorSortLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		b.WriteRune(rune(0x4E00 + rng.IntN(300)))
		if rng.IntN(9) == 0 {
			b.WriteString("，")
		}
	}
	x := NewExtractor()
	x.Head("标题")
	x.Body(b.String())
	got := slices.Clone(x.Entries())
	want := slices.Clone(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Error("radix-sorted entries differ from sorted entries")
	}
}

func render(spans []domain.Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Hit {
			b.WriteString("【" + s.Text + "】")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestHighlight(t *testing.T) {
	for _, tc := range []struct{ text, query, want string }{
		{"关于做好2024年秋季招生工作的通知", "招生", "关于做好2024年秋季【招生】工作的通知"},
		{"阳教体办发〔2021〕12号", "阳教体办发(2021)12号", "【阳教体办发〔2021〕12号】"},
		{"全角ＡＢＣ与abc", "abc", "全角【ＡＢＣ】与【abc】"},
		{"学校安全与学校管理", "学校 安全", "【学校安全】与【学校】管理"},
		{"没有命中", "教育", "没有命中"},
	} {
		if got := render(Highlight(tc.text, Parse(tc.query))); got != tc.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", tc.text, tc.query, got, tc.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	text := strings.Repeat("前文", 100) + "政务公开工作要点" + strings.Repeat("后文", 100)
	got := render(Snippet(text, Parse("政务公开"), 40))
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "【政务公开】") {
		t.Errorf("snippet = %q", got)
	}
	if n := utf8.RuneCountInString(strings.NewReplacer("【", "", "】", "", "…", "").Replace(got)); n != 40 {
		t.Errorf("snippet has %d characters, want 40", n)
	}
	if got := render(Snippet("短文本", Parse("没有"), 40)); got != "短文本" {
		t.Errorf("snippet without match = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"政务公开", `"a" AND b*`, "（2021）", "😀", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		for _, term := range q.Terms {
			if term == "" || strings.ContainsRune(term, ' ') {
				t.Fatalf("bad term %q", term)
			}
			if len(TermGrams(term)) == 0 {
				t.Fatalf("no grams for %q", term)
			}
		}
		Snippet(s, q, 30)
	})
}
