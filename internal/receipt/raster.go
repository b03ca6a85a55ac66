package receipt

import (
	"fmt"
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Paper widths in dots at 203 dpi, the printable width of common thermal
// printers.
const (
	Width80mm = 576
	Width58mm = 384
)

// Raster sizes in dots. 24-dot body text is the classic thermal receipt
// size: 23 Chinese characters a line at 80 mm, 15 at 58 mm.
const (
	rasterBody   = 24
	rasterTop    = 16 // blank dots above the agency name
	rasterBottom = 8  // blank dots below the last line; the feed adds more
)

// RenderRaster draws r as a black-and-white image widthDots wide
// (Width80mm or Width58mm; 256 to 2048 accepted): every pixel is 0 (black)
// or 255 (white). The QR code has 6 dots per module, or 5 when 6 does not
// fit, exactly, with no resampling; text is the bundled font thresholded
// from anti-aliased glyphs.
func RenderRaster(r Receipt, widthDots int) (*image.Gray, error) {
	if widthDots < 256 || widthDots > 2048 {
		return nil, fmt.Errorf("receipt: raster width %d dots is out of range 256-2048", widthDots)
	}
	bf, err := loadFont()
	if err != nil {
		return nil, err
	}
	faces := map[int]font.Face{}
	face := func(size float64) font.Face {
		px := int(math.Round(size))
		if f, ok := faces[px]; ok {
			return f
		}
		f, err := opentype.NewFace(bf.font, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			panic(fmt.Sprintf("receipt: face at %d px: %v", px, err)) // only for a size <= 0
		}
		faces[px] = f
		return f
	}
	defer func() {
		for _, f := range faces {
			f.Close()
		}
	}()

	margin := widthDots / 48 // 12 dots at 80 mm, 8 at 58 mm
	t := target{
		body:  rasterBody,
		width: float64(widthDots - 2*margin),
		measure: func(size float64, s string) float64 {
			return float64(font.MeasureString(face(size), s)) / 64
		},
		asc:  bf.ascent,
		desc: bf.descent,
		qrModule: func(n int) (float64, error) {
			for m := 6; m >= 5; m-- {
				if (n+2*qrQuiet)*m <= widthDots-2*margin {
					return float64(m), nil
				}
			}
			return 0, fmt.Errorf("receipt: a QR code of %d modules does not fit %d dots; shorten the status URL", n, widthDots)
		},
	}
	ops, h, err := layoutReceipt(r, t)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, widthDots, rasterTop+int(math.Ceil(h))+rasterBottom))
	for i := range img.Pix { // white; draw.Draw has no fast path for image.Gray
		img.Pix[i] = 0xFF
	}
	ox, oy := float64(margin), float64(rasterTop)
	for _, o := range ops {
		x, y := int(math.Round(o.x+ox)), int(math.Round(o.y+oy))
		switch o.kind {
		case opText:
			d := font.Drawer{Dst: img, Src: image.Black, Face: face(o.size), Dot: fixed.P(x, y)}
			d.DrawString(o.text)
			if o.bold { // double strike one dot to the right: thermal heads print thin strokes faintly
				d.Dot = fixed.P(x+1, y)
				d.DrawString(o.text)
			}
		case opRule:
			th := max(1, int(math.Round(o.size)))
			draw.Draw(img, image.Rect(x, y, x+int(math.Round(o.w)), y+th), image.Black, image.Point{}, draw.Src)
		case opQR:
			fillModules(img, x, y, int(o.module), o.qr)
		}
	}
	for i, v := range img.Pix {
		if v < 128 {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 0xFF
		}
	}
	return img, nil
}

// fillModules blackens the dark modules of a QR code, m dots each, with
// its top-left module at (x, y). It writes pixels directly: one draw.Draw
// per module took a third of a receipt's render time.
func fillModules(img *image.Gray, x, y, m int, bits [][]bool) {
	b := img.Bounds()
	for row, line := range bits {
		for col, dark := range line {
			if !dark {
				continue
			}
			r := image.Rect(x+col*m, y+row*m, x+(col+1)*m, y+(row+1)*m).Intersect(b)
			for py := r.Min.Y; py < r.Max.Y; py++ {
				off := img.PixOffset(r.Min.X, py)
				clear(img.Pix[off : off+r.Dx()])
			}
		}
	}
}
