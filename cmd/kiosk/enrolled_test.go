package main

import (
	"image"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/hubcli"
	"gongkai/internal/kioskcli"
	"gongkai/internal/wallclock"
)

// TestRealWindowEnrolledKiosk starts the built kiosk on a data directory
// enrolled with a hub served on loopback: the real app starts its
// background sync, pulls the hub's catalogue, shows the home screen, and
// still quits cleanly on SIGTERM with the worker running.
func TestRealWindowEnrolledKiosk(t *testing.T) {
	display := needDisplay(t)
	w, h := screenSize(t, display)
	hubDir, data := filepath.Join(t.TempDir(), "hub"), filepath.Join(t.TempDir(), "kiosk")
	hub := func(args ...string) string { return cmdlinetest.MustRun(t, hubcli.Main, wallclock.Now, "", args...) }
	hub("init", "--data", hubDir)
	hub("import", "--data", hubDir, filepath.Join("..", "..", "assets", "catalog"))
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(hub("enroll", "--data", hubDir))
	served := cmdlinetest.ServeHub(t, hubcli.Main, hubDir, wallclock.Now)
	cmdlinetest.MustRun(t, kioskcli.Main, wallclock.Now, "", "enroll", "--data", data, "--hub", served.APIURL, "--code", code)

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
