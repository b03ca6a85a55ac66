// Package console is the hub's web console for the agency's 信息公开 office:
// server-rendered pages (html/template, plain forms, no script framework)
// on their own listener, apart from the kiosk API. Accounts, sessions and
// the audit log are internal/accounts.
//
// Every page but /login and /static/ needs a session (a cookie naming a
// row in console.db, HttpOnly, SameSite=Strict, Secure over TLS); every
// POST carries the session's CSRF token or is refused with 403. Pages send
// a strict Content-Security-Policy, refuse framing and are never cached.
// What a page shows of an error is domain.ErrorMessage: a Go error string
// never reaches the browser.
package console

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/httpserve"
	"gongkai/internal/publish"
	"gongkai/internal/wallclock"
)

// Options configure a Server.
type Options struct {
	Accounts *accounts.Store
	// Cases is the case service (internal/foi); nil leaves the case pages
	// out. Calendar is the working-day calendar its rules use.
	Cases    Cases
	Calendar func(context.Context) (*calendar.Calendar, error)
	Now      func() time.Time // default wallclock.Now
	Log      *slog.Logger     // discards when nil; never given personal data
	// Location is how times are shown; default Beijing time, the
	// agency's, whatever zone the server runs in.
	Location *time.Location
	// Publish is the publishing desk (internal/publish); nil leaves its
	// pages out.
	Publish *publish.Service
	// Kiosks is the hub's kiosk administration (hub.KioskAdmin); nil
	// leaves the 终端 page out. KioskStale is how long a kiosk may go
	// without contact before it is flagged (hub.DefaultStale when 0);
	// KioskURL is the kiosk API's address as kiosks reach it, for the
	// enrolment command and its QR code.
	Kiosks     Kiosks
	KioskStale time.Duration
	KioskURL   string
	// Agency is the name shown in the header and on letters.
	Agency string
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-Proto says whether the browser came over TLS.
	TrustedProxies []netip.Prefix
	// PublishStaff sends the front-desk staff list (accounts.KioskStaff)
	// to the kiosks through the signed sync; the console calls it after
	// every change to an account that may change the list. nil: kiosks are
	// not told (a console without a hub, in tests).
	PublishStaff func(context.Context) error
}

// Server is the console's HTTP handler.
type Server struct {
	opt   Options
	acc   *accounts.Store
	mux   *http.ServeMux
	pages *pages
	table []route
}

// New returns the console over opt.
func New(opt Options) (*Server, error) {
	if opt.Now == nil {
		opt.Now = wallclock.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Location == nil {
		opt.Location = calendar.Beijing
	}
	if opt.Agency == "" {
		opt.Agency = "政务公开办公室"
	}
	p, err := parsePages(opt.Location)
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, acc: opt.Accounts, mux: http.NewServeMux(), pages: p}
	s.routes()
	return s, nil
}

// ServeHTTP adds the security headers, serves the request and logs it:
// method, path (never the query, which may hold a searched name), status,
// time and the account.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // latency only; logic uses opt.Now
	rec := httpserve.NewRecorder(w)
	securityHeaders(rec.Header())
	s.mux.ServeHTTP(rec, r)
	attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.Status, "ms", time.Since(start).Milliseconds()}
	if rec.Who != "" {
		attrs = append(attrs, "login", rec.Who)
	}
	s.opt.Log.Log(r.Context(), rec.Level(), "console", attrs...)
}

// HTTPServer returns an http.Server for s with the hub's limits (see
// internal/httpserve).
func (s *Server) HTTPServer() *http.Server { return httpserve.Server(s, s.opt.Log) }

// Serve answers on ln until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	return httpserve.Serve(ctx, s.HTTPServer(), ln, s.opt.Log, "console serving")
}

// securityHeaders are sent with every answer: no inline or foreign script
// or style, no framing, no sniffing, no referrer (URLs carry tracking
// numbers).
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("X-Robots-Tag", "noindex")
}

// overTLS reports whether the browser reached us over TLS: directly, or
// through a trusted proxy that says so.
func (s *Server) overTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if len(s.opt.TrustedProxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(ap.Addr().Unmap()) {
			return r.Header.Get("X-Forwarded-Proto") == "https"
		}
	}
	return false
}
