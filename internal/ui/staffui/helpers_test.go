package staffui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/printer"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/staff"
	"gongkai/internal/store"
	"gongkai/internal/ui"
	"gongkai/internal/ui/staffui"
	"gongkai/internal/ui/uitest"
	"gongkai/sync/client"
)

// testStart is a Monday morning in Beijing.
var testStart = time.Date(2026, 3, 16, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// PIN is the staff PIN the fixture sets; staffID is the 工号 used.
const (
	PIN     = "246810"
	staffID = "0123"
)

// fastParams keep the argon2id checks quick in tests.
var fastParams = staff.Params{Memory: 8 * 1024, Time: 1, Threads: 1}

// env is a kiosk UI with staff mode on a real kiosk database (the store,
// the outbox, the staff tables, the receipt archive), a loopback receipt
// printer and a real sync client that is not enrolled.
type env struct {
	speech fakeSpeech
	t      *testing.T
	dir    string
	app    *ui.App
	w      fyne.Window
	clk    *uitest.Clock
	mode   *staffui.Mode
	store  *store.Store
	kiosk  *reprinttest.Kiosk
	staff  *staff.Staff
	tp     *reprinttest.TCPPrinter
	tp2    *reprinttest.TCPPrinter // a second configured printer
	print  *reprint.Service
	deps   staffui.Deps

	assisted []string // StartAssisted calls
	exported []string // ExportQueue calls
	quit     int      // Quit calls
}

// fakeSpeech is 语音播报's engine as the staff screen sees it.
type fakeSpeech struct {
	volume, speed int
	said          [][]string
}

func (f *fakeSpeech) Speak(c []string) { f.said = append(f.said, c) }
func (f *fakeSpeech) Stop()            {}
func (f *fakeSpeech) Problem() string  { return "" }
func (f *fakeSpeech) Volume() int      { return f.volume }
func (f *fakeSpeech) Speed() int       { return f.speed }
func (f *fakeSpeech) SetVolume(v int)  { f.volume = v }
func (f *fakeSpeech) SetSpeed(v int)   { f.speed = v }

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	test.NewTempApp(t)
	e := &env{t: t, dir: t.TempDir(), clk: &uitest.Clock{T: testStart}}
	cfg := config.Default()
	cfg.KioskID = "kiosk-12"
	cfg.DataDir = e.dir
	cfg.Sync.USBGlob = filepath.Join(e.dir, "media", "*", "gongkai-*.bundle")

	st, err := store.Open(ctx, filepath.Join(e.dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.store = st
	e.kiosk = reprinttest.OnDB(t, e.dir, st.DB(), e.clk.Now)
	e.staff, err = staff.Open(ctx, st.DB(), st, staff.Options{Now: e.clk.Now, Params: fastParams, Roster: st})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.staff.SetPIN(ctx, PIN); err != nil {
		t.Fatal(err)
	}
	e.tp, e.tp2 = reprinttest.NewTCPPrinter(t), reprinttest.NewTCPPrinter(t)
	cfg.Printer = e.tp.Config()
	p, err := printer.New(cfg.Printer, printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.print, err = reprint.New(ctx, st.DB(), e.dir, p, reprint.Options{Now: e.clk.Now, Queue: e.kiosk.Outbox, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}

	e.app = ui.New(ui.Deps{Catalogue: uitest.MustCatalogue(t, 0), Config: cfg, Now: e.clk.Now, Logf: t.Logf})
	e.w = test.NewTempWindow(t, nil)
	e.w.SetPadded(false)
	e.app.Build(e.w)
	e.w.Resize(fyne.NewSize(1920, 1080))

	cl := client.New(e.dir, client.NewStoreCatalogue(st), client.Options{Now: e.clk.Now})
	e.deps = staffui.Deps{
		Staff: e.staff, Outbox: e.kiosk.Outbox, Printing: e.print,
		Printers:     []config.Printer{e.tp.Config(), e.tp2.Config()},
		SyncNow:      staffui.SyncWithClient(cl),
		ImportBundle: staffui.ImportWithClient(cl),
		ExportQueue: func(_ context.Context, dir string) (int, error) {
			e.exported = append(e.exported, dir)
			return 2, nil
		},
		StartAssisted: func(id string) { e.assisted = append(e.assisted, id) },
		Quit:          func() { e.quit++ },
		CUPSQueues:    func(context.Context) ([]string, error) { return []string{"front-desk"}, nil },
		Version:       "1.4.0",
		Go:            func(f func()) { f() }, // inline: the test driver runs fyne.Do inline too
		Speech:        &e.speech,
	}
	e.mode = staffui.Install(e.app, e.deps)
	return e
}

// press holds the agency name for d (on the injected clock) and lets go.
func (e *env) press(d time.Duration) {
	e.t.Helper()
	uitest.Hold(e.t, e.w, e.app.Header().Agency, func() { e.clk.Advance(d) })
}

func current[T ui.Screen](t *testing.T, a *ui.App) T {
	t.Helper()
	return uitest.Showing[T](t, a.Current())
}

// pinPad opens the PIN pad with the gesture.
func (e *env) pinPad() *staffui.PINScreen {
	e.t.Helper()
	e.press(staffui.LongPress)
	return current[*staffui.PINScreen](e.t, e.app)
}

// enter types keys on a keypad.
func enter(t *testing.T, keys map[string]*widget.Button, s string) {
	t.Helper()
	for _, r := range s {
		b, ok := keys[string(r)]
		if !ok {
			t.Fatalf("no key %q", r)
		}
		test.Tap(b)
	}
}

// attempt types a 工号 (unless the pad kept it from a wrong PIN) and a
// PIN on the pad and confirms.
func attempt(t *testing.T, p *staffui.PINScreen, id, pin string) {
	t.Helper()
	if kept, _ := p.Typed(); kept != id {
		test.Tap(p.Keys["清除"])
		enter(t, p.Keys, id)
		test.Tap(p.OK)
	}
	enter(t, p.Keys, pin)
	test.Tap(p.OK)
}

// login opens the staff screen with the right PIN.
func (e *env) login() *staffui.Screen {
	e.t.Helper()
	attempt(e.t, e.pinPad(), staffID, PIN)
	return current[*staffui.Screen](e.t, e.app)
}

// lastAudit returns the newest audit entry with action a.
func (e *env) lastAudit(a staff.Action) (staff.Entry, bool) {
	e.t.Helper()
	entries, err := e.staff.Recent(context.Background(), 50)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, en := range entries {
		if en.Action == a {
			return en, true
		}
	}
	return staff.Entry{}, false
}

// wantAudit checks that the newest entry of action a is by staffID and
// has a detail containing detail.
func (e *env) wantAudit(a staff.Action, detail string) {
	e.t.Helper()
	en, ok := e.lastAudit(a)
	if !ok {
		e.t.Fatalf("no audit entry %s", a)
	}
	if en.StaffID != staffID || !strings.Contains(en.Detail, detail) {
		e.t.Fatalf("audit %s = %+v, want by %s with detail %q", a, en, staffID, detail)
	}
}

// writeFile makes a file with its folders.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
