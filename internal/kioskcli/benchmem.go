//go:build scenes

package kioskcli

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Where Benchmark 3's resident memory goes, for the walk's log: the
// largest mappings of /proc/self/smaps by resident size, the Go runtime's
// share of the anonymous memory, and SQLite's own allocations.

// mapping is the resident memory of the mappings of one file (or of all
// anonymous mappings, named by their kind).
type mapping struct {
	name       string
	rss, anon  int // kB
	shmem, cnt int
}

// smapsTop sums /proc/self/smaps by what is mapped and returns the n
// largest by resident size, and the total.
func smapsTop(n int) ([]mapping, mapping, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, mapping{}, err
	}
	defer f.Close()
	by := map[string]*mapping{}
	var cur *mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if !strings.HasSuffix(fields[0], ":") { // a mapping's header: range perms offset dev inode [path]
			name := "[anonymous]"
			if len(fields) >= 6 {
				name = strings.Join(fields[5:], " ")
				if !strings.HasPrefix(name, "[") {
					name = filepath.Base(name)
				}
			}
			if by[name] == nil {
				by[name] = &mapping{name: name}
			}
			cur = by[name]
			cur.cnt++
			continue
		}
		if cur == nil || len(fields) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(fields[1])
		switch fields[0] {
		case "Rss:":
			cur.rss += kb
		case "Anonymous:":
			cur.anon += kb
		case "Shared_Clean:", "Shared_Dirty:":
			if strings.HasPrefix(cur.name, "/") || strings.Contains(cur.name, "SYSV") || strings.HasPrefix(cur.name, "memfd") {
				cur.shmem += kb
			}
		}
	}
	var all []mapping
	total := mapping{name: "total"}
	for _, m := range by {
		all = append(all, *m)
		total.rss += m.rss
		total.anon += m.anon
	}
	slices.SortFunc(all, func(a, b mapping) int { return cmp.Compare(b.rss, a.rss) })
	return all[:min(n, len(all))], total, sc.Err()
}

// logMemoryBreakdown logs where the resident memory is.
func logMemoryBreakdown(logf func(string, ...any)) {
	top, total, err := smapsTop(12)
	if err != nil {
		logf("bench: smaps: %v", err)
		return
	}
	var b strings.Builder
	for _, m := range top {
		fmt.Fprintf(&b, "\n  %6.1f MB rss (%5.1f anon) %3d maps  %s", mb(m.rss), mb(m.anon), m.cnt, m.name)
	}
	logf("bench: largest mappings of %.1f MB rss (%.1f anon):%s", mb(total.rss), mb(total.anon), b.String())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	const mib = 1 << 20
	logf("bench: Go runtime: %d MB mapped and not released (heap in use %d, heap free %d, stacks %d, other %d), next GC at %d MB, %d GCs",
		(ms.Sys-ms.HeapReleased)/mib, ms.HeapInuse/mib, (ms.HeapIdle-ms.HeapReleased)/mib, ms.StackSys/mib,
		(ms.MSpanSys+ms.MCacheSys+ms.BuckHashSys+ms.GCSys+ms.OtherSys)/mib, ms.NextGC/mib, ms.NumGC)
	if used, high, ok := sqliteMemory(); ok {
		logf("bench: SQLite: %.1f MB allocated (high water %.1f MB)", float64(used)/mib, float64(high)/mib)
	}
	if arena, inuse, free, mmapped, ok := mallocMemory(); ok {
		logf("bench: C malloc: arenas %.1f MB (in use %.1f, free %.1f), own mmaps %.1f MB",
			float64(arena)/mib, float64(inuse)/mib, float64(free)/mib, float64(mmapped)/mib)
	}
}

func mb(kb int) float64 { return float64(kb) / 1024 }
