package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fill is a rectangle painted with theme colours by name. A plain
// canvas.Rectangle keeps the colour it was made with; a Fill looks its
// colours up again whenever it is refreshed, so switching to 高对比度
// repaints every band, card and badge behind the text.
type Fill struct {
	widget.BaseWidget
	ColorName    fyne.ThemeColorName // "" is transparent
	StrokeName   fyne.ThemeColorName // "" draws no outline
	StrokeWidth  float32
	CornerRadius float32

	min  fyne.Size
	rect *canvas.Rectangle
}

// NewFill returns a Fill of the theme colour name.
func NewFill(name fyne.ThemeColorName) *Fill {
	f := &Fill{ColorName: name}
	f.ExtendBaseWidget(f)
	return f
}

// NewCard returns a rounded Fill of the theme colour name.
func NewCard(name fyne.ThemeColorName, radius float32) *Fill {
	f := NewFill(name)
	f.CornerRadius = radius
	return f
}

// SetMinSize sets the smallest size the fill asks for (a rule's thickness).
func (f *Fill) SetMinSize(s fyne.Size) { f.min = s }

// MinSize returns the size set with SetMinSize.
func (f *Fill) MinSize() fyne.Size { return f.min }

// SetColorName changes the fill colour and repaints.
func (f *Fill) SetColorName(name fyne.ThemeColorName) {
	f.ColorName = name
	f.Refresh()
}

func (f *Fill) CreateRenderer() fyne.WidgetRenderer {
	f.rect = canvas.NewRectangle(color.Transparent)
	r := &fillRenderer{f: f}
	r.Refresh()
	return r
}

type fillRenderer struct{ f *Fill }

func (r *fillRenderer) Layout(s fyne.Size) { r.f.rect.Resize(s) }

func (r *fillRenderer) MinSize() fyne.Size { return r.f.min }

func (r *fillRenderer) Refresh() {
	f, rect := r.f, r.f.rect
	rect.FillColor = color.Transparent
	if f.ColorName != "" {
		rect.FillColor = theme.Color(f.ColorName)
	}
	rect.StrokeColor, rect.StrokeWidth = color.Transparent, 0
	if f.StrokeName != "" {
		rect.StrokeColor, rect.StrokeWidth = theme.Color(f.StrokeName), f.StrokeWidth
	}
	rect.CornerRadius = f.CornerRadius
	rect.Refresh()
}

func (r *fillRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.f.rect} }

func (r *fillRenderer) Destroy() {}
