package ui

import (
	"testing"
	"time"
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
