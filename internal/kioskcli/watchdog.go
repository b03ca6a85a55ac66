package kioskcli

import (
	"context"

	"fyne.io/fyne/v2"

	"gongkai/internal/sdnotify"
)

// notifyService tells systemd (the gongkai-kiosk unit, Type=notify) that
// the touchscreen is up, and feeds the unit's watchdog with a round trip
// through Fyne's UI goroutine: when the UI hangs, the feed stops and
// systemd restarts the kiosk session. Outside systemd it does nothing.
func notifyService(ctx context.Context, getenv func(string) string, logf func(string, ...any)) {
	if getenv == nil {
		return
	}
	n := sdnotify.FromEnv(getenv)
	if !n.Enabled() {
		return
	}
	if err := n.Ready(); err != nil {
		logf("kiosk: systemd notify: %v", err)
	}
	go n.Watch(ctx, func() { fyne.DoAndWait(func() {}) }, logf)
}
