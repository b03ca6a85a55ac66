// Command benchsearch measures the kiosk's catalogue search on a generated
// catalogue (issues 2 and 16): it applies N realistic documents to a fresh
// store in sync-sized batches (indexing rate), times searches right after
// the sync, while the index merges and after, reports the database size
// per 1,000 documents, then times a fixed query set through Store.Search
// and, side by side in the same run, through a peer over the same text:
// SQLite FTS5 with its trigram tokenizer (-peer fts5), LIKE '%…%' scans
// (-peer like) or nothing (-peer none), with a verdict per query.
//
//	go run -tags sqlite_fts5 ./cmd/benchsearch -n 100000 -peer fts5
//
// With -dir and -keep the databases stay; -reuse then times the queries
// on them again without generating and indexing anew. The document count
// also comes from GONGKAI_BENCH_DOCS, so CI can run a small smoke size.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"gongkai/internal/benchrun"
	"gongkai/internal/benchstat"
	"gongkai/internal/domain"
	"gongkai/internal/search"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
)

func main() {
	var o options
	flag.IntVar(&o.n, "n", benchrun.EnvInt("GONGKAI_BENCH_DOCS", 100000), "documents to generate")
	flag.IntVar(&o.batch, "batch", 500, "documents per applied batch (a sync page)")
	flag.IntVar(&o.runs, "runs", 9, "timed runs of each query")
	flag.IntVar(&o.peerRuns, "peer-runs", 3, "timed runs of each query by the peer")
	flag.StringVar(&o.peer, "peer", "fts5", "what to compare with: fts5 (SQLite FTS5 trigram), like (LIKE scans) or none")
	flag.StringVar(&o.vocab, "vocab", "gse", "word distribution: gse (its 350k-word frequency dictionary) or builtin")
	flag.StringVar(&o.dir, "dir", "", "directory for the databases (default: a temporary one, removed after)")
	flag.BoolVar(&o.keep, "keep", false, "keep the databases")
	flag.BoolVar(&o.reuse, "reuse", false, "time the queries on the databases already in -dir (kept by -keep)")
	flag.BoolVar(&o.merge, "merge", false, "with -reuse: first merge the index as the idle kiosk would, timing searches before, during and after")
	flag.StringVar(&o.only, "only", "", "time only the queries containing this text (with -reuse: to profile one kind of query)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of indexing and searching to this file")
	flag.Parse()
	benchrun.Main("benchsearch", *profile, func() error { return run(o) })
}

type options struct {
	n, batch, runs, peerRuns int
	peer, vocab, dir, only   string
	keep, reuse, merge       bool
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

// Queries: 1-, 2- and 4-character words, 文号 (two bracket styles), two
// words, rare phrases of 6 characters, and phrases of 12 and 20
// characters taken from the catalogue itself (phraseQueries).
var queries = []string{"县", "学", "教育", "招生", "政务公开", "义务教育", "校园安全", "课后服务", "教育督导",
	"阳教体办发〔2021〕12号", "阳教体发(2019)7号", "学校 安全", "招生 计划", "学生资助政策", "营养改善计划"}

// phraseQueries returns phrases of 12 and 20 characters from the bodies
// of two generated documents (the same ones in every run).
func phraseQueries(g *corpus.Generator, n int) []string {
	var out []string
	for _, c := range []struct{ doc, length int }{{n / 3, 12}, {2 * n / 3, 20}} {
		d := g.Document(c.doc)
		for _, b := range d.Body {
			for _, w := range strings.Fields(search.Normalize(b.Text)) {
				if r := []rune(w); len(r) >= c.length {
					out = append(out, string(r[:c.length]))
					goto next
				}
			}
		}
	next:
	}
	return out
}

func run(o options) error {
	ctx := context.Background()
	dir := o.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "benchsearch-")
		if err != nil {
			return err
		}
		dir = d
		if !o.keep {
			defer os.RemoveAll(d)
		}
	}
	path := filepath.Join(dir, "kiosk.db")
	ids := make([]string, len(categories))
	for i, c := range categories {
		ids[i] = c.ID
	}
	g := corpus.New(2026, ids)
	if o.vocab == "gse" {
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
	if !o.reuse {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
	s, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Printf("load average %s; %d CPUs\n", benchstat.LoadAverage(), runtime.NumCPU())
	if o.reuse {
		st, err := s.State(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("reusing %s: %d documents\n", path, st.Documents)
		o.n = st.Documents
		if o.merge {
			if err := merge(ctx, s, nil); err != nil {
				return err
			}
		}
	} else if err := index(ctx, s, g, o); err != nil {
		return err
	}
	if err := report(ctx, s, path, o.n); err != nil {
		return err
	}

	var p peer
	switch o.peer {
	case "fts5":
		f, err := openFTS5(ctx, filepath.Join(dir, "fts5.db"), s, o.reuse)
		if err != nil {
			return err
		}
		p = f
	case "like":
		p = likePeer{s.DB()}
	case "none":
	default:
		return fmt.Errorf("unknown peer %q (fts5, like or none)", o.peer)
	}
	if p != nil {
		defer p.close()
	}
	qs := append(slices.Clone(queries), phraseQueries(g, o.n)...)
	if o.only != "" {
		qs = slices.DeleteFunc(qs, func(q string) bool { return !strings.Contains(q, o.only) })
	}
	return compare(ctx, s, p, qs, o)
}

// index applies the generated catalogue in batches, timing Apply, then
// times searches while the index is merged.
func index(ctx context.Context, s *store.Store, g *corpus.Generator, o options) error {
	var cats []domain.Change
	for i, c := range categories {
		data, _ := json.Marshal(c)
		cats = append(cats, domain.Change{Version: int64(i + 1), Kind: domain.KindCategory, ID: c.ID, Data: data})
	}
	if err := s.Apply(ctx, store.ApplyBatch{Source: domain.SourceHub, From: 0, To: int64(len(cats)), Changes: cats}); err != nil {
		return err
	}
	// Indexing: generate each batch untimed, then time Apply; meanwhile a
	// visitor searches once a second.
	fmt.Printf("indexing %d documents in batches of %d, searching once a second meanwhile ...\n", o.n, o.batch)
	version := int64(len(cats))
	var applyWall, applyCPU time.Duration
	var chars int64
	syncing, err := searchWhile(ctx, s, time.Second, func() error {
		for i := 0; i < o.n; i += o.batch {
			var changes []domain.Change
			for j := i; j < min(i+o.batch, o.n); j++ {
				d := g.Document(j)
				for _, b := range d.Body {
					chars += int64(utf8.RuneCountInString(b.Text))
					for _, it := range b.Items {
						chars += int64(utf8.RuneCountInString(it))
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
			w0, c0 := time.Now(), benchstat.CPUTime()
			if err := s.Apply(ctx, store.ApplyBatch{Source: domain.SourceHub, From: from, To: version, Changes: changes,
				SyncedAt: time.Now()}); err != nil {
				return err
			}
			applyWall += time.Since(w0)
			applyCPU += benchstat.CPUTime() - c0
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("  body length: %d characters on average\n", chars/int64(max(o.n, 1)))
	fmt.Printf("  indexing rate: %.0f documents/s (wall %v; process CPU %v, %.0f documents per CPU-second)\n",
		float64(o.n)/applyWall.Seconds(), applyWall.Round(time.Millisecond), applyCPU.Round(time.Millisecond),
		float64(o.n)/applyCPU.Seconds())

	fmt.Printf("  search during the sync (merges included): p50 %v, p95 %v (%d timings)\n",
		round(pct(syncing, 50)), round(pct(syncing, 95)), len(syncing))
	return merge(ctx, s, syncing)
}

// merge times searches right after the sync, then while the index merges
// (as the kiosk's merger does once a sync pauses), then after. syncing are
// the timings of searches during the sync, if it ran.
func merge(ctx context.Context, s *store.Store, syncing []time.Duration) error {
	segs := segments(ctx, s)
	before, err := timeQueries(ctx, s, 5)
	if err != nil {
		return err
	}
	fmt.Printf("  search right after the sync (%d segments): %v\n", segs, before)
	var mergeWall, mergeCPU time.Duration
	during, err := searchWhile(ctx, s, 0, func() error {
		w0, c0 := time.Now(), benchstat.CPUTime()
		err := s.Optimize(ctx)
		mergeWall, mergeCPU = time.Since(w0), benchstat.CPUTime()-c0
		return err
	})
	if err != nil {
		return err
	}
	after, err := timeQueries(ctx, s, 5)
	if err != nil {
		return err
	}
	left := segments(ctx, s)
	fmt.Printf("  merging afterwards (the kiosk does it when idle): wall %v, CPU %v (with searches running), %d segments left\n",
		mergeWall.Round(time.Millisecond), mergeCPU.Round(time.Millisecond), left)
	if left == segs && len(syncing) > 0 {
		// Apply merged as it went: the index right after the sync is the
		// merged one, and the merge window is the sync itself.
		fmt.Printf("  search while merging: nothing was left to merge after the sync; during the sync (Apply's merges): p95 %v, %.1f× once merged\n",
			round(pct(syncing, 95)), float64(pct(syncing, 95))/float64(pct(after.wall, 95)))
	} else if len(during) > 0 {
		fmt.Printf("  search while merging: p50 %v, p95 %v (%d searches), %.1f× once merged\n", round(pct(during, 50)),
			round(pct(during, 95)), len(during), float64(pct(during, 95))/float64(pct(after.wall, 95)))
	}
	fmt.Printf("  search once merged: %v\n", after)
	return nil
}

// searchWhile runs the fixed queries one after another, pause apart,
// while work runs, and returns their timings.
func searchWhile(ctx context.Context, s *store.Store, pause time.Duration, work func() error) ([]time.Duration, error) {
	var ts []time.Duration
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			case <-time.After(pause):
			}
			t0 := time.Now()
			if _, err := s.Search(ctx, domain.SearchFilter{Query: queries[i%len(queries)], Limit: 20}); err != nil {
				done <- err
				return
			}
			ts = append(ts, time.Since(t0))
		}
	}()
	err := work()
	close(stop)
	if serr := <-done; err == nil {
		err = serr
	}
	return ts, err
}

// timings are the wall and process CPU times of searches, one of each
// per search: on a machine shared with others, the CPU time says what a
// search costs and the wall time what a visitor waited.
type timings struct{ wall, cpu []time.Duration }

// time runs one search and records its times.
func (t *timings) time(ctx context.Context, s *store.Store, q string) (*domain.SearchResult, error) {
	t0, c0 := time.Now(), benchstat.CPUTime()
	res, err := s.Search(ctx, domain.SearchFilter{Query: q, Limit: 20})
	t.wall = append(t.wall, time.Since(t0))
	t.cpu = append(t.cpu, benchstat.CPUTime()-c0)
	return res, err
}

func (t *timings) add(o timings) {
	t.wall = append(t.wall, o.wall...)
	t.cpu = append(t.cpu, o.cpu...)
}

// String gives the wall p50 and p95 and the CPU p95.
func (t timings) String() string {
	return fmt.Sprintf("p50 %v, p95 %v (process CPU p95 %v; %d searches)",
		round(pct(t.wall, 50)), round(pct(t.wall, 95)), round(pct(t.cpu, 95)), len(t.wall))
}

// timeQueries runs the fixed queries (without the generated phrases) runs
// times each and returns the timings.
func timeQueries(ctx context.Context, s *store.Store, runs int) (timings, error) {
	var ts timings
	for _, q := range queries {
		for r := 0; r < runs; r++ {
			if _, err := ts.time(ctx, s, q); err != nil {
				return ts, err
			}
		}
	}
	return ts, nil
}

func segments(ctx context.Context, s *store.Store) int {
	var n int
	s.DB().QueryRowContext(ctx, `SELECT count(*) FROM search_segments`).Scan(&n)
	return n
}

// report prints the database size.
func report(ctx context.Context, s *store.Store, path string, n int) error {
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
	n = max(n, 1)
	fmt.Printf("  database: %.2f MB per 1,000 documents in use (index %.2f MB of it); file %.1f MB with %.0f MB free pages for reuse\n",
		mb(live)/float64(n)*1000, mb(postings)/float64(n)*1000, mb(size), mb(free*pageSize))
	return nil
}

// compare times every query through Store.Search and the peer, side by
// side, with a verdict per query.
func compare(ctx context.Context, s *store.Store, p peer, qs []string, o options) error {
	peerName := "-"
	if p != nil {
		peerName = p.name()
	}
	fmt.Printf("\nload average %s\n", benchstat.LoadAverage())
	fmt.Printf("%-28s %7s %9s %9s %9s %9s %9s  %s\n", "query", "hits", "ours p50", "ours max", "ours CPU",
		"peer p50", "peer CPU", "verdict (peer: "+peerName+")")
	var all timings
	wins, rows := 0, 0
	for _, q := range qs {
		if _, err := s.Search(ctx, domain.SearchFilter{Query: q, Limit: 20}); err != nil { // warm up
			return err
		}
		var qt timings
		total := 0
		for r := 0; r < o.runs; r++ {
			res, err := qt.time(ctx, s, q)
			if err != nil {
				return err
			}
			total = res.Total
		}
		ts, cpu := qt.wall, pct(qt.cpu, 50)
		all.add(qt)
		line := fmt.Sprintf("%-28s %7d %9v %9v %9v", clip(q, 26), total, round(pct(ts, 50)), round(pct(ts, 100)), round(cpu))
		if p == nil {
			fmt.Println(line)
			continue
		}
		var ps []time.Duration
		peerTotal := 0
		c0 := benchstat.CPUTime()
		for r := 0; r < o.peerRuns; r++ {
			t0 := time.Now()
			n, err := p.search(ctx, q)
			if err != nil {
				return fmt.Errorf("%s: %q: %w", p.name(), q, err)
			}
			ps = append(ps, time.Since(t0))
			peerTotal = n
		}
		peerCPU := (benchstat.CPUTime() - c0) / time.Duration(max(o.peerRuns, 1))
		verdict := "faster"
		rows++
		if pct(ts, 50) > pct(ps, 50) {
			verdict = "SLOWER"
		} else {
			wins++
		}
		verdict += fmt.Sprintf(" (%.1f×)", float64(pct(ps, 50))/float64(pct(ts, 50)))
		if peerTotal != total {
			verdict += fmt.Sprintf("; the peer found %d", peerTotal)
		}
		fmt.Printf("%s %9v %9v  %s\n", line, round(pct(ps, 50)), round(peerCPU), verdict)
	}
	fmt.Printf("\nsearch over all queries: %v\n", all)
	if p != nil {
		fmt.Printf("faster than %s (p50) on %d of %d queries\n", p.name(), wins, rows)
	}
	fmt.Printf("load average %s\n", benchstat.LoadAverage())
	return nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
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
