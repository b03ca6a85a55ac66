package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/internal/nginxfront"
	"gongkai/internal/pgdb"
	"gongkai/sync/client"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// frontConf is the shipped nginx configuration, read from the source tree.
const frontConf = "packaging/hub/nginx-gongkai-hub.conf"

// frontPart is part 5: o.frontKiosks simulated kiosks, each at another
// version, pulling pages over TLS from nginx in front of two `hub serve`
// processes on one catalogue (SQLite files shared, or with -db one
// PostgreSQL database).
func frontPart(ctx context.Context, o options, root string) error {
	conf, err := os.ReadFile(frontConf)
	if err != nil {
		return fmt.Errorf("%w (run benchsync from the source tree's root)", err)
	}
	bin, err := hubBinary(ctx, o, root)
	if err != nil {
		return err
	}
	dbURL := ""
	store := "SQLite"
	if o.db != "" {
		url, drop, err := scratchDatabase(ctx, o.db)
		if err != nil {
			return err
		}
		defer drop()
		dbURL, store = url, "PostgreSQL"
	}
	dir := filepath.Join(root, "front-hub")
	h, _, err := newHub(ctx, o, dir, dbURL)
	if err != nil {
		return err
	}
	creds, err := enrolMany(ctx, h, o.frontKiosks)
	if err == nil {
		err = h.PreparePages(ctx, o.page)
	}
	head, _ := h.Store.Head(ctx)
	h.Close()
	if err != nil {
		return err
	}
	var upstreams []string
	var hubs []hubProcess
	for range 2 {
		hp, stop, err := startHubProcess(bin, dir, o.hubProfile != "")
		if err != nil {
			return err
		}
		defer stop()
		hubs = append(hubs, hp)
		upstreams = append(upstreams, hp.addr)
	}
	front, err := nginxfront.Start(nginxfront.Options{Nginx: o.nginx, Conf: conf, Upstreams: upstreams, Now: time.Now,
		Connections: 4 * o.frontKiosks})
	if err != nil {
		return err
	}
	defer front.Stop()
	cpu := &frontCPU{hubs: hubs, nginx: front.Pid()}
	if dbURL != "" {
		if cpu.db, err = pgdb.Open(ctx, dbURL); err != nil {
			return err
		}
		defer cpu.db.Close()
	}
	// Every kiosk keeps its client's transport from run to run, as a real
	// kiosk does between syncs: the first run makes full TLS handshakes,
	// later ones resume their sessions.
	// With -front-resume=false every run makes new transports without a
	// session cache (kiosks before they resumed TLS sessions).
	transports := make([]*http.Transport, len(creds))
	fresh := func() {
		for i := range transports {
			transports[i] = client.NewTransport(front.Pool)
			if !o.frontResume {
				transports[i].TLSClientConfig.ClientSessionCache = nil
			}
		}
	}
	fresh()
	var profiling sync.WaitGroup
	if o.hubProfile != "" {
		for i, hp := range hubs {
			profiling.Go(func() { hp.profile(fmt.Sprintf("%s.hub%d", o.hubProfile, i+1), o.profileSeconds) })
		}
	}
	defer profiling.Wait() // before the hubs stop
	if o.kioskProfile != "" {
		stop, err := startProfile(o.kioskProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var p50s, p99s, maxs, cpuPerSync []float64
	errs := 0
	for run := range o.runs {
		if run > 0 && !o.frontResume {
			fresh()
		}
		load := benchstat.LoadAverage()
		c0 := cpu.read(ctx)
		res := pull(ctx, front.URL, creds, head, o, true, uint64(run), transports)
		lat, e, n := res.lat, res.errs, res.bytes
		c := cpu.read(ctx).minus(c0)
		errs += e
		p50s, p99s, maxs = append(p50s, pct(lat, 50)), append(p99s, pct(lat, 99)), append(maxs, slices.Max(lat))
		perSync := c.total().Seconds() * 1000 / float64(len(creds))
		cpuPerSync = append(cpuPerSync, perSync)
		fmt.Printf("  run %d: p50 %.0f ms, p99 %.0f ms (first pages %.0f, the others %.0f), max %.0f ms, errors %d; CPU %.2f ms per sync of %d pages, %.0f kB (%s); load average %s\n",
			run+1, p50s[run], p99s[run], pct(res.first, 99), pct(res.rest, 99), maxs[run], e, perSync, o.kioskPages, float64(n)/1e3/float64(len(creds)), c.per(len(creds)), load)
		fmt.Printf("    %s\n", stageLine(res.stages))
	}
	fmt.Printf("5. %d kiosks × %d pages at random versions over TLS through nginx, two hub processes (%s): page latency median p50 %.0f ms, p99 %.0f ms (p99 runs %s), max %.0f ms; errors %d (target p99 ≤ 1 s, no errors); median %.2f CPU-ms per sync (hubs, nginx, database and kiosks); load average %s\n",
		o.frontKiosks, o.kioskPages, store, median(p50s), median(p99s), fmtList(p99s), median(maxs), errs, median(cpuPerSync), benchstat.LoadAverage())
	return nil
}

// frontCPU reads the CPU time of everything part 5 runs: the hub
// processes, nginx (master and workers), the database's backends serving
// the hubs, and this process (the simulated kiosks).
type frontCPU struct {
	hubs  []hubProcess
	nginx int
	db    *pgxpool.Pool // nil on SQLite
}

type cpuTimes struct{ hubs, nginx, db, kiosks time.Duration }

// backends are the database's processes by pid, with their CPU time.
type cpuReading struct {
	cpuTimes
	backends map[int]time.Duration
}

func (f *frontCPU) read(ctx context.Context) cpuReading {
	r := cpuReading{cpuTimes: cpuTimes{nginx: benchstat.GroupCPU(f.nginx), kiosks: benchstat.CPUTime()}, backends: map[int]time.Duration{}}
	for _, h := range f.hubs {
		r.hubs += benchstat.ProcessCPU(h.pid)
	}
	if f.db == nil {
		return r
	}
	rows, err := f.db.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	if err != nil {
		return r
	}
	pids, _ := pgx.CollectRows(rows, pgx.RowTo[int32])
	for _, pid := range pids {
		r.backends[int(pid)] = benchstat.ProcessCPU(int(pid))
	}
	return r
}

// minus returns the CPU time used between an earlier reading and r; a
// backend started in between counts whole.
func (r cpuReading) minus(earlier cpuReading) cpuTimes {
	d := cpuTimes{hubs: r.hubs - earlier.hubs, nginx: r.nginx - earlier.nginx, kiosks: r.kiosks - earlier.kiosks}
	for pid, t := range r.backends {
		d.db += t - earlier.backends[pid]
	}
	return d
}

func (c cpuTimes) total() time.Duration { return c.hubs + c.nginx + c.db + c.kiosks }

// per says how the CPU time per sync of n kiosks divides.
func (c cpuTimes) per(n int) string {
	ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(n) }
	return fmt.Sprintf("hubs %.2f, nginx %.2f, database %.2f, kiosks %.2f", ms(c.hubs), ms(c.nginx), ms(c.db), ms(c.kiosks))
}

// startProfile starts this process's CPU profile into path; stop ends
// it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// hubBinary returns -hub-bin or builds cmd/hub into root.
func hubBinary(ctx context.Context, o options, root string) (string, error) {
	if o.hubBin != "" {
		return o.hubBin, nil
	}
	bin := filepath.Join(root, "hub")
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5", "-o", bin, "./cmd/hub")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the hub (or give -hub-bin): %w", err)
	}
	return bin, nil
}

// hubProcess is a running `hub serve`.
type hubProcess struct {
	addr, pprof string // its API; its profiles ("" without)
	pid         int
}

// startHubProcess runs `hub serve` on dir on a free loopback port, nginx
// (127.0.0.1) trusted, with pprof on another port, and waits until it
// answers.
func startHubProcess(bin, dir string, pprof bool) (hubProcess, func(), error) {
	var hp hubProcess
	var err error
	if hp.addr, err = freeAddr(); err != nil {
		return hp, nil, err
	}
	args := []string{"serve", "--data", dir, "--addr", hp.addr, "--console-addr", "off", "--trusted-proxy", "127.0.0.1"}
	if pprof {
		if hp.pprof, err = freeAddr(); err != nil {
			return hp, nil, err
		}
		args = append(args, "--pprof-addr", hp.pprof)
	}
	cmd := exec.Command(bin, args...)
	logf, err := os.Create(filepath.Join(dir, "serve-"+strings.ReplaceAll(hp.addr, ":", "-")+".log"))
	if err != nil {
		return hp, nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return hp, nil, err
	}
	hp.pid = cmd.Process.Pid
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		logf.Close()
	}
	for i := 0; ; i++ {
		err := dialBoth(hp.addr, hp.pprof)
		if err == nil {
			return hp, stop, nil
		}
		if i == 400 {
			stop()
			b, _ := os.ReadFile(logf.Name())
			return hp, nil, fmt.Errorf("hub serve on %s did not start: %s", hp.addr, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dialBoth connects to addr and, unless "", pprof.
func dialBoth(addr, pprof string) error {
	for _, a := range []string{addr, pprof} {
		if a == "" {
			continue
		}
		c, err := net.Dial("tcp", a)
		if err != nil {
			return err
		}
		c.Close()
	}
	return nil
}

// profile writes the hub's CPU profile of the next seconds to path.
func (hp hubProcess) profile(path string, seconds int) {
	resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", hp.pprof, seconds))
	if err == nil {
		defer resp.Body.Close()
		var b []byte
		if b, err = io.ReadAll(resp.Body); err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
	}
	if err != nil {
		fmt.Printf("benchsync: CPU profile of the hub on %s: %v\n", hp.addr, err)
	}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
