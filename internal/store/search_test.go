package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

// fixture is a store holding a generated catalogue, applied in batches of
// varied size (so the index has several segments and merges), with some
// documents updated and some deleted afterwards, and the documents it
// should hold now.
type fixture struct {
	s      *store.Store
	docs   map[string]domain.Document
	cats   map[string]string      // category -> parent
	folded map[string][2][]string // id -> fields(doc): head, body
}

func newFixture(t *testing.T, n int) *fixture { return newFixtureIn(t, n, 60) }

// newFixtureIn is newFixture with batches of up to batch changes; 0 applies
// the whole catalogue in one batch, so the index is one segment.
func newFixtureIn(t *testing.T, n, batch int) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{s: mustOpen(t), docs: map[string]domain.Document{}, cats: map[string]string{}}
	if batch > 0 {
		f.s.HoldMerges() // keep the many segments of a sync in pages
	}
	c := tree(&catalogue{})
	for _, ch := range c.changes {
		var cat domain.Category
		mustUnmarshal(t, ch.Data, &cat)
		f.cats[cat.ID] = cat.ParentID
	}
	g := corpus.New(7, []string{"zcfg", "zcfg-gfxwj", "zcfg-zcxwj", "yw", "yw-zsgl", "yw-zsgl-zszc", "gsgg"})
	for i := 0; i < n; i++ {
		d := g.Document(i)
		c.doc(d)
		f.docs[d.ID] = d
	}
	// Updates: new titles and bodies for some documents; deletions of others.
	for i := 0; i < n; i += 7 {
		d := g.Document(n + i)
		d.ID = fmt.Sprintf("gen-%07d", i)
		c.doc(d)
		f.docs[d.ID] = d
	}
	for i := 3; i < n; i += 11 {
		id := fmt.Sprintf("gen-%07d", i)
		c.del(domain.KindDocument, id)
		delete(f.docs, id)
	}
	from := int64(0)
	rng := rand.New(rand.NewPCG(3, 4))
	for from < int64(len(c.changes)) {
		to := int64(len(c.changes))
		if batch > 0 {
			to = min(from+int64(1+rng.IntN(batch)), to)
		}
		mustApply(t, f.s, c.batch(domain.SourceHub, from, to))
		from = to
	}
	if st, err := f.s.State(ctx); err != nil || st.Documents != len(f.docs) {
		t.Fatalf("state = %+v, %v; want %d documents", st, err, len(f.docs))
	}
	f.folded = make(map[string][2][]string, len(f.docs))
	for id, d := range f.docs {
		head, body := fields(d)
		f.folded[id] = [2][]string{head, body}
	}
	return f
}

// fields returns a document's searchable fields, folded: head, then body.
func fields(d domain.Document) (head, body []string) {
	head = append([]string{search.Normalize(d.Title), search.Normalize(d.DocNo)}, normAll(d.Keywords)...)
	for _, b := range d.Body {
		body = append(body, search.Normalize(b.Text))
		body = append(body, normAll(b.Items)...)
		for _, row := range b.Rows {
			body = append(body, normAll(row)...)
		}
	}
	body = append(body, search.Normalize(d.IndexNo))
	return head, body
}

func normAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = search.Normalize(s)
	}
	return out
}

func containsAny(fs []string, term string) bool {
	for _, f := range fs {
		if strings.Contains(f, term) {
			return true
		}
	}
	return false
}

// bruteForce returns the ids of documents holding every term, by
// strings.Contains over the folded fields (which the index must agree
// with), and which of them hold every term in the head.
func (f *fixture) bruteForce(terms []string, keep func(domain.Document) bool) (all []string, inHead map[string]bool) {
	inHead = map[string]bool{}
	for id, d := range f.docs {
		if keep != nil && !keep(d) {
			continue
		}
		head, body := f.folded[id][0], f.folded[id][1]
		ok, h := true, true
		for _, t := range terms {
			th := containsAny(head, t)
			if !th && !containsAny(body, t) {
				ok = false
				break
			}
			h = h && th
		}
		if ok {
			all = append(all, id)
			inHead[id] = h
		}
	}
	slices.Sort(all)
	return all, inHead
}

// searchAll pages through every result.
func searchAll(t *testing.T, s *store.Store, f domain.SearchFilter) ([]domain.SearchHit, int) {
	t.Helper()
	var hits []domain.SearchHit
	f.Limit = store.MaxPageSize
	for {
		r, err := s.Search(context.Background(), f)
		if err != nil {
			t.Fatalf("Search(%+v): %v", f, err)
		}
		hits = append(hits, r.Hits...)
		if len(r.Hits) < f.Limit || len(hits) >= r.Total {
			return hits, r.Total
		}
		f.Offset += f.Limit
	}
}

// checkQuery compares a search with brute force, and checks the order:
// head matches first, then newer first.
func (f *fixture) checkQuery(t *testing.T, query string, filter domain.SearchFilter, keep func(domain.Document) bool) {
	t.Helper()
	filter.Query = query
	hits, total := searchAll(t, f.s, filter)
	want, inHead := f.bruteForce(search.Parse(query).Terms, keep)
	var got []string
	for _, h := range hits {
		got = append(got, h.ID)
	}
	slices.Sort(got)
	if total != len(want) || !slices.Equal(got, want) {
		t.Fatalf("query %q %+v: got %d hits (total %d), want %d\nmissing %v\nextra %v", query, filter,
			len(got), total, len(want), minus(want, got), minus(got, want))
	}
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		if inHead[b.ID] && !inHead[a.ID] {
			t.Fatalf("query %q: %s (head match) ranked after %s (body only)", query, b.ID, a.ID)
		}
		if inHead[a.ID] == inHead[b.ID] && a.Published < b.Published {
			t.Fatalf("query %q: %s (%s) ranked before newer %s (%s)", query, a.ID, a.Published, b.ID, b.Published)
		}
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
		if len(out) == 5 {
			break
		}
	}
	return out
}

func sortedIDs(docs map[string]domain.Document) []string {
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// randomTerm returns a random substring of n units of a random field of a
// random document.
func (f *fixture) randomTerm(rng *rand.Rand, n int) string {
	ids := make([]string, 0, len(f.docs))
	for id := range f.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for {
		fl := f.folded[ids[rng.IntN(len(ids))]]
		fs := append(slices.Clone(fl[0]), fl[1]...)
		words := strings.Fields(fs[rng.IntN(len(fs))])
		if len(words) == 0 {
			continue
		}
		w := []rune(words[rng.IntN(len(words))])
		if len(w) < n {
			continue
		}
		i := rng.IntN(len(w) - n + 1)
		return string(w[i : i+n])
	}
}

// TestSearchFindsEverySubstring is the property that matters most: a
// query of 1, 2, 3 or more characters finds exactly the documents that
// contain it, checked against brute force over the stored documents.
func TestSearchFindsEverySubstring(t *testing.T) {
	f := newFixture(t, 400)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 4, 5, 7, 10} {
		for k := 0; k < 25; k++ {
			f.checkQuery(t, f.randomTerm(rng, n), domain.SearchFilter{}, nil)
		}
	}
	// Two words: both must be in a document, anywhere.
	for k := 0; k < 40; k++ {
		q := f.randomTerm(rng, 1+rng.IntN(3)) + " " + f.randomTerm(rng, 2+rng.IntN(3))
		f.checkQuery(t, q, domain.SearchFilter{}, nil)
	}
	// 文号 and pieces of them: runs of digits inside a query are looked up
	// as whole numbers.
	docNos := 0
	for _, id := range sortedIDs(f.docs) {
		d := f.docs[id]
		if d.DocNo == "" || docNos == 30 {
			continue
		}
		docNos++
		no := []rune(search.Normalize(d.DocNo))
		f.checkQuery(t, string(no), domain.SearchFilter{}, nil)
		f.checkQuery(t, string(no[rng.IntN(3)+2:]), domain.SearchFilter{}, nil)
		f.checkQuery(t, d.DocNo, domain.SearchFilter{}, nil)
	}
	// Fixed words, mixed scripts and digits.
	for _, q := range []string{"教育", "政务公开", "义务教育", "12345热线", "2024年", "11371521004338386x", "号"} {
		f.checkQuery(t, q, domain.SearchFilter{}, nil)
	}
}

func TestSearchFilters(t *testing.T) {
	f := newFixture(t, 300)
	under := func(cat, root string) bool {
		for k := 0; cat != "" && k < 10; k++ {
			if cat == root {
				return true
			}
			cat = f.cats[cat]
		}
		return false
	}
	for _, tc := range []struct {
		name   string
		filter domain.SearchFilter
		keep   func(domain.Document) bool
	}{
		{"category subtree", domain.SearchFilter{CategoryID: "yw"}, func(d domain.Document) bool { return under(d.CategoryID, "yw") }},
		{"leaf category", domain.SearchFilter{CategoryID: "yw-zsgl-zszc"}, func(d domain.Document) bool { return d.CategoryID == "yw-zsgl-zszc" }},
		{"year", domain.SearchFilter{Year: 2020}, func(d domain.Document) bool { return year(d) == "2020" }},
		{"validity", domain.SearchFilter{Validity: domain.ValidityExpired}, func(d domain.Document) bool { return d.Validity == domain.ValidityExpired }},
		{"all three", domain.SearchFilter{CategoryID: "zcfg", Year: 2018, Validity: domain.ValidityValid}, func(d domain.Document) bool {
			return under(d.CategoryID, "zcfg") && year(d) == "2018" && d.Validity == domain.ValidityValid
		}},
		{"unknown category", domain.SearchFilter{CategoryID: "nope"}, func(d domain.Document) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, q := range []string{"的", "工作", "教育", "政务公开", "学校 管理"} {
				f.checkQuery(t, q, tc.filter, tc.keep)
			}
		})
	}
}

// TestSearchDocNo checks that a 文号 is found with whatever brackets a
// visitor types, or none, and also inside body text.
func TestSearchDocNo(t *testing.T) {
	s := mustOpen(t)
	c := tree(&catalogue{})
	c.doc(domain.Document{ID: "seed", Title: "关于印发《2021年政务公开工作要点》的通知", DocNo: "阳教体办发〔2021〕12号",
		Published: "2021-08-30", CategoryID: "zcfg-zcxwj", Body: []domain.Block{para("局机关各科室：现印发给你们。")}})
	c.doc(domain.Document{ID: "cites", Title: "关于转发通知的通知", Published: "2021-09-10", CategoryID: "gsgg",
		Body: []domain.Block{para("根据《工作要点》（阳教体办发[2021]12号）要求，结合实际。")}})
	c.doc(domain.Document{ID: "other", Title: "另一份文件", DocNo: "阳教体办发〔2021〕13号", Published: "2021-09-01",
		CategoryID: "gsgg", Body: []domain.Block{para("无关内容，2021年12号楼。")}})
	mustApply(t, s, c.all(domain.SourceHub))
	for _, q := range []string{"阳教体办发〔2021〕12号", "阳教体办发[2021]12号", "阳教体办发(2021)12号", "阳教体办发（2021）12号",
		"阳教体办发【2021】12号", "阳教体办发202112号", "阳教体办发〔２０２１〕１２号", "〔2021〕12号"} {
		r, err := s.Search(context.Background(), domain.SearchFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(r); !slices.Equal(got, []string{"seed", "cites"}) {
			t.Errorf("Search(%q) = %v, want [seed cites] (文号 match first)", q, got)
		}
	}
	// Spaces make three words, each of which "other" also has somewhere.
	r, _ := s.Search(context.Background(), domain.SearchFilter{Query: "阳教体办发 2021 12号"})
	if got := ids(r); !slices.Equal(got, []string{"seed", "cites", "other"}) {
		t.Errorf("three words = %v", got)
	}
}

// TestSearchSyntaxNeverFails feeds inputs that break naive full-text
// queries: every one gives results or an empty list, never an error.
func TestSearchSyntaxNeverFails(t *testing.T) {
	f := newFixture(t, 60)
	inputs := []string{`"`, `""`, `"政务公开`, `教育"学校`, "AND", "OR", "NOT", "NEAR", "教育 AND 学校", "教育 OR", "NOT 教育",
		"NEAR(教育 学校, 3)", "*", "教育*", "*教育", "-", "-教育", "^教育", "title:教育", ":", "{title}:x", "(", ")", "()", "[", "]",
		"【", "〔〕", "（", "'", "`", `\`, "%", "_", "%教育%", "😀", "教育😀", "👨‍👩‍👧", "\x00", "\xff\xfe", "\u200b", "　",
		strings.Repeat("教", 10000), strings.Repeat("政务公开 ", 2000), strings.Repeat("(", 5000), "",
		"SELECT * FROM documents; --", "' OR 1=1 --"}
	for _, in := range inputs {
		r, err := f.s.Search(context.Background(), domain.SearchFilter{Query: in})
		if err != nil {
			t.Errorf("Search(%.20q): %v", in, err)
			continue
		}
		if r == nil || r.Hits == nil || r.Total < len(r.Hits) {
			t.Errorf("Search(%.20q) = %+v", in, r)
		}
	}
	r, _ := f.s.Search(context.Background(), domain.SearchFilter{Query: `"教育" AND`})
	if r.Total == 0 {
		t.Error(`"教育" AND found nothing; quotes and operators should be ignored`)
	}
}

func TestSearchRanking(t *testing.T) {
	s := mustOpen(t)
	c := tree(&catalogue{})
	c.doc(domain.Document{ID: "body-new", Title: "通知", Published: "2024-05-01", CategoryID: "gsgg", Body: []domain.Block{para("关于校园安全的说明")}})
	c.doc(domain.Document{ID: "title-old", Title: "校园安全工作方案", Published: "2019-03-01", CategoryID: "gsgg"})
	c.doc(domain.Document{ID: "title-new", Title: "2023年校园安全检查", Published: "2023-03-01", CategoryID: "gsgg"})
	c.doc(domain.Document{ID: "keyword", Title: "工作要点", Keywords: []string{"校园安全"}, Published: "2020-01-01", CategoryID: "gsgg"})
	c.doc(domain.Document{ID: "body-old", Title: "通报", Published: "2018-05-01", CategoryID: "gsgg", Body: []domain.Block{para("校园安全")}})
	c.doc(domain.Document{ID: "split", Title: "校园", Published: "2025-01-01", CategoryID: "gsgg", Body: []domain.Block{para("安全")}})
	mustApply(t, s, c.all(domain.SourceHub))
	r, err := s.Search(context.Background(), domain.SearchFilter{Query: "校园安全"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(r), []string{"title-new", "keyword", "title-old", "body-new", "body-old"}; !slices.Equal(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
	if r.Total != 5 {
		t.Errorf("total = %d", r.Total)
	}
	// Snippets mark the match in the body.
	for _, h := range r.Hits {
		if strings.HasPrefix(h.ID, "body-") && !slices.ContainsFunc(h.Snippet, func(s domain.Span) bool { return s.Hit && s.Text == "校园安全" }) {
			t.Errorf("%s: snippet %+v has no hit", h.ID, h.Snippet)
		}
	}
	// Paging keeps the order.
	r2, _ := s.Search(context.Background(), domain.SearchFilter{Query: "校园安全", Offset: 2, Limit: 2})
	if got := ids(r2); !slices.Equal(got, []string{"title-old", "body-new"}) || r2.Total != 5 {
		t.Errorf("page 2 = %v (total %d)", got, r2.Total)
	}
	// Two words in different fields: all words must match, anywhere.
	r3, _ := s.Search(context.Background(), domain.SearchFilter{Query: "校园 安全"})
	if !slices.Contains(ids(r3), "split") || r3.Total != 6 {
		t.Errorf("two words = %v", ids(r3))
	}
}

// TestSearchPhraseProperty is the property behind answering a phrase from
// its rarest trigrams: for random phrases of 2-20 characters, a search
// returns exactly the documents brute force finds (strings.Contains over
// every stored document). The phrases, a quarter of each kind: taken from
// the catalogue (so found); the same with one character changed (their
// pieces are all there, but not in that order); strings of the
// catalogue's own characters, nowhere in it; and phrases from outside it,
// with characters the catalogue never uses (so not found). Each goes
// through both ways of matching: the cover of the fewest grams, and the
// cheapest cover of all the term's grams (forced by SetShortLists(0));
// and over two indexes: a catalogue synced in small pages with updates
// and deletions (many segments), and one in a single page, whose longest
// lists sit in blocks of their own, so that seeks go through skip
// tables. Seeded: a failure names its phrase and reproduces.
func TestSearchPhraseProperty(t *testing.T) {
	for _, fx := range []struct {
		name      string
		n, batch  int
		skipTable bool
	}{{"synced in pages", 300, 60, false}, {"one segment", 600, 0, true}} {
		t.Run(fx.name, func(t *testing.T) {
			f := newFixtureIn(t, fx.n, fx.batch)
			var long int
			if err := f.s.DB().QueryRow(`SELECT count(*) FROM search_blocks WHERE length(data) >= ?`, store.BlockSize).Scan(&long); err != nil {
				t.Fatal(err)
			}
			if fx.skipTable && long == 0 {
				t.Fatal("no list is long enough for a block of its own: the skip tables are not being tested")
			}
			defer func() {
				var segs int
				if err := f.s.DB().QueryRow(`SELECT count(*) FROM search_segments`).Scan(&segs); err != nil {
					t.Fatal(err)
				}
				if fx.batch > 0 && segs < 2 {
					t.Errorf("%d segment(s) at the end: the search across segments was not tested", segs)
				}
			}()
			phraseProperty(t, f, long > 0)
		})
	}
}

func phraseProperty(t *testing.T, f *fixture, long bool) {
	var alphabet []rune // by frequency
	used := map[rune]bool{}
	for _, id := range sortedIDs(f.docs) {
		for _, fl := range f.folded[id] {
			for _, s := range fl {
				for _, r := range s {
					if r != ' ' {
						alphabet = append(alphabet, r)
						used[r] = true
					}
				}
			}
		}
	}
	var outside []rune // Han characters and letters the catalogue never uses
	for r := rune(0x4e00); len(outside) < 500; r += 37 {
		if !used[r] {
			outside = append(outside, r)
		}
	}
	for _, r := range "qxzjkvωλж" {
		if !used[r] {
			outside = append(outside, r)
		}
	}
	for _, path := range []struct {
		name   string
		short  int64
		verify bool
	}{{"fewest grams", -1, false}, {"all grams", 0, false}, {"verified", -1, true}} {
		t.Run(path.name, func(t *testing.T) {
			if path.short >= 0 {
				defer store.SetShortLists(path.short)()
			}
			if path.verify {
				// Candidates from the short lists checked against their
				// text whenever a long list would be read.
				defer store.SetVerifyCost(1)()
				before := store.Verifications()
				defer func() {
					if store.Verifications() == before && long {
						t.Error("no phrase was verified against the text")
					}
				}()
			} else {
				defer store.SetVerifyCost(math.MaxInt64 / 2)()
			}
			rng := rand.New(rand.NewPCG(16, 2026))
			for k := 0; k < 160; k++ {
				n := 2 + rng.IntN(19)
				phrase := []rune(f.randomTerm(rng, n))
				switch k % 4 {
				case 1: // one character changed
					phrase[rng.IntN(n)] = alphabet[rng.IntN(len(alphabet))]
				case 2: // the catalogue's characters in an order it does not have
					for i := range phrase {
						phrase[i] = alphabet[rng.IntN(len(alphabet))]
					}
				case 3: // from outside: one foreign character, or all
					if k%8 == 3 {
						phrase[rng.IntN(n)] = outside[rng.IntN(len(outside))]
					} else {
						for i := range phrase {
							phrase[i] = outside[rng.IntN(len(outside))]
						}
					}
				}
				r, err := f.s.Search(context.Background(), domain.SearchFilter{Query: string(phrase)})
				if err != nil {
					t.Fatal(err)
				}
				if k%4 == 0 && r.Total == 0 || k%4 == 3 && r.Total != 0 {
					t.Fatalf("phrase %d %q: %d hits", k, string(phrase), r.Total)
				}
				f.checkQuery(t, string(phrase), domain.SearchFilter{}, nil)
			}
		})
	}
}
