package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/sync/hub"
)

// pagesPart is part 4: o.kiosks simulated kiosks pulling pages at once,
// all at the same version (after an import) and each at another (the
// worst case), from pages made on demand (the hub before the page shelf)
// and from the shelf, on a SQLite hub and, with -db, a PostgreSQL one.
func pagesPart(ctx context.Context, o options, root string) error {
	stores, drop, err := benchStores(ctx, o)
	if err != nil {
		return err
	}
	defer drop()
	type row struct {
		store, mode, versions string
		p50, p99, max         float64
		p99s                  []float64
		errs                  int
		load                  string
	}
	var rows []row
	for i, st := range stores {
		h, _, err := newHub(ctx, o, filepath.Join(root, fmt.Sprintf("pages-hub-%d", i)), st.url)
		if err != nil {
			return err
		}
		creds, err := enrolMany(ctx, h, o.kiosks)
		if err != nil {
			h.Close()
			return err
		}
		head, _ := h.Store.Head(ctx)
		for _, onDemand := range []bool{true, false} {
			sctx, stop := context.WithCancel(ctx)
			url, err := serve(sctx, h, hub.ServerOptions{OnDemand: onDemand}, nil)
			if err != nil {
				stop()
				h.Close()
				return err
			}
			mode := "made on demand"
			if !onDemand {
				mode = "from the shelf"
				t0, c0 := time.Now(), benchstat.CPUTime()
				if err := h.PreparePages(ctx, o.page); err != nil {
					stop()
					h.Close()
					return err
				}
				fmt.Printf("   %s: shelf prepared for %d versions in %s (process CPU %s)\n", st.name, head,
					time.Since(t0).Round(time.Millisecond), (benchstat.CPUTime() - c0).Round(time.Millisecond))
			}
			for _, scattered := range []bool{false, true} {
				r := row{store: st.name, mode: mode, versions: "same version", load: benchstat.LoadAverage()}
				if scattered {
					r.versions = "random versions"
				}
				var p50s, maxs []float64
				for run := range o.runs {
					res := pull(ctx, url, creds, head, o, scattered, uint64(run), nil)
					lat := res.lat
					r.errs += res.errs
					p50s, r.p99s, maxs = append(p50s, pct(lat, 50)), append(r.p99s, pct(lat, 99)), append(maxs, slices.Max(lat))
				}
				r.p50, r.p99, r.max = median(p50s), median(r.p99s), median(maxs)
				rows = append(rows, r)
				fmt.Printf("   %s, pages %s, kiosks at %s: p50 %.0f ms, p99 %.0f ms, errors %d\n", r.store, r.mode, r.versions, r.p50, r.p99, r.errs)
			}
			stop()
		}
		h.Close()
	}
	fmt.Printf("4. %d kiosks × %d pages at once, page latency (median of %d runs; target p99 ≤ 500 ms at random versions, no errors):\n",
		o.kiosks, o.kioskPages, o.runs)
	fmt.Printf("   %-10s  %-15s  %-15s  %8s  %8s  %8s  %-20s  %6s  %s\n", "store", "pages", "kiosks at", "p50 ms", "p99 ms", "max ms", "p99 of each run", "errors", "load average")
	for _, r := range rows {
		fmt.Printf("   %-10s  %-15s  %-15s  %8.0f  %8.0f  %8.0f  %-20s  %6d  %s\n", r.store, r.mode, r.versions, r.p50, r.p99, r.max, fmtList(r.p99s), r.errs, r.load)
	}
	return nil
}
