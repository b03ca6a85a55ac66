// Package staffui is the kiosk's staff mode on screen: the hidden gesture
// (a long press on the agency name in the header), the PIN pad, and the
// staff screen with the queue, sync, printer, reprint, 代为填写, today's
// counts, kiosk facts and the audit log.
//
// Install wires it into a built ui.App. Nothing a visitor sees reveals it:
// the press area over the agency name is invisible and gives no feedback.
// A staff session ends on 退出管理, when staff leave the staff screen by
// 返回 or 首页, and on the idle reset like any visitor's session. Every
// staff action is recorded in the audit log (internal/staff) with the
// staff member's 工号 and safe details only (tracking numbers, counts,
// printer and file names), never personal data.
//
// Work that touches disks, the network or the printer runs off the UI
// goroutine (Deps.Go) and applies its result through fyne.Do.
package staffui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/internal/config"
	"gongkai/internal/health"
	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/internal/ui"
	"gongkai/internal/version"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// Deps is what the staff screens need from the rest of the kiosk. Staff
// is required; a nil function or service shows its part as unavailable.
type Deps struct {
	Staff    *staff.Staff     // PIN, lockout, session, audit log
	Outbox   *outbox.Outbox   // queue counts and today's counts
	Printing *reprint.Service // receipts, reprints, test pages, printer choice

	// Printers are the configured printers staff may choose from, the
	// current one first; nil means the app config's one [printer] section.
	Printers []config.Printer
	// NewPrinter opens a printer; default printer.New(cfg, printer.Options{}).
	NewPrinter func(config.Printer) (printer.Printer, error)
	// CUPSQueues lists the CUPS queues staff may switch to; default
	// printer.Queues (`lpstat -a`).
	CUPSQueues func(ctx context.Context) ([]string, error)

	// SyncNow runs (or triggers) a sync and returns a line for staff, e.g.
	// SyncWithClient. nil shows 即将开放.
	SyncNow func(ctx context.Context) (string, error)
	// SyncStatus reports the background sync (a client.Worker's Status).
	SyncStatus func() client.Status
	// ImportBundle imports a catalogue bundle file, e.g. ImportWithClient.
	ImportBundle func(ctx context.Context, path string) (string, error)
	// ExportQueue writes the queued submissions, still sealed, into dir
	// (a USB drive) and returns how many; nil shows 即将开放.
	ExportQueue func(ctx context.Context, dir string) (int, error)
	// StartAssisted starts a 代为填写 application for staffID (the forms'
	// StartAssisted bound to the app and its deps); nil shows 即将开放.
	StartAssisted func(staffID string)
	// Speech is 语音播报's engine, for its volume and speed; nil shows
	// that the kiosk has no speech.
	Speech Speech
	// Quit exits the program; default fyne.CurrentApp().Quit.
	Quit func()

	DataDir string           // for the free disk space; default the config's data_dir
	Version string           // software version; default version.Get() (FyneApp.toml and the git revision)
	Now     func() time.Time // the press timer's clock; default the app's
	// Go runs background work; default `go f()`. Tests run it inline.
	Go func(f func())
}

// Mode is staff mode installed in an app.
type Mode struct {
	app    *ui.App
	deps   Deps
	area   *pressArea
	health health.Service // what the staff screen shows

	gen        int // bumped when a session ends: late results of its work are dropped
	lastActive time.Time
	cur        config.Printer // the printer in use (staff may choose another)
}

// Install adds staff mode to app, which must be built (ui.App.Build): the
// press area over the header's agency name, and an idle-reset hook that
// ends the staff session.
func Install(app *ui.App, deps Deps) *Mode {
	if deps.Staff == nil {
		panic("staffui: Deps.Staff is required")
	}
	if deps.Now == nil {
		deps.Now = app.Now
	}
	if deps.Go == nil {
		deps.Go = func(f func()) { go f() }
	}
	if deps.NewPrinter == nil {
		deps.NewPrinter = func(c config.Printer) (printer.Printer, error) { return printer.New(c, printer.Options{}) }
	}
	if deps.CUPSQueues == nil {
		deps.CUPSQueues = func(ctx context.Context) ([]string, error) { return printer.Queues(ctx, "") }
	}
	if deps.Quit == nil {
		deps.Quit = func() { fyne.CurrentApp().Quit() }
	}
	if len(deps.Printers) == 0 {
		deps.Printers = []config.Printer{app.Config().Printer}
	}
	if deps.DataDir == "" {
		deps.DataDir = app.Config().DataDir
	}
	if deps.Version == "" {
		deps.Version = version.Get().String()
	}
	m := &Mode{app: app, deps: deps, cur: deps.Printers[0]}
	m.health = health.Service{Outbox: deps.Outbox, Printing: deps.Printing, Staff: deps.Staff, Catalogue: app.Catalogue(),
		SyncStatus: deps.SyncStatus, DataDir: deps.DataDir, Now: app.Now}
	agency := app.Header().Agency
	m.area = newPressArea(deps.Now, func() {
		app.Active()
		if agency.OnTapped != nil {
			agency.OnTapped()
		}
	}, m.OpenPINPad)
	if !overlay(app.Window().Content(), agency, m.area) {
		// The header's own long press (ui.LongPressAfter) is the fallback.
		app.Logf("staffui: agency name not in a container; using the header's own long press")
		agency.OnLongPress = m.OpenPINPad
	}
	app.OnReset(func() { m.end(staff.EndIdle) })
	return m
}

// current is the printer section in use.
func (m *Mode) current() config.Printer { return m.cur }

// OpenPINPad shows the PIN pad (what the hidden gesture does).
func (m *Mode) OpenPINPad() {
	m.app.Active()
	if _, open := m.app.Current().(*PINScreen); open || m.deps.Staff.Current() != nil {
		return // already at the pad, or staff mode is open
	}
	m.app.Push(newPINScreen(m))
}

// Session returns the open staff session, or nil.
func (m *Mode) Session() *staff.Session { return m.deps.Staff.Current() }

// touch reports staff activity to the idle timer and remembers it.
func (m *Mode) touch() {
	m.lastActive = m.app.Now()
	m.app.Active()
}

// handle wraps a staff handler so that it reports activity first.
func (m *Mode) handle(fn func()) func() {
	return func() {
		m.touch()
		fn()
	}
}

// background runs work off the UI goroutine and apply on it, unless the
// session ended in between (then the result is stale and dropped).
func background[T any](m *Mode, timeout time.Duration, work func(ctx context.Context) T, apply func(T)) {
	gen := m.gen
	m.deps.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		r := work(ctx)
		cancel()
		fyne.Do(func() {
			if m.gen == gen {
				apply(r)
			}
		})
	})
}

// audit records a staff action by the logged-in staff member
// (staff.Audit) and logs a failure to.
func (m *Mode) audit(ctx context.Context, action staff.Action, detail staff.Detail) {
	if err := m.deps.Staff.Audit(ctx, action, detail); err != nil {
		m.app.Logf("staffui: audit %s: %v", action, err)
	}
}

// end ends the staff session (if any) and drops late results of its work.
func (m *Mode) end(why staff.EndReason) {
	m.gen++
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.deps.Staff.End(ctx, why); err != nil {
		m.app.Logf("staffui: end staff session: %v", err)
	}
}

// leave ends the session because the staff screen left the stack. The
// idle reset pops it before running the reset hooks, so the reason is
// told apart by the time since the last staff activity.
func (m *Mode) leave() {
	if m.deps.Staff.Current() == nil {
		return
	}
	why := staff.EndSignOut
	if idle := m.app.Config().IdleTime.D(); idle > 0 && m.app.Now().Sub(m.lastActive) >= idle {
		why = staff.EndIdle
	}
	m.end(why)
}

// signOut is 退出管理: end the session and go back to the home screen.
func (m *Mode) signOut() {
	m.end(staff.EndSignOut)
	m.app.Home()
}
