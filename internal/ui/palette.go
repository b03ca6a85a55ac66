package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// ColorNameTileBorder is the outline of a home tile: none in the standard
// palette, white in 高对比度, where tiles must stand out from the black page.
const ColorNameTileBorder fyne.ThemeColorName = "gk.tileBorder"

func rgb(r, g, b uint8) color.NRGBA     { return color.NRGBA{R: r, G: g, B: b, A: 0xFF} }
func rgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: a} }

// standardPalette is the kiosk's calm government look: deep red header,
// deep blue tiles, near-black text on white. Every text colour reaches at
// least 4.5:1 on the backgrounds it is drawn on (contrast_test.go).
var standardPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:        rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameInputBackground:   rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameMenuBackground:    rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameOverlayBackground: rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameForeground:        rgb(0x1A, 0x1A, 0x1A),
	theme.ColorNamePrimary:           rgb(0x1F, 0x4E, 0x8C),
	theme.ColorNameHyperlink:         rgb(0x1F, 0x4E, 0x8C),

	theme.ColorNameForegroundOnPrimary: rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameForegroundOnError:   rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameForegroundOnSuccess: rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameForegroundOnWarning: rgb(0xFF, 0xFF, 0xFF),
	ColorNameOnHeader:                  rgb(0xFF, 0xFF, 0xFF),

	theme.ColorNameButton:         rgb(0xE6, 0xED, 0xF6),
	theme.ColorNameDisabledButton: rgb(0xF1, 0xF3, 0xF6),
	theme.ColorNameDisabled:       rgb(0x8A, 0x8F, 0x96),
	// A placeholder must not look like text already typed (issue 13): a
	// light grey, still readable (4.5:1 on white).
	theme.ColorNamePlaceHolder:         rgb(0x76, 0x76, 0x76),
	ColorNameMuted:                     rgb(0x4A, 0x50, 0x58),
	theme.ColorNameInputBorder:         rgb(0x6B, 0x7A, 0x90),
	theme.ColorNameHover:               rgba(0x1F, 0x4E, 0x8C, 0x18),
	theme.ColorNamePressed:             rgba(0x1F, 0x4E, 0x8C, 0x40),
	theme.ColorNameFocus:               rgba(0x1F, 0x4E, 0x8C, 0x50),
	theme.ColorNameSelection:           rgb(0xBB, 0xD0, 0xEE),
	theme.ColorNameSeparator:           rgb(0xC4, 0xCB, 0xD4),
	theme.ColorNameScrollBar:           rgba(0x5A, 0x67, 0x78, 0xC0),
	theme.ColorNameScrollBarBackground: rgba(0x00, 0x00, 0x00, 0x10),
	theme.ColorNameShadow:              rgba(0x00, 0x00, 0x00, 0x40),
	theme.ColorNameError:               rgb(0xB3, 0x26, 0x1E),
	ColorNameHit:                       rgb(0xB3, 0x26, 0x1E),
	theme.ColorNameSuccess:             rgb(0x1E, 0x6B, 0x32),
	theme.ColorNameWarning:             rgb(0x9A, 0x4D, 0x00),
	theme.ColorNameHeaderBackground:    rgb(0xF1, 0xF3, 0xF6),
	ColorNameKeyCell:                   rgb(0xF1, 0xF3, 0xF6),
	ColorNameHeader:                    rgb(0xA3, 0x14, 0x1B),
	ColorNameTile:                      rgb(0x1F, 0x4E, 0x8C),
	ColorNameTileBorder:                rgba(0, 0, 0, 0),
	ColorNameBadge:                     rgb(0x5A, 0x67, 0x78),
	ColorNameNotice:                    rgb(0xFF, 0xF1, 0xC2),
}

// contrastPalette is 高对比度: white and yellow on black, as accessible
// kiosks and screen magnifiers do it. Every text colour reaches at least
// 7:1 (WCAG AAA) on the backgrounds it is drawn on (contrast_test.go).
var contrastPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:        rgb(0x00, 0x00, 0x00),
	theme.ColorNameInputBackground:   rgb(0x00, 0x00, 0x00),
	theme.ColorNameMenuBackground:    rgb(0x00, 0x00, 0x00),
	theme.ColorNameOverlayBackground: rgb(0x00, 0x00, 0x00),
	theme.ColorNameForeground:        rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNamePrimary:           rgb(0xFF, 0xE1, 0x4D),
	theme.ColorNameHyperlink:         rgb(0xFF, 0xE1, 0x4D),

	theme.ColorNameForegroundOnPrimary: rgb(0x00, 0x00, 0x00),
	theme.ColorNameForegroundOnError:   rgb(0x00, 0x00, 0x00),
	theme.ColorNameForegroundOnSuccess: rgb(0x00, 0x00, 0x00),
	theme.ColorNameForegroundOnWarning: rgb(0x00, 0x00, 0x00),
	ColorNameOnHeader:                  rgb(0xFF, 0xFF, 0xFF),

	theme.ColorNameButton:              rgb(0x33, 0x33, 0x33),
	theme.ColorNameDisabledButton:      rgb(0x1A, 0x1A, 0x1A),
	theme.ColorNameDisabled:            rgb(0xBD, 0xBD, 0xBD),
	theme.ColorNamePlaceHolder:         rgb(0xA8, 0xA8, 0xA8),
	ColorNameMuted:                     rgb(0xE6, 0xE6, 0xE6),
	theme.ColorNameInputBorder:         rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameHover:               rgba(0xFF, 0xFF, 0xFF, 0x30),
	theme.ColorNamePressed:             rgba(0xFF, 0xFF, 0xFF, 0x50),
	theme.ColorNameFocus:               rgba(0xFF, 0xE1, 0x4D, 0x80),
	theme.ColorNameSelection:           rgb(0x5A, 0x4A, 0x00),
	theme.ColorNameSeparator:           rgb(0xFF, 0xFF, 0xFF),
	theme.ColorNameScrollBar:           rgba(0xFF, 0xFF, 0xFF, 0xC0),
	theme.ColorNameScrollBarBackground: rgba(0xFF, 0xFF, 0xFF, 0x20),
	theme.ColorNameShadow:              rgba(0x00, 0x00, 0x00, 0x00),
	theme.ColorNameError:               rgb(0xFF, 0x9E, 0x9E),
	ColorNameHit:                       rgb(0xFF, 0xE1, 0x4D),
	theme.ColorNameSuccess:             rgb(0x7D, 0xF5, 0x8D),
	theme.ColorNameWarning:             rgb(0xFF, 0xC2, 0x66),
	theme.ColorNameHeaderBackground:    rgb(0x1A, 0x1A, 0x1A),
	ColorNameKeyCell:                   rgb(0x1F, 0x1F, 0x1F),
	ColorNameHeader:                    rgb(0x00, 0x00, 0x00),
	ColorNameTile:                      rgb(0x0B, 0x2E, 0x59),
	ColorNameTileBorder:                rgb(0xFF, 0xFF, 0xFF),
	ColorNameBadge:                     rgb(0xD0, 0xD0, 0xD0),
	ColorNameNotice:                    rgb(0x3D, 0x30, 0x00),
}
