package search

import (
	"cmp"
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

// TestTermGramsCover checks that the grams of a term sit where the
// term's text is, and that Cover picks a set covering every unit.
func TestTermGramsCover(t *testing.T) {
	for n := 1; n <= 13; n++ {
		var r []rune
		for i := 0; i < n; i++ {
			r = append(r, rune('一'+i))
		}
		gs := TermGrams(string(r))
		for _, g := range gs {
			o := int(g.Offset)
			var want uint64
			switch n {
			case 1:
				want = Unigram(r[0])
			case 2:
				want = Bigram(r[0], r[1])
			default:
				want = Trigram(r[o], r[o+1], r[o+2])
			}
			if g.Key != want || int(g.Span) != min(n, 3) {
				t.Fatalf("n=%d: gram %+v at %d is not the one there", n, g, o)
			}
		}
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		for k := 0; k < 20; k++ {
			cost := make([]int64, len(gs))
			for i := range cost {
				cost[i] = rng.Int64N(100)
			}
			checkCover(t, string(r), gs, cost)
		}
	}
}

// checkCover checks Cover against every subset of grams (terms with few
// grams) or at least for coverage.
func checkCover(t *testing.T, term string, gs []Gram, cost []int64) {
	t.Helper()
	n := utf8.RuneCountInString(term)
	got := Cover(gs, n, cost)
	covered := make([]bool, n)
	var total int64
	for _, i := range got {
		total += cost[i]
		for u := gs[i].Offset; u < gs[i].Offset+gs[i].Span; u++ {
			covered[u] = true
		}
	}
	if slices.Contains(covered, false) {
		t.Fatalf("Cover(%q) = %v leaves units uncovered", term, got)
	}
	if len(gs) > 14 {
		return
	}
	best := int64(-1)
	for mask := 1; mask < 1<<len(gs); mask++ {
		c := make([]bool, n)
		var sum int64
		for i := range gs {
			if mask&(1<<i) != 0 {
				sum += cost[i]
				for u := gs[i].Offset; u < gs[i].Offset+gs[i].Span; u++ {
					c[u] = true
				}
			}
		}
		if !slices.Contains(c, false) && (best < 0 || sum < best) {
			best = sum
		}
	}
	if total != best {
		t.Fatalf("Cover(%q, %v) = %v costing %d, the cheapest costs %d", term, cost, got, total, best)
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
// up by its number too, and one at an end of the term only by trigrams
// (the text's run may go on), and that Cover prefers a rare number.
func TestTermGramsNumbers(t *testing.T) {
	tri := func(s string, o uint32) Gram {
		r := []rune(s)
		return Gram{Trigram(r[0], r[1], r[2]), o, 3}
	}
	for _, tc := range []struct {
		term string
		want []Gram
	}{
		{"发202112号", []Gram{tri("发20", 0), tri("202", 1), tri("021", 2), tri("211", 3), tri("112", 4), tri("12号", 5),
			{number("202112"), 1, 6}}},
		{"2024年", []Gram{tri("202", 0), tri("024", 1), tri("24年", 2)}},
		{"第12号文", []Gram{tri("第12", 0), tri("12号", 1), tri("2号文", 2), {number("12"), 1, 2}}},
		{"第1号", []Gram{tri("第1号", 0)}}, // one digit: no number
		{"x12345678901y", []Gram{tri("x12", 0), tri("123", 1), tri("234", 2), tri("345", 3), tri("456", 4), tri("567", 5),
			tri("678", 6), tri("789", 7), tri("890", 8), tri("901", 9), tri("01y", 10)}}, // 11 digits: too long
	} {
		if got := TermGrams(tc.term); !slices.Equal(got, tc.want) {
			t.Errorf("TermGrams(%q) = %v, want %v", tc.term, got, tc.want)
		}
	}
	gs := TermGrams("发202112号")
	cost := []int64{50, 90, 90, 90, 90, 50, 1}
	if got := Cover(gs, 8, cost); !slices.Equal(got, []int{0, 6, 5}) && !slices.Equal(got, []int{0, 5, 6}) {
		t.Errorf("Cover = %v, want the number between the two end trigrams", got)
	}
	checkCover(t, "发202112号", gs, cost)
}

// TestKeys checks that keys of different grams differ, that a bigram's
// trigrams sit right after it, and what has positions.
func TestKeys(t *testing.T) {
	wide := rune(0x20000) // 𠀀, CJK extension B
	keys := map[uint64]string{}
	for _, tc := range []struct {
		name string
		key  uint64
		pos  bool
	}{
		{"unigram", Unigram('教'), false}, {"bigram", Bigram('教', '育'), false}, {"trigram", Trigram('教', '育', '局'), true},
		{"trigram ending wide", Trigram('教', '育', wide), true}, {"wide unigram", Unigram(wide), false},
		{"wide bigram", Bigram(wide, '育'), false}, {"wide trigram", Trigram('教', wide, '局'), true},
		{"number", number("2021"), true}, {"other number", number("02021"), true}, {"ascii trigram", Trigram('a', '1', 'z'), true},
	} {
		if other, dup := keys[tc.key]; dup {
			t.Errorf("%s and %s share key %x", tc.name, other, tc.key)
		}
		keys[tc.key] = tc.name
		if HasPositions(tc.key) != tc.pos || tc.key&GramHead != 0 || tc.key >= 1<<62 {
			t.Errorf("%s: key %x, positions %v", tc.name, tc.key, HasPositions(tc.key))
		}
		if bg, ok := BigramOf(tc.key); ok && !(bg <= tc.key && tc.key-bg <= cField) {
			t.Errorf("%s: bigram %x not just before %x", tc.name, bg, tc.key)
		}
	}
	if bg, _ := BigramOf(Trigram('教', '育', wide)); bg != Bigram('教', '育') {
		t.Error("trigram with a wide last unit is not after its bigram")
	}
	if bg, _ := BigramOf(GramHead | Trigram(wide, '育', '局')); bg != GramHead|Bigram(wide, '育') {
		t.Error("wide trigram's bigram")
	}
	if Normalize(string(rune(0xF0000))+"教") != "教" {
		t.Error("a rune beyond the key space is not a break")
	}
}

// TestExtractor checks the entries against the definition: each distinct
// unigram and bigram of a part once, each trigram and number with its
// positions, positions counting units and breaks, fields not joined.
func TestExtractor(t *testing.T) {
	x := NewExtractor()
	x.Head("教育局")
	x.Head("阳教〔2021〕1号")
	x.Body("教育，教育")
	h := GramHead
	want := map[uint64][]uint32{
		h | Unigram('教'): nil, h | Unigram('育'): nil, h | Unigram('局'): nil, h | Unigram('阳'): nil,
		h | Unigram('2'): nil, h | Unigram('0'): nil, h | Unigram('1'): nil, h | Unigram('号'): nil,
		Unigram('教'): nil, Unigram('育'): nil,
		// "教育局" + break = positions 0-3; the 文号 (阳教20211号) starts at 4
		h | Trigram('教', '育', '局'): {0}, h | Bigram('育', '局'): nil,
		h | Trigram('阳', '教', '2'): {4}, h | Trigram('教', '2', '0'): {5}, h | Trigram('2', '0', '2'): {6},
		h | Trigram('0', '2', '1'): {7}, h | Trigram('2', '1', '1'): {8}, h | Trigram('1', '1', '号'): {9},
		h | Bigram('1', '号'): nil, h | number("20211"): {6}, // the whole run of digits
		Bigram('教', '育'): nil,
	}
	// The bigrams each part holds are marked on their first key.
	starts := []uint64{h | Trigram('教', '育', '局'), h | Bigram('育', '局'), h | Trigram('阳', '教', '2'),
		h | Trigram('教', '2', '0'), h | Trigram('2', '0', '2'), h | Trigram('0', '2', '1'), h | Trigram('2', '1', '1'),
		h | Trigram('1', '1', '号'), h | Bigram('1', '号'), Bigram('教', '育')}
	g := x.Grams()
	got := map[uint64][]uint32{}
	var gotStarts []uint64
	for i, k := range g.Keys {
		if k&BigramStart != 0 {
			k &^= BigramStart
			gotStarts = append(gotStarts, k)
		}
		if _, dup := got[k]; dup {
			t.Errorf("key %x twice", k)
		}
		from := uint32(0)
		if i > 0 {
			from = g.Ends[i-1]
		}
		got[k] = decodePositions(t, g.Pos[from:g.Ends[i]])
	}
	for k, w := range want {
		if p, ok := got[k]; !ok || !slices.Equal(p, w) {
			t.Errorf("key %x: positions %v (present %v), want %v", k, p, ok, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d keys, want %d", len(got), len(want))
	}
	slices.Sort(starts)
	slices.Sort(gotStarts)
	if !slices.Equal(gotStarts, starts) {
		t.Errorf("bigram starts %x, want %x", gotStarts, starts)
	}
}

func decodePositions(t *testing.T, b []byte) []uint32 {
	if len(b) == 0 {
		return nil
	}
	n, w := uvarintTest(b)
	if int(n) != len(b)-w {
		t.Fatalf("positions of length %d in %d bytes", n, len(b)-w)
	}
	var out []uint32
	p := uint64(0)
	for b = b[w:]; len(b) > 0; {
		d, w := uvarintTest(b)
		p += d
		out = append(out, uint32(p))
		b = b[w:]
	}
	return out
}

func uvarintTest(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return v, len(b)
}

// TestRadixSort compares the radix sort with a stable sort on keys of
// varied widths.
func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, bits := range []uint{1, 12, 30, 51, 57, 64} {
		recs := make([][2]uint64, 5000)
		for i := range recs {
			recs[i] = [2]uint64{rng.Uint64() >> (64 - bits) << 3, uint64(i)}
		}
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b [2]uint64) int { return cmp.Compare(a[0], b[0]) })
		got, _ := RadixSort(recs, make([][2]uint64, len(recs)))
		if !slices.Equal(got, want) {
			t.Errorf("%d-bit keys: radix sort differs from a stable sort", bits)
		}
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

// TestSnippetFoldsLittle checks Snippet, which folds only the start of a
// text and the snippet, against the same window cut from every match in
// the whole text, on long random texts.
func TestSnippetFoldsLittle(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	words := []string{"政务", "公开", "学校", "〔2021〕", "（", "）", "，", "教育", "Ａ", "ａ", "12号", "安全"}
	for k := 0; k < 300; k++ {
		text := randomText(rng, words, rng.IntN(3000))
		q := Parse(words[rng.IntN(len(words))] + words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))])
		width := 20 + rng.IntN(100)
		want := snippetOfAll(text, q, width)
		if got := Snippet(text, q, width); !slices.Equal(got, want) {
			t.Fatalf("Snippet(%d characters, %q, %d) = %q, want %q", utf8.RuneCountInString(text), q.Terms, width,
				render(got), render(want))
		}
	}
}

// snippetOfAll is Snippet the plain way: every match of the whole text.
func snippetOfAll(text string, q Query, width int) []domain.Span {
	ms := matches(text, q)
	from := 0
	if len(ms) > 0 {
		from = back(text, ms[0][0], width/4)
	}
	to := forward(text, from, width)
	if len(ms) > 0 && to < ms[0][1] {
		to = ms[0][1]
	}
	return clipped(text, from, to, ms)
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

// TestOccurrencesAreGrams checks that the unsorted occurrences the store
// builds its segments from, grouped by key, are the document's Grams:
// the same keys, each trigram's and number's positions ascending.
func TestOccurrencesAreGrams(t *testing.T) {
	x := NewExtractor()
	for _, doc := range [][]string{
		{"教育局", "阳教〔2021〕1号", "教育，教育局教育局。2021年第2021号教育"},
		{"", "", "学生资助政策学生资助政策 abc ABC 12 123 12 1234567890123 学生"},
	} {
		x.Reset()
		x.Head(doc[0])
		x.Head(doc[1])
		x.Body(doc[2])
		x.Body(doc[2])
		ents, unis := x.Occurrences()
		got := map[uint64][]uint32{}
		for _, e := range ents {
			if !HasPositions(e[0]) {
				got[e[0]] = nil
				continue
			}
			if ps := got[e[0]]; len(ps) > 0 && ps[len(ps)-1] >= uint32(e[1]) {
				t.Errorf("key %x: position %d after %d", e[0], e[1], ps[len(ps)-1])
			}
			got[e[0]] = append(got[e[0]], uint32(e[1]))
		}
		for _, k := range unis {
			if _, dup := got[k]; dup {
				t.Errorf("unigram %x twice", k)
			}
			got[k] = nil
		}
		g := x.Grams()
		for i, k := range g.Keys {
			k &^= BigramStart
			from := uint32(0)
			if i > 0 {
				from = g.Ends[i-1]
			}
			if w := decodePositions(t, g.Pos[from:g.Ends[i]]); !slices.Equal(got[k], w) {
				t.Errorf("key %x: occurrences at %v, Grams %v", k, got[k], w)
			}
			delete(got, k)
		}
		if len(got) > 0 {
			t.Errorf("%d keys in occurrences not in Grams", len(got))
		}
	}
}

// TestOccurrenceUnitsAreUnigrams checks what the store's segment builder
// relies on to sort narrow keys compactly: every unit of an occurrence's
// key is also a unigram of the document's same part; and that the narrow
// keys' fields round-trip.
func TestOccurrenceUnitsAreUnigrams(t *testing.T) {
	x := NewExtractor()
	wide := string(rune(0x20001))
	for _, doc := range [][]string{
		{"教育局", "阳教〔2021〕1号", "教育，教育局教育局。2021年第2021号教育"},
		{"学生" + wide + "资助", "", "abc ABC 12 " + wide + wide + "学 12345 学生资助政策" + wide},
	} {
		x.Reset()
		x.Head(doc[0])
		x.Head(doc[1])
		x.Body(doc[2])
		ents, unis := x.Occurrences()
		unigrams := map[uint64]bool{}
		for _, k := range unis {
			unigrams[k] = true
		}
		for _, e := range ents {
			key := e[0]
			if IsNumber(key) {
				continue
			}
			a, b, c := fields(key)
			for _, u := range []uint64{a, b, c} {
				if u != 0 && !unigrams[Unigram(rune(u))|key&GramHead] {
					t.Errorf("%q: unit %c of key %x is not a unigram of its part", doc, rune(u), key)
				}
			}
			if !Narrow(key) {
				continue
			}
			na, nb, nc, head := NarrowFields(key)
			if na != a || nb != b || nc != c || NarrowKey(na, nb, nc, head) != key {
				t.Errorf("key %x: narrow fields %x %x %x %x", key, na, nb, nc, head)
			}
		}
	}
	if Narrow(number("2021")) || Narrow(Trigram(0x20001, '学', '生')) || !Narrow(Trigram('学', '生', 0x20001)) || !IsNumber(number("12")) {
		t.Error("Narrow or IsNumber misclassify a key")
	}
}

// TestContains checks Contains against strings.Contains over the
// normalized text, on random texts with brackets and full-width letters.
func TestContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	words := []string{"政务", "公开", "〔2021〕", "（", "）", "，", "Ａ", "ａ", "12号", "【", "】", "b"}
	for k := 0; k < 2000; k++ {
		text := randomText(rng, words, rng.IntN(200))
		for _, term := range Parse(words[rng.IntN(len(words))] + words[rng.IntN(len(words))] + words[rng.IntN(len(words))]).Terms {
			if got, want := Contains(text, term), strings.Contains(Normalize(text), term); got != want {
				t.Fatalf("Contains(%q, %q) = %v, want %v", text, term, got, want)
			}
		}
	}
}

// randomText is n words drawn from words.
func randomText(rng *rand.Rand, words []string, n int) string {
	var b strings.Builder
	for ; n > 0; n-- {
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

// TestDecodeRuneAsUTF8 holds decodeRune to utf8.DecodeRuneInString on every
// three-byte prefix that starts with a byte from 0x80 and on short input.
func TestDecodeRuneAsUTF8(t *testing.T) {
	for a := 0x80; a < 0x100; a++ {
		for b := 0; b < 0x100; b++ {
			for _, c := range []int{0x00, 0x3f, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff} {
				for _, s := range []string{string([]byte{byte(a), byte(b), byte(c)}), string([]byte{byte(a), byte(b)}), string([]byte{byte(a), byte(b), byte(c), 'x'})} {
					r, n := decodeRune(s)
					wr, wn := utf8.DecodeRuneInString(s)
					if r != wr || n != wn {
						t.Fatalf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
					}
				}
			}
		}
	}
}
