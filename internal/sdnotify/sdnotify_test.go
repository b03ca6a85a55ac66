package sdnotify

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// listen opens a datagram socket at name, as systemd does for a unit, and
// returns it with the environment a service would see.
func listen(t *testing.T, name, watchdogUSec string) (*net.UnixConn, func(string) string) {
	t.Helper()
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	env := map[string]string{"NOTIFY_SOCKET": name, "WATCHDOG_USEC": watchdogUSec}
	return conn, func(k string) string { return env[k] }
}

func receive(t *testing.T, conn *net.UnixConn, within time.Duration) string {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(within))
	buf := make([]byte, 256)
	n, err := conn.Read(buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

func TestReadyOnPathAndAbstractSockets(t *testing.T) {
	dir, err := os.MkdirTemp("", "sdn") // short: socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, name := range []string{filepath.Join(dir, "notify"), fmt.Sprintf("@gongkai-sdnotify-test-%d", os.Getpid())} {
		conn, getenv := listen(t, name, "")
		n := FromEnv(getenv)
		if err := n.Ready(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := receive(t, conn, 5*time.Second); got != "READY=1" {
			t.Errorf("%s: received %q, want READY=1", name, got)
		}
	}
}

func TestWithoutSystemdNothingIsSent(t *testing.T) {
	n := FromEnv(func(string) string { return "" })
	if n.Enabled() || n.Ready() != nil || n.Interval() != 0 {
		t.Fatal("a notifier without NOTIFY_SOCKET must be a no-op")
	}
	n.Watch(context.Background(), func() { t.Fatal("alive called without a watchdog") }, t.Logf) // returns at once
	var nilN *Notifier
	if nilN.Ready() != nil {
		t.Fatal("nil notifier")
	}
	if err := FromEnv(func(k string) string { return map[string]string{"NOTIFY_SOCKET": "relative"}[k] }).Ready(); err == nil {
		t.Error("a relative NOTIFY_SOCKET was accepted")
	}
}

// TestWatchStopsFeedingWhenHung: the watchdog is fed at half its period
// while alive returns, and not at all once alive blocks, which is how
// systemd learns that the kiosk's UI thread hangs.
func TestWatchStopsFeedingWhenHung(t *testing.T) {
	conn, getenv := listen(t, fmt.Sprintf("@gongkai-sdnotify-wd-%d", os.Getpid()), "100000") // WatchdogSec=100ms
	n := FromEnv(getenv)
	if got, want := n.Interval(), 50*time.Millisecond; got != want {
		t.Fatalf("Interval() = %s, want %s", got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hang := make(chan struct{})
	calls := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Watch(ctx, func() {
			if calls++; calls > 3 {
				<-hang
			}
		}, t.Logf)
	}()
	for i := range 3 {
		if got := receive(t, conn, 5*time.Second); got != "WATCHDOG=1" {
			t.Fatalf("ping %d: received %q", i, got)
		}
	}
	if got := receive(t, conn, 300*time.Millisecond); got != "" {
		t.Fatalf("a hung process still fed the watchdog: %q", got)
	}
	close(hang)
	cancel()
	<-done
}
