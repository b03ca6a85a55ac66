package escpos_test

import (
	"bytes"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"gongkai/internal/escpos"
)

// pattern returns a w×h black-and-white image with a seeded random pattern.
func pattern(w, h int, seed uint64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range img.Pix {
		if r.IntN(3) == 0 {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 0xFF
		}
	}
	return img
}

func TestEncodeImageBytes(t *testing.T) {
	// 10×2: dots 0 and 9 black on row 0, dot 1 on row 1; width pads to 2 bytes.
	img := image.NewGray(image.Rect(0, 0, 10, 2))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	img.SetGray(0, 0, color.Gray{0})
	img.SetGray(9, 0, color.Gray{0})
	img.SetGray(1, 1, color.Gray{0x10})
	want := []byte{
		0x1B, 0x40, // ESC @
		0x1D, 0x76, 0x30, 0x00, 2, 0, 2, 0, // GS v 0, 2 bytes × 2 rows
		0x80, 0x40, // row 0: dot 0, dot 9
		0x40, 0x00, // row 1: dot 1
		0x1B, 0x64, 4, // ESC d 4
		0x1D, 0x56, 0x42, 0, // GS V 66 0
	}
	if got := escpos.EncodeImage(img); !bytes.Equal(got, want) {
		t.Fatalf("EncodeImage:\n got % X\nwant % X", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{
		{"one dot", 1, 1},
		{"80mm three bands", 576, 600},
		{"58mm exactly one band", 384, 255},
		{"58mm one band and a row", 384, 256},
		{"odd width", 13, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := pattern(tc.w, tc.h, uint64(tc.w*1000+tc.h))
			b := escpos.EncodeImage(img)
			if b == nil {
				t.Fatal("EncodeImage returned nil")
			}
			job, err := escpos.Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got, want := job.Image.Bounds().Dx(), (tc.w+7)/8*8; got != want {
				t.Fatalf("width %d, want %d", got, want)
			}
			if got, want := job.Image.Bounds().Dy(), tc.h; got != want {
				t.Fatalf("height %d, want %d", got, want)
			}
			for y := range tc.h {
				for x := range job.Image.Bounds().Dx() {
					want := uint8(0xFF)
					if x < tc.w {
						want = img.GrayAt(x, y).Y
					}
					if got := job.Image.GrayAt(x, y).Y; got != want {
						t.Fatalf("dot (%d,%d) = %d, want %d", x, y, got, want)
					}
				}
			}
			if job.Inits != 1 || job.FeedLines != 4 || job.Cut != escpos.CutPartial {
				t.Fatalf("job = %d inits, %d feed lines, cut %q; want 1, 4, partial", job.Inits, job.FeedLines, job.Cut)
			}
			bands := bytes.Count(b, []byte{0x1D, 0x76, 0x30, 0x00})
			if want := (tc.h + 254) / 255; bands != want {
				t.Fatalf("%d bands, want %d", bands, want)
			}
		})
	}
}

func TestEncodeNonGrayImage(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 1))
	img.Set(0, 0, color.NRGBA{0, 0, 0, 0xFF})          // black
	img.Set(1, 0, color.NRGBA{0, 0, 0, 0x10})          // nearly transparent: paper
	img.Set(2, 0, color.NRGBA{0xFF, 0, 0, 0xFF})       // red: luma 76, black
	img.Set(3, 0, color.NRGBA{0xFF, 0xFF, 0, 0xFF})    // yellow: luma 226, white
	img.Set(4, 0, color.NRGBA{0x70, 0x70, 0x70, 0xFF}) // dark grey
	got, err := escpos.DecodeRaster(escpos.EncodeImage(img))
	if err != nil {
		t.Fatal(err)
	}
	g := got.(*image.Gray)
	for x, want := range []uint8{0, 0xFF, 0, 0xFF, 0, 0xFF, 0xFF, 0xFF} {
		if g.GrayAt(x, 0).Y != want {
			t.Errorf("dot %d = %d, want %d", x, g.GrayAt(x, 0).Y, want)
		}
	}
}

func TestEncoderCommands(t *testing.T) {
	var buf bytes.Buffer
	e := escpos.NewEncoder(&buf)
	e.Init()
	e.Feed(300) // clamped
	e.Cut()
	e.PartialCut(-1)
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	want := []byte{0x1B, 0x40, 0x1B, 0x64, 0xFF, 0x1D, 0x56, 0x00, 0x1D, 0x56, 0x42, 0x00}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got % X, want % X", buf.Bytes(), want)
	}
	e = escpos.NewEncoder(&buf)
	e.Image(image.NewGray(image.Rect(0, 0, 0, 5)))
	if e.Flush() == nil {
		t.Fatal("an empty image encoded without error")
	}
}

func TestDecodeRejects(t *testing.T) {
	band := func(x, y int) []byte {
		b := []byte{0x1D, 0x76, 0x30, 0, byte(x), byte(x >> 8), byte(y), byte(y >> 8)}
		return append(b, make([]byte, x*y)...)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"only init", []byte{0x1B, 0x40}},
		{"text", cat([]byte{0x1B, 0x40}, []byte("hello"), band(1, 1))},
		{"truncated ESC", []byte{0x1B}},
		{"truncated feed", cat(band(1, 1), []byte{0x1B, 0x64})},
		{"unknown ESC", cat(band(1, 1), []byte{0x1B, 0x21, 0})},
		{"unknown GS", cat(band(1, 1), []byte{0x1D, 0x28, 0x6B})},
		{"truncated header", []byte{0x1D, 0x76, 0x30, 0, 1, 0}},
		{"truncated data", band(4, 4)[:20]},
		{"zero width", band(0, 3)},
		{"zero height", band(3, 0)},
		{"double-width mode", func() []byte { b := band(1, 1); b[3] = 1; return b }()},
		{"GS v 1", func() []byte { b := band(1, 1); b[2] = '1'; return b }()},
		{"widths differ", cat(band(2, 1), band(3, 1))},
		{"raster after cut", cat(band(1, 1), []byte{0x1D, 0x56, 0}, band(1, 1))},
		{"bad cut", cat(band(1, 1), []byte{0x1D, 0x56, 7})},
		{"truncated cut", cat(band(1, 1), []byte{0x1D, 0x56, 66})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if img, err := escpos.DecodeRaster(tc.b); err == nil {
				t.Fatalf("DecodeRaster accepted % X (image %v)", tc.b, img.Bounds())
			}
		})
	}
}

// FuzzDecodeRaster checks that no input panics the decoder and that whatever
// it accepts survives a re-encode unchanged.
func FuzzDecodeRaster(f *testing.F) {
	f.Add(escpos.EncodeImage(pattern(16, 3, 1)))
	f.Add(escpos.EncodeImage(pattern(9, 300, 2)))
	f.Add([]byte{0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xAA, 0x1D, 0x56, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := escpos.DecodeRaster(b)
		if err != nil {
			return
		}
		again, err := escpos.DecodeRaster(escpos.EncodeImage(img))
		if err != nil {
			t.Fatalf("re-encoded image does not decode: %v", err)
		}
		g1, g2 := img.(*image.Gray), again.(*image.Gray)
		if g1.Bounds() != g2.Bounds() || !bytes.Equal(g1.Pix, g2.Pix) {
			t.Fatal("re-encoded image differs")
		}
	})
}
