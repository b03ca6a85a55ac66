package ui

import (
	"errors"
	"fmt"
	"image/color"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// LargeTextScale and LargerTextScale are how much the two large-text
// steps (大字 and 特大字) enlarge every text size (and the icons that sit in
// lines of text).
const (
	LargeTextScale  = 1.5
	LargerTextScale = 2
)

// TextStep is the visitor's text size: normal, 大字 (1.5×) or 特大字 (2×).
type TextStep int

// The text steps, in the order the 大字模式 button cycles through them.
const (
	TextNormal TextStep = iota
	TextLarge
	TextLarger
)

// TextSteps lists every step, for tests and tours that try them all.
var TextSteps = []TextStep{TextNormal, TextLarge, TextLarger}

// Scale returns how much the step enlarges text.
func (s TextStep) Scale() float32 {
	switch s {
	case TextLarge:
		return LargeTextScale
	case TextLarger:
		return LargerTextScale
	}
	return 1
}

// Name is the step's name as the 大字模式 button says it.
func (s TextStep) Name() string {
	switch s {
	case TextLarge:
		return "大字"
	case TextLarger:
		return "特大字"
	}
	return "标准字"
}

// Size and colour names the kiosk adds to Fyne's. Screens use them through
// widget styles so that a theme change (大字模式) reaches them too.
const (
	SizeNameAgency   fyne.ThemeSizeName = "gk.agency"   // agency name in the header
	SizeNameTile     fyne.ThemeSizeName = "gk.tile"     // home tile label
	SizeNameTileIcon fyne.ThemeSizeName = "gk.tileIcon" // home tile icon

	ColorNameHeader   fyne.ThemeColorName = "gk.header"   // header band (deep red)
	ColorNameOnHeader fyne.ThemeColorName = "gk.onHeader" // text on the header band
	ColorNameTile     fyne.ThemeColorName = "gk.tile"     // home tile background
	ColorNameHit      fyne.ThemeColorName = "gk.hit"      // matched text in search snippets
	ColorNameBadge    fyne.ThemeColorName = "gk.badge"    // neutral badge (示例)
	ColorNameNotice   fyne.ThemeColorName = "gk.notice"   // staff banner background
	ColorNameMuted    fyne.ThemeColorName = "gk.muted"    // secondary text, still high contrast
	ColorNameKeyCell  fyne.ThemeColorName = "gk.keyCell"  // metadata key column and table header
)

// Theme is the kiosk's look: the bundled Simplified Chinese font for every
// text style, large touch-friendly sizes and a calm, high-contrast
// government palette.
//
// 大字模式 and 高对比度 are switches inside the theme (SetTextStep,
// SetHighContrast) rather than new themes: setting a theme on the app
// makes Fyne drop its font cache and parse the 4.6 MB font again, which
// takes a visible moment on every toggle. The App refreshes the window
// after flipping a switch.
type Theme struct {
	font     fyne.Resource
	step     atomic.Int32
	contrast atomic.Bool
}

// NewTheme checks that ttf is a usable single-face TrueType/OpenType font
// with Simplified Chinese glyphs and Latin digits and returns a theme that
// draws all text with it. The kiosk refuses to start when this fails,
// because Fyne would otherwise fall back to boxes or Japanese glyph forms.
func NewTheme(ttf []byte) (*Theme, error) {
	if err := checkFont(ttf); err != nil {
		return nil, err
	}
	return &Theme{font: fyne.NewStaticResource("wqy-microhei.ttf", ttf)}, nil
}

func checkFont(ttf []byte) error {
	if len(ttf) == 0 {
		return errors.New("font data is empty")
	}
	f, err := sfnt.Parse(ttf) // rejects .ttc collections, which crash Fyne 2.7.1
	if err != nil {
		return fmt.Errorf("parse font: %w", err)
	}
	var buf sfnt.Buffer
	for _, r := range "政务公开0A" {
		if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
			return fmt.Errorf("font has no glyph for %q", r)
		}
	}
	return nil
}

// SetTextStep sets the text size. Widgets pick the new sizes up when they
// are next refreshed.
func (t *Theme) SetTextStep(s TextStep) { t.step.Store(int32(s)) }

// TextStep returns the text size.
func (t *Theme) TextStep() TextStep { return TextStep(t.step.Load()) }

// SetLargeText sets 大字 (on) or the normal size (off).
func (t *Theme) SetLargeText(on bool) {
	if on {
		t.SetTextStep(TextLarge)
	} else {
		t.SetTextStep(TextNormal)
	}
}

// LargeText reports whether a large-text step is on.
func (t *Theme) LargeText() bool { return t.TextStep() != TextNormal }

// SetHighContrast turns the 高对比度 palette on or off.
func (t *Theme) SetHighContrast(on bool) { t.contrast.Store(on) }

// HighContrast reports whether the 高对比度 palette is on.
func (t *Theme) HighContrast() bool { return t.contrast.Load() }

// Font returns the bundled font for every style: it has one face, and a
// missing bold is better than a missing glyph.
func (t *Theme) Font(fyne.TextStyle) fyne.Resource { return t.font }

// Icon returns Fyne's default icons, recoloured by the theme's colours.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Color returns the kiosk palette, or the 高对比度 one. There is no dark
// variant: a public terminal does not follow a desktop's dark mode.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	p := standardPalette
	if t.contrast.Load() {
		p = contrastPalette
	}
	if c, ok := p[n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Size returns touch-sized metrics. Text sizes (and inline icons) are
// multiplied by the text step's scale; paddings stay, so that more text
// fits on a screen.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	k := t.TextStep().Scale()
	switch n {
	case theme.SizeNameText:
		return 22 * k
	case theme.SizeNameHeadingText:
		return 32 * k
	case theme.SizeNameSubHeadingText:
		return 26 * k
	case theme.SizeNameCaptionText:
		return 18 * k
	case theme.SizeNameInlineIcon:
		return 28 * k
	case SizeNameAgency:
		return 30 * k
	case SizeNameTile:
		return 30 * k
	case SizeNameTileIcon:
		return 56 * k
	case SizeNameCountdown:
		return 120 * min(k, LargeTextScale) // already large: 180 at most, so the card fits a short screen
	case theme.SizeNamePadding:
		return 6
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNameLineSpacing:
		return 6
	case theme.SizeNameScrollBar:
		return 14
	case theme.SizeNameScrollBarSmall:
		return 6
	case theme.SizeNameSeparatorThickness:
		return 1
	case theme.SizeNameInputBorder:
		return 2
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return theme.DefaultTheme().Size(n)
}
