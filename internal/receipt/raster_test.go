package receipt_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/skip2/go-qrcode"

	"gongkai/internal/escpos"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
)

// TestRasterThroughESCPOS renders each receipt at both paper widths, encodes
// it as ESC/POS, decodes the bytes back with the test decoder and reads the
// QR code from what the printer would print.
func TestRasterThroughESCPOS(t *testing.T) {
	for name, r := range receipts() {
		for _, width := range []int{receipt.Width80mm, receipt.Width58mm} {
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				img, err := receipt.RenderRaster(r, width)
				if err != nil {
					t.Fatalf("RenderRaster: %v", err)
				}
				if got := img.Bounds().Dx(); got != width {
					t.Fatalf("width %d dots, want %d", got, width)
				}
				for i, v := range img.Pix {
					if v != 0 && v != 0xFF {
						t.Fatalf("pixel %d is %d: the raster must be 1-bit", i, v)
					}
				}
				printed, err := escpos.DecodeRaster(escpos.EncodeImage(img))
				if err != nil {
					t.Fatalf("DecodeRaster: %v", err)
				}
				if g := printed.(*image.Gray); g.Bounds() != img.Bounds() || !bytes.Equal(g.Pix, img.Pix) {
					t.Fatal("the decoded ESC/POS raster differs from the rendered image")
				}
				if got := decodeQR(t, printed); got != r.StatusURL {
					t.Fatalf("QR reads %q, want %q", got, r.StatusURL)
				}
			})
		}
	}
}

// TestRasterQRGeometry finds the QR code in the raster by its exact
// expected modules: 5 or 6 whole dots each, a white 4-module quiet zone,
// centred on the paper.
func TestRasterQRGeometry(t *testing.T) {
	long := printertest.Application()
	long.StatusURL = publicURL + "/s/001226112500427?c=7KQ2MX&" + string(bytes.Repeat([]byte("p"), 150))
	for _, tc := range []struct {
		name    string
		r       receipt.Receipt
		width   int
		modules int // dots per module
	}{
		{"80mm", printertest.Application(), receipt.Width80mm, 6},
		{"58mm", printertest.Application(), receipt.Width58mm, 6},
		{"58mm long URL", long, receipt.Width58mm, 5},
		{"80mm long URL", long, receipt.Width80mm, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := qrcode.New(tc.r.StatusURL, qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			q.DisableBorder = true
			bits := q.Bitmap()
			img, err := receipt.RenderRaster(tc.r, tc.width)
			if err != nil {
				t.Fatal(err)
			}
			x, y, m, ok := findQR(img, bits)
			if !ok {
				t.Fatal("the expected QR modules at 5 or 6 whole dots each are not in the raster")
			}
			if m != tc.modules {
				t.Errorf("%d dots per module, want %d", m, tc.modules)
			}
			n := len(bits)
			left, right := x, tc.width-(x+n*m)
			if d := left - right; d < -1 || d > 1 {
				t.Errorf("QR not centred: %d dots left, %d right", left, right)
			}
			quiet := image.Rect(x-4*m, y-4*m, x+(n+4)*m, y+(n+4)*m)
			if !quiet.In(img.Bounds()) {
				t.Fatalf("quiet zone %v outside the image %v", quiet, img.Bounds())
			}
			for py := quiet.Min.Y; py < quiet.Max.Y; py++ {
				for px := quiet.Min.X; px < quiet.Max.X; px++ {
					inside := px >= x && px < x+n*m && py >= y && py < y+n*m
					if !inside && img.GrayAt(px, py).Y != 0xFF {
						t.Fatalf("black dot (%d,%d) in the 4-module quiet zone", px, py)
					}
				}
			}
			if got := decodeQR(t, img); got != tc.r.StatusURL {
				t.Fatalf("QR reads %q, want %q", got, tc.r.StatusURL)
			}
			t.Logf("QR %d modules × %d dots at (%d,%d)", n, m, x, y)
		})
	}
}

// findQR looks for bits drawn with m×m dots per module, m 6 or 5, and
// returns the top-left corner of the first module.
func findQR(img *image.Gray, bits [][]bool) (x, y, m int, ok bool) {
	b := img.Bounds()
	n := len(bits)
	for _, m := range []int{6, 5} {
		for y := b.Min.Y; y+n*m <= b.Max.Y; y++ {
			for x := b.Min.X; x+n*m <= b.Max.X; x++ {
				if matches(img, bits, x, y, m) {
					return x, y, m, true
				}
			}
		}
	}
	return 0, 0, 0, false
}

func matches(img *image.Gray, bits [][]bool, x, y, m int) bool {
	// Cheap rejection first: the top-left finder pattern's top edge.
	if img.GrayAt(x, y).Y != 0 || img.GrayAt(x+7*m-1, y).Y != 0 || img.GrayAt(x+7*m, y).Y != 0xFF {
		return false
	}
	for row, line := range bits {
		for col, dark := range line {
			want := uint8(0xFF)
			if dark {
				want = 0
			}
			for dy := range m {
				for dx := range m {
					if img.GrayAt(x+col*m+dx, y+row*m+dy).Y != want {
						return false
					}
				}
			}
		}
	}
	return true
}

func TestRasterRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		r     receipt.Receipt
		width int
	}{
		{"too narrow", printertest.Application(), 100},
		{"too wide", printertest.Application(), 5000},
		{"no agency", func() receipt.Receipt { r := printertest.Application(); r.Agency = ""; return r }(), 576},
		{"QR too large for 58 mm", func() receipt.Receipt {
			r := printertest.Application()
			r.StatusURL = string(bytes.Repeat([]byte("x"), 600))
			return r
		}(), 384},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := receipt.RenderRaster(tc.r, tc.width); err == nil {
				t.Fatal("RenderRaster succeeded")
			}
		})
	}
}

// TestSamples renders the sample receipts for people to look at. They are
// always rendered; GONGKAI_RECEIPT_SAMPLES=DIR also writes them to DIR
// (receipt-80mm.png, receipt-58mm.png, receipt-a4.pdf, receipt-roll80.pdf).
func TestSamples(t *testing.T) {
	dir := os.Getenv("GONGKAI_RECEIPT_SAMPLES")
	r := printertest.Application()
	for _, s := range []struct {
		name  string
		width int
	}{{"receipt-80mm.png", receipt.Width80mm}, {"receipt-58mm.png", receipt.Width58mm}} {
		img, err := receipt.RenderRaster(r, s.width)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if dir != "" {
			if err := os.WriteFile(filepath.Join(dir, s.name), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range []struct {
		name string
		page receipt.PageSize
	}{{"receipt-a4.pdf", receipt.PageA4}, {"receipt-roll80.pdf", receipt.PageRoll80}} {
		b, err := receipt.RenderPDF(r, s.page)
		if err != nil {
			t.Fatal(err)
		}
		if dir != "" {
			if err := os.WriteFile(filepath.Join(dir, s.name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
