package ui

import "fyne.io/fyne/v2"

// MaxWidth returns a layout that centres its objects in at most max
// width: lines of 80 characters are hard to follow on a 1920-pixel screen.
func MaxWidth(max float32) fyne.Layout { return &maxWidthLayout{max: max} }

type maxWidthLayout struct{ max float32 }

func (l *maxWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, l.max)
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (l *maxWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s, _ := visibleMin(objs)
	return s
}

// AtLeast returns a layout that gives its objects at least w×h and
// stretches them to the space given. Hidden objects take no space: with
// none shown the layout asks for none.
func AtLeast(w, h float32) fyne.Layout { return &atLeast{w: w, h: h} }

type atLeast struct{ w, h float32 }

func (l *atLeast) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *atLeast) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s, shown := visibleMin(objs)
	if !shown {
		return fyne.Size{}
	}
	return s.Max(fyne.NewSize(l.w, l.h))
}

// visibleMin returns the largest minimum size among the visible objects,
// and whether any is visible.
func visibleMin(objs []fyne.CanvasObject) (fyne.Size, bool) {
	var s fyne.Size
	shown := false
	for _, o := range objs {
		if o.Visible() {
			s, shown = s.Max(o.MinSize()), true
		}
	}
	return s, shown
}

// objects returns xs as canvas objects, for a renderer's Objects or a
// container.
func objects[T fyne.CanvasObject](xs []T) []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(xs))
	for i, x := range xs {
		objs[i] = x
	}
	return objs
}
