package main

import (
	"fmt"
	"net"
	"os"
	"testing"
	"time"
)

// TestRealWindowNotifiesSystemd runs the built kiosk as the gongkai-kiosk
// unit does (Type=notify, WatchdogSec=): it must send READY=1 once its
// window is up and then keep feeding the watchdog through its UI thread.
func TestRealWindowNotifiesSystemd(t *testing.T) {
	display := needDisplay(t)
	sock := fmt.Sprintf("@gongkai-kiosk-notify-%d", os.Getpid())
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	t.Setenv("WATCHDOG_USEC", "1000000") // WatchdogSec=1: a ping every half second
	k := startKiosk(t, display, "")

	got := map[string]int{}
	deadline := time.Now().Add(90 * time.Second)
	buf := make([]byte, 256)
	for got["WATCHDOG=1"] < 3 && time.Now().Before(deadline) {
		conn.SetReadDeadline(deadline)
		n, err := conn.Read(buf)
		if err != nil {
			break
		}
		msg := string(buf[:n])
		if got["READY=1"] == 0 && msg == "WATCHDOG=1" {
			t.Fatal("the watchdog was fed before READY=1")
		}
		got[msg]++
	}
	if got["READY=1"] != 1 || got["WATCHDOG=1"] < 3 {
		t.Fatalf("the service manager received %v, want READY=1 once and WATCHDOG=1 at least 3 times\n%s", got, k.Log())
	}
}
