package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gongkai/assets"
	"gongkai/internal/ui/uitest"
)

// textPairs are the text colours of the kiosk with the backgrounds each
// is drawn on: Fyne's widgets (a medium button's text on the button
// colour, a high-importance button's on the primary colour, an entry's
// text and placeholder on the input background, a selection) and the
// kiosk's own (the header band, tiles, badges, key cells, notices).
var textPairs = []struct {
	text fyne.ThemeColorName
	on   []fyne.ThemeColorName
}{
	{theme.ColorNameForeground, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground,
		theme.ColorNameButton, theme.ColorNameHeaderBackground, ColorNameKeyCell, ColorNameNotice,
		theme.ColorNameSelection, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground}},
	{ColorNameMuted, []fyne.ThemeColorName{theme.ColorNameBackground, ColorNameKeyCell, theme.ColorNameHeaderBackground}},
	{theme.ColorNamePlaceHolder, []fyne.ThemeColorName{theme.ColorNameInputBackground}},
	{theme.ColorNamePrimary, []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameButton, ColorNameKeyCell}},
	{theme.ColorNameHyperlink, []fyne.ThemeColorName{theme.ColorNameBackground}},
	{theme.ColorNameError, []fyne.ThemeColorName{theme.ColorNameBackground, ColorNameKeyCell}},
	{ColorNameHit, []fyne.ThemeColorName{theme.ColorNameBackground}},
	{theme.ColorNameSuccess, []fyne.ThemeColorName{theme.ColorNameBackground, ColorNameKeyCell}},
	{theme.ColorNameWarning, []fyne.ThemeColorName{theme.ColorNameBackground}},
	{ColorNameOnHeader, []fyne.ThemeColorName{ColorNameHeader, ColorNameTile}},
	{theme.ColorNameForegroundOnPrimary, []fyne.ThemeColorName{theme.ColorNamePrimary, ColorNameBadge, theme.ColorNameError}},
	{theme.ColorNameForegroundOnError, []fyne.ThemeColorName{theme.ColorNameError}},
	{theme.ColorNameForegroundOnSuccess, []fyne.ThemeColorName{theme.ColorNameSuccess}},
	{theme.ColorNameForegroundOnWarning, []fyne.ThemeColorName{theme.ColorNameWarning}},
	{theme.ColorNameDisabled, []fyne.ThemeColorName{theme.ColorNameDisabledButton, theme.ColorNameBackground}},
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestContrastRatioMatchesWCAG(t *testing.T) {
	black, white := color.NRGBA{A: 0xFF}, color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	if got := contrast(black, white); math.Abs(got-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", got)
	}
	grey := color.NRGBA{R: 0x76, G: 0x76, B: 0x76, A: 0xFF} // the classic 4.54:1 grey
	if got := contrast(grey, white); math.Abs(got-4.54) > 0.01 {
		t.Errorf("#767676 on white = %.2f, want 4.54", got)
	}
}

// TestHighContrastTextReaches7To1 checks every text colour of 高对比度 on
// every background it is drawn on (WCAG AAA, 7:1), and the standard
// palette at 4.5:1 (AA; disabled text is exempt there, as WCAG says).
func TestHighContrastTextReaches7To1(t *testing.T) {
	th, err := NewTheme(assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		contrast bool
		min      float64
	}{{"高对比度", true, 7}, {"standard", false, 4.5}} {
		t.Run(tt.name, func(t *testing.T) {
			th.SetHighContrast(tt.contrast)
			n := 0
			for _, p := range textPairs {
				if !tt.contrast && p.text == theme.ColorNameDisabled {
					continue
				}
				fg := th.Color(p.text, theme.VariantLight)
				for _, bg := range p.on {
					b := th.Color(bg, theme.VariantLight)
					if _, _, _, a := b.RGBA(); a != 0xFFFF {
						t.Errorf("background %s is not opaque", bg)
						continue
					}
					n++
					if r := contrast(fg, b); r < tt.min {
						t.Errorf("%s on %s: %.2f:1, want ≥ %.1f:1", p.text, bg, r, tt.min)
					}
				}
			}
			if n < 30 {
				t.Errorf("only %d pairs checked", n)
			}
		})
	}
}

// TestHighContrastSwitchesEveryColour checks that 高对比度 changes the
// colours every screen paints with (a name missing from the palette
// would fall back to Fyne's default and stay the same).
func TestHighContrastSwitchesEveryColour(t *testing.T) {
	for name := range standardPalette {
		if _, ok := contrastPalette[name]; !ok {
			t.Errorf("高对比度 has no %s", name)
		}
	}
	for name := range contrastPalette {
		if _, ok := standardPalette[name]; !ok {
			t.Errorf("the standard palette has no %s", name)
		}
	}
}

// TestPlaceholderIsNotTypedText checks an example in an empty field
// cannot be taken for text already typed (issue 13: the 文号 example
// looked typed): in both palettes the placeholder is readable on the
// field and clearly lighter or darker than typed text.
func TestPlaceholderIsNotTypedText(t *testing.T) {
	th, err := NewTheme(assets.FontTTF)
	if err != nil {
		t.Fatal(err)
	}
	for _, hc := range []bool{false, true} {
		th.SetHighContrast(hc)
		ph := th.Color(theme.ColorNamePlaceHolder, theme.VariantLight)
		typed := th.Color(theme.ColorNameForeground, theme.VariantLight)
		if r := contrast(ph, typed); r < 2 {
			t.Errorf("contrast %v: placeholder vs typed text %.2f:1, want ≥ 2:1", hc, r)
		}
	}
}

// TestContrastButtonRepaintsAndResets taps 高对比度 in the nav bar: the
// header band, the tiles and the page repaint in the contrast palette at
// once, and the idle reset gives the next visitor the standard one.
func TestContrastButtonRepaintsAndResets(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
	tapOn(w, a.nav.contrast)
	if !a.HighContrast() {
		t.Fatal("the button did not turn 高对比度 on")
	}
	fills := map[fyne.ThemeColorName]color.Color{}
	for _, f := range find[*Fill](w) {
		fills[f.ColorName] = f.rect.FillColor
	}
	if got, want := fills[ColorNameHeader], contrastPalette[ColorNameHeader]; got != want {
		t.Errorf("header band %v in 高对比度, want %v", got, want)
	}
	for _, tile := range a.Tiles() {
		if got := tile.r.bg.FillColor; got != contrastPalette[ColorNameTile] {
			t.Errorf("tile %s painted %v", tile.Name, got)
		}
	}
	a.ResetSession()
	if a.HighContrast() {
		t.Fatal("高对比度 survived the idle reset")
	}
	for _, f := range find[*Fill](w) {
		if f.ColorName == ColorNameHeader && f.rect.FillColor != standardPalette[ColorNameHeader] {
			t.Errorf("header band %v after the reset", f.rect.FillColor)
		}
	}
}
