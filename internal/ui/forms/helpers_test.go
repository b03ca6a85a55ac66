package forms

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	_ "github.com/mattn/go-sqlite3"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/intake"
	"gongkai/internal/must"
	"gongkai/internal/printer"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/submission"
	"gongkai/internal/submission/submissiontest"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/uitest"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// testStart is a Monday when the demo consultation zj-2026-01 is open
// (2026-11-01 to 2027-06-30) and both demo events (2027) are ahead. Its
// reply deadline, 20 working days on, is 2026-12-14, inside the demo
// calendar's known years.
var testStart = time.Date(2026, 11, 16, 9, 30, 0, 0, calendar.Beijing)

// testPublicURL is the base of the receipts' status URLs.
const testPublicURL = "https://gk.example.gov.cn"

var (
	hd    = fyne.NewSize(1920, 1080)
	small = fyne.NewSize(1280, 800)
)

// testStore gives the submission service a real SQLite file, the demo
// catalogue's working-day calendar and its consultations and events.
type testStore struct {
	db    *sql.DB
	years []domain.CalendarYear
	*uitest.Catalogue
}

func (s *testStore) DB() *sql.DB { return s.db }
func (s *testStore) CalendarYears(context.Context) ([]domain.CalendarYear, error) {
	return s.years, nil
}

// fixture is the kiosk UI with the forms installed on a real submission
// service: SQLite in a temp dir, the outbox, an age identity standing in
// for the hub and a device key.
type fixture struct {
	t   testing.TB
	app *ui.App
	win fyne.Window
	clk *uitest.Clock
	cat *uitest.Catalogue
	svc *submission.Service
	ob  *outbox.Outbox
	// archive keeps the receipts the intake archives; the printer is the
	// fixture's own print function.
	archive *reprint.Service
	intake  *intake.Service
	id      *age.X25519Identity

	deps Deps
	dir  string // where fits saves captures
	kbs  []*keyboard.Keyboard

	mu       sync.Mutex
	printed  []receipt.Receipt
	printErr error
	pending  chan func() // UI updates from workers, run by the test's goroutine

	lastSignup *SignupScreen
}

// newFixture builds the kiosk UI with the forms; with, if given, adjusts
// the UI's Deps first.
func newFixture(t testing.TB, size fyne.Size, with ...func(*ui.Deps)) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t, clk: &uitest.Clock{T: testStart}, cat: uitest.MustCatalogue(t, 0)}
	deps := ui.Deps{Catalogue: f.cat, Config: config.Default(), Now: f.clk.Now, Logf: t.Logf}
	for _, fn := range with {
		fn(&deps)
	}
	f.app = ui.New(deps)
	f.win = test.NewTempWindow(t, nil)
	f.win.SetPadded(false)
	f.app.Build(f.win)
	f.win.Resize(size)

	db := reprinttest.OpenDB(t, filepath.Join(t.TempDir(), "kiosk.db"))
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := submissiontest.New(t, &testStore{db: db, years: set.Calendar, Catalogue: f.cat}, 7, f.clk.Now)
	f.svc, f.ob, f.id = k.Service, k.Outbox, k.Hub
	if f.archive, err = reprint.New(context.Background(), db, t.TempDir(), nil,
		reprint.Options{Now: f.clk.Now, Queue: f.ob, Logf: t.Logf}); err != nil {
		t.Fatal(err)
	}
	f.intake = &intake.Service{Queue: f.svc, Archive: f.archive, Catalogue: f.cat,
		Agency: config.Default().AgencyName, PublicURL: testPublicURL, Logf: t.Logf}
	f.deps = Deps{
		Submit: f.intake.Submit, Lookup: OutboxLookup(f.ob), Seats: OutboxSeats(f.ob), PrintReceipt: f.print,
		NewKeyboard: func() *keyboard.Keyboard {
			kb := keyboard.New()
			// The pinyin engine loads in the background and reports back
			// through fyne.Do, which the test driver runs on the loading
			// goroutine: wait for it before a test touches the keyboard.
			<-kb.Ready()
			f.kbs = append(f.kbs, kb)
			return kb
		},
	}
	Install(f.app, f.deps)
	f.pending = make(chan func(), 16)
	f.kit().do = func(fn func()) { f.pending <- fn }
	return f
}

func (f *fixture) print(_ context.Context, r receipt.Receipt) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.printErr != nil {
		return f.printErr
	}
	f.printed = append(f.printed, r)
	return nil
}

// archivedQR renders the archived receipt of trk as a thermal printer's
// bytes, as `kiosk reprint --out F --format escpos` does, and reads its
// QR code back: the receipt can be reprinted.
func (f *fixture) archivedQR(trk string) string {
	f.t.Helper()
	b, err := f.archive.Render(context.Background(), trk, printer.FormatESCPOS)
	if err != nil {
		f.t.Fatalf("the receipt of %s is not in the archive: %v", trk, err)
	}
	return reprinttest.QR(f.t, b)
}

// open taps a home tile.
func (f *fixture) open(tile string) {
	f.t.Helper()
	test.Tap(f.app.Tile(tile))
}

// openTile taps a home tile and returns the screen it opened as T.
func openTile[T ui.Screen](f *fixture, tile string) T {
	f.t.Helper()
	f.open(tile)
	return current[T](f)
}

// current returns the visible screen as T.
func current[T ui.Screen](f *fixture) T {
	f.t.Helper()
	return uitest.Showing[T](f.t, f.app.Current())
}

// touch taps the screen where e is, as a finger would, which opens the
// on-screen keyboard on it (and so checks the field the visitor left).
func (f *fixture) touch(w *wizard, e *widget.Entry) {
	f.t.Helper()
	fl := w.byEntry[e]
	if w.scroll.Visible() {
		keyboard.ScrollIntoView(w.scroll.Scroll, fl.holder, 0)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(12, 12))
	test.TapCanvas(f.win.Canvas(), pos)
	if w.kb.Target() != e {
		f.t.Fatalf("touching %s did not open the keyboard on it", fl.key)
	}
}

// fill touches the field and types s into it.
func (f *fixture) fill(w *wizard, fl *field, s string) {
	f.t.Helper()
	f.touch(w, fl.entry)
	test.Type(fl.entry, s)
}

// next taps 下一步 (or the last step's 确认提交).
func (f *fixture) next(w *wizard) {
	f.t.Helper()
	test.Tap(w.next)
}

// mustStep checks that the form shows step i.
func mustStep(t testing.TB, w *wizard, i int) {
	t.Helper()
	if w.cur != i {
		t.Fatalf("form on step %d (%s), want %d (%s); banner %q", w.cur, w.steps[w.cur].title, i, w.steps[i].title, w.errBanner.String())
	}
}

// receiptShown waits for the receipt screen's printing to finish and
// returns the screen.
func (f *fixture) receiptShown() *ReceiptScreen {
	f.t.Helper()
	r := current[*ReceiptScreen](f)
	if f.deps.PrintReceipt != nil {
		must.Receive(f.t, f.pending, 10*time.Second, "printing never reported back")()
	}
	must.Receive(f.t, r.printed, 10*time.Second, "printing never finished")
	return r
}

// queued returns the outbox's unsent records, opened with the hub's
// identity.
func (f *fixture) queued() []*protocol.Submission {
	f.t.Helper()
	recs, err := f.ob.Queued(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	var out []*protocol.Submission
	for i := range recs {
		sub, err := submission.Open(&recs[i], f.id)
		if err != nil {
			f.t.Fatalf("hub cannot open record %s: %v", recs[i].ID, err)
		}
		out = append(out, sub)
	}
	return out
}

// walk visits o and everything under it, hidden or not.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	uitest.Walk(o, func(o fyne.CanvasObject) bool {
		fn(o)
		_, entry := o.(*widget.Entry) // its own text is checked; its renderer mirrors it
		return !entry
	})
}

// shownTexts returns the text of every Entry, Label, RichText and
// canvas.Text under o.
func shownTexts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			out = append(out, x.Text)
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, ui.PlainText(x))
		case *canvas.Text:
			out = append(out, x.Text)
		}
	})
	return out
}

// everything returns a container of every object the form ever built:
// its frame, each step's page and each field, whether or not they are
// still on the screen.
func (w *wizard) everything() fyne.CanvasObject {
	objs := []fyne.CanvasObject{w.root}
	for _, st := range w.steps {
		if st.obj != nil {
			objs = append(objs, st.obj)
		}
	}
	for _, f := range w.fields {
		objs = append(objs, f.box)
	}
	return container.NewWithoutLayout(objs...)
}

// assertNoneShown fails if any of secrets appears in any text under o.
func assertNoneShown(t *testing.T, where string, o fyne.CanvasObject, secrets ...string) {
	t.Helper()
	for _, s := range shownTexts(o) {
		for _, secret := range secrets {
			if secret != "" && strings.Contains(s, secret) {
				t.Errorf("%s still shows %q (in %q)", where, secret, s)
			}
		}
	}
}

// assertShown fails unless want appears in some text under o.
func assertShown(t *testing.T, o fyne.CanvasObject, want string) {
	t.Helper()
	for _, s := range shownTexts(o) {
		if strings.Contains(s, want) {
			return
		}
	}
	t.Errorf("%q is not shown", want)
}

// drawSignature writes on the pad as the desktop driver delivers a
// finger: a run of drag events per stroke, each at the finger's new
// position with the step since the last, then DragEnd.
func (f *fixture) drawSignature(pad *SignaturePad) {
	f.t.Helper()
	strokes := [][2]fyne.Position{
		{{X: 60, Y: 120}, {X: 180, Y: 60}}, {{X: 180, Y: 60}, {X: 220, Y: 200}},
		{{X: 260, Y: 100}, {X: 420, Y: 130}}, {{X: 330, Y: 60}, {X: 340, Y: 210}},
	}
	for _, st := range strokes {
		const steps = 12
		d := fyne.Delta{DX: (st[1].X - st[0].X) / steps, DY: (st[1].Y - st[0].Y) / steps}
		for i := 1; i <= steps; i++ {
			pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: st[0].AddXY(d.DX*float32(i), d.DY*float32(i))}, Dragged: d})
		}
		pad.DragEnd()
	}
	if pad.Length() < minSignature {
		f.t.Fatalf("drawing on the pad drew %v units", pad.Length())
	}
}

var errPrinter = errors.New("printer: paper out")

// tapCaption taps the first button under o captioned caption.
func tapCaption(o fyne.CanvasObject, caption string) error {
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && found == nil && b.Text == caption {
			found = b
		}
	})
	if found == nil {
		return fmt.Errorf("no button %q", caption)
	}
	test.Tap(found)
	return nil
}
