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

// LargeTextScale is how much 大字模式 enlarges every text size (and the
// icons that sit in lines of text).
const LargeTextScale = 1.5

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
// 大字模式 is a switch inside the theme (SetLargeText) rather than a new
// theme: setting a theme on the app makes Fyne drop its font cache and
// parse the 4.6 MB font again, which takes a visible moment on every
// toggle. The App refreshes the window after flipping the switch.
type Theme struct {
	font  fyne.Resource
	large atomic.Bool
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

// SetLargeText turns 大字模式 on or off. Widgets pick the new sizes up when
// they are next refreshed.
func (t *Theme) SetLargeText(on bool) { t.large.Store(on) }

// LargeText reports whether 大字模式 is on.
func (t *Theme) LargeText() bool { return t.large.Load() }

// Font returns the bundled font for every style: it has one face, and a
// missing bold is better than a missing glyph.
func (t *Theme) Font(fyne.TextStyle) fyne.Resource { return t.font }

// Icon returns Fyne's default icons, recoloured by the theme's colours.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

var (
	deepRed   = color.NRGBA{R: 0xA3, G: 0x14, B: 0x1B, A: 0xFF}
	deepBlue  = color.NRGBA{R: 0x1F, G: 0x4E, B: 0x8C, A: 0xFF}
	ink       = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
	white     = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	paleBlue  = color.NRGBA{R: 0xE6, G: 0xED, B: 0xF6, A: 0xFF}
	paleGrey  = color.NRGBA{R: 0xF1, G: 0xF3, B: 0xF6, A: 0xFF}
	lineGrey  = color.NRGBA{R: 0xC4, G: 0xCB, B: 0xD4, A: 0xFF}
	mutedInk  = color.NRGBA{R: 0x4A, G: 0x50, B: 0x58, A: 0xFF}
	alertRed  = color.NRGBA{R: 0xB3, G: 0x26, B: 0x1E, A: 0xFF}
	okGreen   = color.NRGBA{R: 0x1E, G: 0x6B, B: 0x32, A: 0xFF}
	warnAmber = color.NRGBA{R: 0x9A, G: 0x4D, B: 0x00, A: 0xFF}
)

// Color returns the kiosk palette. There is one variant: a public terminal
// does not follow a desktop's dark mode.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground:
		return white
	case theme.ColorNameForeground:
		return ink
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return deepBlue
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning, ColorNameOnHeader:
		return white
	case theme.ColorNameButton:
		return paleBlue
	case theme.ColorNameDisabledButton:
		return paleGrey
	case theme.ColorNameDisabled:
		return color.NRGBA{R: 0x8A, G: 0x8F, B: 0x96, A: 0xFF}
	case theme.ColorNamePlaceHolder, ColorNameMuted:
		return mutedInk
	case theme.ColorNameInputBorder:
		return color.NRGBA{R: 0x6B, G: 0x7A, B: 0x90, A: 0xFF}
	case theme.ColorNameHover:
		return color.NRGBA{R: 0x1F, G: 0x4E, B: 0x8C, A: 0x18}
	case theme.ColorNamePressed:
		return color.NRGBA{R: 0x1F, G: 0x4E, B: 0x8C, A: 0x40}
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x1F, G: 0x4E, B: 0x8C, A: 0x50}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0xBB, G: 0xD0, B: 0xEE, A: 0xFF}
	case theme.ColorNameSeparator:
		return lineGrey
	case theme.ColorNameScrollBar:
		return color.NRGBA{R: 0x5A, G: 0x67, B: 0x78, A: 0xC0}
	case theme.ColorNameScrollBarBackground:
		return color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x10}
	case theme.ColorNameShadow:
		return color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x40}
	case theme.ColorNameError, ColorNameHit:
		return alertRed
	case theme.ColorNameSuccess:
		return okGreen
	case theme.ColorNameWarning:
		return warnAmber
	case theme.ColorNameHeaderBackground, ColorNameKeyCell:
		return paleGrey
	case ColorNameHeader:
		return deepRed
	case ColorNameTile:
		return deepBlue
	case ColorNameBadge:
		return color.NRGBA{R: 0x5A, G: 0x67, B: 0x78, A: 0xFF}
	case ColorNameNotice:
		return color.NRGBA{R: 0xFF, G: 0xF1, B: 0xC2, A: 0xFF}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Size returns touch-sized metrics. Text sizes (and inline icons) are
// multiplied by LargeTextScale in 大字模式; paddings stay, so that more
// text fits on a screen.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	k := float32(1)
	if t.large.Load() {
		k = LargeTextScale
	}
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
