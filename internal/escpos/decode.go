package escpos

import (
	"errors"
	"fmt"
	"image"
)

// Cut kinds recorded by Decode.
const (
	CutNone    = ""
	CutFull    = "full"
	CutPartial = "partial"
)

// Job is a print job as Decode understood it.
type Job struct {
	Image     *image.Gray // the raster bands stacked top to bottom; nil if there were none
	Inits     int         // ESC @ commands
	FeedLines int         // lines fed by ESC d, summed
	Cut       string      // the cut that ends the job: CutFull, CutPartial or CutNone
}

// Decode parses a job made of the commands this package writes (see the
// package comment). Anything else, a truncated command, bands of different
// widths or a raster after the cut is an error: the decoder exists to catch
// an encoder that writes something a printer would misread.
func Decode(b []byte) (*Job, error) {
	job := &Job{}
	var bands [][]byte // raw band data, all wBytes wide
	wBytes, rows := 0, 0
	for i := 0; i < len(b); {
		need := func(n int) error {
			if len(b)-i < n {
				return fmt.Errorf("escpos: truncated command at offset %d", i)
			}
			return nil
		}
		switch {
		case b[i] == ESC:
			if err := need(2); err != nil {
				return nil, err
			}
			switch b[i+1] {
			case '@':
				job.Inits++
				i += 2
			case 'd':
				if err := need(3); err != nil {
					return nil, err
				}
				job.FeedLines += int(b[i+2])
				i += 3
			default:
				return nil, fmt.Errorf("escpos: unsupported command ESC 0x%02X at offset %d", b[i+1], i)
			}
		case b[i] == GS:
			if err := need(2); err != nil {
				return nil, err
			}
			switch b[i+1] {
			case 'v':
				if err := need(8); err != nil {
					return nil, err
				}
				if b[i+2] != '0' {
					return nil, fmt.Errorf("escpos: unsupported command GS v 0x%02X at offset %d", b[i+2], i)
				}
				if m := b[i+3]; m != 0 && m != '0' {
					return nil, fmt.Errorf("escpos: unsupported raster mode %d at offset %d", m, i)
				}
				if job.Cut != CutNone {
					return nil, fmt.Errorf("escpos: raster image after the cut at offset %d", i)
				}
				x := int(b[i+4]) | int(b[i+5])<<8
				y := int(b[i+6]) | int(b[i+7])<<8
				if x == 0 || y == 0 {
					return nil, fmt.Errorf("escpos: empty raster band %dx%d at offset %d", x, y, i)
				}
				if wBytes != 0 && x != wBytes {
					return nil, fmt.Errorf("escpos: raster band %d bytes wide after bands %d bytes wide at offset %d", x, wBytes, i)
				}
				if err := need(8 + x*y); err != nil {
					return nil, err
				}
				wBytes = x
				rows += y
				bands = append(bands, b[i+8:i+8+x*y])
				i += 8 + x*y
			case 'V':
				if err := need(3); err != nil {
					return nil, err
				}
				switch b[i+2] {
				case 0, '0':
					job.Cut = CutFull
					i += 3
				case 1, '1':
					job.Cut = CutPartial
					i += 3
				case 65, 66:
					if err := need(4); err != nil {
						return nil, err
					}
					job.Cut = map[byte]string{65: CutFull, 66: CutPartial}[b[i+2]]
					i += 4
				default:
					return nil, fmt.Errorf("escpos: unsupported cut mode %d at offset %d", b[i+2], i)
				}
			default:
				return nil, fmt.Errorf("escpos: unsupported command GS 0x%02X at offset %d", b[i+1], i)
			}
		default:
			return nil, fmt.Errorf("escpos: unexpected byte 0x%02X at offset %d (text is not used)", b[i], i)
		}
	}
	if len(bands) > 0 {
		job.Image = image.NewGray(image.Rect(0, 0, wBytes*8, rows))
		pix, stride := job.Image.Pix, job.Image.Stride
		y := 0
		for _, band := range bands {
			for r := 0; r*wBytes < len(band); r, y = r+1, y+1 {
				row := pix[y*stride : y*stride+wBytes*8]
				for i, v := range band[r*wBytes : (r+1)*wBytes] {
					for bit := range 8 {
						if v&(0x80>>bit) != 0 {
							row[i*8+bit] = 0
						} else {
							row[i*8+bit] = 0xFF
						}
					}
				}
			}
		}
	}
	return job, nil
}

// DecodeRaster parses b like Decode and returns the printed raster: every
// band in order as one black-and-white image (0 black, 255 white). Feeds and
// the cut are checked but not drawn. A job without a raster is an error.
func DecodeRaster(b []byte) (image.Image, error) {
	job, err := Decode(b)
	if err != nil {
		return nil, err
	}
	if job.Image == nil {
		return nil, errors.New("escpos: no raster image in the job")
	}
	return job.Image, nil
}
