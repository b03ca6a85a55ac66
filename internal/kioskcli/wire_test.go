package kioskcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/escpos"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/staff"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/staffui"
	"gongkai/internal/ui/uitest"
	"gongkai/internal/version"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// These tests run the app exactly as `kiosk run` wires it (OpenServices,
// UIDeps, Install, Start) in Fyne's headless driver, on a real data
// directory enrolled with a real hub served on loopback, with a loopback
// TCP receipt printer.

const (
	wiredPIN     = "246810"
	wiredStaffID = "0123"
	publicURL    = "https://gk.yanggu.gov.cn"
)

// publish adds a document to the hub's catalogue.
func (h *loopHub) publish(t *testing.T, title string) {
	t.Helper()
	doc := fmt.Sprintf(syncTestDoc, firstCategoryID(t, h.src), "有效")
	doc = strings.Replace(doc, "关于开展全县中小学校园足球联赛的通知", title, 1)
	if err := os.WriteFile(filepath.Join(h.src, "docs", "wired-test.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, hubMain, "import", "--data", h.dir, h.src)
}

// wired is the running app.
type wired struct {
	t       *testing.T
	svc     *Services
	app     *ui.App
	w       fyne.Window
	printer *reprinttest.TCPPrinter
	updates chan func() // workers' UI updates, run by the test's goroutine
	kbs     []*keyboard.Keyboard
	quits   int
	skew    atomic.Int64 // nanoseconds the kiosk's clock is ahead of the real one
}

// now is the kiosk's clock: real time, which the hub shares, moved ahead
// by the test to hold a press without sleeping (a sleeping test would
// let the press timer's goroutine change the UI under it).
func (k *wired) now() time.Time { return cliNow().Add(time.Duration(k.skew.Load())) }

// startWired opens the data directory data as `kiosk run` does and
// builds the app on it in a 1920×1080 test window. edit, if given,
// changes the configuration first.
func startWired(t *testing.T, data string, edit ...func(*config.Config)) *wired {
	t.Helper()
	test.NewTempApp(t)
	k := &wired{t: t, printer: reprinttest.NewTCPPrinter(t), updates: make(chan func(), 256)}
	cfg := config.Default()
	cfg.DataDir = data
	cfg.Printer = k.printer.Config()
	cfg.Sync.PublicURL = publicURL
	cfg.Sync.Interval = config.Duration(time.Hour) // only the start and 立即同步 sync
	cfg.Sync.MaxBackoff = config.Duration(time.Hour)
	cfg.Sync.USBGlob = ""
	for _, f := range edit {
		f(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	svc, err := OpenServices(context.Background(), cfg, ServiceOptions{
		Now:   k.now,
		Logf:  t.Logf,
		Staff: staff.Options{Params: staff.Params{Memory: 8 * 1024, Time: 1, Threads: 1}},
		Do:    func(f func()) { k.updates <- f },
		Go:    func(f func()) { f() },
		NewKeyboard: func() *keyboard.Keyboard {
			kb := keyboard.New()
			<-kb.Ready()
			k.kbs = append(k.kbs, kb)
			return kb
		},
		Quit: func() { k.quits++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	k.svc = svc
	t.Cleanup(func() {
		if err := svc.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if err := svc.Staff.SetPIN(context.Background(), wiredPIN); err != nil {
		t.Fatal(err)
	}
	k.app = ui.New(svc.UIDeps())
	k.w = test.NewTempWindow(t, nil)
	k.w.SetPadded(false)
	k.app.Build(k.w)
	k.w.Resize(fyne.NewSize(1920, 1080))
	svc.Install(k.app)
	svc.Start(context.Background())
	<-k.app.Keyboard().Ready()
	return k
}

// settle runs the UI updates the workers have queued.
func (k *wired) settle() {
	for {
		select {
		case f := <-k.updates:
			f()
		default:
			return
		}
	}
}

// waitFor polls cond (running queued UI updates in between) for up to
// 30 s.
func (k *wired) waitFor(what string, cond func() bool) {
	k.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			k.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
		k.settle()
	}
	k.settle()
}

// synced waits for the worker's first pass.
func (k *wired) synced() {
	k.t.Helper()
	k.waitFor("the first sync", func() bool {
		st := k.svc.Worker.Status()
		return !st.LastSync.IsZero() && !st.Syncing
	})
}

func current[T ui.Screen](t *testing.T, a *ui.App) T {
	t.Helper()
	s, ok := a.Current().(T)
	if !ok {
		t.Fatalf("current screen is %T (%q)", a.Current(), a.Current().Title())
	}
	return s
}

// walkShown calls fn on every shown object under o (it and its parents
// visible), widgets' insides too but not an entry's.
func walkShown(o fyne.CanvasObject, fn func(o fyne.CanvasObject)) {
	uitest.Walk(o, func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false
		}
		fn(o)
		_, entry := o.(*widget.Entry)
		return !entry
	})
}

// findButton returns the shown button, or a form's choice option,
// captioned text; nil if there is none.
func (k *wired) findButton(text string) fyne.Tappable {
	var found fyne.Tappable
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch b := o.(type) {
		case *widget.Button:
			if b.Text == text {
				found = b
			}
		case *forms.Option:
			if b.Text == text {
				found = b
			}
		}
	})
	return found
}

// button returns the shown button (or choice option) captioned text.
func (k *wired) button(text string) fyne.Tappable {
	k.t.Helper()
	found := k.findButton(text)
	if found == nil {
		k.t.Fatalf("no button %q on %q", text, k.app.Current().Title())
	}
	return found
}

// tap taps the shown button captioned text. A form hides 上一步/下一步
// while its keyboard is up, so, as a visitor would, it first puts the
// keyboard away (隐藏) when the button is not there.
func (k *wired) tap(text string) {
	k.t.Helper()
	if k.findButton(text) == nil && len(k.kbs) > 0 && k.formKeyboard().Visible() {
		test.Tap(k.formKeyboard().Key(keyboard.KeyHide))
	}
	test.Tap(k.button(text))
}

// entry returns the shown entry of the form field labelled label.
func (k *wired) entry(label string) *widget.Entry {
	k.t.Helper()
	var found *widget.Entry
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || found != nil {
			return
		}
		labelled := false
		for _, child := range c.Objects {
			if rt, ok := child.(*widget.RichText); ok && len(rt.Segments) > 0 {
				if ts, ok := rt.Segments[0].(*widget.TextSegment); ok && ts.Text == label {
					labelled = true
				}
			}
		}
		if labelled {
			uitest.Walk(c, func(o fyne.CanvasObject) bool {
				if e, ok := o.(*widget.Entry); ok && found == nil {
					found = e
				}
				return true
			})
		}
	})
	if found == nil {
		k.t.Fatalf("no field %q on %q", label, k.app.Current().Title())
	}
	return found
}

// formKeyboard is the keyboard of the form on screen.
func (k *wired) formKeyboard() *keyboard.Keyboard {
	k.t.Helper()
	if len(k.kbs) == 0 {
		k.t.Fatal("no form has made a keyboard")
	}
	return k.kbs[len(k.kbs)-1]
}

// fill touches the field labelled label, which opens the form's keyboard
// on it, and types s.
func (k *wired) fill(label, s string) {
	k.t.Helper()
	e := k.entry(label)
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		if ts, ok := o.(*ui.TouchScroll); ok {
			keyboard.ScrollIntoView(ts.Scroll, e, 0) // as a finger scrolls to the field
		}
	})
	test.TapCanvas(k.w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(e).AddXY(12, 12))
	if kb := k.formKeyboard(); kb.Target() != e {
		k.t.Fatalf("touching %s did not open the keyboard on it", label)
	}
	test.Type(e, s)
}

// typeKeys taps the keyboard's keys for py and then the candidate want.
func typeKeys(t *testing.T, kb *keyboard.Keyboard, py, want string) {
	t.Helper()
	for _, r := range py {
		key := kb.Key(string(r))
		if key == nil {
			t.Fatalf("no key %q", r)
		}
		test.Tap(key)
	}
	for i, c := range kb.Candidates() {
		if c == want {
			test.Tap(kb.Candidate(i))
			return
		}
	}
	t.Fatalf("%s: %q not among the candidates %v", py, want, kb.Candidates())
}

// fillApplication walks the 依申请公开 form as a citizen up to the review
// page and taps 确认提交.
func (k *wired) fillApplication() {
	k.t.Helper()
	test.Tap(k.app.Tile(ui.TileApply))
	k.completeApplication()
}

// completeApplication fills the application form on screen as a citizen
// and taps 确认提交.
func (k *wired) completeApplication() {
	t := k.t
	t.Helper()
	current[*forms.ApplicationScreen](t, k.app)
	k.tap(submission.ApplicantCitizen)
	k.tap("下一步")
	k.fill("姓名", "张三")
	k.fill("证件号码", "11010519491231002X")
	k.fill("联系电话", "13800138000")
	k.fill("通信地址", "阳谷县博济桥街道狮子楼路1号")
	k.fill("邮政编码", "252300")
	k.tap("下一步")
	k.fill("所需信息的名称", "2026年义务教育学校招生入学工作实施方案")
	k.tap("下一步")
	if b := k.findButton("继续申请"); b != nil { // the already-public documents
		test.Tap(b)
	}
	k.tap(submission.Media[0])
	k.tap(submission.Deliveries[0])
	k.tap("下一步")
	var pad *forms.SignaturePad
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		if p, ok := o.(*forms.SignaturePad); ok {
			pad = p
		}
	})
	if pad == nil {
		t.Fatal("no signature pad")
	}
	for _, st := range [][2]fyne.Position{{{X: 60, Y: 120}, {X: 180, Y: 60}}, {{X: 180, Y: 60}, {X: 260, Y: 200}}} {
		d := fyne.Delta{DX: (st[1].X - st[0].X) / 10, DY: (st[1].Y - st[0].Y) / 10}
		for i := 1; i <= 10; i++ {
			pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: st[0].AddXY(d.DX*float32(i), d.DY*float32(i))}, Dragged: d})
		}
		pad.DragEnd()
	}
	k.tap("下一步")
	k.tap("确认提交")
}

// texts returns the text of every shown label and rich text.
func (k *wired) texts() string {
	var b strings.Builder
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.RichText:
			b.WriteString(x.String() + "\n")
		}
	})
	return b.String()
}

// TestWiredEnrolledKiosk is the kiosk a visitor and staff meet: enrolled
// with a hub on loopback, it syncs at start (the header says so), finds a
// document typed on the on-screen keyboard's keys, takes an application
// into the outbox, prints its receipt with the status URL in the QR code
// and uploads it to the hub, and opens staff mode by the gesture and PIN,
// whose 立即同步 brings a new document from the hub.
func TestWiredEnrolledKiosk(t *testing.T) {
	hub := startLoopHub(t, "")
	data := filepath.Join(t.TempDir(), "kiosk")
	hub.enroll(t, data)
	k := startWired(t, data)
	if k.svc.Worker == nil {
		t.Fatal("no sync worker on an enrolled kiosk")
	}
	k.synced()
	k.waitFor("the header to show the sync", func() bool {
		return strings.HasPrefix(k.app.Header().StateText(), "在线 · 最后同步 今天")
	})
	if st := k.app.Header().StateText(); strings.Contains(st, "目录版本") {
		t.Errorf("header %q shows visitors the catalogue version (the staff screen has it)", st)
	}

	t.Run("search typed on the keyboard", func(t *testing.T) {
		k.t = t
		test.Tap(k.app.Tile(ui.TileSearch))
		s := current[*ui.SearchScreen](t, k.app)
		kb := k.app.Keyboard()
		test.TapCanvas(k.w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(s.Entry).AddXY(12, 12))
		if kb.Target() != s.Entry {
			t.Fatal("touching the search entry did not open the keyboard")
		}
		typeKeys(t, kb, "zhaosheng", "招生")
		test.Tap(kb.Key(keyboard.KeyNext)) // 完成
		if s.Results() == 0 {
			t.Fatalf("no results for %q: %s", s.Entry.Text, s.Info())
		}
		s.List().List.Select(0)
		doc := current[*ui.DocumentScreen](t, k.app)
		if d := doc.Document(); d == nil || !strings.Contains(d.Title+strings.Join(d.Keywords, ""), "招生") {
			t.Errorf("the first result opened %+v", d)
		}
		if doc.PrintButton != nil {
			t.Error("a print button although [printer] allow_document_print is off")
		}
		k.app.Home()
	})

	t.Run("application to outbox, printer and hub", func(t *testing.T) {
		k.t = t
		k.fillApplication()
		r := current[*forms.ReceiptScreen](t, k.app)
		qr := receiptQR(t, k.printer.Job(t))
		u, err := url.Parse(qr)
		if err != nil || !strings.HasPrefix(qr, publicURL+"/s/") {
			t.Fatalf("receipt QR %q is not a status URL under %s", qr, publicURL)
		}
		trk, code := strings.TrimPrefix(u.Path, "/s/"), u.Query().Get("c")
		entries, err := k.svc.Outbox.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var e outbox.Entry
		for _, x := range entries {
			if strings.ReplaceAll(x.Tracking, "-", "") == trk {
				e = x
			}
		}
		if e.Tracking == "" || e.Kind != protocol.KindApplication {
			t.Fatalf("the receipt's tracking number %s is not in the outbox: %+v", trk, entries)
		}
		if want := receipt.StatusURL(publicURL, e.Tracking, code); qr != want {
			t.Errorf("QR %q, want %q", qr, want)
		}
		if _, err := k.svc.Outbox.Lookup(context.Background(), e.Tracking, code); err != nil {
			t.Errorf("the receipt's verification code does not look up: %v", err)
		}
		k.waitFor("the receipt screen to say it printed", func() bool { return strings.Contains(r.PrintStatus(), "已打印") })
		k.waitFor("the upload", func() bool {
			st, err := k.svc.Outbox.Status(context.Background(), e.Tracking)
			return err == nil && st.Queue == outbox.StateSent
		})
		var listed []map[string]any
		if err := json.Unmarshal([]byte(mustRun(t, hubMain, "submissions", "--data", hub.dir, "--json")), &listed); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(listed); !strings.Contains(got, e.Tracking) || !strings.Contains(got, "张三") {
			t.Errorf("the hub does not hold the application %s with its name: %s", e.Tracking, got)
		}
		k.app.Home()
	})

	t.Run("呼叫工作人员 reaches the hub", func(t *testing.T) {
		k.t = t
		test.Tap(k.app.Tile(ui.TileApply))
		k.tap(submission.ApplicantCitizen)
		k.tap("下一步")
		k.tap("呼叫工作人员")
		k.waitFor("the hub to have the call", func() bool { return k.findButton("已通知现场及后台工作人员") != nil })
		if out := mustRun(t, hubMain, "kiosks", "--data", hub.dir); !strings.Contains(out, "访客在“依申请公开·申请人信息”呼叫工作人员") {
			t.Errorf("hub kiosks does not list the call:\n%s", out)
		}
		k.app.Home()
	})

	t.Run("staff gesture, PIN and 立即同步", func(t *testing.T) {
		k.t = t
		const title = "关于举办2026年全县中小学生田径运动会的通知"
		hub.publish(t, title)
		scr := k.signIn()
		if got := k.texts(); strings.Contains(got, "尚未注册") {
			t.Errorf("the staff screen calls an enrolled kiosk unregistered:\n%s", got)
		}
		if got, want := k.texts(), version.Get().String(); !strings.Contains(got, want) || strings.Contains(got, "开发版") {
			t.Errorf("the staff screen does not show the version %s:\n%s", want, got)
		}
		test.Tap(scr.Sync)
		k.waitFor("the new document after 立即同步", func() bool {
			r, err := k.svc.Kiosk.Store.Search(context.Background(), domain.SearchFilter{Query: "田径运动会", Limit: 5})
			return err == nil && r.Total > 0 && r.Hits[0].Title == title
		})
		if got := k.texts(); !strings.Contains(got, "已通知后台立即同步") {
			t.Errorf("the staff screen does not say the sync was started:\n%s", got)
		}
		test.Tap(scr.Quit)
		test.Tap(scr.QuitConfirm)
		if k.quits != 1 {
			t.Errorf("退出程序 quit %d times", k.quits)
		}
	})
}

// signIn opens staff mode as staff do: the long press on the agency name,
// then the staff id and PIN on the pad.
func (k *wired) signIn() *staffui.Screen {
	t := k.t
	t.Helper()
	k.press(staffui.LongPress + 100*time.Millisecond)
	pad := current[*staffui.PINScreen](t, k.app)
	for _, r := range wiredStaffID {
		test.Tap(pad.Keys[string(r)])
	}
	test.Tap(pad.OK)
	for _, r := range wiredPIN {
		test.Tap(pad.Keys[string(r)])
	}
	test.Tap(pad.OK)
	return current[*staffui.Screen](t, k.app)
}

// TestWiredAssistedWithoutPrinter is staff's 代为填写 on a kiosk with no
// receipt printer: the application is queued, the receipt screen tells
// the person to note the numbers, and the receipt is archived all the
// same, so kiosk reprint --out writes it as a PDF for the desk to print.
func TestWiredAssistedWithoutPrinter(t *testing.T) {
	hub := startLoopHub(t, "")
	data := filepath.Join(t.TempDir(), "kiosk")
	hub.enroll(t, data)
	k := startWired(t, data, func(c *config.Config) { c.Printer = config.Default().Printer })
	test.Tap(k.signIn().Assist)
	k.completeApplication()
	r := current[*forms.ReceiptScreen](t, k.app)
	k.waitFor("the receipt screen's print note", func() bool { return strings.Contains(r.PrintStatus(), "未连接回执打印机") })
	entries, err := k.svc.Outbox.List(context.Background())
	if err != nil || len(entries) != 1 {
		t.Fatalf("outbox: %+v, %v", entries, err)
	}
	trk := entries[0].Tracking
	file := filepath.Join(t.TempDir(), "assisted.pdf")
	if _, errs, status := runCLI("reprint", "--data", data, "--out", file, "--format", "pdf", trk); status != 0 {
		t.Fatalf("reprint --out: status %d: %s", status, errs)
	}
	txt := printertest.PDFFileText(t, file)
	for _, s := range []string{trk, "代为填写", "工作人员 " + wiredStaffID, "张*"} {
		if !strings.Contains(txt, s) {
			t.Errorf("the archived receipt lacks %q:\n%s", s, txt)
		}
	}
}

// receiptQR decodes an ESC/POS receipt job (GS v 0 bands) and reads its
// QR code with gozxing at the printed size. The receipt package reads every
// symbol back with gozxing before printing it, so no retry is needed.
func receiptQR(t *testing.T, job []byte) string {
	t.Helper()
	j, err := escpos.Decode(job)
	if err != nil || j.Image == nil {
		t.Fatalf("decode ESC/POS: %v (image %v)", err, j.Image != nil)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(j.Image)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code on the printed receipt: %v", err)
	}
	return res.GetText()
}

// press holds the agency name in the header for d and lets go, as the
// desktop driver delivers a finger.
func (k *wired) press(d time.Duration) {
	k.t.Helper()
	a := k.app.Header().Agency
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(a).AddXY(a.Size().Width/2, a.Size().Height/2)
	var m desktop.Mouseable
	walkShown(k.w.Content(), func(o fyne.CanvasObject) {
		x, ok := o.(desktop.Mouseable)
		if !ok {
			return
		}
		p, s := fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size()
		if at.X >= p.X && at.Y >= p.Y && at.X < p.X+s.Width && at.Y < p.Y+s.Height {
			m = x // the last in drawing order wins, as in the driver
		}
	})
	if m == nil {
		k.t.Fatal("nothing under the agency name takes presses")
	}
	m.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	k.skew.Add(int64(d))
	m.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	if tp, ok := m.(fyne.Tappable); ok {
		tp.Tapped(&fyne.PointEvent{})
	}
}

// TestWiredDemoKiosk is a kiosk nobody has enrolled: it runs every screen
// on the demo catalogue, starts no sync, and its forms tell the visitor
// plainly that it is not connected yet instead of failing obscurely.
func TestWiredDemoKiosk(t *testing.T) {
	k := startWired(t, filepath.Join(t.TempDir(), "demo"))
	if k.svc.Worker != nil {
		t.Error("a sync worker on a kiosk with no hub")
	}
	k.app.RefreshStatus()
	if got := k.app.Header().StateText(); got != "演示数据" {
		t.Errorf("header %q, want 演示数据", got)
	}
	for _, tile := range k.app.Tiles() {
		test.Tap(tile)
		if k.app.Depth() < 2 {
			t.Errorf("tile %s opened nothing", tile.Name)
		}
		if strings.Contains(k.texts(), "即将开放") {
			t.Errorf("tile %s is still 即将开放", tile.Name)
		}
		k.app.Home()
	}
	test.Tap(k.app.Tile(ui.TileApply))
	if got := k.texts(); !strings.Contains(got, submission.ErrNotEnrolled.Message) {
		t.Errorf("the form's first page does not say the kiosk is not connected:\n%s", got)
	}
	k.app.Home()
	k.fillApplication()
	if _, ok := k.app.Current().(*forms.ApplicationScreen); !ok {
		t.Fatalf("an unenrolled kiosk left the form for %q", k.app.Current().Title())
	}
	if got := k.texts(); !strings.Contains(got, submission.ErrNotEnrolled.Message) {
		t.Errorf("the visitor is not told the kiosk is not connected:\n%s", got)
	}
	if n := k.printer.Waiting(); n != 0 {
		t.Errorf("%d receipts printed for a submission that was not taken", n)
	}
	if msg, err := k.svc.syncNow(context.Background()); err == nil || !strings.Contains(domain.ErrorMessage(err), "尚未注册") {
		t.Errorf("立即同步 on a demo kiosk = %q, %v", msg, err)
	}
	// 呼叫工作人员 without a hub: the staff on site, and the visitor is
	// told no more than that.
	k.tap("呼叫工作人员")
	if err := k.svc.callStaff(context.Background(), "依申请公开·签名确认"); !errors.Is(err, client.ErrNotEnrolled) {
		t.Errorf("a call from a kiosk without a hub: %v", err)
	}
	k.settle()
	if k.findButton("已通知现场工作人员") == nil || k.findButton("已通知现场及后台工作人员") != nil {
		t.Errorf("after a call without a hub:\n%s", k.texts())
	}
}

// TestWiredEnrolledWhileRunning enrols the kiosk with `kiosk enroll`
// while the app is up on the demo catalogue: the next form takes the
// submission instead of saying the kiosk is not connected.
func TestWiredEnrolledWhileRunning(t *testing.T) {
	hub := startLoopHub(t, "")
	data := filepath.Join(t.TempDir(), "kiosk")
	k := startWired(t, data)
	if msg := k.svc.unavailable(); msg == "" {
		t.Fatal("an unenrolled kiosk says it can take submissions")
	}
	hub.enroll(t, data)
	if msg := k.svc.unavailable(); msg != "" {
		t.Fatalf("after kiosk enroll the forms still say %q", msg)
	}
	k.fillApplication()
	current[*forms.ReceiptScreen](t, k.app)
	if trk := receiptQR(t, k.printer.Job(t)); !strings.HasPrefix(trk, publicURL) {
		t.Errorf("receipt QR %q", trk)
	}
}

// TestWiredDocumentPrint prints catalogue documents from the document
// view as a visitor, with [printer] allow_document_print on: a document
// over the page limit is refused with the reason; a queue that does not
// exist gives the plain failure message; through real CUPS (cups-pdf, as
// scripts/test-all.sh sets up) the PDF is printed.
func TestWiredDocumentPrint(t *testing.T) {
	const seed = "yjt-2021-12"
	tests := []struct {
		name  string
		queue string
		limit int
		want  string
		cups  bool
	}{
		{"over the page limit", "gongkai-no-such-queue", 1, "超出本机的打印页数上限", false},
		{"queue missing", "gongkai-no-such-queue", 20, "文件打印失败，请联系现场工作人员。", false},
		{"real CUPS", "", 20, "已送往打印机", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			queue, out := tt.queue, ""
			if tt.cups {
				c := reprinttest.NeedCUPSPDF(t)
				queue, out = c.Queue, c.Out
			}
			k := startWired(t, filepath.Join(t.TempDir(), "kiosk"), func(c *config.Config) {
				c.Printer.AllowDocumentPrint, c.Printer.DocumentQueue, c.Printer.DocumentPageLimit = true, queue, tt.limit
			})
			before, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
			doc := ui.NewDocumentScreen(k.app, seed)
			k.app.Push(doc)
			if doc.PrintButton == nil {
				t.Fatal("no print button with allow_document_print on")
			}
			test.Tap(doc.PrintButton)
			k.waitFor("the print to finish", func() bool { return !strings.HasPrefix(doc.PrintMessage(), "正在") })
			if got := doc.PrintMessage(); !strings.Contains(got, tt.want) {
				t.Errorf("message %q, want %q", got, tt.want)
			}
			if tt.cups {
				k.waitFor("cups-pdf's file", func() bool {
					after, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
					return len(after) > len(before)
				})
			}
		})
	}
}
