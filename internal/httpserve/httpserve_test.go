package httpserve_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// TestRecorderSendsFiles: a part of a file copied to a Recorder over a
// real connection (sendfile where the system has it) arrives whole and is
// counted.
func TestRecorderSendsFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pages")
	body := bytes.Repeat([]byte("0123456789abcdef"), 1<<14) // 256 KiB
	if err := os.WriteFile(path, append([]byte("head"), body...), 0o600); err != nil {
		t.Fatal(err)
	}
	counted := make(chan int64, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httpserve.NewRecorder(w)
		f, err := os.Open(path)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		f.Seek(4, io.SeekStart)
		io.Copy(rec, &io.LimitedReader{R: f, N: int64(len(body))})
		counted <- rec.Bytes
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("got %d bytes (%v), want the %d written", len(got), err, len(body))
	}
	if n := <-counted; n != int64(len(body)) {
		t.Fatalf("recorder counted %d bytes, want %d", n, len(body))
	}
}
