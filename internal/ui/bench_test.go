package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/config"
	"gongkai/internal/ui/uitest"
)

func benchApp(b *testing.B) *App {
	test.NewTempApp(b)
	a := New(Deps{Catalogue: uitest.MustCatalogue(b, 0), Config: config.Default(), Now: func() time.Time { return testStart }})
	w := test.NewTempWindow(b, nil)
	a.Build(w)
	w.Resize(hd)
	return a
}

// BenchmarkOpenDocument opens the seed document (about 7,000 characters
// in 60 blocks) and goes back: the work of a tap on a result, without
// the catalogue call's own cost beyond the in-memory fake.
func BenchmarkOpenDocument(b *testing.B) {
	a := benchApp(b)
	b.ResetTimer()
	for range b.N {
		a.Push(NewDocumentScreen(a, "yjt-2021-12"))
		a.Back()
	}
}

// BenchmarkLargeTextToggle turns 大字模式 on and off on an open document.
func BenchmarkLargeTextToggle(b *testing.B) {
	a := benchApp(b)
	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	a.SetLargeText(true)
	a.SetLargeText(false)
	b.ResetTimer()
	for i := range b.N {
		a.SetLargeText(i%2 == 0)
	}
}
