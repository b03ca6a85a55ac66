// Command benchsync measures catalogue sync end to end on this machine
// (issue 3, benchmarks 1-4; issue 14, 4-6): a real hub (sync/hub) on a
// loopback TCP listener serving a generated catalogue of realistic
// documents (internal/search/corpus), and real kiosk stores
// (internal/store) synced by sync/client.
//
//  1. first sync of N documents into a fresh kiosk, including its search
//     indexing (documents per second);
//  2. a sync that brings 10 changed documents (milliseconds);
//  3. bytes on the wire for the first sync against the raw JSON;
//  4. K simulated kiosks pulling pages from the hub at once (page latency
//     percentiles, errors), all at the same version (the usual case after
//     an import) and each at a random version (the worst case), with pages
//     made on demand (the hub before its page shelf) and from the shelf,
//     on a SQLite hub and, with -db postgres://…, a PostgreSQL one;
//  5. with -front-kiosks 1000: that many kiosks at random versions over
//     TLS through nginx (the shipped configuration) in front of two
//     `hub serve` processes (SQLite files shared, or with -db one
//     PostgreSQL database);
//  6. with -submit-kiosks 100: that many real kiosks each uploading
//     -submissions sealed submissions at once; each must be stored once.
//
// Every figure is the median of -runs runs; load averages are printed
// beside them (the machine is shared).
//
//	go run -tags sqlite_fts5 ./cmd/benchsync -docs 100000 -runs 5
//	go run -tags sqlite_fts5 ./cmd/benchsync -parts 4,5,6 -db postgres://… -front-kiosks 1000 -submit-kiosks 100
//
// The document count also comes from GONGKAI_BENCH_DOCS, so CI can run a
// smoke size (e.g. GONGKAI_BENCH_DOCS=2000); TestSmoke runs every part but
// 5 at a tiny size.
package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/benchrun"
	"gongkai/internal/benchstat"
	"gongkai/internal/domain"
	"gongkai/internal/search/corpus"
	"gongkai/internal/store"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

type options struct {
	docs, runs, changed, kiosks, kioskPages, page int
	pageBytes                                     int
	dir                                           string
	db                                            string // a PostgreSQL URL: the pages part on both stores
	frontKiosks                                   int    // part 5: kiosks through nginx (0: skip)
	submitKiosks, submissions                     int    // part 6: kiosks × submissions at once (0: skip)
	hubBin, nginx                                 string
	hubProfile                                    string // part 5: CPU profiles of the hub processes, to this prefix
	kioskProfile                                  string // part 5: CPU profile of this process (the kiosks) during the runs
	profileSeconds                                int
	syncProfile                                   string // part 1: CPU profile of the first syncs after the first
	frontResume                                   bool   // part 5: kiosks resume TLS sessions from run to run
	parts                                         map[string]bool
}

func main() {
	o := options{parts: map[string]bool{}}
	flag.IntVar(&o.docs, "docs", benchrun.EnvInt("GONGKAI_BENCH_DOCS", 100000), "documents in the hub's catalogue")
	flag.IntVar(&o.runs, "runs", 5, "runs of each measurement (the median is reported)")
	flag.IntVar(&o.changed, "changed", 10, "documents changed for the incremental sync")
	flag.IntVar(&o.kiosks, "kiosks", 200, "simulated kiosks pulling pages at once (0: skip)")
	flag.IntVar(&o.kioskPages, "kiosk-pages", 5, "pages each simulated kiosk pulls")
	flag.IntVar(&o.page, "page", protocol.DefaultPageSize, "changes per page")
	flag.IntVar(&o.pageBytes, "page-bytes", hub.DefaultPageBytes, "the hub's budget of object data per page")
	flag.StringVar(&o.dir, "dir", "", "working directory (default: a temporary one, removed after)")
	flag.StringVar(&o.db, "db", "", "a PostgreSQL server (postgres://…): parts 4-6 also on a PostgreSQL hub, in a database of their own made there and dropped after")
	flag.IntVar(&o.frontKiosks, "front-kiosks", 0, "part 5: simulated kiosks syncing through nginx in front of two hub processes (e.g. 1000; 0: skip)")
	flag.StringVar(&o.hubBin, "hub-bin", "", "part 5: the hub binary (default: built with go build into the working directory)")
	flag.StringVar(&o.nginx, "nginx", "nginx", "part 5: the nginx binary")
	flag.BoolVar(&o.frontResume, "front-resume", true, "part 5: kiosks keep their transports from run to run and resume TLS sessions (false: full handshakes every run)")
	flag.StringVar(&o.hubProfile, "hub-profile", "", "part 5: write each hub process's CPU profile (from its --pprof-addr) to PREFIX.hub1, PREFIX.hub2")
	flag.StringVar(&o.kioskProfile, "kiosk-profile", "", "part 5: write a CPU profile of the simulated kiosks (this process) during the runs only to this file")
	flag.IntVar(&o.profileSeconds, "profile-seconds", 15, "part 5: how long -hub-profile profiles, from the start of the first run")
	flag.IntVar(&o.submitKiosks, "submit-kiosks", 0, "part 6: kiosks uploading at once (e.g. 100; 0: skip)")
	flag.IntVar(&o.submissions, "submissions", 100, "part 6: submissions each kiosk uploads")
	parts := flag.String("parts", "1,2,3,4,5,6", "the parts to run")
	flag.StringVar(&o.syncProfile, "sync-cpuprofile", "", "part 1: write a CPU profile of the first syncs after the first (the hub's shelf then ready) to this file")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	for _, p := range strings.Split(*parts, ",") {
		o.parts[strings.TrimSpace(p)] = true
	}
	benchrun.Main("benchsync", *profile, func() error { return run(context.Background(), o) })
}

func run(ctx context.Context, o options) error {
	root := o.dir
	if root == "" {
		d, err := os.MkdirTemp("", "benchsync-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		root = d
	}
	fmt.Printf("benchsync: %d documents, %d CPUs, load average %s\n", o.docs, runtime.NumCPU(), benchstat.LoadAverage())
	if o.parts["1"] || o.parts["2"] || o.parts["3"] {
		if err := syncParts(ctx, o, root); err != nil {
			return err
		}
	}
	if o.parts["4"] && o.kiosks > 0 {
		if err := pagesPart(ctx, o, root); err != nil {
			return fmt.Errorf("part 4: %w", err)
		}
	}
	if o.parts["5"] && o.frontKiosks > 0 {
		if err := frontPart(ctx, o, root); err != nil {
			return fmt.Errorf("part 5: %w", err)
		}
	}
	if o.parts["6"] && o.submitKiosks > 0 {
		if err := submitPart(ctx, o, root); err != nil {
			return fmt.Errorf("part 6: %w", err)
		}
	}
	return nil
}

// cats is the catalogue's small category tree.
var cats = []string{"zcwj", "jgzn", "ghjh", "czzj", "rsxx", "zsks", "jyfz", "xxgk"}

// newHub makes a hub in dir (its stores in the PostgreSQL database dbURL
// if set) holding the categories and o.docs generated documents, and
// returns it with the size of the documents' JSON.
func newHub(ctx context.Context, o options, dir, dbURL string) (*hub.Hub, int64, error) {
	h, err := hub.Init(ctx, dir, hub.Options{PageBytes: o.pageBytes, DatabaseURL: dbURL})
	if err != nil {
		return nil, 0, err
	}
	objs := make([]domain.Object, 0, o.docs+len(cats))
	for i, c := range cats {
		objs = append(objs, object(domain.KindCategory, c, domain.Category{ID: c, Name: "分类" + strconv.Itoa(i), Order: i}))
	}
	gen := corpus.New(1, cats)
	var rawJSON int64
	for i := range o.docs {
		d := gen.Document(i)
		ob := object(domain.KindDocument, d.ID, d)
		rawJSON += int64(len(ob.Data))
		objs = append(objs, ob)
	}
	t0 := time.Now()
	res, err := h.ImportCatalogue(ctx, &hub.Catalogue{Objects: objs}, hub.ImportOptions{})
	if err != nil {
		h.Close()
		return nil, 0, err
	}
	store := "SQLite"
	if dbURL != "" {
		store = "PostgreSQL"
	}
	fmt.Printf("hub import (%s): %d objects, %.1f MB of JSON, in %s (%.0f docs/s)\n",
		store, res.Added, float64(rawJSON)/1e6, time.Since(t0).Round(time.Millisecond), float64(o.docs)/time.Since(t0).Seconds())
	return h, rawJSON, nil
}

// serve serves h's API on a loopback port until ctx is done and returns
// its URL.
func serve(ctx context.Context, h *hub.Hub, opt hub.ServerOptions, register func(*hub.Server)) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := hub.NewServer(h, opt)
	if register != nil {
		register(srv)
	}
	go srv.Serve(ctx, ln)
	return "http://" + ln.Addr().String(), nil
}

// syncParts measures parts 1-3 on a SQLite hub.
func syncParts(ctx context.Context, o options, root string) error {
	h, rawJSON, err := newHub(ctx, o, filepath.Join(root, "hub"), "")
	if err != nil {
		return err
	}
	defer h.Close()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	url, err := serve(sctx, h, hub.ServerOptions{}, nil)
	if err != nil {
		return err
	}
	if err := h.PreparePages(ctx, o.page); err != nil {
		return err
	}
	// 1 and 3: first syncs into fresh kiosks.
	var rates, cpuRates []float64
	var last *kiosk
	var first *client.Result
	for r := range o.runs {
		// The previous kiosk goes first: its idle merge of what it just
		// synced would otherwise run during this sync and count in its CPU.
		if last != nil {
			last.close()
			last = nil
		}
		k, err := newKiosk(ctx, h, url, filepath.Join(root, fmt.Sprintf("kiosk-%d", r)), o.page)
		if err != nil {
			return err
		}
		if o.syncProfile != "" && r == min(1, o.runs-1) {
			f, err := os.Create(o.syncProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
		}
		t0, c0, load := time.Now(), benchstat.CPUTime(), benchstat.LoadAverage()
		res, err := k.c.SyncOnce(ctx)
		if err != nil {
			return fmt.Errorf("first sync: %w", err)
		}
		dt, cpu := time.Since(t0), benchstat.CPUTime()-c0
		docs := float64(res.Changes - len(cats))
		rates = append(rates, docs/dt.Seconds())
		cpuRates = append(cpuRates, docs/cpu.Seconds())
		first = res
		var segs int
		k.st.DB().QueryRowContext(ctx, `SELECT count(*) FROM search_segments`).Scan(&segs)
		fmt.Printf("  first sync %d: %d changes in %s (%.0f docs/s); process CPU %s (%.0f docs per CPU-second, %.2f CPU-s per 1,000, hub included); %d pages, %d index segments; load average %s\n",
			r+1, res.Changes, dt.Round(time.Millisecond), rates[r], cpu.Round(time.Millisecond), cpuRates[r], 1000/cpuRates[r], res.Pages, segs, load)
		last = k
	}
	if o.syncProfile != "" {
		pprof.StopCPUProfile()
	}
	defer last.close()
	hd, _ := h.Digest(ctx)
	kd, _ := last.st.Digest(ctx)
	if hd != kd {
		return fmt.Errorf("kiosk digest %s differs from the hub's %s", kd, hd)
	}
	fmt.Printf("1. first sync of %d documents incl. indexing: median %.0f docs/s (min %.0f, max %.0f; target ≥ 3000); median %.0f docs per CPU-second of the process (hub, client and store on %d CPUs)\n",
		o.docs, median(rates), slices.Min(rates), slices.Max(rates), median(cpuRates), runtime.NumCPU())
	fmt.Printf("3. bytes on the wire: %.1f MB gzip for %.1f MB of pages (%.1f MB raw object JSON): %.1f%% of the raw JSON\n",
		float64(first.WireBytes)/1e6, float64(first.RawBytes)/1e6, float64(rawJSON)/1e6, 100*float64(first.WireBytes)/float64(rawJSON))

	// 2: ten changed documents.
	var ms []float64
	gen2 := corpus.New(1, cats)
	for r := range o.runs {
		var changed []domain.Object
		for i := range o.changed {
			d := gen2.Document((r*o.changed + i) * 7 % o.docs)
			d.Title += fmt.Sprintf("（第%d次修订）", r+1)
			changed = append(changed, object(domain.KindDocument, d.ID, d))
		}
		if _, err := h.ImportCatalogue(ctx, &hub.Catalogue{Objects: changed}, hub.ImportOptions{}); err != nil {
			return err
		}
		t0 := time.Now()
		res, err := last.c.SyncOnce(ctx)
		if err != nil {
			return err
		}
		dt := time.Since(t0)
		if res.Changes != o.changed {
			return fmt.Errorf("incremental sync brought %d changes, want %d", res.Changes, o.changed)
		}
		ms = append(ms, float64(dt.Microseconds())/1000)
	}
	fmt.Printf("2. sync of %d changed documents: median %.1f ms (min %.1f, max %.1f; target ≤ 300 ms)\n",
		o.changed, median(ms), slices.Min(ms), slices.Max(ms))

	return nil
}

func object(kind, id string, v any) domain.Object {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return domain.Object{Kind: kind, ID: id, Data: b}
}

type kiosk struct {
	dir string
	st  *store.Store
	c   *client.Client
}

func newKiosk(ctx context.Context, h *hub.Hub, url, dir string, page int) (*kiosk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"))
	if err != nil {
		return nil, err
	}
	c := client.New(dir, client.NewStoreCatalogue(st), client.Options{PageSize: page})
	code, _, err := h.NewEnrollCode(ctx, "bench")
	if err != nil {
		return nil, err
	}
	if _, err := c.Enroll(ctx, url, code, false); err != nil {
		return nil, err
	}
	return &kiosk{dir: dir, st: st, c: c}, nil
}

func (k *kiosk) close() {
	k.st.Close()
	os.RemoveAll(k.dir)
}

func enrolMany(ctx context.Context, h *hub.Hub, n int) ([]string, error) {
	creds := make([]string, n)
	for i := range creds {
		code, _, err := h.NewEnrollCode(ctx, "")
		if err != nil {
			return nil, err
		}
		er, err := h.Enroll(ctx, code)
		if err != nil {
			return nil, err
		}
		creds[i] = er.KioskID + "." + er.Token
	}
	return creds, nil
}

// pull has every simulated kiosk (its own connection, as a separate
// machine has) fetch pages one after another, all starting together, and
// returns what they measured. The bodies stay compressed: decompressing
// and verifying is the kiosks' work, not the hub's, and here they share
// the hub's two cores.
//
// With transports (one per kiosk, kept from run to run as a kiosk keeps
// its client) each kiosk uses its own and closes its connection after its
// pages, as a kiosk's idles out between syncs: the next run opens a new
// one, resuming its TLS session. Without, each kiosk has a fresh plain
// transport.
func pull(ctx context.Context, url string, creds []string, head int64, o options, scattered bool, seed uint64, transports []*http.Transport) pulled {
	span := max(head-int64(o.kioskPages*o.page*4), 0)
	rng := rand.New(rand.NewPCG(seed, 7))
	starts := make([]int64, len(creds))
	for i := range starts {
		starts[i] = span
		if scattered {
			starts[i] = rng.Int64N(span + 1)
		}
	}
	var mu sync.Mutex
	var res pulled
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i, cred := range creds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}
			if transports != nil {
				tr = transports[i]
			}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr, Timeout: time.Minute}
			since := starts[i]
			// As a kiosk does: its health report is encoded once a sync and
			// sent with every page.
			report := protocol.EncodeReport(protocol.KioskReport{
				App: "benchsync", Catalogue: starts[i], Queue: int(seed), Printer: protocol.PrinterReady, FreeDisk: 8 << 30})
			<-gate
			for page := range o.kioskPages {
				req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/v1/changes?since=%d&limit=%d&%s=1", url, since, o.page, protocol.QueryOverlap), nil)
				req.Header.Set(protocol.HeaderProtocol, protocol.Version)
				req.Header.Set("Authorization", "Bearer "+cred)
				req.Header.Set("Accept-Encoding", "gzip")
				// As a kiosk does: its applied cursor (the pages of one
				// sync are fetched ahead of it) and its health report,
				// which differs from its last sync's (kiosks sync every
				// few minutes), so the hub records both each run.
				req.Header.Set(protocol.HeaderCatalogue, strconv.FormatInt(starts[i], 10))
				req.Header.Set(protocol.HeaderReport, report)
				t0 := time.Now()
				var st stages
				if page == 0 {
					req = req.WithContext(st.trace(req.Context(), t0))
				}
				resp, err := hc.Do(req)
				next := since
				if err == nil {
					var n int64
					n, err = io.Copy(io.Discard, resp.Body)
					mu.Lock()
					res.bytes += n
					mu.Unlock()
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("status %s", resp.Status)
					}
					next, _ = strconv.ParseInt(resp.Header.Get(protocol.HeaderPageTo), 10, 64)
				}
				d := float64(time.Since(t0).Microseconds()) / 1000
				mu.Lock()
				switch {
				case err != nil:
					res.errs++
				case page == 0:
					res.first = append(res.first, d)
					res.stages = append(res.stages, st)
					res.lat = append(res.lat, d)
				default:
					res.rest = append(res.rest, d)
					res.lat = append(res.lat, d)
				}
				mu.Unlock()
				if err != nil {
					return
				}
				if since = next; since >= head {
					since = starts[i] // round again: keep every kiosk pulling whole pages
				}
			}
		}()
	}
	close(gate)
	wg.Wait()
	if len(res.lat) == 0 {
		res.lat = []float64{0}
	}
	for _, l := range []*[]float64{&res.first, &res.rest} {
		if len(*l) == 0 {
			*l = []float64{0}
		}
	}
	return res
}

// pulled is what pull measured: every page's latency in ms (request sent
// to last byte read), split into each kiosk's first page (a new
// connection, and a page made for that kiosk's version) and the rest; the
// failures and the bytes of the bodies.
type pulled struct {
	lat, first, rest []float64
	stages           []stages // of each first page
	errs             int
	bytes            int64
}

// stages are the times (ms after the request was made) at which a first
// page's new connection was made, its TLS handshake done and its
// response's first byte read: where a first page's latency is spent.
type stages struct {
	connect, tls, firstByte float64
	resumed                 bool        // the TLS session was resumed
	group                   tls.CurveID // the key exchange the server chose
}

// trace returns ctx tracing into st, timed from t0.
func (st *stages) trace(ctx context.Context, t0 time.Time) context.Context {
	ms := func() float64 { return float64(time.Since(t0).Microseconds()) / 1000 }
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		ConnectDone: func(string, string, error) { st.connect = ms() },
		TLSHandshakeDone: func(cs tls.ConnectionState, _ error) {
			st.tls, st.resumed, st.group = ms(), cs.DidResume, cs.CurveID
		},
		GotFirstResponseByte: func() { st.firstByte = ms() },
	})
}

// stageLine says where the first pages' time went: p50/p99 of each stage.
func stageLine(sts []stages) string {
	if len(sts) == 0 {
		return "no first pages"
	}
	col := func(f func(stages) float64) string {
		xs := make([]float64, len(sts))
		for i, st := range sts {
			xs[i] = f(st)
		}
		return fmt.Sprintf("%.0f/%.0f", pct(xs, 50), pct(xs, 99))
	}
	resumed, groups := 0, map[tls.CurveID]int{}
	for _, st := range sts {
		if st.resumed {
			resumed++
		}
		groups[st.group]++
	}
	var kex []string
	for g, n := range groups {
		kex = append(kex, fmt.Sprintf("%s %d", g, n))
	}
	slices.Sort(kex)
	return "first pages' stages, p50/p99 ms after the request: TCP connected " + col(func(s stages) float64 { return s.connect }) +
		", TLS done " + col(func(s stages) float64 { return s.tls }) + ", first byte " + col(func(s stages) float64 { return s.firstByte }) +
		fmt.Sprintf("; TLS sessions resumed %d of %d, key exchange %s", resumed, len(sts), strings.Join(kex, ", "))
}

func median(xs []float64) float64 { return pct(xs, 50) }

func pct(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

func fmtList(xs []float64) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += "/"
		}
		out += strconv.FormatFloat(x, 'f', 0, 64)
	}
	return out
}
