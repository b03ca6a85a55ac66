package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/catalog"
)

// styledText is Text without bold, which the kiosk's screens do without.
func styledText(text string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *widget.RichText {
	return Text(text, size, col, false)
}

// wrappedText is Wrapped without bold.
func wrappedText(text string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *widget.RichText {
	return Wrapped(text, size, col, false)
}

// readable centres content in a column of comfortable reading width.
func readable(content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(MaxWidth(1280), content)
}

// badge is a small coloured label such as 示例 or 已废止.
func badge(text string, bg fyne.ThemeColorName) fyne.CanvasObject {
	r := NewCard(bg, 6)
	t := styledText(text, theme.SizeNameText, theme.ColorNameForegroundOnPrimary)
	return container.NewStack(r, t)
}

// sectionTitle is a sub-heading inside a screen.
func sectionTitle(text string) *widget.RichText {
	return styledText(text, theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
}

// message is a centred, wrapped line for empty lists and errors.
func message(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak // UI messages are Chinese
	l.Alignment = fyne.TextAlignCenter
	return l
}

// centerMessage shows a message in the middle of a page. A wrapping label
// must be given a width: in a plain Center it would shrink to one
// character per line.
func centerMessage(text string) fyne.CanvasObject {
	return container.NewVBox(layout.NewSpacer(), container.New(MaxWidth(900), message(text)), layout.NewSpacer())
}

// humanSize formats a byte count the way Chinese portals do.
func humanSize(n int64) string { return catalog.HumanSize(n) }

// mediaTypeName names a media type for visitors.
func mediaTypeName(mt string) string { return catalog.MediaTypeName(mt) }

// LinkRow is a full-width tappable row with wrapped text and a chevron,
// for links whose text is too long for a button (document titles).
type LinkRow struct {
	widget.BaseWidget
	Text     string
	OnTapped func()
}

// NewLinkRow returns a link row showing text.
func NewLinkRow(text string, onTapped func()) *LinkRow {
	l := &LinkRow{Text: text, OnTapped: onTapped}
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs OnTapped.
func (l *LinkRow) Tapped(*fyne.PointEvent) {
	if l.OnTapped != nil {
		l.OnTapped()
	}
}

func (l *LinkRow) CreateRenderer() fyne.WidgetRenderer {
	bg := NewCard(theme.ColorNameButton, theme.InputRadiusSize())
	// A title in 《》 must not leave its 》 at the start of a line.
	text := NewParagraph(l.Text, theme.SizeNameText, theme.ColorNamePrimary)
	icon := widget.NewIcon(theme.NewColoredResource(theme.NavigateNextIcon(), theme.ColorNamePrimary))
	return widget.NewSimpleRenderer(container.NewStack(bg,
		container.NewPadded(container.NewBorder(nil, nil, nil, container.NewCenter(icon), text))))
}
