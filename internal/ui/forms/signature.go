package forms

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SignaturePad records a signature drawn with a finger: the desktop
// driver delivers the finger as mouse drags, each drag a stroke. The
// strokes are kept in the pad's own units and drawn by a canvas.Raster at
// whatever resolution the screen has; PNG renders them for the payload.
type SignaturePad struct {
	widget.BaseWidget
	// OnChanged is called after a stroke ends or the pad is cleared.
	OnChanged func()
	// OnActivity reports drawing to the idle timer.
	OnActivity func()

	strokes [][]fyne.Position
	drawing bool
	raster  *canvas.Raster
	hint    *canvas.Text
}

// Signature image size and ink: wide enough to read a name, small enough
// (a few kB) for the sealed payload.
const (
	sigWidth = 800
	sigInk   = 3.0 // line half-width in pad units
)

// NewSignaturePad returns an empty pad.
func NewSignaturePad() *SignaturePad {
	p := &SignaturePad{}
	p.ExtendBaseWidget(p)
	return p
}

// Dragged extends the current stroke, or starts one where the finger
// went down.
func (p *SignaturePad) Dragged(e *fyne.DragEvent) {
	if p.OnActivity != nil {
		p.OnActivity()
	}
	at := p.clamp(e.Position)
	if !p.drawing {
		p.drawing = true
		start := p.clamp(e.Position.Subtract(fyne.NewPos(e.Dragged.DX, e.Dragged.DY)))
		p.strokes = append(p.strokes, []fyne.Position{start})
	}
	s := &p.strokes[len(p.strokes)-1]
	*s = append(*s, at)
	p.redraw()
}

// OwnsDrag keeps a finger-scrolled form still while the visitor signs
// (ui.DragOwner).
func (p *SignaturePad) OwnsDrag() bool { return true }

// DragEnd ends the stroke.
func (p *SignaturePad) DragEnd() {
	p.drawing = false
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Tapped leaves a dot, as a pen does (the dot over a character).
func (p *SignaturePad) Tapped(e *fyne.PointEvent) {
	if p.OnActivity != nil {
		p.OnActivity()
	}
	at := p.clamp(e.Position)
	p.strokes = append(p.strokes, []fyne.Position{at, at})
	p.redraw()
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

func (p *SignaturePad) clamp(pos fyne.Position) fyne.Position {
	s := p.Size()
	return fyne.NewPos(max(0, min(pos.X, s.Width)), max(0, min(pos.Y, s.Height)))
}

// Clear wipes the signature (重签, and when the form is wiped).
func (p *SignaturePad) Clear() {
	for i := range p.strokes {
		clear(p.strokes[i])
	}
	p.strokes, p.drawing = nil, false
	p.redraw()
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Length returns the total length of the strokes in pad units: a tap or
// a scribble shorter than a character is not a signature.
func (p *SignaturePad) Length() float32 {
	var n float64
	for _, s := range p.strokes {
		for i := 1; i < len(s); i++ {
			n += math.Hypot(float64(s[i].X-s[i-1].X), float64(s[i].Y-s[i-1].Y))
		}
	}
	return float32(n)
}

// Empty reports whether nothing has been drawn.
func (p *SignaturePad) Empty() bool { return len(p.strokes) == 0 }

func (p *SignaturePad) redraw() {
	if p.raster != nil {
		p.raster.Refresh()
	}
	if p.hint != nil {
		if p.Empty() {
			p.hint.Show()
		} else {
			p.hint.Hide()
		}
	}
}

// draw plots the strokes scaled to w pixels across the pad.
func (p *SignaturePad) draw(w int, bounds image.Rectangle, plot func(x, y int)) {
	s := p.Size()
	if s.Width <= 0 || s.Height <= 0 {
		return
	}
	k := float64(w) / float64(s.Width)
	r := sigInk * k
	for _, st := range p.strokes {
		for i := 1; i < len(st); i++ {
			line(bounds, float64(st[i-1].X)*k, float64(st[i-1].Y)*k, float64(st[i].X)*k, float64(st[i].Y)*k, r, plot)
		}
	}
}

// render draws the strokes in black on a w×h white image.
func (p *SignaturePad) render(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	p.draw(w, img.Bounds(), func(x, y int) { img.Pix[img.PixOffset(x, y)] = 0 })
	return img
}

// ink is the pen colour on screen; the rest of the raster is transparent
// so the sheet and its baseline show through.
var ink = color.NRGBA{R: 0x10, G: 0x20, B: 0x50, A: 0xFF}

func (p *SignaturePad) renderScreen(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	p.draw(w, img.Bounds(), func(x, y int) { img.SetNRGBA(x, y, ink) })
	return img
}

// line stamps discs of radius r along a segment: simple, and round at the
// joints, so strokes look like ink.
func line(b image.Rectangle, x0, y0, x1, y1, r float64, plot func(x, y int)) {
	n := int(math.Ceil(math.Hypot(x1-x0, y1-y0)/(r/2))) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		disc(b, x0+(x1-x0)*t, y0+(y1-y0)*t, r, plot)
	}
}

func disc(b image.Rectangle, cx, cy, r float64, plot func(x, y int)) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		for x := int(cx - r); x <= int(cx+r); x++ {
			if (float64(x)-cx)*(float64(x)-cx)+(float64(y)-cy)*(float64(y)-cy) <= r*r && image.Pt(x, y).In(b) {
				plot(x, y)
			}
		}
	}
}

// PNG encodes the signature as a PNG sigWidth pixels wide with the pad's
// proportions; nil when the pad is empty.
func (p *SignaturePad) PNG() []byte {
	if p.Empty() {
		return nil
	}
	s := p.Size()
	h := sigWidth / 3
	if s.Width > 0 {
		h = max(1, int(float32(sigWidth)*s.Height/s.Width))
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, p.render(sigWidth, h)); err != nil {
		return nil // an in-memory image always encodes
	}
	return b.Bytes()
}

// Image returns the signature at w pixels wide, for the review page.
func (p *SignaturePad) Image(w int) image.Image {
	s := p.Size()
	h := w / 3
	if s.Width > 0 {
		h = max(1, int(float32(w)*s.Height/s.Width))
	}
	return p.render(w, h)
}

// CreateRenderer draws a white sheet with a border, a baseline, the
// strokes and a hint while empty.
func (p *SignaturePad) CreateRenderer() fyne.WidgetRenderer {
	sheet := canvas.NewRectangle(color.White)
	sheet.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	sheet.StrokeWidth = 2
	sheet.CornerRadius = 8
	baseline := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	p.raster = canvas.NewRaster(p.renderScreen)
	p.raster.ScaleMode = canvas.ImageScaleSmooth
	// The sheet is white paper in every palette, so its hint is a fixed
	// dark grey (7:1 on white), not the theme's placeholder colour.
	p.hint = canvas.NewText("请用手指在此处签名", color.NRGBA{R: 0x59, G: 0x59, B: 0x59, A: 0xFF})
	p.hint.TextSize = theme.Size(theme.SizeNameSubHeadingText)
	p.hint.Alignment = fyne.TextAlignCenter
	r := &padRenderer{p: p, sheet: sheet, baseline: baseline}
	r.objs = []fyne.CanvasObject{sheet, baseline, container.NewCenter(p.hint), p.raster}
	p.redraw()
	return r
}

type padRenderer struct {
	p        *SignaturePad
	sheet    *canvas.Rectangle
	baseline *canvas.Rectangle
	objs     []fyne.CanvasObject
}

func (r *padRenderer) Layout(size fyne.Size) {
	r.sheet.Resize(size)
	r.baseline.Move(fyne.NewPos(size.Width*0.08, size.Height*0.75))
	r.baseline.Resize(fyne.NewSize(size.Width*0.84, 2))
	r.objs[2].Resize(size)
	r.p.raster.Resize(size)
}

// MinSize leaves room for a name written large; the signature page gives
// the pad all the height it has.
func (r *padRenderer) MinSize() fyne.Size           { return fyne.NewSize(480, 160) }
func (r *padRenderer) Refresh()                     { r.p.redraw(); r.sheet.Refresh() }
func (r *padRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *padRenderer) Destroy()                     {}
