package store_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/internal/domain"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

// Benchmarks on a generated catalogue of GONGKAI_BENCH_DOCS documents
// (default 2,000, so `make bench` stays quick). cmd/benchsearch runs the
// 100,000-document measurement with p50/p95 and the LIKE comparison.

func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

func benchChanges(n int) []domain.Change {
	g := corpus.New(2026, []string{"zcfg", "yw", "yw-zsgl", "gsgg"})
	cs := make([]domain.Change, n)
	for i := range cs {
		d := g.Document(i)
		data, _ := json.Marshal(d)
		cs[i] = domain.Change{Version: int64(i + 1), Kind: domain.KindDocument, ID: d.ID, Data: data}
	}
	return cs
}

func applyPages(tb testing.TB, s *store.Store, cs []domain.Change, page int) {
	for from := 0; from < len(cs); from += page {
		to := min(from+page, len(cs))
		err := s.Apply(context.Background(), store.ApplyBatch{Source: domain.SourceHub, From: int64(from), To: int64(to), Changes: cs[from:to]})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkApply measures indexing in pages of GONGKAI_BENCH_PAGE
// documents (default 500; a first sync's batches are about 1,400), with
// the process CPU per 1,000 documents.
func BenchmarkApply(b *testing.B) {
	cs := benchChanges(benchDocs())
	page := 500
	if n, err := strconv.Atoi(os.Getenv("GONGKAI_BENCH_PAGE")); err == nil && n > 0 {
		page = n
	}
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := mustOpen(b)
		b.StartTimer()
		c0 := benchstat.CPUTime()
		applyPages(b, s, cs, page)
		cpu += benchstat.CPUTime() - c0
	}
	b.ReportMetric(float64(len(cs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(len(cs)*b.N), "CPU-s/1000docs")
}

var benchQueries = []struct{ name, q string }{
	{"1char", "县"}, {"2char", "教育"}, {"4char", "政务公开"}, {"docno", "阳教体办发〔2021〕12号"}, {"2words", "学校 安全"},
}

// BenchmarkSearch measures a results page (20 hits with snippets).
func BenchmarkSearch(b *testing.B) {
	s := mustOpen(b)
	applyPages(b, s, benchChanges(benchDocs()), 500)
	ctx := context.Background()
	for _, q := range benchQueries {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(ctx, domain.SearchFilter{Query: q.q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLike is the naive way, for comparison with BenchmarkSearch.
func BenchmarkLike(b *testing.B) {
	s := mustOpen(b)
	applyPages(b, s, benchChanges(benchDocs()), 500)
	ctx := context.Background()
	for _, q := range benchQueries[:3] {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var n int
				if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE data LIKE ?`, "%"+q.q+"%").Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
