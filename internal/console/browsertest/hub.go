package browsertest

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

	"gongkai/internal/hubcli"
)

// Logs collects a process's stderr safely across goroutines.
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

// Hub is a hub started through its command line (`hub serve`) with both
// listeners on loopback ports the system picked.
type Hub struct {
	Dir        string
	APIURL     string // the kiosk API and public status pages
	ConsoleURL string
	Logs       *Logs // the serve process's JSON log lines
}

// Run runs a hub command with the clock, stdin and captured output, and
// fails the test unless it exits 0. It returns stdout.
func Run(t testing.TB, now func() time.Time, stdin string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	env := &hubcli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Now: now}
	if code := hubcli.Main(context.Background(), args, env); code != 0 {
		t.Fatalf("hub %s = %d:\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String()
}

// StartHub runs `hub serve --data dir` (a hub made with `hub init`) until
// the test ends, and waits until both listeners answer.
func StartHub(t testing.TB, dir string, now func() time.Time, extra ...string) *Hub {
	t.Helper()
	h := &Hub{Dir: dir, Logs: &Logs{}}
	ctx, cancel := context.WithCancel(context.Background())
	env := &hubcli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: h.Logs,
		Getenv: func(string) string { return "" }, Now: now}
	args := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--console-addr", "127.0.0.1:0"}, extra...)
	done := make(chan int, 1)
	go func() { done <- hubcli.Main(ctx, args, env) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("hub serve exited %d:\n%s", code, h.Logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("hub serve did not stop within 30 s")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for h.APIURL == "" || h.ConsoleURL == "" {
		select {
		case code := <-done:
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
