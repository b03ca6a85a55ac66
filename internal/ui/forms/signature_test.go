package forms

import (
	"bytes"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/submission"
	"gongkai/internal/ui"
)

func TestSignaturePadRecordsAndClears(t *testing.T) {
	f := newFixture(t, small)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	s.w.goTo(appStepSign)
	pad := s.pad
	if !pad.Empty() || pad.PNG() != nil {
		t.Fatal("a new pad is not empty")
	}

	// A finger on the screen reaches the pad: no scroller's drag layer
	// lies over it.
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(pad)
	test.Drag(f.win.Canvas(), at.AddXY(300, 150), 80, 20)
	if pad.Empty() {
		t.Fatal("a drag on the signature pad drew nothing")
	}
	pad.Clear()
	f.drawSignature(pad)
	b := pad.PNG()
	if len(b) == 0 || len(b) > submission.MaxSignatureBytes {
		t.Fatalf("PNG of %d bytes", len(b))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w != sigWidth {
		t.Errorf("signature %d px wide, want %d", w, sigWidth)
	}
	if n := darkPixels(img); n < 500 {
		t.Errorf("%d dark pixels in the signature", n)
	}
	if n := darkPixels(pad.Image(400)); n < 100 {
		t.Errorf("%d dark pixels in the review image", n)
	}

	// 重签 starts again; a tap alone is not a signature.
	pad.Clear()
	if !pad.Empty() || pad.PNG() != nil {
		t.Error("重签 left ink")
	}
	test.TapCanvas(f.win.Canvas(), at.AddXY(200, 100))
	if pad.Empty() {
		t.Error("a tap left no dot")
	}
	a := s.application()
	if a.Signature != nil {
		t.Error("a dot was taken as a signature")
	}
	f.next(s.w)
	mustStep(t, s.w, appStepType) // the earlier steps are empty: it goes back there
}
