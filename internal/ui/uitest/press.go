package uitest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Center is the middle of o in window coordinates.
func Center(o fyne.CanvasObject) fyne.Position {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p.AddXY(o.Size().Width/2, o.Size().Height/2)
}

// topAt returns the visible object of type T the pointer would reach at
// pos: the last one in drawing order whose area holds pos, as the driver
// picks.
func topAt[T any](w fyne.Window, pos fyne.Position) (T, bool) {
	var found T
	ok := false
	WalkVisible(w.Content(), func(o fyne.CanvasObject) {
		if x, is := o.(T); is {
			p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			s := o.Size()
			if pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+s.Width && pos.Y < p.Y+s.Height {
				found, ok = x, true
			}
		}
	})
	return found, ok
}

// Hold presses the middle of o in w as the desktop driver delivers a
// finger: the button goes down on what takes presses there, hold runs
// (it moves the test's clock on, so no test sleeps), the button comes up
// and, as the driver does after a release on the same object, it is
// tapped.
func Hold(t testing.TB, w fyne.Window, o fyne.CanvasObject, hold func()) {
	t.Helper()
	m, ok := topAt[desktop.Mouseable](w, Center(o))
	if !ok {
		t.Fatal("nothing there takes mouse presses")
	}
	m.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	hold()
	m.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	if tp, ok := m.(fyne.Tappable); ok {
		tp.Tapped(&fyne.PointEvent{})
	}
}
