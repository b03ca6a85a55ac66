package hubcli

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"gongkai/internal/httpserve"
)

// pprofServer returns a server of Go's runtime profiles (net/http/pprof,
// e.g. /debug/pprof/profile?seconds=20 for a CPU profile) on ln, for
// `hub serve --pprof-addr`: off unless asked, and meant for loopback, as
// the profiles show the program's internals.
func pprofServer(ln net.Listener, log *slog.Logger) func(context.Context) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := httpserve.Server(mux, log)
	srv.WriteTimeout = 10 * time.Minute // a CPU profile takes as long as asked
	return func(ctx context.Context) error {
		return httpserve.Serve(ctx, srv, ln, log, "profiles (pprof) serving")
	}
}
