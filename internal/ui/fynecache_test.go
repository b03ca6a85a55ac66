package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gongkai/internal/config"
	"gongkai/internal/ui/uitest"
)

// TestShortenFyneCaches checks that the kiosk reaches Fyne's cache
// duration (a Fyne upgrade that renamed it would leave these at zero, or
// fail to link) and shortens it unless FYNE_CACHE is set.
func TestShortenFyneCaches(t *testing.T) {
	saved, savedInterval := fyneCacheDuration, fyneCleanInterval
	t.Cleanup(func() { fyneCacheDuration, fyneCleanInterval = saved, savedInterval })
	if fyneCacheDuration < 10*time.Second || fyneCleanInterval <= 0 {
		t.Fatalf("Fyne's cache duration %v, clean interval %v: not Fyne's own", fyneCacheDuration, fyneCleanInterval)
	}

	t.Setenv("FYNE_CACHE", "")
	shortenFyneCaches()
	if fyneCacheDuration != screenCacheDuration || fyneCleanInterval != screenCacheDuration/2 {
		t.Errorf("after shortenFyneCaches: %v, %v; want %v, %v", fyneCacheDuration, fyneCleanInterval, screenCacheDuration, screenCacheDuration/2)
	}

	fyneCacheDuration = time.Minute
	t.Setenv("FYNE_CACHE", "45s")
	shortenFyneCaches()
	if fyneCacheDuration != time.Minute {
		t.Errorf("with FYNE_CACHE set, the duration became %v", fyneCacheDuration)
	}
}

// TestLeavingAScreenTrimsMemory checks that the kiosk is asked to hand
// memory back once each time the visitor leaves screens for good (back,
// home, idle reset), and not when a screen is only covered.
func TestLeavingAScreenTrimsMemory(t *testing.T) {
	test.NewTempApp(t)
	trims := make(chan struct{}, 10)
	a := New(Deps{Catalogue: uitest.MustCatalogue(t, 0), Config: config.Default(), Now: (&uitest.Clock{T: testStart}).Now,
		Logf: t.Logf, TrimMemory: func() { trims <- struct{}{} }})
	w := test.NewTempWindow(t, nil)
	a.Build(w)
	w.Resize(hd)
	var calls []string
	expect := func(step string, want int) {
		t.Helper()
		got := 0
		deadline := time.After(2 * time.Second) // TrimMemory runs on a goroutine of its own
		for got < want {
			select {
			case <-trims:
				got++
			case <-deadline:
				t.Fatalf("%s: %d trims, want %d", step, got, want)
			}
		}
		select {
		case <-trims:
			t.Fatalf("%s: more than %d trims", step, want)
		case <-time.After(50 * time.Millisecond):
		}
	}
	a.Push(&lifecycleScreen{"A", &calls})
	a.Push(&lifecycleScreen{"B", &calls})
	expect("push", 0)
	a.Back()
	expect("back", 1)
	a.Push(&lifecycleScreen{"C", &calls})
	a.Home() // two screens left at once: one trim
	expect("home", 1)
	a.Push(&lifecycleScreen{"D", &calls})
	a.ResetSession()
	expect("idle reset", 1)
}

// TestReleaseScreenOutsideGL checks that releasing a screen links to
// Fyne's text texture cache (a Fyne upgrade that renamed it would fail to
// link) and does nothing harmful on a window without GL.
func TestReleaseScreenOutsideGL(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	left := NewParagraph("已离开的页面", theme.SizeNameText, theme.ColorNameForeground)
	w.SetContent(left)
	releaseScreen(w, left)
	fyneDeleteTextTexturesFor(w.Canvas())
}
