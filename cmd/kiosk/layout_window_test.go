package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tourSizes are the kiosk screens the layout tour runs on: an upright
// 立式 machine's portrait panel and the common landscape ones.
var tourSizes = []struct{ w, h int }{{1080, 1920}, {1280, 800}, {1366, 768}, {1920, 1080}}

// tourShots are the screenshots taken by default (all of them with
// GONGKAI_LAYOUT_FULL=1): enough to look at every kind of screen in
// normal text and in 特大字 with 高对比度, and the home screen after an
// idle reset, without making CI wait for hundreds of pictures.
var tourShots = []string{
	"home/standard", "home/larger-contrast", "home/after-idle-reset",
	"document/standard", "document/larger-contrast",
	"search-results/standard", "search-results/large",
	"application-citizen-typing/standard", "application-citizen-typing/larger",
	"application-review/standard", "feedback-category/larger-contrast",
	"receipt/standard", "receipt/larger-contrast", "countdown/larger",
	"progress-typing/large",
}

// TestRealWindowLayoutTour runs the scenes build of the kiosk full screen
// on Xvfb screens of the four kiosk sizes and plays its layout tour
// (internal/ui/tour through `run --scene layout`): every screen in every
// text step, in 高对比度, and after the idle reset. The kiosk checks Fyne's
// object tree of the real window itself (internal/ui/layoutcheck) and
// logs each fault; this test fails on any, and takes the tour's
// screenshots with `import -window root`, checking each is the whole
// screen and not blank. GONGKAI_SCREENSHOTS=DIR keeps them (docs/
// screenshots holds a representative set); GONGKAI_LAYOUT_FULL=1 checks
// 高对比度 at every step and photographs every stop.
func TestRealWindowLayoutTour(t *testing.T) {
	shared := needDisplay(t)
	bin := kioskBinaryWith(t, "sqlite_fts5 scenes")
	full := os.Getenv("GONGKAI_LAYOUT_FULL") != ""
	keep := os.Getenv("GONGKAI_SCREENSHOTS")
	for _, size := range tourSizes {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			display := shared
			if w, h := screenSize(t, shared); w != size.w || h != size.h {
				display = startXvfb(t, size.w, size.h)
			}
			dir := t.TempDir()
			shots := strings.Join(tourShots, ",")
			if full {
				shots = "all"
			}
			t.Setenv("GONGKAI_TOUR_DIR", dir)
			t.Setenv("GONGKAI_TOUR_SHOTS", shots)
			k := startKioskBin(t, bin, display, "", "--scene", "layout")
			taken, seen := 0, 0
			// The tour may take long on a loaded machine; it has failed
			// only when its log stops moving.
			progress := time.Now()
			for {
				if time.Since(progress) > 3*time.Minute {
					t.Fatalf("the tour stalled: nothing logged for 3 minutes; %d shots taken", taken)
				}
				log := k.Log()
				lines := strings.Split(log, "\n")
				if seen < len(lines)-1 {
					progress = time.Now()
				}
				for ; seen < len(lines)-1; seen++ { // the last line may be incomplete
					l := lines[seen]
					if _, name, ok := strings.Cut(l, "tour: shot "); ok {
						name = strings.TrimSpace(name)
						img := screenshot(t, display)
						checkShot(t, name, img, size.w, size.h)
						file := strings.ReplaceAll(name, "/", "_")
						savePNG(t, filepath.Join(dir, file+".png"), img)
						if keep != "" {
							savePNG(t, filepath.Join(keep, fmt.Sprintf("tour-%dx%d-%s.png", size.w, size.h, file)), img)
						}
						if err := os.WriteFile(filepath.Join(dir, file+".done"), nil, 0o600); err != nil {
							t.Fatal(err)
						}
						taken++
					}
					if _, p, ok := strings.Cut(l, "tour: problem: "); ok {
						t.Errorf("%s", p)
					}
					if _, p, ok := strings.Cut(l, "tour: nobody took shot "); ok {
						t.Errorf("shot %s was not taken", p)
					}
				}
				if strings.Contains(log, "tour: done:") {
					break
				}
				select {
				case err := <-k.done:
					k.done <- err
					t.Fatalf("the kiosk exited (%v) during the tour", err)
				case <-time.After(50 * time.Millisecond):
				}
			}
			if want := len(tourShots); !full && taken != want {
				t.Errorf("%d screenshots taken, want %d", taken, want)
			}
			if _, rest, _ := strings.Cut(k.Log(), "tour: done: "); rest != "" {
				t.Logf("tour: %s", strings.SplitN(rest, "\n", 2)[0])
			}
		})
	}
}

// checkShot checks a screenshot is the whole screen and shows something.
func checkShot(t *testing.T, name string, img image.Image, w, h int) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: screenshot is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), w, h)
	}
	if n := distinctColours(img); n < 20 {
		t.Errorf("%s: only %d distinct colours: blank", name, n)
		keepScreenshot(t, img)
	}
	if strings.HasSuffix(name, "/standard") || strings.HasSuffix(name, "after-idle-reset") {
		if s := share(img, image.Rect(0, 0, w, 8), headerRed); s < 0.9 && !strings.HasPrefix(name, "countdown") &&
			!strings.Contains(name, "typing") {
			t.Errorf("%s: top band is %.0f%% header red: not the kiosk's header across the screen", name, 100*s)
			keepScreenshot(t, img)
		}
	}
}

func savePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
