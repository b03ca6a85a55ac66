package ime

import (
	"bufio"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchInputs covers 1 to 20 letters: full pinyin, abbreviations, mixes
// and partial syllables, as visitors type them letter by letter.
var benchInputs = func() []string {
	var out []string
	for _, s := range []string{
		"xinxigongkaishenqingb", // prefixes of a 21-letter sentence
		"zhengfuxinxigongkaizn",
		"woxiangshenqinggongka",
		"zhonghuarenmingongheg",
		"xxgkzfxxsqgkzszcjhxxg", // all abbreviations
		"shenfenzhenghaomaxxgk", // mixed
		"zhangweilishiwangfang",
	} {
		for n := 1; n <= 20; n++ {
			out = append(out, s[:n])
		}
	}
	return out
}()

// BenchmarkLookup reports the latency of a first page of candidates for
// inputs of 1-20 letters: ns/op is the mean, p95-ms and max-ms the tail.
func BenchmarkLookup(b *testing.B) {
	e := mustLoad(b)
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := benchInputs[i%len(benchInputs)]
		start := time.Now()
		e.Lookup(in, PageSize)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	p95 := durations[len(durations)*95/100]
	b.ReportMetric(float64(p95)/1e6, "p95-ms")
	b.ReportMetric(float64(durations[len(durations)-1])/1e6, "max-ms")
}

// BenchmarkLookupAll asks for every candidate, as paging to the end of a
// single syllable's list does.
func BenchmarkLookupAll(b *testing.B) {
	e := mustLoad(b)
	for i := 0; i < b.N; i++ {
		e.Lookup(benchInputs[i%len(benchInputs)], 0)
	}
}

// BenchmarkLoad measures decoding the embedded dictionary.
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := load(dictGz); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemory reports what a loaded engine keeps: heap in use after a
// garbage collection (heap-MB) and the growth of resident memory (rss-MB,
// from /proc/self/status), including the garbage of decoding until the
// runtime returns it.
func BenchmarkMemory(b *testing.B) {
	var heap, rss float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		rssBefore := residentKB(b)
		b.StartTimer()
		e, err := load(dictGz)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap += float64(after.HeapInuse-before.HeapInuse) / (1 << 20)
		rss += float64(residentKB(b)-rssBefore) / 1024
		runtime.KeepAlive(e)
		b.StartTimer()
	}
	b.ReportMetric(heap/float64(b.N), "heap-MB")
	b.ReportMetric(rss/float64(b.N), "rss-MB")
}

func residentKB(tb testing.TB) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return n
		}
	}
	tb.Fatal("no VmRSS in /proc/self/status")
	return 0
}
