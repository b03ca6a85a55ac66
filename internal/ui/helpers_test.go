package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/config"
	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

// testStart is the fixed clock of UI tests: a Monday morning, so the
// header and the golden images are stable.
var testStart = time.Date(2026, 3, 16, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// newTestApp builds the kiosk UI in a headless test window of size.
func newTestApp(t *testing.T, cat domain.CatalogueService, size fyne.Size) (*App, fyne.Window, *uitest.Clock) {
	t.Helper()
	test.NewTempApp(t)
	return newTestAppWith(t, cat, size, nil)
}

// newTestAppWith is newTestApp with a speaker, in the test app already
// made.
func newTestAppWith(t *testing.T, cat domain.CatalogueService, size fyne.Size, sp Speaker) (*App, fyne.Window, *uitest.Clock) {
	t.Helper()
	clk := &uitest.Clock{T: testStart}
	a := New(Deps{Catalogue: cat, Config: config.Default(), Now: clk.Now, Logf: t.Logf, Speaker: sp})
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	a.Build(w)
	w.Resize(size)
	return a, w, clk
}

var hd = fyne.NewSize(1920, 1080)
var small = fyne.NewSize(1280, 800)

// visible walks the visible objects under o, depth first.
func visible(o fyne.CanvasObject, fn func(fyne.CanvasObject)) { uitest.WalkVisible(o, fn) }

// find returns the visible objects of type T in w.
func find[T fyne.CanvasObject](w fyne.Window) []T {
	var out []T
	visible(w.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(T); ok {
			out = append(out, x)
		}
	})
	return out
}

// texts returns every visible canvas.Text in w with its size.
func texts(w fyne.Window) map[string]float32 {
	out := map[string]float32{}
	for _, t := range find[*canvas.Text](w) {
		if t.Text != "" {
			out[t.Text] = t.TextSize
		}
	}
	return out
}

// center returns the absolute position of o's centre in its canvas.
func center(o fyne.CanvasObject) fyne.Position {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

// tapOn taps the canvas where o is, as a finger would: the tap goes to
// whatever is on top there (so it checks that drag layers let taps through).
func tapOn(w fyne.Window, o fyne.CanvasObject) {
	test.TapCanvas(w.Canvas(), center(o))
}

// categoryRow returns the visible category row labelled name.
func categoryRowNamed(t *testing.T, w fyne.Window, name string) *categoryRowView {
	t.Helper()
	for _, r := range find[*categoryRowView](w) {
		if PlainText(r.name) == name {
			return r
		}
	}
	t.Fatalf("no visible category row %q", name)
	return nil
}

// docRows returns the visible document rows.
func docRows(w fyne.Window) []*docRow { return find[*docRow](w) }

func current[T Screen](t *testing.T, a *App) T {
	t.Helper()
	return uitest.Showing[T](t, a.Current())
}
