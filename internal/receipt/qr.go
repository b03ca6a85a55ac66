package receipt

import (
	"fmt"
	"image"
	"sync"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/skip2/go-qrcode"
)

// qrQuiet is the quiet zone around a QR code, in modules.
const qrQuiet = 4

// qrCheckModules are the dots per module at which a candidate symbol must
// be read back: the sizes RenderRaster prints (6, or 5 on narrow paper).
var qrCheckModules = []int{6, 5}

// qrCandidate is one way of encoding a payload.
type qrCandidate struct {
	level   qrcode.RecoveryLevel
	version int // 0: the smallest version that fits
}

// qrCandidates is the fixed order in which encodings are tried. go-qrcode
// picks the mask itself, so a larger version is the only other knob: it
// changes the data layout and so the mask the encoder chooses.
var qrCandidates = []qrCandidate{
	{qrcode.Medium, 0},
	{qrcode.High, 0},
	{qrcode.Highest, 0},
	{qrcode.Medium, +1},
	{qrcode.High, +1},
	{qrcode.Medium, +2},
	{qrcode.High, +2},
}

// qrBitmap encodes payload and returns its modules without the quiet zone.
// gozxing's detector (ZXing's, as in many phone scanners) fails on about
// 1% of go-qrcode's level-M symbols although they are valid, so each
// candidate encoding in qrCandidates is drawn at the printed module sizes
// and read back with gozxing; the first that reads back exactly payload at
// every size wins. The choice depends only on payload, so a reprint is
// identical to the first print. If no candidate reads back (never seen),
// the level-M symbol is used: it is still a valid QR code. Results are kept
// per payload in qrCache, so printing one receipt at two widths or as PDF
// and raster checks it once.
func qrBitmap(payload string) ([][]bool, error) {
	if bits, ok := qrCache.get(payload); ok {
		return bits, nil
	}
	bits, err := qrEncode(payload)
	if err != nil {
		return nil, err
	}
	qrCache.put(payload, bits)
	return bits, nil
}

// qrEncode is qrBitmap without the cache.
func qrEncode(payload string) ([][]bool, error) {
	var first [][]bool
	minVersion := 0
	for _, c := range qrCandidates {
		var q *qrcode.QRCode
		var err error
		if c.version == 0 {
			q, err = qrcode.New(payload, c.level)
		} else {
			if minVersion == 0 || minVersion+c.version > 40 {
				continue
			}
			q, err = qrcode.NewWithForcedVersion(payload, minVersion+c.version, c.level)
		}
		if err != nil {
			if first == nil {
				return nil, fmt.Errorf("qr code for %d-byte payload: %w", len(payload), err)
			}
			continue
		}
		q.DisableBorder = true
		bits := q.Bitmap()
		if first == nil {
			first = bits
			minVersion = q.VersionNumber
		}
		if qrReadsBack(bits, payload) {
			return bits, nil
		}
	}
	return first, nil
}

// qrReadsBack reports whether gozxing reads exactly payload from bits drawn
// with the quiet zone at each of qrCheckModules.
func qrReadsBack(bits [][]bool, payload string) bool {
	for _, m := range qrCheckModules {
		if got, err := ReadQR(qrImage(bits, m)); err != nil || got != payload {
			return false
		}
	}
	return true
}

// qrImage draws bits at m dots per module with the quiet zone, black on
// white, as RenderRaster prints them.
func qrImage(bits [][]bool, m int) *image.Gray {
	side := (len(bits) + 2*qrQuiet) * m
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	fillModules(img, qrQuiet*m, qrQuiet*m, m, bits)
	return img
}

// ReadQR decodes the QR code in img with gozxing the way ZXing-based
// scanners do (TRY_HARDER): the read-back check of every symbol, and tests
// reading printed receipts. The pixels of a gray image are handed to
// gozxing as they are: its generic image.Image conversion computes the same
// luminance for black and white but takes most of the time.
func ReadQR(img image.Image) (string, error) {
	bmp, err := binaryBitmap(img)
	if err != nil {
		return "", err
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// binaryBitmap binarises img for gozxing.
func binaryBitmap(img image.Image) (*gozxing.BinaryBitmap, error) {
	g, ok := img.(*image.Gray)
	if !ok || g.Rect.Min != (image.Point{}) {
		return gozxing.NewBinaryBitmapFromImage(img)
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(g.Pix, g.Stride, g.Rect.Dy(), 0, 0, g.Rect.Dx(), g.Rect.Dy(), false)
	if err != nil {
		return nil, err
	}
	return gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
}

// qrCache holds the symbols of the last few payloads. Entries are keyed by
// payload only and never modified after they are stored, so nothing passes
// from one receipt to another except the same URL's symbol.
var qrCache = &symbolCache{max: 64}

// symbolCache is a small map emptied when it is full.
type symbolCache struct {
	mu  sync.Mutex
	max int
	m   map[string][][]bool
}

func (c *symbolCache) get(payload string) ([][]bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bits, ok := c.m[payload]
	return bits, ok
}

func (c *symbolCache) put(payload string, bits [][]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = make(map[string][][]bool, c.max)
	}
	c.m[payload] = bits
}

// QRModules returns the modules (true = dark, quiet zone excluded) of the
// QR code a receipt prints for payload, so a screen showing the same status
// URL shows the same symbol, one gozxing is known to read.
func QRModules(payload string) ([][]bool, error) { return qrBitmap(payload) }

// QRImage draws the QR code a receipt prints for payload (QRModules) at
// module pixels per module with its quiet zone, black on white: what a
// screen shows beside the printed receipt.
func QRImage(payload string, module int) (*image.Gray, error) {
	bits, err := qrBitmap(payload)
	if err != nil {
		return nil, err
	}
	return qrImage(bits, max(module, 1)), nil
}
