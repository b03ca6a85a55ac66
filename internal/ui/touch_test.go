package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/domain"

	"gongkai/internal/ui/uitest"
)

var bigCategory = &domain.CategoryNode{Category: domain.Category{ID: uitest.BigID, Name: "海量文件测试"}, Count: 100_000}

func TestDragScrollsLongList(t *testing.T) {
	cat := uitest.MustCatalogue(t, 100_000)
	a, w, _ := newTestApp(t, cat, hd)
	a.Push(NewDocumentListScreen(a, bigCategory, []string{"海量文件测试"}))
	s := current[*DocumentListScreen](t, a)
	if s.Total() != 100_000 {
		t.Fatalf("total = %d", s.Total())
	}
	list := s.List()
	at := center(list)

	test.Drag(w.Canvas(), at, 0, -400) // finger moves up: content scrolls down
	if got := list.Offset(); got != 400 {
		t.Fatalf("offset after dragging up 400 = %v, want 400", got)
	}
	test.Drag(w.Canvas(), at, 0, 150)
	if got := list.Offset(); got != 250 {
		t.Fatalf("offset after dragging back 150 = %v, want 250", got)
	}
	test.Drag(w.Canvas(), at, 0, 1000)
	if got := list.Offset(); got != 0 {
		t.Fatalf("offset after dragging past the top = %v, want 0", got)
	}

	// Far down the list rows are fetched page by page, not all at once.
	calls := cat.Calls
	list.List.ScrollToBottom()
	rows := docRows(w)
	if len(rows) == 0 {
		t.Fatal("no rows at the end of the list")
	}
	found := false
	for _, r := range rows {
		found = found || strings.Contains(r.Text(), "第100000号测试文件")
	}
	if !found {
		t.Error("the last document is not shown at the bottom of the list")
	}
	if n := cat.Calls - calls; n > 3 {
		t.Errorf("scrolling to the end made %d catalogue calls", n)
	}
	if n := len(s.pages.pages); n > maxPages {
		t.Errorf("pager keeps %d pages", n)
	}

	// A tap still reaches a row through the drag layer.
	tapOn(w, rowInside(t, rows, list))
	if _, ok := a.Current().(*DocumentScreen); !ok {
		t.Fatalf("tapping a row opened %T", a.Current())
	}
}

func TestDragScrollsDocument(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), small)
	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	s := current[*DocumentScreen](t, a).Scroll()
	if s.Offset() != 0 {
		t.Fatalf("a new document starts at offset %v", s.Offset())
	}
	test.Drag(w.Canvas(), center(s), 0, -300)
	if got := s.Offset(); got != 300 {
		t.Fatalf("document offset after dragging 300 = %v", got)
	}
	// The seed document is long: dragging far goes to its end, no further.
	for range 50 {
		test.Drag(w.Canvas(), center(s), 0, -500)
	}
	end := s.Offset()
	if end < 2000 {
		t.Errorf("seed document end offset = %v; expected a long document", end)
	}
	test.Drag(w.Canvas(), center(s), 0, -500)
	if s.Offset() != end {
		t.Errorf("dragged past the end: %v > %v", s.Offset(), end)
	}
}

func TestScrollPositionKeptOnBackButClearedOnReset(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 1000), hd)
	a.Push(NewDocumentListScreen(a, bigCategory, nil))
	list := current[*DocumentListScreen](t, a).List()
	test.Drag(w.Canvas(), center(list), 0, -600)
	tapOn(w, rowInside(t, docRows(w), list))
	a.Back()
	if got := list.Offset(); got != 600 {
		t.Errorf("返回 lost the list's scroll position: %v", got)
	}
	home := a.home.scroll
	home.ScrollToOffset(100)
	a.ResetSession()
	if home.Offset() != 0 {
		t.Errorf("home scroll after reset = %v", home.Offset())
	}
}

// BenchmarkLongListScroll measures scrolling a 100,000-row list: each
// iteration jumps to a new place and lays out the visible rows, fetching a
// page when needed.
func BenchmarkLongListScroll(b *testing.B) {
	test.NewTempApp(b)
	cat := uitest.MustCatalogue(b, 100_000)
	a := New(Deps{Catalogue: cat, Now: func() time.Time { return testStart }})
	w := test.NewTempWindow(b, nil)
	a.Build(w)
	w.Resize(hd)
	a.Push(NewDocumentListScreen(a, bigCategory, nil))
	list := a.Current().(*DocumentListScreen).List()
	b.ResetTimer()
	for i := range b.N {
		list.List.ScrollToOffset(float32((i * 7919) % 9_000_000))
	}
}

// rowInside returns a row whose centre lies inside list's visible area.
func rowInside(t *testing.T, rows []*docRow, list fyne.CanvasObject) *docRow {
	t.Helper()
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(list).Y
	for _, r := range rows {
		if c := center(r).Y; c > top+50 && c < top+list.Size().Height-50 {
			return r
		}
	}
	t.Fatal("no row fully inside the list")
	return nil
}

func TestFlickGlidesSlowDragStops(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name  string
		dy    float32       // each of two drag events
		gap   time.Duration // between them
		glide bool
	}{
		{"flick", -100, time.Millisecond, true}, // below the threshold only if the sleep took 250 ms
		{"slow drag", -1, 90 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			moved := float32(0)
			l := newDragLayer(func(dy float32) { moved += dy })
			l.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: tt.dy}})
			time.Sleep(tt.gap)
			l.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: tt.dy}})
			l.DragEnd()
			if got := l.fling != nil; got != tt.glide {
				t.Errorf("glide = %v, want %v (moved %v)", got, tt.glide, moved)
			}
			l.stopFling()
		})
	}
}
