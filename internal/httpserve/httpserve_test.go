package httpserve_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gongkai/internal/httpserve"
)

func TestRecorder(t *testing.T) {
	rec := httpserve.NewRecorder(httptest.NewRecorder())
	httpserve.SetWho(rec, "kiosk-1")
	rec.WriteHeader(http.StatusTeapot)
	rec.WriteHeader(http.StatusOK)
	rec.Write([]byte("hello"))
	if rec.Status != http.StatusTeapot || rec.Bytes != 5 || rec.Who != "kiosk-1" || rec.Level() != slog.LevelInfo {
		t.Errorf("recorder = %+v", rec)
	}
	rec = httpserve.NewRecorder(httptest.NewRecorder())
	rec.Write([]byte("x"))
	if rec.Status != http.StatusOK {
		t.Errorf("status without WriteHeader = %d", rec.Status)
	}
	rec.Status = 503
	if rec.Level() != slog.LevelError {
		t.Error("a 5xx answer is not logged as an error")
	}
}

// TestServeStopsGracefully: a request in flight when the context ends
// still gets its answer, and Serve returns nil.
func TestServeStopsGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "done")
	})
	log := slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- httpserve.Serve(ctx, httpserve.Server(h, log), ln, log, "test serving") }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond) // latency only: let Shutdown begin before the answer
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("request in flight got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v", err)
	}
}
