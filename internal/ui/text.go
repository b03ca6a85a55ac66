package ui

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Text returns a one-segment RichText. Sizes and colours are theme names,
// so 大字模式 reaches the text; the screens of internal/ui, the forms and
// staff mode all build their text with it.
//
// Bold costs memory and shows nothing: the bundled font has a single face,
// so Fyne draws bold text exactly like regular text, yet parses the 4.6 MB
// font a second time for the bold style (about 23 MB). Emphasis is by size
// and colour instead.
func Text(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, bold bool) *widget.RichText {
	return widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		SizeName: size, ColorName: col, TextStyle: fyne.TextStyle{Bold: bold}, Inline: true}})
}

// Wrapped is Text that wraps to its width, as WrapFor chooses.
func Wrapped(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName, bold bool) *widget.RichText {
	t := Text(s, size, col, bold)
	t.Wrapping = WrapFor(s)
	return t
}

// WrapFor picks how to wrap text. Fyne's word wrap breaks at the last
// space of a line, so a Chinese paragraph with one space in it ("2021 年")
// would break there, far from the margin. Chinese breaks between any two
// characters, so mostly-Chinese text wraps by character; other text by word.
func WrapFor(text string) fyne.TextWrap {
	han, other := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Punct) && r > 0x2000:
			han++
		case !unicode.IsSpace(r):
			other++
		}
	}
	if han > 0 && han*2 >= other {
		return fyne.TextWrapBreak
	}
	return fyne.TextWrapWord
}

// SetText replaces the text of a one-segment RichText (from Text or
// Wrapped), keeping its style and wrapping.
func SetText(t *widget.RichText, s string) {
	t.Segments[0].(*widget.TextSegment).Text = s
	t.Refresh()
}

// PlainText returns a RichText's text without styling.
func PlainText(t *widget.RichText) string {
	var b strings.Builder
	for _, s := range t.Segments {
		b.WriteString(s.Textual())
	}
	return b.String()
}
