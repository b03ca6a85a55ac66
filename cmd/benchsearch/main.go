// Command benchsearch measures the kiosk's catalogue search on a generated
// catalogue (issue 2, benchmarks 1, 2 and 4): it applies N realistic
// documents to a fresh store in sync-sized batches (indexing rate), reports
// the database size per 1,000 documents, then times a fixed query set
// through Store.Search and, side by side in the same run, the same queries
// as LIKE '%…%' scans over the same rows.
//
//	go run -tags sqlite_fts5 ./cmd/benchsearch -n 100000
//
// The document count also comes from GONGKAI_BENCH_DOCS, so CI can run a
// small smoke size.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-ego/gse"

	"gongkai/internal/domain"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

func main() {
	n := flag.Int("n", envInt("GONGKAI_BENCH_DOCS", 100000), "documents to generate")
	batch := flag.Int("batch", 500, "documents per applied batch (a sync page)")
	runs := flag.Int("runs", 7, "timed runs of each query")
	likeRuns := flag.Int("like-runs", 3, "timed runs of each LIKE scan")
	vocab := flag.String("vocab", "gse", "word distribution: gse (its 350k-word frequency dictionary) or builtin")
	dir := flag.String("dir", "", "directory for the database (default: a temporary one, removed after)")
	keep := flag.Bool("keep", false, "keep the database")
	profile := flag.String("cpuprofile", "", "write a CPU profile of indexing and searching to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchsearch:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*n, *batch, *runs, *likeRuns, *vocab, *dir, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "benchsearch:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// categories is a small tree like the demo catalogue's.
var categories = []domain.Category{
	{ID: "zcfg", Name: "政策法规", Order: 1}, {ID: "zcfg-gfxwj", ParentID: "zcfg", Name: "行政规范性文件", Order: 2},
	{ID: "zcfg-zcxwj", ParentID: "zcfg", Name: "政策性文件", Order: 3}, {ID: "ghjh", Name: "规划计划", Order: 4},
	{ID: "czcw", Name: "财政财务", Order: 5}, {ID: "ywgz", Name: "业务工作", Order: 6},
	{ID: "gsgg", Name: "公示公告", Order: 7}, {ID: "yw", Name: "义务教育", Order: 8},
	{ID: "yw-zsgl", ParentID: "yw", Name: "招生管理", Order: 9}, {ID: "yw-zsgl-zszc", ParentID: "yw-zsgl", Name: "招生政策", Order: 10},
	{ID: "yw-xsgl", ParentID: "yw", Name: "学生管理", Order: 11}, {ID: "yw-xyaq", ParentID: "yw", Name: "校园安全", Order: 12},
}

// Queries: 1-, 2- and 4-character words, 文号 (two bracket styles), two words.
var queries = []string{"县", "学", "教育", "招生", "政务公开", "义务教育", "校园安全",
	"阳教体办发〔2021〕12号", "阳教体发(2019)7号", "学校 安全", "招生 计划"}

func run(n, batch, runs, likeRuns int, vocab, dir string, keep bool) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "benchsearch-")
		if err != nil {
			return err
		}
		dir = d
		if !keep {
			defer os.RemoveAll(d)
		}
	}
	path := filepath.Join(dir, "kiosk.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	ids := make([]string, len(categories))
	for i, c := range categories {
		ids[i] = c.ID
	}
	g := corpus.New(2026, ids)
	if vocab == "gse" {
		t0 := time.Now()
		v, err := gseVocabulary()
		if err != nil {
			return err
		}
		g.General = v
		fmt.Printf("vocabulary: gse dictionary, %d words (loaded in %v, not timed)\n", v.Len(), time.Since(t0).Round(time.Millisecond))
	} else {
		fmt.Printf("vocabulary: built-in, %d words\n", g.General.Len())
	}

	s, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	var cats []domain.Change
	for i, c := range categories {
		data, _ := json.Marshal(c)
		cats = append(cats, domain.Change{Version: int64(i + 1), Kind: domain.KindCategory, ID: c.ID, Data: data})
	}
	if err := s.Apply(ctx, store.ApplyBatch{Source: domain.SourceHub, From: 0, To: int64(len(cats)), Changes: cats}); err != nil {
		return err
	}

	// Indexing: generate each batch untimed, then time Apply.
	fmt.Printf("indexing %d documents in batches of %d on %d CPUs ...\n", n, batch, runtime.NumCPU())
	version := int64(len(cats))
	var applyWall, applyCPU time.Duration
	var chars int64
	for i := 0; i < n; i += batch {
		var changes []domain.Change
		for j := i; j < min(i+batch, n); j++ {
			d := g.Document(j)
			for _, b := range d.Body {
				chars += int64(len([]rune(b.Text)))
				for _, it := range b.Items {
					chars += int64(len([]rune(it)))
				}
			}
			data, err := json.Marshal(d)
			if err != nil {
				return err
			}
			version++
			changes = append(changes, domain.Change{Version: version, Kind: domain.KindDocument, ID: d.ID, Data: data})
		}
		from := version - int64(len(changes))
		w0, c0 := time.Now(), cpuTime()
		if err := s.Apply(ctx, store.ApplyBatch{Source: domain.SourceHub, From: from, To: version, Changes: changes,
			SyncedAt: time.Now()}); err != nil {
			return err
		}
		applyWall += time.Since(w0)
		applyCPU += cpuTime() - c0
	}
	fmt.Printf("  body length: %d characters on average\n", chars/int64(n))
	fmt.Printf("  indexing rate: %.0f documents/s (wall %v; process CPU %v)\n",
		float64(n)/applyWall.Seconds(), applyWall.Round(time.Millisecond), applyCPU.Round(time.Millisecond))
	// Searches right after the sync, before the index is merged.
	var unmerged []time.Duration
	for _, q := range queries {
		for r := 0; r < 3; r++ {
			t0 := time.Now()
			if _, err := s.Search(ctx, domain.SearchFilter{Query: q, Limit: 20}); err != nil {
				return err
			}
			unmerged = append(unmerged, time.Since(t0))
		}
	}
	var segs int
	s.DB().QueryRowContext(ctx, `SELECT count(*) FROM search_segments`).Scan(&segs)
	fmt.Printf("  search before merging (%d segments): p50 %v, p95 %v\n", segs, round(pct(unmerged, 50)), round(pct(unmerged, 95)))
	w0, c0 := time.Now(), cpuTime()
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	s.DB().QueryRowContext(ctx, `SELECT count(*) FROM search_segments`).Scan(&segs)
	fmt.Printf("  merging afterwards (the kiosk does it when idle): wall %v, CPU %v, %d segments left\n",
		time.Since(w0).Round(time.Millisecond), (cpuTime() - c0).Round(time.Millisecond), segs)
	if _, err := s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	size := fileSize(path) + fileSize(path+"-wal")
	var pages, free, pageSize, postings int64
	s.DB().QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages)
	s.DB().QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free)
	s.DB().QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize)
	s.DB().QueryRowContext(ctx, `SELECT coalesce(sum(bytes), 0) FROM search_segments`).Scan(&postings)
	live := (pages - free) * pageSize
	fmt.Printf("  database: %.2f MB per 1,000 documents in use (index %.2f MB of it); file %.1f MB with %.0f MB free pages for reuse\n",
		mb(live)/float64(n)*1000, mb(postings)/float64(n)*1000, mb(size), mb(free*pageSize))

	// Search against LIKE, side by side.
	fmt.Printf("\n%-26s %8s %10s %10s %10s %9s\n", "query", "hits", "search p50", "search max", "LIKE p50", "speed-up")
	var all, allLike []time.Duration
	var ratios []float64
	for _, q := range queries {
		if _, err := s.Search(ctx, domain.SearchFilter{Query: q}); err != nil { // warm up
			return err
		}
		var ts []time.Duration
		total := 0
		for r := 0; r < runs; r++ {
			t0 := time.Now()
			res, err := s.Search(ctx, domain.SearchFilter{Query: q, Limit: 20})
			if err != nil {
				return err
			}
			ts = append(ts, time.Since(t0))
			total = res.Total
		}
		var ls []time.Duration
		likeTotal := 0
		for r := 0; r < likeRuns; r++ {
			t0 := time.Now()
			likeTotal, err = likeSearch(ctx, s, q)
			if err != nil {
				return err
			}
			ls = append(ls, time.Since(t0))
		}
		all = append(all, ts...)
		allLike = append(allLike, ls...)
		ratio := float64(pct(ls, 50)) / float64(pct(ts, 50))
		ratios = append(ratios, ratio)
		note := ""
		switch {
		case likeTotal > total:
			note = fmt.Sprintf("  (LIKE %d: it also matches 发布机构 and other fields search does not index)", likeTotal)
		case likeTotal < total:
			note = fmt.Sprintf("  (LIKE %d: it misses other bracket and width forms)", likeTotal)
		}
		fmt.Printf("%-26s %8d %10v %10v %10v %8.0f×%s\n", q, total, round(pct(ts, 50)), round(pct(ts, 100)),
			round(pct(ls, 50)), ratio, note)
	}
	slices.Sort(ratios)
	fmt.Printf("\nsearch over all queries: p50 %v, p95 %v (%d timings)\n", round(pct(all, 50)), round(pct(all, 95)), len(all))
	fmt.Printf("LIKE scan over all queries: p50 %v, p95 %v\n", round(pct(allLike, 50)), round(pct(allLike, 95)))
	fmt.Printf("speed-up (LIKE p50 / search p50 per query): min %.0f×, median %.0f×\n", ratios[0], ratios[len(ratios)/2])
	return nil
}

// likeSearch runs the query the naive way: every word as LIKE '%word%'
// over each document's stored JSON (title, 文号, 关键词, body), counting
// the matches and fetching the newest 20, as a results page needs.
func likeSearch(ctx context.Context, s *store.Store, q string) (int, error) {
	words := strings.Fields(q)
	var where []string
	var args []any
	for _, w := range words {
		where = append(where, "data LIKE ?")
		args = append(args, "%"+w+"%")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, err
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT id, title FROM documents WHERE `+cond+`
		ORDER BY published DESC LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return total, rows.Err()
}

// gseVocabulary returns the Han words of gse's simplified Chinese
// dictionary weighted by their corpus frequency.
func gseVocabulary() (*corpus.Vocabulary, error) {
	var seg gse.Segmenter
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("gse dictionary: %w", err)
	}
	var words []string
	var weights []float64
	for i := range seg.Dict.Tokens {
		t := &seg.Dict.Tokens[i]
		w := t.Text()
		if t.Freq() < 2 || !han(w) {
			continue
		}
		words = append(words, w)
		weights = append(weights, t.Freq())
	}
	return corpus.NewVocabulary(words, weights), nil
}

func han(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func pct(ts []time.Duration, p int) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func round(d time.Duration) time.Duration {
	switch {
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
