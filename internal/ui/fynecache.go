package ui

import (
	"os"
	"time"
	_ "unsafe" // go:linkname
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
