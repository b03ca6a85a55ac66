package receipt_test

import (
	"testing"

	"gongkai/internal/escpos"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/receipt"
)

// BenchmarkReceiptESCPOS renders one receipt at 80 mm and encodes it for
// the printer (issue 5: at most 100 ms).
func BenchmarkReceiptESCPOS(b *testing.B) {
	r := printertest.Application()
	for b.Loop() {
		img, err := receipt.RenderRaster(r, receipt.Width80mm)
		if err != nil {
			b.Fatal(err)
		}
		if len(escpos.EncodeImage(img)) == 0 {
			b.Fatal("no bytes")
		}
	}
}

// BenchmarkReceiptPDF renders one receipt as an 80 mm roll PDF (issue 5: at
// most 100 ms).
func BenchmarkReceiptPDF(b *testing.B) {
	r := printertest.Application()
	for b.Loop() {
		if _, err := receipt.RenderPDF(r, receipt.PageRoll80); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiptPDFA4 is BenchmarkReceiptPDF on A4, for office printers.
func BenchmarkReceiptPDFA4(b *testing.B) {
	r := printertest.Application()
	for b.Loop() {
		if _, err := receipt.RenderPDF(r, receipt.PageA4); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadBackReceipt is one step of TestRasterQRReadsBackRandom.
func BenchmarkReadBackReceipt(b *testing.B) {
	for b.Loop() {
		if _, err := printAndRead(printertest.Application().StatusURL, receipt.Width80mm); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiptESCPOSNewURL is BenchmarkReceiptESCPOS with a status URL
// never printed before on every iteration, so each render pays for reading
// its QR symbol back (the per-payload cache never hits), as a new
// submission's receipt does.
func BenchmarkReceiptESCPOSNewURL(b *testing.B) {
	r := printertest.Application()
	urls := randomStatusURLs(b, 4096, 1)
	i := 0
	for b.Loop() {
		r.StatusURL = urls[i%len(urls)]
		i++
		img, err := receipt.RenderRaster(r, receipt.Width80mm)
		if err != nil {
			b.Fatal(err)
		}
		if len(escpos.EncodeImage(img)) == 0 {
			b.Fatal("no bytes")
		}
	}
}
