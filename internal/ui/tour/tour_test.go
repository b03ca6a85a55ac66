package tour

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/layoutcheck"
	"gongkai/internal/ui/uitest"
)

// testStart is a Monday when the demo consultation is open and the demo
// events are ahead (as in the forms' tests).
var testStart = time.Date(2026, 11, 16, 9, 30, 0, 0, calendar.Beijing)

// newGuide builds the kiosk UI with the forms in a headless window.
func newGuide(t *testing.T, size fyne.Size) (*Guide, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	clk := &uitest.Clock{T: testStart}
	app := ui.New(ui.Deps{Catalogue: uitest.MustCatalogue(t, 0), Config: config.Default(), Now: clk.Now,
		Logf: func(string, ...any) {}, Speaker: silent{}})
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	app.Build(w)
	w.Resize(size)
	forms.Install(app, forms.Deps{
		Lookup: func(context.Context, string, string) (forms.StatusView, error) {
			return forms.StatusView{}, &domain.Error{Code: domain.ENOTFOUND, Message: "未找到"}
		},
		// As on a kiosk not yet enrolled (the real-window tour's): every
		// form carries the banner that says so, and must still fit.
		Unavailable: func() string {
			return "本机尚未接入信息公开中心，暂不能受理提交，请联系工作人员"
		},
	})
	return &Guide{App: app, Receipt: SampleReceipt(testStart)}, w
}

// check returns the layout faults of the window: the page and, when
// shown, the countdown or a pop-up, each on its own.
func check(a *ui.App, w fyne.Window) []layoutcheck.Problem {
	size := w.Canvas().Size()
	var out []layoutcheck.Problem
	for _, layer := range a.Layers() {
		out = append(out, layoutcheck.Check(layer, size)...)
	}
	return out
}

type display struct {
	step     ui.TextStep
	contrast bool
}

// displays are the text steps and palettes each screen is checked in.
// The palette does not change a layout, so by default 高对比度 is checked
// at the largest step only; GONGKAI_LAYOUT_FULL=1 checks every pair.
func displays() []display {
	var out []display
	for _, step := range ui.TextSteps {
		out = append(out, display{step, false})
		if os.Getenv("GONGKAI_LAYOUT_FULL") != "" || step == ui.TextLarger {
			out = append(out, display{step, true})
		}
	}
	return out
}

// TestLayoutsHold opens every screen at the four kiosk screen sizes, in
// every text step and both palettes, and fails on anything drawn outside
// the window, texts over each other or cut, squeezed buttons, or a window
// content asking for more than the window (which makes Fyne grow a
// full-screen window past the screen).
func TestLayoutsHold(t *testing.T) {
	for _, size := range Sizes {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			g, w := newGuide(t, size)
			fresh := homeRects(g.App)
			for _, stop := range g.Stops() {
				if err := g.Go(stop); err != nil {
					t.Error(err)
					continue
				}
				for _, d := range displays() {
					g.App.SetTextStep(d.step)
					g.App.SetHighContrast(d.contrast)
					where := fmt.Sprintf("%s, %s, contrast %v", stop.Name, d.step.Name(), d.contrast)
					if m := w.Content().MinSize(); m.Width > size.Width || m.Height > size.Height {
						t.Errorf("%s: the window's content asks for %v", where, m)
					}
					for _, p := range check(g.App, w) {
						t.Errorf("%s: %s", where, p)
					}
					for _, p := range g.FirstAnswerInView() {
						t.Errorf("%s: %s", where, p)
					}
					if err := g.TypingInView(); err != nil {
						t.Errorf("%s: %v", where, err)
					}
				}
				// The idle reset gives the next visitor the kiosk as it
				// started: the layout too, not only the text size.
				g.App.ResetSession()
				if g.App.TextStep() != ui.TextNormal || g.App.HighContrast() {
					t.Errorf("%s: the idle reset left step %v, contrast %v", stop.Name, g.App.TextStep(), g.App.HighContrast())
				}
				if got := homeRects(g.App); got != fresh {
					t.Errorf("%s: after the idle reset the home screen is laid out\n%s\nnot as at start\n%s", stop.Name, got, fresh)
				}
				for _, p := range check(g.App, w) {
					t.Errorf("%s, after the idle reset: %s", stop.Name, p)
				}
			}
		})
	}
}

// homeRects describes where the home screen's tiles and the nav bar's
// buttons are.
func homeRects(a *ui.App) string {
	d := fyne.CurrentApp().Driver()
	out := ""
	for _, t := range a.Tiles() {
		p := d.AbsolutePositionForObject(t)
		out += fmt.Sprintf("%s %.0f,%.0f %.0fx%.0f; ", t.Name, p.X, p.Y, t.Size().Width, t.Size().Height)
	}
	return out
}

// silent is a speaker that says nothing: the header shows its button, as
// on a kiosk with speech.
type silent struct{}

func (silent) Speak([]string)  {}
func (silent) Stop()           {}
func (silent) Problem() string { return "" }
