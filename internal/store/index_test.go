package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
)

// TestBuilderSort checks the parallel radix sort: by key, and stable;
// on arbitrary keys and on gram keys (runs of one bigram's keys, a few
// to thousands long, sorted on their low bits last), with and without
// wide keys.
func TestBuilderSort(t *testing.T) {
	type shape struct {
		n     int
		grams bool
		wide  bool
	}
	for _, c := range []shape{{0, false, false}, {1, false, false}, {5, false, false}, {1000, false, false},
		{200000, false, false}, {300000, true, false}, {300000, true, true}} {
		rng := rand.New(rand.NewPCG(uint64(c.n), 9))
		unit := func() rune { return 0x4e00 + rune(rng.ExpFloat64()*300)%0x5000 }
		var recs [][2]uint64
		for i := 0; i < c.n; i++ {
			key := uint64(rng.IntN(5000)) << 1
			if !c.grams && rng.IntN(2) == 0 {
				key |= 1<<50 | uint64(rng.IntN(1<<20))<<21
			}
			if c.grams {
				switch rng.IntN(8) {
				case 0:
					key = search.Unigram(unit())
				case 1:
					key, _ = search.Number([]rune(strconv.Itoa(rng.IntN(100000))))
				case 2:
					key = search.Bigram(unit(), unit())
				default:
					key = search.Trigram(unit(), unit(), unit())
				}
				if c.wide && rng.IntN(1000) == 0 {
					key = search.Trigram(0x20000+unit(), unit(), unit())
				}
				key |= uint64(rng.IntN(2)) * search.GramHead
			}
			val := uint64(i)
			if a, b, c, _ := search.NarrowFields(key); search.Narrow(key) && b == 0 && c == 0 && a != 0 {
				val <<= relShift // a unigram: a document, no position
			}
			recs = append(recs, [2]uint64{key, val})
		}
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(x, y [2]uint64) int {
			if x[0] < y[0] {
				return -1
			} else if x[0] > y[0] {
				return 1
			}
			return 0
		})
		if got := builderOf(recs).sort(); !slices.Equal(got, want) {
			t.Errorf("%+v: radix sort differs from a stable sort", c)
		}
	}
}

// openTemp opens a store on a fresh file in a temporary directory, closed
// when the test ends.
func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestMergeAndCompact applies many small batches (merges), then replaces
// most documents (compaction), checking that searches stay exact and the
// index drops what is dead.
func TestMergeAndCompact(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	version := int64(0)
	apply := func(docs ...domain.Document) {
		t.Helper()
		var cs []domain.Change
		for _, d := range docs {
			version++
			data, _ := json.Marshal(d)
			cs = append(cs, domain.Change{Version: version, Kind: domain.KindDocument, ID: d.ID, Data: data})
		}
		if err := s.Apply(ctx, ApplyBatch{Source: domain.SourceHub, From: version - int64(len(cs)), To: version, Changes: cs}); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(i int, word string) domain.Document {
		return domain.Document{ID: fmt.Sprintf("d%03d", i), Title: fmt.Sprintf("第%d号%s通知", i, word), Published: "2025-01-01",
			Body: []domain.Block{{Kind: domain.BlockParagraph, Text: "正文" + word + "内容"}}}
	}
	const batches = applyMaxSegments + 6
	for i := 0; i < batches; i++ {
		apply(doc(i, "春季"))
	}
	// Apply merged nothing until there were more than applyMaxSegments
	// segments, then the first 16 one-document segments into one of 16.
	segs, _ := loadSegments(ctx, s.db)
	var sizes []int64
	for _, sg := range segs {
		sizes = append(sizes, sg.Docs)
	}
	want := []int64{16}
	for range batches - 16 {
		want = append(want, 1)
	}
	if !slices.Equal(sizes, want) {
		t.Errorf("segments of %v documents after %d batches, want %v", sizes, batches, want)
	}
	count := func(q string) int {
		r, err := s.Search(ctx, domain.SearchFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return r.Total
	}
	if n := count("春季"); n != batches {
		t.Errorf("春季: %d, want %d", n, batches)
	}
	var batch []domain.Document
	for i := 0; i < 30; i++ {
		batch = append(batch, doc(i, "秋季"))
	}
	apply(batch...)
	if a, b, c := count("春季"), count("秋季"), count("季内容"); a != batches-30 || b != 30 || c != batches {
		t.Errorf("after updates: 春季 %d, 秋季 %d, 季内容 %d; want %d, 30, %d", a, b, c, batches-30, batches)
	}
	if err := s.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b, c := count("春季"), count("秋季"), count("季内容"); a != batches-30 || b != 30 || c != batches {
		t.Errorf("after compaction: 春季 %d, 秋季 %d, 季内容 %d; want %d, 30, %d", a, b, c, batches-30, batches)
	}
	segs, _ = loadSegments(ctx, s.db)
	var indexed int64
	for _, sg := range segs {
		indexed += sg.Docs
	}
	if len(segs) != 1 || indexed != batches {
		t.Errorf("after replacing documents: %d segments holding %d documents, want one holding %d", len(segs), indexed, batches)
	}
}

// TestMergerRunsWhenIdle checks that the background merger compacts the
// index once Apply has paused, and that searches see the same results
// throughout.
func TestMergerRunsWhenIdle(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// 16 documents, then 12 of them again: 28 indexed, 16 alive.
	for i := 0; i < mergeFactor+12; i++ {
		d := domain.Document{ID: fmt.Sprintf("d%02d", i%mergeFactor), Title: "学校安全检查通报", Published: "2025-01-01"}
		d.Body = []domain.Block{{Kind: domain.BlockParagraph, Text: fmt.Sprintf("第%d版", i)}}
		data, _ := json.Marshal(d)
		err := s.Apply(ctx, ApplyBatch{Source: domain.SourceHub, From: int64(i), To: int64(i + 1),
			Changes: []domain.Change{{Version: int64(i + 1), Kind: domain.KindDocument, ID: d.ID, Data: data}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(mergeIdle + 20*time.Second)
	for {
		r, err := s.Search(ctx, domain.SearchFilter{Query: "安全检查"})
		if err != nil || r.Total != mergeFactor {
			t.Fatalf("search during merging: %v, %v", r, err)
		}
		segs, _ := loadSegments(ctx, s.db)
		if len(segs) == 1 && segs[0].Docs == mergeFactor {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d segments: the merger did not run", len(segs))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestRebuildIndex checks that an index emptied by a format migration is
// rebuilt from the stored documents when the store opens, also when the
// rebuild was cut off half way, and finds what it found before.
func TestRebuildIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	g := corpus.New(3, []string{"a", "b"})
	var cs []domain.Change
	for i := 0; i < 2*rebuildBatch+300; i++ {
		d := g.Document(i)
		data, _ := json.Marshal(d)
		cs = append(cs, domain.Change{Version: int64(i + 1), Kind: domain.KindDocument, ID: d.ID, Data: data})
	}
	for from := 0; from < len(cs); from += 400 {
		to := min(from+400, len(cs))
		if err := s.Apply(ctx, ApplyBatch{Source: domain.SourceHub, From: int64(from), To: int64(to), Changes: cs[from:to]}); err != nil {
			t.Fatal(err)
		}
	}
	queries := []string{"的", "教育", "政务公开", "学校 管理", "阳教体发", "第一"}
	results := func(s *Store) []int {
		var out []int
		for _, q := range queries {
			r, err := s.Search(ctx, domain.SearchFilter{Query: q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r.Total)
			for _, h := range r.Hits {
				out = append(out, len(h.ID))
			}
		}
		return out
	}
	want := results(s)
	// What a format migration does, then one step of the rebuild.
	for _, q := range []string{`DELETE FROM search_blocks`, `DELETE FROM search_segments`,
		`INSERT INTO meta (key, value) VALUES ('search_rebuild', '0')`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if more, err := s.rebuildStep(ctx); err != nil || !more {
		t.Fatalf("rebuild step: %v, %v", more, err)
	}
	if mark, _ := s.Meta(ctx, metaRebuild); mark == "0" || mark == "" {
		t.Fatalf("mark after one step: %q", mark)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if mark, _ := s.Meta(ctx, metaRebuild); mark != "" {
		t.Errorf("mark %q left after the rebuild", mark)
	}
	if got := results(s); !slices.Equal(got, want) {
		t.Errorf("after the rebuild: %v, want %v", got, want)
	}
}

// TestLongLists checks searches whose lists are long enough to sit in
// blocks of their own, which a search reads only when it needs them.
func TestLongLists(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var cs []domain.Change
	for i := 0; i < 1500; i++ {
		text := strings.Repeat("县教育局召开会议，", 8)
		if i%3 == 0 {
			text += "教育局长讲话。"
		}
		if i == 7 {
			text += "教育教育教育。" // a term repeating its trigrams
		}
		d := domain.Document{ID: fmt.Sprintf("d%04d", i), Title: fmt.Sprintf("第%d号通知", i), Published: "2025-01-01",
			Body: []domain.Block{{Kind: domain.BlockParagraph, Text: text}}}
		data, _ := json.Marshal(d)
		cs = append(cs, domain.Change{Version: int64(i + 1), Kind: domain.KindDocument, ID: d.ID, Data: data})
	}
	if err := s.Apply(ctx, ApplyBatch{Source: domain.SourceHub, From: 0, To: int64(len(cs)), Changes: cs}); err != nil {
		t.Fatal(err)
	}
	var longest int
	if err := s.db.QueryRowContext(ctx, `SELECT max(length(data)) FROM search_blocks`).Scan(&longest); err != nil || longest < blockSize {
		t.Fatalf("longest block %d bytes (%v): no list long enough to test", longest, err)
	}
	for q, want := range map[string]int{"教育局": 1500, "教育局长": 500, "县教育局召开": 1500, "局长讲话": 500, "教": 1500,
		"教育": 1500, "教育教育教育": 1, "教育教育教育教": 0, "育教育教": 1, "召开会议县": 0, "召开会议": 1500, "会议县教育局长": 0, "第1号": 1} {
		r, err := s.Search(ctx, domain.SearchFilter{Query: q})
		if err != nil || r.Total != want {
			t.Errorf("%s: %d hits (%v), want %d", q, r.Total, err, want)
		}
	}
}

// TestCursorSkips checks seeks through long lists by their skip tables
// against decoding every entry.
func TestCursorSkips(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	for _, positional := range []bool{false, true} {
		var parts []part
		var dnos []int64
		first := int64(1000)
		for p := 0; p < 3; p++ {
			var list []byte
			dno, last := first, first
			for n := 0; n < 500+rng.IntN(500); n++ {
				dno += 1 + rng.Int64N(20)
				var pos []byte
				for k := rng.IntN(4); k >= 0; k-- {
					pos = appendUvarint(pos, uint64(rng.IntN(300)))
				}
				list = appendEntry(list, dno-last, pos, positional)
				last = dno
				dnos = append(dnos, dno)
			}
			skips := appendSkips(nil, list, first, positional)
			parts = append(parts, part{first: first, list: list, skips: skips, size: len(list)})
			first = dno + 1 + rng.Int64N(50)
		}
		for k := 0; k < 200; k++ {
			c := newCursor(parts, positional)
			want := 0
			for target := int64(0); ; target += 1 + rng.Int64N(200) {
				for want < len(dnos) && dnos[want] < target {
					want++
				}
				ok := c.seek(target)
				if want == len(dnos) {
					if ok {
						t.Fatalf("seek(%d) = %d, want the end", target, c.dno)
					}
					break
				}
				if !ok || c.dno != dnos[want] {
					t.Fatalf("positional %v: seek(%d) = %d (%v), want %d", positional, target, c.dno, ok, dnos[want])
				}
			}
		}
	}
}
