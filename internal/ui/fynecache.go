package ui

import (
	"os"
	"time"
	_ "unsafe" // go:linkname

	"fyne.io/fyne/v2"
)

// How long Fyne keeps what it made for objects that are no longer drawn:
// the textures of their text and images, their renderers, the sizes of
// the strings it measured. Fyne 2.7 keeps them a minute (its internal
// cache.ValidDuration; FYNE_CACHE sets it at start). A kiosk leaves a
// screen for good far more often than a desktop app hides a window: a
// visitor opens a 公文 of hundreds of lines, each line a texture (in the
// main memory, under a software renderer), goes back and searches again,
// and every screen left within the last minute was still held (issue
// 16). Twenty seconds keeps the screens of the last few taps; Fyne's loop
// needs more than ten (it keeps what is on screen alive every ten seconds
// when nothing is redrawn).
var (
	//go:linkname fyneCacheDuration fyne.io/fyne/v2/internal/cache.ValidDuration
	fyneCacheDuration time.Duration
	//go:linkname fyneCleanInterval fyne.io/fyne/v2/internal/cache.cleanTaskInterval
	fyneCleanInterval time.Duration
)

// screenCacheDuration is how long the kiosk lets Fyne keep what it made
// for objects no longer drawn.
const screenCacheDuration = 20 * time.Second

// shortenFyneCaches sets Fyne's cache duration to screenCacheDuration
// unless FYNE_CACHE set it. Call it before the app runs.
func shortenFyneCaches() {
	if os.Getenv("FYNE_CACHE") != "" {
		return
	}
	fyneCacheDuration, fyneCleanInterval = screenCacheDuration, screenCacheDuration/2
}

// sweepFyneCaches has c repainted every d until done is closed, by
// refreshing obj (a small object of its content: a refresh frees the
// textures under the object refreshed). Fyne frees expired textures only
// while it paints, and a kiosk at rest between visitors paints nothing:
// 40 s after a 100,000-document walk's idle reset, 81 MB of malloc was
// still in use, nearly all of it the text textures of the screens left
// (issue 16).
func sweepFyneCaches(c fyne.Canvas, obj fyne.CanvasObject, d time.Duration, done <-chan struct{}) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			fyne.Do(func() { c.Refresh(obj) })
		}
	}
}

// Fyne keeps the texture of a line of text by its string, size, style and
// colour, so a texture drawn for a screen the visitor has left cannot be
// freed by refreshing that screen's objects: it waits for the cache
// duration and a repaint. DeleteTextTexturesFor frees every text texture
// of a canvas (Fyne itself calls it when the scale changes); it must run
// with the window's GL context current.
//
//go:linkname fyneDeleteTextTexturesFor fyne.io/fyne/v2/internal/cache.DeleteTextTexturesFor
func fyneDeleteTextTexturesFor(c fyne.Canvas)

// glWindow is a window of Fyne's GL driver: RunWithContext runs f on the
// UI thread with the window's GL context current, as the driver paints.
type glWindow interface {
	RunWithContext(f func())
}

// releaseScreen frees at once the textures of what a screen drew, when
// the visitor leaves it for good (back, home, idle reset): the textures
// of left's images and of every line of text, the screen now shown
// redraws its own at the next frame (a few dozen lines). Under a software
// renderer every texture is in the main memory, and a 公文 read to its end
// left hundreds of lines of it for Fyne's cache duration (issue 16).
// Windows of other drivers (the test driver) have no textures to free.
func releaseScreen(w fyne.Window, left fyne.CanvasObject) {
	c := w.Canvas()
	if c == nil {
		return
	}
	if gw, ok := w.(glWindow); ok {
		gw.RunWithContext(func() { fyneDeleteTextTexturesFor(c) })
	}
	// A refresh of an object frees its image textures at the next frame,
	// whether or not it is still drawn.
	c.Refresh(left)
}
