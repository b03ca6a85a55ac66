package hubcli

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/netip"

	"gongkai/internal/accounts"
	"gongkai/internal/console"
	"gongkai/internal/foi/foihub"
	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name: "serve",
		Usage: "serve --data DIR [--addr HOST:PORT] [--trusted-proxy ADDR,...] [--console-addr HOST:PORT|off]\n" +
			"      [--console-cert F --console-key F] [--pprof-addr HOST:PORT] [--agency NAME] [--kiosk-stale DURATION] [--kiosk-url URL]",
		Summary: "serve the sync and submissions API to enrolled kiosks and the public status pages (/s/…) on --addr, and the " +
			"staff console on its own --console-addr (default loopback) (JSON logs on stderr; stops cleanly on SIGINT/SIGTERM)",
		Run: runServe,
	})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "serve", 0)
	addr := c.String("addr", ":8440", "address of the kiosk API")
	kioskURL := c.String("kiosk-url", "", "the kiosk API's address as kiosks reach it (http://HOST:PORT), for the console's enrolment command and QR code")
	stale := c.Duration("kiosk-stale", hub.DefaultStale, "flag a kiosk in the console after this long without contact (e.g. 30m, 2h, 24h)")
	consoleAddr := c.String("console-addr", "127.0.0.1:8444", "address of the staff console (keep it on the intranet); off to not serve it")
	cert := c.String("console-cert", "", "TLS certificate (PEM) for the console")
	key := c.String("console-key", "", "TLS private key (PEM) for the console")
	agency := c.String("agency", "", "the agency's name shown in the console")
	trustedFlag := c.String("trusted-proxy", "", "reverse proxies (addresses or CIDR blocks, comma-separated, e.g. 127.0.0.1,::1) "+
		"whose X-Forwarded-For names the client for the status page's limits and whose X-Forwarded-Proto tells the console "+
		"the browser came over TLS; anyone else's is ignored")
	pprofAddr := c.String("pprof-addr", "", "serve Go's runtime profiles (net/http/pprof) on this address, e.g. 127.0.0.1:6060 (keep it on loopback); off unless given")
	var trusted []netip.Prefix
	c.Validate(func() (err error) {
		if trusted, err = hub.ParseTrustedProxies(*trustedFlag); err != nil {
			return c.UsageError(fmt.Sprintf("--trusted-proxy: %s", err))
		}
		return nil
	})
	if err := c.parse(args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return fmt.Errorf("--console-cert and --console-key go together")
	}
	log := slog.New(slog.NewJSONHandler(env.Stderr, nil))
	opt := hubOptions(env, c.FlagSet)
	opt.Logger = log
	dir := c.dir
	h, err := hub.Open(ctx, dir, opt)
	if err != nil {
		return err
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	started := false
	defer func() {
		if !started {
			ln.Close()
		}
	}()
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{TrustedProxies: trusted})
	if err != nil {
		return err
	}
	defer subs.Close()
	srv := hub.NewServer(h, hub.ServerOptions{})
	subs.Register(srv)

	acc, err := accounts.OpenStore(ctx, dir, h.DatabaseURL, accounts.Options{Now: env.Now})
	if err != nil {
		return err
	}
	defer acc.Close()
	publish := kioskStaffPublisher(acc, h)
	if err := publish(ctx); err != nil {
		log.Error("publish kiosk staff", "err", err)
	}

	var servers []func(context.Context) error
	servers = append(servers, func(ctx context.Context) error { return srv.Serve(ctx, ln) },
		func(ctx context.Context) error { return republish(ctx, publish, log) })
	if *consoleAddr != "off" {
		if n, err := acc.Count(ctx, accounts.RoleAdmin); err == nil && n == 0 {
			log.Warn("console has no enabled 管理员 account: create one with `hub user add --data DIR --login NAME --role 管理员`")
		}
		svc, closeCases, err := foihub.Open(ctx, h, subs)
		if err != nil {
			return err
		}
		defer closeCases()
		svc.Audit = console.Auditor{Accounts: acc}
		desk, closeDesk, err := openDesk(ctx, env, h, subs, acc)
		if err != nil {
			return err
		}
		defer closeDesk()
		con, err := console.New(console.Options{Accounts: acc, Cases: svc, Calendar: subs.Calendar, Now: env.Now, Log: log,
			Agency: *agency, TrustedProxies: trusted, PublishStaff: publish, Publish: desk,
			Kiosks: hub.KioskAdmin{Hub: h, Subs: subs, Stale: *stale}, KioskStale: *stale, KioskURL: kioskAPIURL(*kioskURL, ln.Addr())})
		if err != nil {
			return err
		}
		cln, err := net.Listen("tcp", *consoleAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", *consoleAddr, err)
		}
		if *cert != "" {
			pair, err := tls.LoadX509KeyPair(*cert, *key)
			if err != nil {
				cln.Close()
				return fmt.Errorf("console TLS: %w", err)
			}
			cln = tls.NewListener(cln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
		}
		servers = append(servers, func(ctx context.Context) error { return con.Serve(ctx, cln) })
	}
	if *pprofAddr != "" {
		pln, err := net.Listen("tcp", *pprofAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", *pprofAddr, err)
		}
		servers = append(servers, pprofServer(pln, log))
	}
	started = true
	return serveAll(ctx, servers)
}

// serveAll runs every server until ctx is done or one of them stops;
// then it stops the others and returns the first error.
func serveAll(ctx context.Context, servers []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(servers))
	for _, run := range servers {
		go func() { errc <- run(ctx) }()
	}
	first := <-errc
	cancel()
	for range servers[1:] {
		if err := <-errc; first == nil {
			first = err
		}
	}
	return first
}
