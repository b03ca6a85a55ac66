package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

func TestIdleStateMachine(t *testing.T) {
	t0 := testStart
	type step struct {
		at        time.Duration // since t0
		touch     bool
		phase     IdlePhase
		left      int
		cancelled bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"untouched kiosk never counts down", []step{
			{at: 0}, {at: time.Hour, phase: IdleActive},
		}},
		{"counts down after idle time, then expires", []step{
			{at: 0, touch: true},
			{at: 119 * time.Second, phase: IdleActive},
			{at: 120 * time.Second, phase: IdleCounting, left: 10},
			{at: 120*time.Second + 500*time.Millisecond, phase: IdleCounting, left: 10},
			{at: 121 * time.Second, phase: IdleCounting, left: 9},
			{at: 129 * time.Second, phase: IdleCounting, left: 1},
			{at: 130 * time.Second, phase: IdleExpired},
		}},
		{"a touch during the countdown cancels it", []step{
			{at: 0, touch: true},
			{at: 120 * time.Second, phase: IdleCounting, left: 10},
			{at: 125 * time.Second, phase: IdleCounting, left: 5},
			{at: 126 * time.Second, touch: true, cancelled: true},
			{at: 200 * time.Second, phase: IdleActive},
			{at: 246 * time.Second, phase: IdleCounting, left: 10},
		}},
		{"activity keeps it awake", []step{
			{at: 0, touch: true},
			{at: 100 * time.Second, touch: true},
			{at: 200 * time.Second, touch: true},
			{at: 300 * time.Second, phase: IdleActive},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := &Idle{After: 120 * time.Second, Countdown: 10 * time.Second}
			i.Reset(t0)
			for _, s := range tt.steps {
				now := t0.Add(s.at)
				if s.touch {
					if got := i.Activity(now); got != s.cancelled {
						t.Errorf("at %s: Activity cancelled = %v, want %v", s.at, got, s.cancelled)
					}
					continue
				}
				phase, left := i.Tick(now)
				if phase != s.phase || left != s.left {
					t.Errorf("at %s: Tick = %d, %d; want %d, %d", s.at, phase, left, s.phase, s.left)
				}
			}
		})
	}
}

func TestIdleResetClearsTypedSearch(t *testing.T) {
	a, w, clk := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.Tile(TileSearch))
	s := current[*SearchScreen](t, a)
	test.Type(s.Entry, "招生")
	tapOn(w, s.Button)
	if s.Results() == 0 {
		t.Fatal("no results for 招生")
	}
	tapOn(w, docRows(w)[0])
	doc := current[*DocumentScreen](t, a)
	a.SetLargeText(true)

	clk.Advance(119 * time.Second)
	a.Tick()
	if a.overlay.Visible() {
		t.Fatal("countdown before the idle time")
	}
	clk.Advance(time.Second)
	a.Tick()
	if !a.overlay.Visible() || !strings.HasPrefix(a.overlay.Message(), "10 秒后") {
		t.Fatalf("countdown not shown at 120 s: visible %v, %q", a.overlay.Visible(), a.overlay.Message())
	}
	clk.Advance(5 * time.Second)
	a.Tick()
	if !strings.HasPrefix(a.overlay.Message(), "5 秒后") {
		t.Errorf("countdown text at 125 s = %q", a.overlay.Message())
	}
	clk.Advance(5 * time.Second)
	a.Tick()

	if a.overlay.Visible() {
		t.Error("overlay still visible after the reset")
	}
	if a.Depth() != 1 {
		t.Fatalf("idle reset left %d screens", a.Depth())
	}
	if s.Entry.Text != "" || s.Results() != 0 {
		t.Errorf("the dropped search screen still holds %q and %d results", s.Entry.Text, s.Results())
	}
	if doc.Document() != nil {
		t.Error("the dropped document screen still holds its document")
	}
	if a.LargeText() {
		t.Error("大字模式 survived the reset")
	}
	tapOn(w, a.Tile(TileSearch))
	if got := current[*SearchScreen](t, a).Entry.Text; got != "" {
		t.Errorf("the next visitor's search starts with %q", got)
	}
	for _, e := range find[*widget.Entry](w) {
		if e.Text != "" {
			t.Errorf("a visible entry holds %q after reset", e.Text)
		}
	}
}

func TestAnyTouchCancelsCountdown(t *testing.T) {
	a, w, clk := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.Tile(TileBrowse))
	clk.Advance(121 * time.Second)
	a.Tick()
	if !a.overlay.Visible() {
		t.Fatal("no countdown")
	}
	// A tap where a category row lies under the overlay: it must only
	// cancel the countdown, not open the row.
	test.TapCanvas(w.Canvas(), fyne.NewPos(600, 500))
	if a.overlay.Visible() {
		t.Fatal("a tap did not cancel the countdown")
	}
	if a.Depth() != 2 {
		t.Errorf("the cancelling tap reached the screen underneath (depth %d)", a.Depth())
	}
	clk.Advance(20 * time.Second)
	a.Tick()
	if a.Depth() != 2 || a.overlay.Visible() {
		t.Error("the session was reset although the visitor came back")
	}

	clk.Advance(120 * time.Second)
	a.Tick()
	test.Drag(w.Canvas(), fyne.NewPos(600, 500), 0, -50)
	if a.overlay.Visible() {
		t.Error("a drag did not cancel the countdown")
	}
}

func TestHandlersReportActivity(t *testing.T) {
	a, w, clk := newTestApp(t, uitest.MustCatalogue(t, 100), hd)
	// Each step happens 100 s after the previous one and the clock is
	// checked just before the next: had the step not reported activity,
	// 200 s would have passed and the countdown would be showing.
	check := func(step string) {
		t.Helper()
		clk.Advance(100 * time.Second)
		a.Tick()
		if a.overlay.Visible() {
			t.Fatalf("%s did not report activity", step)
		}
		clk.Advance(100 * time.Second)
	}
	tapOn(w, a.Tile(TileBrowse))
	check("a tile tap")
	tapOn(w, categoryRowNamed(t, w, "政策法规"))
	check("a list row tap")
	a.Push(NewDocumentListScreen(a, &domain.CategoryNode{Category: domain.Category{ID: uitest.BigID, Name: "海量文件测试"}}, nil))
	test.Drag(w.Canvas(), fyne.NewPos(900, 600), 0, -100)
	check("a drag on a list")
	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	test.Drag(w.Canvas(), fyne.NewPos(900, 600), 0, -100)
	check("a drag on a document")
	s := NewSearchScreen(a)
	a.Push(s)
	test.Type(s.Entry, "招")
	check("typing")
	s.Year.SetSelected("2021年")
	check("a filter choice")
	tapOn(w, a.nav.large)
	check("the 大字模式 toggle")
	tapOn(w, a.nav.back)
	check("返回")
	tapOn(w, a.Header().Agency)
	check("a tap on the agency name")
}

// TestCountdownIsLarge checks the idle countdown can be read from a step
// away (issue 13: it was a 400×250 dialog in body text): its card takes
// most of a small screen's width and its seconds are far larger than body
// text, in every text step.
func TestCountdownIsLarge(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), small)
	for _, step := range TextSteps {
		a.SetTextStep(step)
		a.ShowCountdown(9)
		body := theme.Size(theme.SizeNameText)
		var secs float32
		for _, tx := range find[*canvas.Text](w) {
			if tx.Text == "9 秒" {
				secs = tx.TextSize
			}
		}
		if secs < 2*body && secs < 100 {
			t.Errorf("%s: the seconds are %v, body text %v", step.Name(), secs, body)
		}
		var widest float32
		visible(a.overlay, func(o fyne.CanvasObject) {
			if f, ok := o.(*Fill); ok {
				widest = max(widest, f.Size().Width)
			}
		})
		if widest < 0.6*small.Width {
			t.Errorf("%s: the countdown card is %.0f wide on a %.0f screen", step.Name(), widest, small.Width)
		}
	}
}
