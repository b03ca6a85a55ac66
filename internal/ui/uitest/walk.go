package uitest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Walk visits o and, depth first, what is under it: a container's objects
// and a widget's rendered objects. visit says whether to go under the
// object it was given; a nil object is not visited.
func Walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !visit(o) {
		return
	}
	switch x := o.(type) {
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			Walk(c, visit)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			Walk(c, visit)
		}
	}
}

// WalkVisible calls fn on the visible objects under o, depth first: a
// hidden object and everything under it are passed over.
func WalkVisible(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	Walk(o, func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false
		}
		fn(o)
		return true
	})
}
