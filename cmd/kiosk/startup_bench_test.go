//go:build scenes

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// The kiosk binary under test carries the walk.
func init() { buildTags = "sqlite_fts5 scenes" }

// BenchmarkStartup is issue 2's Benchmark 3: the real kiosk under Xvfb on
// a large catalogue. Each iteration starts the binary full screen on the
// data directory GONGKAI_BENCH_DATA and reports
//
//   - ms-first-frame: from exec to the first painted frame (the loading
//     page), measured outside the process when the log line arrives;
//   - ms-home-frame: the same for the first frame of the home screen;
//   - MB-rss: resident memory after the built-in walk (--bench-walk: the
//     largest category's list scrolled to its end, documents opened, five
//     searches), MB-rss-after-reset after the idle reset that follows, and
//     MB-rss-settled 40 s later, between visitors, once Fyne has freed what
//     it made for the screens left and the kiosk has trimmed malloc;
//   - MB-anon, MB-file and MB-go-heap: the walk's resident memory split into
//     anonymous (Go, malloc: SQLite, Mesa's textures) and file-backed
//     (the binary, Mesa and its libLLVM under Xvfb), and the Go heap in
//     use. The kiosk's log has the largest mappings, the Go runtime's,
//     SQLite's and malloc's shares (benchmem.go in kioskcli).
//
// Make the data directory with the store's generator, then run:
//
//	go run -tags sqlite_fts5 ./cmd/benchsearch -n 100000 -dir /tmp/bench100k -keep
//	GONGKAI_BENCH_DATA=/tmp/bench100k GONGKAI_XVFB_DISPLAY=:97 \
//	  go test -tags "ci sqlite_fts5 scenes" -run '^$' -bench Startup -benchtime 5x ./cmd/kiosk
//
// The walk is built only with the "scenes" tag, and so is this file.
//
// With GONGKAI_BENCH_DATA=demo each iteration starts on a fresh data
// directory, which the kiosk fills with the demo catalogue.
//
// Medians over the iterations are reported; targets: first frame ≤ 1.5 s,
// RSS ≤ 200 MB on 100,000 documents and ≤ 150 MB on the demo catalogue.
func BenchmarkStartup(b *testing.B) {
	data := os.Getenv("GONGKAI_BENCH_DATA")
	if data == "" {
		b.Skip("GONGKAI_BENCH_DATA is not set: a data directory with a generated catalogue (see the doc comment)")
	}
	if data != "demo" {
		// A missing directory would be made and filled with the demo
		// catalogue: demo figures reported as the generated catalogue's.
		if _, err := os.Stat(filepath.Join(data, "kiosk.db")); err != nil {
			b.Fatalf("GONGKAI_BENCH_DATA=%s holds no catalogue: %v", data, err)
		}
	}
	display := needDisplay(b)
	kioskBinary(b) // build before timing
	var first, home, rss, after, settled, anon, file, heap []float64
	mb := func(log, pattern string) float64 {
		m := regexp.MustCompile(pattern).FindStringSubmatch(log)
		if m == nil {
			b.Fatalf("no %q in the log:\n%s", pattern, log)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		return v
	}
	b.ResetTimer()
	for range b.N {
		dir := data
		if data == "demo" {
			dir = "" // startKiosk's fresh one
		}
		start := time.Now()
		k := startKiosk(b, display, dir, "--bench-walk")
		k.waitLog(b, "first frame", time.Minute)
		first = append(first, float64(time.Since(start).Milliseconds()))
		k.waitLog(b, "home screen frame", time.Minute)
		home = append(home, float64(time.Since(start).Milliseconds()))
		// A walk takes seconds on a quiet machine and minutes on one shared
		// at a load of 30.
		k.waitLog(b, "after the idle reset", 15*time.Minute)
		k.waitLog(b, "settled between visitors", 5*time.Minute)
		log := k.Log()
		rss = append(rss, mb(log, `resident memory after browsing and searching: (\d+) MB`))
		after = append(after, mb(log, `after the idle reset: rss (\d+) MB`))
		settled = append(settled, mb(log, `settled between visitors: rss (\d+) MB`))
		anon = append(anon, mb(log, `after searching: rss \d+ MB \(anon (\d+) MB`))
		file = append(file, mb(log, `after searching: rss \d+ MB \(anon \d+ MB, file (\d+) MB`))
		heap = append(heap, mb(log, `after searching: rss .*, Go heap (\d+) MB`))
		select {
		case <-k.done:
		case <-time.After(30 * time.Second):
			b.Fatal("the kiosk did not quit after its walk")
		}
		k.done <- nil
	}
	b.StopTimer()
	b.ReportMetric(median(first), "ms-first-frame")
	b.ReportMetric(median(home), "ms-home-frame")
	b.ReportMetric(median(rss), "MB-rss")
	b.ReportMetric(median(after), "MB-rss-after-reset")
	b.ReportMetric(median(settled), "MB-rss-settled")
	b.ReportMetric(median(anon), "MB-anon")
	b.ReportMetric(median(file), "MB-file")
	b.ReportMetric(median(heap), "MB-go-heap")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
