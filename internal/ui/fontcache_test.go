package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/assets"
)

// TestShareFonts checks that after shareFonts every text style Fyne
// looks up finds the one face parsed from the bundled font, that text
// measures the same in all of them, and that a settings change (which
// clears Fyne's caches) shares it again. It fails when a Fyne upgrade
// changes the cache shareFonts reaches into.
func TestShareFonts(t *testing.T) {
	a := test.NewTempApp(t)
	th, err := NewTheme(assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	a.Settings().SetTheme(th)
	if !shareFonts(th.font) {
		t.Fatal("Fyne's font cache is not what shareFonts expects: the bundled font would be parsed per text style")
	}
	keepFontsShared(th.font)
	face, _ := customFace(th.font)
	check := func(when string) {
		t.Helper()
		styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Underline: true}, {Symbol: true}}
		want := fyne.MeasureText("政务公开 2021", 22, fyne.TextStyle{})
		for _, st := range styles {
			if got := fyne.MeasureText("政务公开 2021", 22, st); got != want {
				t.Errorf("%s: %+v measures %v, regular %v", when, st, got, want)
			}
		}
		w := test.NewTempWindow(t, widget.NewButton("打印本文件", func() {})) // button labels are bold
		w.Resize(fyne.NewSize(300, 100))
		n := 0
		styleCacheEach(func(key, f any) bool {
			st, scope, ok := styleKey(key)
			if !ok {
				t.Fatalf("%s: style cache key %#v", when, key)
			}
			if scope != "" {
				return true
			}
			n++
			if f != face {
				t.Errorf("%s: style %+v has a face of its own", when, st)
			}
			return true
		})
		if n < len(styles) {
			t.Errorf("%s: %d text styles in the cache", when, n)
		}
	}
	check("shared")
	a.Settings().SetTheme(th) // Fyne clears its font caches
	if f, ok := customFace(th.font); !ok {
		t.Fatal("custom face not parsed again")
	} else {
		face = f
	}
	check("after a settings change")
}
