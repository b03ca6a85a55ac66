package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
)

// BenchmarkBuilderSort sorts the records of a batch of 1,500 generated
// documents (about a sync's batch of 16 pages), as flush does.
func BenchmarkBuilderSort(b *testing.B) {
	src := corpusBuilder(2026, 1500, 1)
	var bl builder
	b.ResetTimer()
	c0 := benchstat.CPUTime()
	for range b.N {
		bl.recs, bl.exc = append(bl.recs[:0], src.recs...), append(bl.exc[:0], src.exc...)
		bl.units.seen = src.units.seen
		bl.sortExceptions()
		buckets, scratch, starts, _ := bl.spread()
		bl.sortBuckets(buckets, scratch, starts)
	}
	b.ReportMetric(float64(benchstat.CPUTime()-c0)/float64(b.N)/1e6, "CPU-ms/op")
	b.ReportMetric(float64(len(src.recs)), "records")
}

// corpusBuilder returns a builder holding docs generated documents (seed
// picks them), numbered from first.
func corpusBuilder(seed uint64, docs int, first int64) *builder {
	g := corpus.New(seed, []string{"zcfg", "yw"})
	x := search.NewExtractor()
	var b builder
	for i := range docs {
		d := g.Document(i)
		x.Reset()
		indexDocument(x, &d)
		ents, unis := x.Occurrences()
		b.add(first+int64(i), ents, unis)
	}
	return &b
}

// BenchmarkFlush writes the segment of a batch of 1,500 generated
// documents into a store's transaction, as Apply's flush does: sorted,
// encoded and inserted into SQLite (wall and CPU time; CPU-ms/ms is how
// many cores it kept busy).
func BenchmarkFlush(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "kiosk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	src := corpusBuilder(2026, 1500, 1)
	b.ResetTimer()
	var cpu, wall time.Duration
	for range b.N {
		bl := src.clone()
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		t0, c0 := time.Now(), benchstat.CPUTime()
		if _, err := bl.flush(ctx, tx); err != nil {
			b.Fatal(err)
		}
		cpu, wall = cpu+benchstat.CPUTime()-c0, wall+time.Since(t0)
		tx.Rollback()
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "CPU-ms/op")
	b.ReportMetric(float64(cpu)/float64(wall), "cores")
}
