package store

import (
	"testing"

	"gongkai/internal/benchstat"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
)

// BenchmarkBuilderSort sorts the records of a batch of 1,500 generated
// documents (about a sync's batch of 16 pages), as flush does.
func BenchmarkBuilderSort(b *testing.B) {
	g := corpus.New(2026, []string{"zcfg", "yw"})
	x := search.NewExtractor()
	var src builder
	for i := range 1500 {
		d := g.Document(i)
		x.Reset()
		indexDocument(x, &d)
		ents, unis := x.Occurrences()
		src.add(int64(i+1), ents, unis)
	}
	var bl builder
	b.ResetTimer()
	c0 := benchstat.CPUTime()
	for range b.N {
		bl.recs = append(bl.recs[:0], src.recs...)
		bl.sort()
	}
	b.ReportMetric(float64(benchstat.CPUTime()-c0)/float64(b.N)/1e6, "CPU-ms/op")
	b.ReportMetric(float64(len(src.recs)), "records")
}
