// Package sdnotify speaks systemd's notification protocol (sd_notify(3))
// in Go, without libsystemd: READY=1 when a service has started and
// WATCHDOG=1 while it is alive, as datagrams to the socket systemd names
// in $NOTIFY_SOCKET. Outside systemd (no $NOTIFY_SOCKET) every call does
// nothing, so the kiosk and hub run the same way from a shell.
package sdnotify

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Notifier sends state changes to the service manager. The zero value and
// a nil *Notifier are valid and send nothing.
type Notifier struct {
	socket   string        // $NOTIFY_SOCKET: a path, or @name for the abstract namespace
	watchdog time.Duration // $WATCHDOG_USEC; 0 when the unit has no WatchdogSec=
}

// FromEnv reads $NOTIFY_SOCKET and $WATCHDOG_USEC through getenv.
//
// $WATCHDOG_PID is deliberately not compared with our own pid: the kiosk
// runs as a child of its X session (the unit's main process is xinit), so
// the unit sets NotifyAccess=all and the watchdog belongs to whichever
// process of the unit feeds it.
func FromEnv(getenv func(string) string) *Notifier {
	n := &Notifier{socket: getenv("NOTIFY_SOCKET")}
	if us, err := strconv.ParseInt(getenv("WATCHDOG_USEC"), 10, 64); err == nil && us > 0 {
		n.watchdog = time.Duration(us) * time.Microsecond
	}
	return n
}

// Enabled reports whether a service manager listens.
func (n *Notifier) Enabled() bool { return n != nil && n.socket != "" }

// Notify sends newline-separated assignments such as "READY=1".
func (n *Notifier) Notify(state string) error {
	if !n.Enabled() {
		return nil
	}
	if !strings.HasPrefix(n.socket, "/") && !strings.HasPrefix(n.socket, "@") {
		return fmt.Errorf("NOTIFY_SOCKET %q is neither a path nor an abstract socket", n.socket)
	}
	// Go maps a leading '@' to the abstract namespace's NUL byte.
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: n.socket, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("notify socket: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("notify %q: %w", state, err)
	}
	return nil
}

// Ready tells the service manager that start-up has finished.
func (n *Notifier) Ready() error { return n.Notify("READY=1") }

// Stopping tells the service manager that the process is shutting down.
func (n *Notifier) Stopping() error { return n.Notify("STOPPING=1") }

// Interval is how often the watchdog must be fed: half of WatchdogSec=, as
// sd_watchdog_enabled(3) advises; 0 when no watchdog is set.
func (n *Notifier) Interval() time.Duration {
	if !n.Enabled() {
		return 0
	}
	return n.watchdog / 2
}

// Watch feeds the watchdog until ctx ends. Before each WATCHDOG=1 it calls
// alive, which must return only when the process is healthy: the kiosk
// passes a round trip through its UI thread, so a hung UI stops the feed
// and systemd kills and restarts the session. Send errors go to logf and
// do not stop the loop. Without a watchdog Watch returns at once.
func (n *Notifier) Watch(ctx context.Context, alive func(), logf func(string, ...any)) {
	every := n.Interval()
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		alive()
		if err := n.Notify("WATCHDOG=1"); err != nil && logf != nil {
			logf("watchdog: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
