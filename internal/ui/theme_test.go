package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font/gofont/goregular"

	"gongkai/assets"

	"gongkai/internal/ui/uitest"
)

func TestNewThemeChecksFont(t *testing.T) {
	tests := []struct {
		name string
		ttf  []byte
		ok   bool
	}{
		{"bundled WenQuanYi Micro Hei", assets.FontTTF, true},
		{"empty", nil, false},
		{"garbage", []byte("not a font at all, just some bytes"), false},
		{"truncated", assets.FontTTF[:1000], false},
		{"no Chinese glyphs (Go Regular)", goregular.TTF, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := NewTheme(tt.ttf)
			if tt.ok && (err != nil || th == nil) {
				t.Fatalf("NewTheme: %v", err)
			}
			if !tt.ok && err == nil {
				t.Fatal("NewTheme accepted an unusable font")
			}
		})
	}
}

func TestThemeUsesBundledFontForEveryStyle(t *testing.T) {
	th, err := NewTheme(assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}, {Symbol: true}} {
		if got := th.Font(st).Content(); len(got) != len(assets.FontTTF) {
			t.Errorf("style %+v: font of %d bytes", st, len(got))
		}
	}
}

// TestLargeTextScalesAllText steps 大字模式 through 1.5× and 2× on the
// home screen, a document and search results with the nav bar's button,
// and checks every piece of text on screen grew by the step's scale, and
// came back to its size after the last step.
func TestLargeTextScalesAllText(t *testing.T) {
	for _, screen := range []string{"home", "document", "search"} {
		t.Run(screen, func(t *testing.T) {
			a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
			a.RefreshStatus()
			switch screen {
			case "document":
				a.Push(NewDocumentScreen(a, "yjt-2021-12"))
			case "search":
				s := NewSearchScreen(a)
				a.Push(s)
				s.SetQuery("招生")
			}
			before := texts(w)
			if len(before) < 5 {
				t.Fatalf("only %d texts on screen", len(before))
			}
			for _, step := range []TextStep{TextLarge, TextLarger} {
				tapOn(w, a.nav.large)
				if a.TextStep() != step {
					t.Fatalf("the button gave step %v, want %v", a.TextStep(), step)
				}
				scale := step.Scale()
				after := texts(w)
				compared := 0
				for text, size := range before {
					big, ok := after[text]
					if !ok {
						continue // re-wrapped into other lines
					}
					compared++
					if big < size*scale {
						t.Errorf("%s: %q: %v -> %v, less than ×%v", step.Name(), text, size, big, scale)
					}
				}
				if compared < 5 {
					t.Errorf("%s: only %d of %d texts found again", step.Name(), compared, len(before))
				}
				// Wrapped paragraphs break into other lines at the new size,
				// so check the sizes as a set too: every size now on screen
				// must be a scaled-up size from before (key captions stop
				// growing at their own cap).
				scaled := map[float32]bool{}
				for _, size := range before {
					scaled[size*scale] = true
				}
				for text, size := range after {
					if !scaled[size] {
						t.Errorf("%s: %q is %v, not a scaled-up size", step.Name(), text, size)
					}
				}
			}
			tapOn(w, a.nav.large)
			if a.TextStep() != TextNormal {
				t.Fatalf("the third tap left step %v", a.TextStep())
			}
			for text, size := range texts(w) {
				if old, ok := before[text]; ok && old != size {
					t.Errorf("%q: %v after turning 大字模式 off, was %v", text, size, old)
				}
			}
		})
	}
}

// TestControlsAreFingerSized checks every control on each screen is at
// least 48 units high (48 px at 1080p, where Fyne's scale is 1).
func TestControlsAreFingerSized(t *testing.T) {
	screens := map[string]func(a *App){
		"home":     func(a *App) {},
		"category": func(a *App) { a.Push(NewCategoryScreen(a, nil)) },
		"list": func(a *App) {
			roots, _ := a.Catalogue().Categories(t.Context())
			a.OpenCategory(findCategoryByName(roots, "政策性文件"), nil)
		},
		"document": func(a *App) { a.Push(NewDocumentScreen(a, "yjt-2021-12")) },
		"search": func(a *App) {
			s := NewSearchScreen(a)
			a.Push(s)
			s.SetQuery("教育")
		},
		"consultations": func(a *App) { a.Push(NewConsultationsScreen(a)) },
		"coming soon":   func(a *App) { a.Push(NewComingSoonScreen(a, TileApply, "x")) },
	}
	for name, open := range screens {
		for _, large := range []bool{false, true} {
			t.Run(name, func(t *testing.T) {
				a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
				open(a)
				a.SetLargeText(large)
				n := 0
				visible(w.Content(), func(o fyne.CanvasObject) {
					switch o.(type) {
					case *widget.Button, *widget.Select, *widget.Entry, *Tile, *LinkRow, *categoryRowView, *docRow:
					default:
						return
					}
					n++
					if h := o.Size().Height; h < 48 {
						t.Errorf("%T at %v is %v high", o, fyne.CurrentApp().Driver().AbsolutePositionForObject(o), h)
					}
				})
				if n < 3 {
					t.Errorf("only %d controls found", n)
				}
			})
		}
	}
}

// TestSelectMenuItemsAreFingerSized opens a filter's menu: its entries
// are controls too.
func TestSelectMenuItemsAreFingerSized(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	s := NewSearchScreen(a)
	a.Push(s)
	a.Keyboard().Hide() // the filters show with the keyboard put away
	tapOn(w, s.Year)
	menu := w.Canvas().Overlays().Top()
	if menu == nil {
		t.Fatal("no menu opened")
	}
	n := 0
	visible(menu, func(o fyne.CanvasObject) {
		if _, ok := o.(fyne.Tappable); ok && o.Size().Height < 300 {
			n++
			if h := o.Size().Height; h < 48 {
				t.Errorf("menu item %T is %v high", o, h)
			}
		}
	})
	if n < 2 {
		t.Errorf("only %d menu items found", n)
	}
	_ = theme.Padding
	test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
}
