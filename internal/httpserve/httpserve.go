// Package httpserve runs the hub's HTTP listeners (the kiosk API and the
// staff console) the same way: limits against slow or oversized
// requests, and a graceful stop when the context ends.
package httpserve

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownGrace is how long requests in flight may take to finish once
// serving stops.
const ShutdownGrace = 15 * time.Second

// Server returns an http.Server for h with header and body timeouts
// against slow clients, a cap on header size, an idle timeout for
// kept-alive connections, and its errors logged as warnings on log.
func Server(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Serve answers on ln until ctx is done, then stops accepting, logs that
// it is shutting down and lets requests in flight finish (up to
// ShutdownGrace). It logs msg with the address when it starts.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger, msg string, attrs ...any) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info(msg, append([]any{"addr", ln.Addr().String()}, attrs...)...)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// Recorder remembers what a handler answered, for the request's log line:
// the status, the bytes written and who asked (a kiosk, a console login),
// which an authenticating handler sets.
type Recorder struct {
	http.ResponseWriter
	Status int
	Bytes  int64
	Who    string
	wrote  bool
}

// NewRecorder wraps w; the status is 200 until a handler says otherwise.
func NewRecorder(w http.ResponseWriter) *Recorder {
	return &Recorder{ResponseWriter: w, Status: http.StatusOK}
}

// SetWho records who asked, when w is a Recorder.
func SetWho(w http.ResponseWriter, who string) {
	if rec, ok := w.(*Recorder); ok {
		rec.Who = who
	}
}

// WriteHeader records the first status written.
func (r *Recorder) WriteHeader(code int) {
	if !r.wrote {
		r.Status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes written.
func (r *Recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.Bytes += int64(n)
	return n, err
}

// ReadFrom counts the bytes copied from src, letting the server send a
// file with sendfile (an *os.File behind an io.LimitedReader) rather than
// through a buffer.
func (r *Recorder) ReadFrom(src io.Reader) (int64, error) {
	r.wrote = true
	var n int64
	var err error
	if rf, ok := r.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(struct{ io.Writer }{r.ResponseWriter}, src)
	}
	r.Bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Level is the log level of a request's line: errors for 5xx answers.
func (r *Recorder) Level() slog.Level {
	if r.Status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
