package layoutcheck

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func place(o fyne.CanvasObject, x, y, w, h float32) fyne.CanvasObject {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	return o
}

func newText(s string) *canvas.Text {
	t := canvas.NewText(s, color.Black)
	t.TextSize = 20
	return t
}

// TestCheckFindsEachFault lays out one fault of each kind by hand and
// checks each is reported, and a clean layout is not.
func TestCheckFindsEachFault(t *testing.T) {
	test.NewTempApp(t)
	win := fyne.NewSize(400, 300)
	tests := []struct {
		name string
		objs []fyne.CanvasObject
		want string // the kind expected, "" for none
	}{
		{"clean", []fyne.CanvasObject{place(newText("政务公开"), 10, 10, 200, 30), place(newText("搜索"), 10, 50, 200, 30)}, ""},
		{"outside", []fyne.CanvasObject{place(newText("大字模式"), 350, 10, 200, 30)}, "outside"},
		{"overflow", []fyne.CanvasObject{place(newText("台湾居民来往大陆通行证"), 10, 10, 60, 30)}, "overflow"},
		{"overlap", []fyne.CanvasObject{place(newText("受理编号"), 10, 10, 200, 30), place(newText("查询码"), 40, 15, 200, 30)}, "overlap"},
		{"squeezed", []fyne.CanvasObject{place(widget.NewButton("下一步下一步下一步", nil), 10, 10, 40, 20)}, "squeezed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(container.NewWithoutLayout(tt.objs...), win)
			if tt.want == "" {
				if len(got) > 0 {
					t.Errorf("a clean layout gave %v", got)
				}
				return
			}
			found := false
			for _, p := range got {
				found = found || p.Kind == tt.want
			}
			if !found {
				t.Errorf("no %q among %v", tt.want, got)
			}
		})
	}
}

// TestCheckScrollers checks that a scroller's content may run past the
// window (it scrolls) but not past the scroller's sides, and that rows
// scrolled out of sight are not judged.
func TestCheckScrollers(t *testing.T) {
	test.NewTempApp(t)
	win := fyne.NewSize(400, 300)
	tall := container.NewWithoutLayout(place(newText("第一行"), 0, 0, 200, 30), place(newText("很远的一行"), 0, 900, 200, 30))
	tall.Resize(fyne.NewSize(380, 1000))
	s := container.NewVScroll(tall)
	place(s, 0, 0, 380, 300)
	if got := Check(container.NewWithoutLayout(s), win); len(got) > 0 {
		t.Errorf("scrolled content gave %v", got)
	}
	wide := container.NewWithoutLayout(place(newText("一行很长很长很长很长很长很长很长很长的文字"), 300, 10, 600, 30))
	wide.Resize(fyne.NewSize(900, 300))
	s2 := container.NewVScroll(wide)
	place(s2, 0, 0, 380, 300)
	got := Check(container.NewWithoutLayout(s2), win)
	if len(got) == 0 || !strings.Contains(got[0].String(), "clipped") {
		t.Errorf("text cut by the scroller's side gave %v", got)
	}
}
