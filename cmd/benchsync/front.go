package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/internal/nginxfront"
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
	for range 2 {
		addr, stop, err := startHubProcess(bin, dir)
		if err != nil {
			return err
		}
		defer stop()
		upstreams = append(upstreams, addr)
	}
	front, err := nginxfront.Start(nginxfront.Options{Nginx: o.nginx, Conf: conf, Upstreams: upstreams, Now: time.Now,
		Connections: 4 * o.frontKiosks})
	if err != nil {
		return err
	}
	defer front.Stop()
	tlsConf := &tls.Config{RootCAs: front.Pool}
	var p50s, p99s, maxs []float64
	errs := 0
	for run := range o.runs {
		lat, e := pull(ctx, front.URL, creds, head, o, true, uint64(run), tlsConf)
		errs += e
		p50s, p99s, maxs = append(p50s, pct(lat, 50)), append(p99s, pct(lat, 99)), append(maxs, slices.Max(lat))
	}
	fmt.Printf("5. %d kiosks × %d pages at random versions over TLS through nginx, two hub processes (%s): page latency median p50 %.0f ms, p99 %.0f ms (p99 runs %s), max %.0f ms; errors %d (target p99 ≤ 1 s, no errors); load average %s\n",
		o.frontKiosks, o.kioskPages, store, median(p50s), median(p99s), fmtList(p99s), median(maxs), errs, benchstat.LoadAverage())
	return nil
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

// startHubProcess runs `hub serve` on dir on a free loopback port, nginx
// (127.0.0.1) trusted, and waits until it answers.
func startHubProcess(bin, dir string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--data", dir, "--addr", addr, "--console-addr", "off", "--trusted-proxy", "127.0.0.1")
	logf, err := os.Create(filepath.Join(dir, "serve-"+strings.ReplaceAll(addr, ":", "-")+".log"))
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return "", nil, err
	}
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
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return addr, stop, nil
		}
		if i == 400 {
			stop()
			b, _ := os.ReadFile(logf.Name())
			return "", nil, fmt.Errorf("hub serve on %s did not start: %s", addr, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
