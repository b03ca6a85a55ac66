// Package escpos encodes receipts for ESC/POS thermal printers, and decodes
// what it encodes so tests can check the bytes without a printer.
//
// The whole receipt is sent as one 1-bit raster image (GS v 0), never as
// printer text: printer font ROMs and code pages differ (some lack the
// characters of Chinese names), while a raster prints the same everywhere.
// Only the commands below are used:
//
//	ESC @                         1B 40                 initialise
//	GS v 0 m xL xH yL yH data     1D 76 30 m ...        raster image band
//	ESC d n                       1B 64 n               print and feed n lines
//	GS V 0                        1D 56 00              full cut
//	GS V 66 n                     1D 56 42 n            feed n and partial cut
//
// Raster data is rows top to bottom, (xL + 256*xH) bytes a row, the most
// significant bit the leftmost dot, 1 a black dot.
package escpos

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
)

// Command bytes.
const (
	ESC = 0x1B
	GS  = 0x1D
)

// MaxBandRows is the most rows one GS v 0 command carries. Printers buffer a
// band before printing it; 255 rows fit every buffer we know of.
const MaxBandRows = 255

// MaxWidthBytes is the widest raster row accepted (xL, xH: 16 bits).
const MaxWidthBytes = 0xFFFF

// Encoder writes ESC/POS commands to w. Like bufio.Writer it keeps the first
// write error and reports it from Flush, so a sequence of commands needs
// one check.
type Encoder struct {
	w   *bufio.Writer
	err error
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: bufio.NewWriter(w)}
}

func (e *Encoder) write(b ...byte) {
	if e.err != nil {
		return
	}
	_, e.err = e.w.Write(b)
}

// Init resets the printer to its power-on settings (ESC @), so that a mode
// left over from another program cannot distort the receipt.
func (e *Encoder) Init() { e.write(ESC, '@') }

// Feed prints the buffer and feeds n lines (ESC d n); n is clamped to 0..255.
func (e *Encoder) Feed(n int) { e.write(ESC, 'd', clampByte(n)) }

// Cut cuts the paper fully (GS V 0).
func (e *Encoder) Cut() { e.write(GS, 'V', 0) }

// PartialCut feeds n dots and cuts leaving a tab (GS V 66 n), which keeps the
// receipt from dropping to the floor on printers without a presenter.
func (e *Encoder) PartialCut(n int) { e.write(GS, 'V', 66, clampByte(n)) }

// Image writes img as 1-bit raster bands of at most MaxBandRows rows. A
// pixel is black when its luminance is below half and it is not mostly
// transparent. Width is padded with white to a whole byte.
func (e *Encoder) Image(img image.Image) {
	if e.err != nil {
		return
	}
	b := img.Bounds()
	wBytes := (b.Dx() + 7) / 8
	if b.Dx() <= 0 || b.Dy() <= 0 {
		e.err = errors.New("escpos: empty image")
		return
	} else if wBytes > MaxWidthBytes {
		e.err = fmt.Errorf("escpos: image %d dots wide is too wide", b.Dx())
		return
	}
	row := make([]byte, wBytes)
	for y0 := b.Min.Y; y0 < b.Max.Y; y0 += MaxBandRows {
		rows := min(MaxBandRows, b.Max.Y-y0)
		e.write(GS, 'v', '0', 0, byte(wBytes), byte(wBytes>>8), byte(rows), byte(rows>>8))
		for y := y0; y < y0+rows; y++ {
			packRow(row, img, b.Min.X, b.Max.X, y)
			e.write(row...)
		}
	}
}

// Flush writes buffered bytes and returns the first error of any command.
func (e *Encoder) Flush() error {
	if e.err != nil {
		return e.err
	}
	e.err = e.w.Flush()
	return e.err
}

// EncodeImage returns a complete print job for img: initialise, the raster
// bands, feed four lines past the tear bar and a partial cut.
func EncodeImage(img image.Image) []byte {
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	e.Init()
	e.Image(img)
	e.Feed(4)
	e.PartialCut(0)
	if err := e.Flush(); err != nil {
		return nil // only an empty or absurdly wide image gets here
	}
	return buf.Bytes()
}

// packRow sets row to the bits of img's row y between x0 and x1.
func packRow(row []byte, img image.Image, x0, x1, y int) {
	clear(row)
	if g, ok := img.(*image.Gray); ok { // the receipt renderer's type: no colour conversion
		off := g.PixOffset(x0, y)
		for i, v := range g.Pix[off : off+(x1-x0)] {
			if v < 128 {
				row[i>>3] |= 0x80 >> (i & 7)
			}
		}
		return
	}
	for x := x0; x < x1; x++ {
		if isBlack(img.At(x, y)) {
			i := x - x0
			row[i>>3] |= 0x80 >> (i & 7)
		}
	}
}

// isBlack thresholds c at half luminance; mostly transparent is white paper.
func isBlack(c color.Color) bool {
	r, g, b, a := c.RGBA()
	if a < 0x8000 {
		return false
	}
	// Composite over white, then Rec. 601 luma, all in 16-bit.
	r, g, b = r+0xFFFF-a, g+0xFFFF-a, b+0xFFFF-a
	y := (299*r + 587*g + 114*b) / 1000
	return y < 0x8000
}

func clampByte(n int) byte {
	return byte(max(0, min(255, n)))
}
