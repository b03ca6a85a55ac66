package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"gongkai/internal/httpserve"
	"gongkai/internal/pgdb"
	"gongkai/sync/protocol"
)

// ServerOptions adjust the HTTP API. Zero values give the defaults.
type ServerOptions struct {
	MaxBodyBytes   int64         // request bodies of the built-in endpoints; 64 KiB
	PageCacheBytes int64         // compressed pages kept for kiosks asking the same; 128 MiB
	SeenInterval   time.Duration // how often an unchanged kiosk's last-seen is written; 1 min
	// PrepareInterval is how often Serve looks whether another process
	// moved the catalogue, to prepare its pages ahead; 5 s.
	PrepareInterval time.Duration
	// OnDemand makes every page when asked (the hub before the page
	// shelf), kept only in the recent-pages cache: for benchmarks.
	OnDemand bool
}

// Server is the hub's HTTP API (see sync/protocol for the endpoints). More
// endpoints, such as submissions, are added with Handle behind the same
// protocol check and device authentication.
type Server struct {
	hub   *Hub
	opt   ServerOptions
	mux   *http.ServeMux
	pages *http.ServeMux // HandleBrowser: public pages for phones
	cache *pageCache
	// creds shares the reads of kiosks' credentials and the head that
	// every request makes (groupRead).
	creds *groupRead[string, credential]
	// contacts shares the writes of kiosks' contacts (last seen, health
	// report) among the requests that make them at the same time.
	contacts group[string, KioskContact, struct{}]

	seenMu  sync.Mutex
	seen    map[string]mark[int64]  // catalogue versions reported
	reports map[string]mark[string] // health reports (protocol.HeaderReport)
}

// mark is what a kiosk last sent of one kind and when it was recorded.
type mark[V comparable] struct {
	v  V
	at time.Time
}

// due reports whether v, sent by kiosk id, is to be recorded at now: it
// differs from the last one recorded or every has passed since. It then
// notes v as recorded. mu guards marks.
func due[V comparable](mu *sync.Mutex, marks map[string]mark[V], id string, v V, now time.Time, every time.Duration) bool {
	mu.Lock()
	defer mu.Unlock()
	if last, ok := marks[id]; ok && last.v == v && now.Sub(last.at) < every {
		return false
	}
	marks[id] = mark[V]{v: v, at: now}
	return true
}

// NewServer returns the API of h.
func NewServer(h *Hub, opt ServerOptions) *Server {
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = 64 << 10
	}
	if opt.PageCacheBytes <= 0 {
		opt.PageCacheBytes = 128 << 20
	}
	if opt.SeenInterval <= 0 {
		opt.SeenInterval = time.Minute
	}
	if opt.PrepareInterval <= 0 {
		opt.PrepareInterval = 5 * time.Second
	}
	s := &Server{hub: h, opt: opt, mux: http.NewServeMux(), pages: http.NewServeMux(), cache: newPageCache(opt.PageCacheBytes),
		seen: map[string]mark[int64]{}, reports: map[string]mark[string]{}}
	s.creds = newGroupRead(func(ctx context.Context, ids []string) (map[string]credential, error) {
		return credentials(ctx, h.Store, ids)
	})
	s.contacts.do = func(ctx context.Context, args map[string]KioskContact) (map[string]struct{}, error) {
		cs := make([]KioskContact, 0, len(args))
		for _, c := range args {
			cs = append(cs, c)
		}
		return nil, writeContacts(ctx, h.Store, cs)
	}
	s.HandlePublic("POST /v1/enroll", http.HandlerFunc(s.handleEnroll))
	s.Handle("GET /v1/changes", http.HandlerFunc(s.handleChanges))
	s.Handle("GET /v1/attachments/{sha256}", http.HandlerFunc(s.handleAttachment))
	s.Handle("GET /v1/status", http.HandlerFunc(s.handleStatus))
	s.Handle("POST /v1/calls", http.HandlerFunc(s.handleCall))
	return s
}

// Handle registers handler for pattern (net/http ServeMux syntax) behind
// device authentication: only an enrolled, unrevoked kiosk reaches it, and
// KioskFrom(r.Context()) tells which. Request bodies are limited to
// ServerOptions.MaxBodyBytes.
func (s *Server) Handle(pattern string, handler http.Handler) {
	s.HandleLimited(pattern, handler, s.opt.MaxBodyBytes)
}

// HandleLimited is Handle with its own limit on request bodies, for an
// endpoint that takes more than the default (reading past it fails with
// *http.MaxBytesError).
func (s *Server) HandleLimited(pattern string, handler http.Handler, maxBody int64) {
	s.mux.Handle(pattern, limitBody(s.authenticate(handler), maxBody))
}

// HandlePublic registers handler for pattern without authentication (the
// protocol version is still checked; bodies are limited as for Handle).
func (s *Server) HandlePublic(pattern string, handler http.Handler) {
	s.mux.Handle(pattern, limitBody(handler, s.opt.MaxBodyBytes))
}

func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// HandleBrowser registers handler for pattern as a public page for
// browsers (a phone scanning a receipt's QR code): no authentication and
// no protocol header.
func (s *Server) HandleBrowser(pattern string, handler http.Handler) {
	s.pages.Handle(pattern, handler)
}

type kioskKey struct{}

// KioskFrom returns the authenticated kiosk of a request to a Handle
// handler.
func KioskFrom(ctx context.Context) (*Kiosk, bool) {
	k, ok := ctx.Value(kioskKey{}).(*Kiosk)
	return k, ok
}

// ServeHTTP logs the request, checks the protocol version and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // latency only; logic uses s.hub.Now
	rec := httpserve.NewRecorder(w)
	rec.Header().Set(protocol.HeaderProtocol, protocol.Version)
	rec.Header().Set(protocol.HeaderKeyID, s.hub.Keys.KeyID())
	_, page := s.pages.Handler(r)
	switch v := r.Header.Get(protocol.HeaderProtocol); {
	case page != "":
		s.pages.ServeHTTP(rec, r) // sets the path values
	case v == protocol.Version:
		s.mux.ServeHTTP(rec, r)
	case v == "":
		writeError(rec, http.StatusBadRequest, protocol.CodeVersion, "missing "+protocol.HeaderProtocol+" header; this hub speaks "+protocol.Version)
	default:
		writeError(rec, http.StatusBadRequest, protocol.CodeVersion, "unknown protocol version "+v+"; this hub speaks "+protocol.Version)
	}
	attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.Status, "bytes", rec.Bytes,
		"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr}
	if rec.Who != "" {
		attrs = append(attrs, "kiosk", rec.Who)
	}
	s.hub.Log.Log(r.Context(), rec.Level(), "request", attrs...)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Encoding")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(protocol.ErrorBody{Code: code, Message: msg})
}

// storeRetryAfter is the Retry-After, in seconds, of a 503 answered while
// the hub's database cannot be reached (a PostgreSQL restart).
const storeRetryAfter = "5"

// writeFailure answers a request the hub could not serve because of err:
// 503 with Retry-After when its database could not be reached for a
// moment (pgdb.Transient: restarting, connections refused), so the kiosk
// tries again later, else 500. Either way the body is msg, never err's
// text; the caller logs err.
func writeFailure(w http.ResponseWriter, err error, msg string) {
	if pgdb.Transient(err) {
		w.Header().Set("Retry-After", storeRetryAfter)
		writeError(w, http.StatusServiceUnavailable, protocol.CodeUnavailable, msg+"; its database is unavailable for a moment, try again later")
		return
	}
	writeError(w, http.StatusInternalServerError, protocol.CodeInternal, msg)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// authenticate lets only enrolled, unrevoked kiosks through and records
// when each was last seen and what catalogue version it holds.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var head int64
		k, err := s.hub.authenticate(r.Context(), r.Header.Get("Authorization"), func(ctx context.Context, id string) (k *Kiosk, err error) {
			k, head, err = s.kiosk(ctx, id)
			return k, err
		})
		switch {
		case errors.Is(err, ErrRevoked):
			writeError(w, http.StatusUnauthorized, protocol.CodeRevoked, "this kiosk was revoked at the hub")
			return
		case errors.Is(err, ErrUnknown):
			writeError(w, http.StatusUnauthorized, protocol.CodeAuth, "unknown kiosk or bad credential")
			return
		case err != nil:
			s.hub.Log.Error("authenticate", "err", err)
			writeFailure(w, err, "the hub could not check the credential")
			return
		}
		httpserve.SetWho(w, k.ID)
		s.markContact(r, k)
		ctx := context.WithValue(context.WithValue(r.Context(), kioskKey{}, k), headKey{}, head)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// markContact records a kiosk's contact: its last contact when its
// reported version changed or SeenInterval passed, and the health report
// it sent with the request (protocol.HeaderReport) when that differs from
// the last one or SeenInterval passed, so 200 kiosks paging do not queue
// on the writer. The requests of the moment are written together (group),
// and the request goes on once its contact is written. A malformed report
// is logged and ignored: it must never stop a sync.
func (s *Server) markContact(r *http.Request, k *Kiosk) {
	now := s.hub.Now()
	c := KioskContact{ID: k.ID, Version: k.Version, SeenAt: now, ReportedAt: now}
	if v, err := parseVersion(r.Header.Get(protocol.HeaderCatalogue)); err == nil && v >= 0 {
		c.Version = v
	}
	c.Seen = due(&s.seenMu, s.seen, k.ID, c.Version, now, s.opt.SeenInterval)
	// The report is decoded only when it is to be recorded: the other
	// pages of a sync carry the same one.
	if v := r.Header.Get(protocol.HeaderReport); v != "" && due(&s.seenMu, s.reports, k.ID, v, now, s.opt.SeenInterval) {
		if rep, err := protocol.DecodeReport(v); err != nil {
			s.hub.Log.Warn("kiosk report", "kiosk", k.ID, "err", err)
		} else {
			c.Report = &rep
		}
	}
	if !c.Seen && c.Report == nil {
		return
	}
	if _, _, err := s.contacts.call(r.Context(), k.ID, c, laterContact); err != nil {
		s.hub.Log.Warn("record kiosk contact", "kiosk", k.ID, "err", err)
	}
}

// headKey holds, in an authenticated request's context, the head read
// with its credential.
type headKey struct{}

// head returns the catalogue's head read after the request began: the one
// read with its credential, else read now.
func (s *Server) head(ctx context.Context) (int64, error) {
	if head, ok := ctx.Value(headKey{}).(int64); ok {
		return head, nil
	}
	return s.hub.Store.Head(ctx)
}

// kiosk returns kiosk id as Store.Kiosk does, and the head, read after
// the call began, in one query with the kiosks asked for at the same time.
func (s *Server) kiosk(ctx context.Context, id string) (*Kiosk, int64, error) {
	c, ok, err := s.creds.get(ctx, id)
	if err == nil && !ok {
		err = fmt.Errorf("kiosk %s: %w", id, ErrNotFound)
	}
	return c.kiosk, c.head, err
}

// HTTPServer returns an http.Server for s with the hub's limits (see
// internal/httpserve).
func (s *Server) HTTPServer() *http.Server { return httpserve.Server(s, s.hub.Log) }

// Serve answers on ln until ctx is done, then shuts down gracefully: it
// stops accepting and lets requests in flight finish (up to 15 s). Meanwhile
// it keeps the catalogue's pages prepared (see PreparePages).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	if !s.opt.OnDemand {
		go s.preparePages(pctx, s.opt.PrepareInterval)
	}
	return httpserve.Serve(ctx, s.HTTPServer(), ln, s.hub.Log, "hub serving", "key_id", s.hub.Keys.KeyID())
}
