package ui

import (
	"context"
	"io"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/config"
	"gongkai/internal/speech"
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

// BenchmarkSpeakDocumentTitle is issue 13's speech benchmark: from the
// 语音播报 button on an open document to the first audio sample of its
// title out of the real espeak-ng (voice cmn), played into nothing (the
// machine has no sound card; aplay would add its own start-up). Target:
// ms-to-first-sample ≤ 300.
//
//	go test -tags "ci sqlite_fts5" -run XXX -bench SpeakDocumentTitle ./internal/ui/
func BenchmarkSpeakDocumentTitle(b *testing.B) {
	eng := speech.New(config.Default().Speech)
	eng.Play = func(_ context.Context, wav io.Reader) error { _, err := io.Copy(io.Discard, wav); return err }
	first := make(chan time.Time, 1)
	eng.FirstSample = func() { first <- time.Now() }
	if err := eng.Check(context.Background()); err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	a := New(Deps{Catalogue: uitest.MustCatalogue(b, 0), Config: config.Default(), Now: func() time.Time { return testStart },
		Speaker: eng})
	w := test.NewTempWindow(b, nil)
	a.Build(w)
	w.Resize(hd)
	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		test.Tap(a.SpeakButton()) // on: reads the document, title first
		total += (<-first).Sub(start)
		test.Tap(a.SpeakButton()) // off: stops at once
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-sample")
}
