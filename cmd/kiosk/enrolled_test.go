package main

import (
	"bytes"
	"context"
	"image"
	"net"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"gongkai/internal/hubcli"
	"gongkai/internal/kioskcli"
	"gongkai/internal/wallclock"
)

// runCLI runs the hub's or the kiosk's command line in this process and
// fails the test unless it succeeds.
func runCLI(t *testing.T, hub bool, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	var code int
	if hub {
		code = hubcli.Main(context.Background(), args, &hubcli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: wallclock.Now})
	} else {
		code = kioskcli.Main(context.Background(), args, &kioskcli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	}
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	return out.String()
}

// TestRealWindowEnrolledKiosk starts the built kiosk on a data directory
// enrolled with a hub served on loopback: the real app starts its
// background sync, pulls the hub's catalogue, shows the home screen, and
// still quits cleanly on SIGTERM with the worker running.
func TestRealWindowEnrolledKiosk(t *testing.T) {
	display := needDisplay(t)
	w, h := screenSize(t, display)
	hubDir, data := filepath.Join(t.TempDir(), "hub"), filepath.Join(t.TempDir(), "kiosk")
	runCLI(t, true, "init", "--data", hubDir)
	runCLI(t, true, "import", "--data", hubDir, filepath.Join("..", "..", "assets", "catalog"))
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(runCLI(t, true, "enroll", "--data", hubDir))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() {
		defer close(served)
		var out bytes.Buffer
		hubcli.Main(ctx, []string{"serve", "--data", hubDir, "--addr", addr, "--console-addr", "127.0.0.1:0"}, &hubcli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Now: wallclock.Now})
	}()
	t.Cleanup(func() { stop(); <-served })
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		} else if i > 200 {
			t.Fatalf("hub serve did not start: %v", err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	runCLI(t, false, "enroll", "--data", data, "--hub", "http://"+addr, "--code", code)

	k := startKiosk(t, display, data)
	k.waitLog(t, "home screen frame", 90*time.Second)
	k.waitLog(t, "msg=synced", 60*time.Second) // the background worker's first pass
	img := screenshotWhen(t, display, image.Rect(0, h/4, w, h), tileBlue, 0.4)
	checkHome(t, img, w, h)
	if t.Failed() {
		keepScreenshot(t, img)
	}
	k.quitsOnSIGTERM(t)
}
