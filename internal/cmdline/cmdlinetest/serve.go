package cmdlinetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// Logs collects what a process writes to stderr, safely across the
// goroutines that serve.
type Logs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Hub is `hub serve` run in the test's process, with both listeners on
// loopback ports the system picked.
type Hub struct {
	Dir        string
	APIURL     string // the kiosk API and public status pages
	ConsoleURL string
	Logs       *Logs // the serve process's JSON log lines

	cancel context.CancelFunc
	done   chan int
	once   sync.Once
}

// ServeHub runs `hub serve --data dir` (a hub made with `hub init`)
// through main, the hub's command line (hubcli.Main: taken, not imported,
// so that hubcli's own tests can use it), on the clock now. It waits until
// both listeners serve; the hub stops when the test ends (or at Stop),
// and the test fails unless it then exits 0.
func ServeHub(t testing.TB, main Main, dir string, now func() time.Time, extra ...string) *Hub {
	t.Helper()
	h := &Hub{Dir: dir, Logs: &Logs{}, done: make(chan int, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	args := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--console-addr", "127.0.0.1:0"}, extra...)
	go func() { h.done <- main(ctx, args, Env("", io.Discard, h.Logs, now)) }()
	t.Cleanup(func() { h.Stop(t) })
	deadline := time.Now().Add(20 * time.Second)
	for h.APIURL == "" || h.ConsoleURL == "" {
		select {
		case code := <-h.done:
			h.once.Do(func() {})
			t.Fatalf("hub serve exited %d before serving:\n%s", code, h.Logs.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub serve did not start:\n%s", h.Logs.String())
		}
		h.APIURL, h.ConsoleURL = servingAddrs(h.Logs.String())
	}
	return h
}

// Stop stops the hub as SIGTERM does and fails the test unless it exits 0
// within 30 s. Stopping it again does nothing.
func (h *Hub) Stop(t testing.TB) {
	t.Helper()
	h.once.Do(func() {
		h.cancel()
		select {
		case code := <-h.done:
			if code != 0 {
				t.Errorf("hub serve exited %d:\n%s", code, h.Logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("hub serve did not stop within 30 s")
		}
	})
}

// servingAddrs finds the listeners' addresses in the JSON log lines.
func servingAddrs(logs string) (api, console string) {
	for _, line := range strings.Split(logs, "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) != nil || l.Addr == "" {
			continue
		}
		switch l.Msg {
		case "hub serving":
			api = fmt.Sprintf("http://%s", l.Addr)
		case "console serving":
			console = fmt.Sprintf("http://%s", l.Addr)
		}
	}
	return api, console
}
