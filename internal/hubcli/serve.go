package hubcli

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"gongkai/sync/hub"
)

func init() {
	Register(&Command{
		Name:    "serve",
		Usage:   "serve --data DIR [--addr HOST:PORT] [--trusted-proxy ADDR,...]",
		Summary: "serve the sync and submissions API to enrolled kiosks and the public status pages (/s/…) (JSON logs on stderr; stops cleanly on SIGINT/SIGTERM)",
		Run:     runServe,
	})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	var dir string
	fs := flags(env, "serve", &dir)
	addr := fs.String("addr", ":8440", "address to listen on")
	trusted := fs.String("trusted-proxy", "", "reverse proxies (addresses or CIDR blocks, comma-separated, e.g. 127.0.0.1,::1) "+
		"whose X-Forwarded-For names the client for the status page's limits; anyone else's is ignored")
	if _, err := parse(fs, env, args, &dir, 0); err != nil {
		return err
	}
	proxies, err := hub.ParseTrustedProxies(*trusted)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hub serve: --trusted-proxy: %s\n", err)
		return ErrUsage
	}
	log := slog.New(slog.NewJSONHandler(env.Stderr, nil))
	h, err := hub.Open(ctx, dir, hub.Options{Now: env.Now, Logger: log})
	if err != nil {
		return err
	}
	defer h.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{TrustedProxies: proxies})
	if err != nil {
		return err
	}
	defer subs.Close()
	srv := hub.NewServer(h, hub.ServerOptions{})
	subs.Register(srv)
	return srv.Serve(ctx, ln)
}
