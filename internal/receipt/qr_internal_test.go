package receipt

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/skip2/go-qrcode"
)

// TestQREncodeFallsBack shows the check has something to do: among random
// status URLs some plain level-M symbols are not read back by gozxing at
// the printed module sizes, and qrEncode replaces every one of them with a
// symbol that is, the same one each time.
func TestQREncodeFallsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	missed := 0
	for i := range 3000 {
		code := make([]byte, 6)
		for j := range code {
			code[j] = alphabet[rng.IntN(len(alphabet))]
		}
		url := fmt.Sprintf("https://gk.yanggu.gov.cn/s/%04d26%02d%02d%04d%d?c=%s",
			1+rng.IntN(9999), 1+rng.IntN(12), 1+rng.IntN(28), 1+rng.IntN(9999), rng.IntN(10), code)
		q, err := qrcode.New(url, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		q.DisableBorder = true
		if qrReadsBack(q.Bitmap(), url) {
			continue
		}
		missed++
		bits, err := qrEncode(url)
		if err != nil {
			t.Fatalf("%d: qrEncode: %v", i, err)
		}
		if !qrReadsBack(bits, url) {
			t.Errorf("%s: no candidate encoding reads back", url)
		}
		again, _ := qrEncode(url)
		if fmt.Sprint(again) != fmt.Sprint(bits) {
			t.Errorf("%s: qrEncode is not deterministic", url)
		}
	}
	t.Logf("%d of 3000 level-M symbols not read back by gozxing", missed)
	if missed == 0 {
		t.Error("every level-M symbol read back: the sample no longer exercises the fallback")
	}
}

// TestQRImageIsThePrintedSymbol: the screen's image is the receipt's
// read-back-checked symbol, with its quiet zone, at the asked size.
func TestQRImageIsThePrintedSymbol(t *testing.T) {
	const url = "https://gk.yanggu.gov.cn/s/001226112500427?c=7KQ2MX"
	img, err := QRImage(url, 12)
	if err != nil {
		t.Fatal(err)
	}
	bits, _ := QRModules(url)
	if got, want := img.Bounds().Dx(), (len(bits)+2*qrQuiet)*12; got != want {
		t.Errorf("image %d px wide, want %d", got, want)
	}
	if got, err := ReadQR(img); err != nil || got != url {
		t.Errorf("read back %q, %v", got, err)
	}
}
