//go:build scenes

package kioskcli

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/internal/domain"
	"gongkai/internal/ui"
)

// benchWalk is Benchmark 3's visitor: it browses to the largest leaf
// category, scrolls its list to the end, opens documents, runs searches,
// then logs the resident memory and quits. It drives the same screens a
// finger would, through fyne.DoAndWait.
func benchWalk(a *ui.App, logf func(string, ...any)) {
	step := func(fn func()) {
		fyne.DoAndWait(fn)
		time.Sleep(300 * time.Millisecond) // let a few frames paint
	}
	time.Sleep(time.Second)
	logf("bench: at home: %s", memLine())
	var leaf *domain.CategoryNode
	var path []string
	step(func() {
		roots, err := a.Catalogue().Categories(context.Background())
		if err != nil {
			logf("bench: categories: %v", err)
			return
		}
		a.Push(ui.NewCategoryScreen(a, nil))
		nodes := roots
		for len(nodes) > 0 {
			best := nodes[0]
			for _, n := range nodes {
				if n.Count > best.Count {
					best = n
				}
			}
			leaf, path, nodes = best, append(path, best.Name), best.Children
		}
	})
	if leaf == nil {
		logf("bench: empty catalogue")
	} else {
		step(func() { a.OpenCategory(leaf, path) })
		step(func() {
			if s, ok := a.Current().(*ui.DocumentListScreen); ok && s.List() != nil {
				s.List().List.ScrollToBottom()
			}
		})
		step(func() {
			if s, ok := a.Current().(*ui.DocumentListScreen); ok && s.List() != nil {
				s.List().List.Select(s.Total() - 1)
			}
		})
		step(a.Back)
		logf("bench: after browsing: %s", memLine())
	}
	for _, q := range []string{"教育", "招生", "政务公开 工作要点", "阳教体办发〔2021〕12号", "学"} {
		step(func() {
			a.Home()
			s := ui.NewSearchScreen(a)
			a.Push(s)
			s.SetQuery(q)
			logf("bench: search %q: %d results", q, s.Results())
			if s.Results() > 0 {
				s.List().List.Select(0)
			}
		})
	}
	step(a.Home)
	logf("bench: after searching: %s", memLine())
	logMemoryBreakdown(logf)
	logf("bench: resident memory after browsing and searching: %d MB", rssMB())
	if path := os.Getenv("GONGKAI_BENCH_HEAPPROFILE"); path != "" {
		writeHeapProfile(path, logf)
	}
	step(a.ResetSession) // the visitor leaves
	time.Sleep(time.Second)
	logf("bench: after the idle reset: %s", memLine())
	// Between visitors: Fyne frees what it made for the screens left once
	// its cache duration has passed (ui's screenCacheDuration), and the
	// kiosk hands malloc's free pages back (trimMallocEvery).
	time.Sleep(settleTime)
	logf("bench: settled between visitors: %s", memLine())
	logMemoryBreakdown(logf)
	fyne.Do(fyne.CurrentApp().Quit)
}

// settleTime is how long the walk waits after the idle reset before its
// last reading: Fyne's cache duration (20 s), its clean interval (10 s)
// and a malloc trim (every 10 s).
const settleTime = 40 * time.Second

// rssMB reads VmRSS from /proc/self/status.
func rssMB() int { return statusMB("VmRSS") }

// memLine describes the resident memory: total, anonymous (heaps, GL
// buffers) and file-backed (mapped libraries, SQLite's mmap).
func memLine() string {
	return fmt.Sprintf("rss %d MB (anon %d MB, file %d MB), Go heap %d MB",
		statusMB("VmRSS"), statusMB("RssAnon"), statusMB("RssFile"), heapMB())
}

// statusMB reads one "Name: N kB" line of /proc/self/status, in MB.
func statusMB(name string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb / 1024
		}
	}
	return -1
}

func heapMB() int {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int(m.HeapInuse / (1 << 20))
}

// writeHeapProfile writes a heap profile (GONGKAI_BENCH_HEAPPROFILE) for
// go tool pprof, after a collection so that it shows what is live.
func writeHeapProfile(path string, logf func(string, ...any)) {
	runtime.GC()
	f, err := os.Create(path)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		logf("bench: heap profile: %v", err)
	}
}
