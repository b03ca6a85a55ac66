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

// TestInView checks that a first answer inside the window but below the
// scroller's visible part is reported, one in view is not, one scrolled
// past is, and one not shown at all is "missing".
func TestInView(t *testing.T) {
	test.NewTempApp(t)
	win := fyne.NewSize(400, 300)
	near := place(widget.NewButton("政务公开工作", nil), 10, 40, 200, 50)
	far := place(widget.NewButton("办事堵点", nil), 10, 130, 200, 50) // at 190–240: in the window, below the view
	page := container.NewWithoutLayout(near, far)
	page.Resize(fyne.NewSize(380, 600))
	s := container.NewVScroll(page)
	place(s, 0, 60, 380, 150) // a page between a top bar and a button bar: shows 60–210
	root := container.NewWithoutLayout(s)
	if got := InView(root, win, near, "near", 100); len(got) > 0 {
		t.Errorf("an answer in view gave %v", got)
	}
	got := InView(root, win, far, "far", 100)
	if len(got) != 1 || got[0].Kind != "hidden" || !strings.Contains(got[0].What, "below") {
		t.Errorf("an answer below the view gave %v", got)
	}
	if got := InView(root, win, far, "far's top", 20); len(got) > 0 {
		t.Errorf("an answer whose needed top part shows gave %v", got)
	}
	page.Move(fyne.NewPos(0, -100)) // scrolled down by 100, as the scroller places its content
	if got := InView(root, win, near, "near", 100); len(got) != 1 || !strings.Contains(got[0].What, "above") {
		t.Errorf("an answer scrolled past gave %v", got)
	}
	if got := InView(root, win, widget.NewLabel("x"), "absent", 10); len(got) != 1 || got[0].Kind != "missing" {
		t.Errorf("an answer not on the page gave %v", got)
	}
}
