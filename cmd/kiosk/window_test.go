package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/syncbuf"
)

// These tests run the real kiosk binary (OpenGL through Mesa) under Xvfb
// and look at the screen with `import -window root`: Fyne's own Capture
// returns white under Xvfb. scripts/test-all.sh starts a 1920×1080 Xvfb
// and sets GONGKAI_XVFB_DISPLAY; the 1280×800 screen is a second Xvfb the
// test starts itself, so both sizes run the real full-screen path.

var (
	buildMu sync.Mutex
	built   = map[string]string{} // tags -> binary
	// buildTags are the tags the binary is built with: the shipped set,
	// plus "scenes" when the tests themselves run with it (the startup
	// benchmark's walk needs it).
	buildTags = "sqlite_fts5"
)

// kioskBinary builds ./cmd/kiosk once per test run (the first GL build
// takes minutes; later ones come from the build cache).
func kioskBinary(t testing.TB) string { return kioskBinaryWith(t, buildTags) }

// kioskBinaryWith builds ./cmd/kiosk with tags once per test run.
func kioskBinaryWith(t testing.TB, tags string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if bin, ok := built[tags]; ok {
		return bin
	}
	dir, err := os.MkdirTemp("", "gongkai-kiosk-bin")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "kiosk")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "build", "-tags", tags, "-o", bin, ".")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build -tags %q ./cmd/kiosk: %v\n%s", tags, err, out.String())
	}
	built[tags] = bin
	return bin
}

// needDisplay returns the shared Xvfb display, skipping when it is not
// there outside CI and failing when it is missing in CI.
func needDisplay(t testing.TB) string {
	t.Helper()
	d := os.Getenv("GONGKAI_XVFB_DISPLAY")
	if d != "" {
		return d
	}
	if os.Getenv("CI") != "" {
		t.Fatal("GONGKAI_XVFB_DISPLAY is not set: run the tests through scripts/test-all.sh, which starts Xvfb")
	}
	t.Skip("GONGKAI_XVFB_DISPLAY is not set (scripts/test-all.sh starts Xvfb and sets it)")
	return ""
}

// startXvfb starts a private Xvfb of the given size and returns its
// display; Xvfb picks a free display number itself (-displayfd).
func startXvfb(t testing.TB, w, h int) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{wr}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	wr.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb reported display %q", n)
		}
		return ":" + n
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not report its display")
	}
	return ""
}

// screenSize asks the X server for its size.
func screenSize(t testing.TB, display string) (int, int) {
	t.Helper()
	out, err := exec.Command("xdpyinfo", "-display", display).Output()
	if err != nil {
		t.Fatalf("xdpyinfo -display %s: %v", display, err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "dimensions:"); ok {
			var w, h int
			fmt.Sscanf(strings.TrimSpace(rest), "%dx%d", &w, &h)
			return w, h
		}
	}
	t.Fatalf("xdpyinfo -display %s: no dimensions", display)
	return 0, 0
}

// kioskProc is a running kiosk whose log is collected.
type kioskProc struct {
	cmd  *exec.Cmd
	log  syncbuf.Buffer
	done chan error
}

// Log returns what the kiosk wrote to stdout and stderr so far.
func (k *kioskProc) Log() string { return k.log.String() }

// startKiosk runs the kiosk on display with data as its data directory
// ("" for a fresh one).
func startKiosk(t testing.TB, display, data string, args ...string) *kioskProc {
	t.Helper()
	return startKioskBin(t, kioskBinary(t), display, data, args...)
}

// startKioskBin is startKiosk with a given binary.
func startKioskBin(t testing.TB, bin, display, data string, args ...string) *kioskProc {
	t.Helper()
	home := t.TempDir()
	if data == "" {
		data = filepath.Join(home, "data")
	}
	args = append([]string{"run", "--data", data}, args...)
	k := &kioskProc{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	k.cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=zh_CN.UTF-8", "LC_ALL=", "HOME="+home,
		"XDG_DATA_HOME="+filepath.Join(home, "xdg"), "XDG_CONFIG_HOME="+filepath.Join(home, "cfg"))
	k.cmd.Stdout, k.cmd.Stderr = &k.log, &k.log
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { k.done <- k.cmd.Wait() }()
	t.Cleanup(func() {
		k.cmd.Process.Kill()
		<-k.done
		if t.Failed() {
			t.Logf("kiosk log:\n%s", k.Log())
		}
	})
	return k
}

// waitLog waits until the kiosk logs want.
func (k *kioskProc) waitLog(t testing.TB, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(k.Log(), want) {
			return
		}
		select {
		case err := <-k.done:
			k.done <- err
			if strings.Contains(k.Log(), want) { // its last words
				return
			}
			t.Fatalf("kiosk exited (%v) before logging %q", err, want)
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("kiosk did not log %q within %s", want, timeout)
}

// screenshot takes the whole X screen with ImageMagick.
func screenshot(t testing.TB, display string) image.Image {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "import", "-display", display, "-window", "root", "png:-").Output()
	if err != nil {
		t.Fatalf("import -window root: %v", err)
	}
	img, _, err := image.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// keepScreenshot saves img where a developer can look at it.
// screenshotWhen takes screenshots of display until more than least of
// rect is col, five seconds at the most, and returns the last. The window
// is up by then; this gives the compositor-less X server a moment, and
// retries while the frame is still being swapped in.
func screenshotWhen(t testing.TB, display string, rect image.Rectangle, col color.NRGBA, least float64) image.Image {
	t.Helper()
	var img image.Image
	for i := 0; i < 20; i++ {
		time.Sleep(250 * time.Millisecond)
		img = screenshot(t, display)
		if share(img, rect, col) > least {
			break
		}
	}
	return img
}

// quitsOnSIGTERM checks that SIGTERM quits the kiosk cleanly.
func (k *kioskProc) quitsOnSIGTERM(t *testing.T) {
	t.Helper()
	k.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-k.done:
		k.done <- err
		if err != nil {
			t.Errorf("kiosk exited with %v on SIGTERM", err)
		}
	case <-time.After(15 * time.Second):
		// SIGQUIT makes the Go runtime write every goroutine's stack to
		// the kiosk's log, which the test prints: where it hung.
		k.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case err := <-k.done:
			k.done <- err
		case <-time.After(5 * time.Second):
		}
		t.Error("kiosk did not exit within 15 s of SIGTERM (its goroutines, from SIGQUIT, are in its log)")
	}
}

func keepScreenshot(t *testing.T, img image.Image) {
	f, err := os.CreateTemp("", "gongkai-window-*.png")
	if err != nil {
		return
	}
	defer f.Close()
	if png.Encode(f, img) == nil {
		t.Logf("screenshot kept at %s", f.Name())
	}
}

// The theme's header red and tile blue (internal/ui/theme.go).
var (
	headerRed = color.NRGBA{R: 0xA3, G: 0x14, B: 0x1B, A: 0xFF}
	tileBlue  = color.NRGBA{R: 0x1F, G: 0x4E, B: 0x8C, A: 0xFF}
)

func near(c color.Color, want color.NRGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) int { v := int(x>>8) - int(y); return max(v, -v) }
	return d(r, want.R) <= 12 && d(g, want.G) <= 12 && d(b, want.B) <= 12
}

// share returns the fraction of pixels in rect that are near want.
func share(img image.Image, rect image.Rectangle, want color.NRGBA) float64 {
	n, hit := 0, 0
	for y := rect.Min.Y; y < rect.Max.Y; y += 2 {
		for x := rect.Min.X; x < rect.Max.X; x += 2 {
			n++
			if near(img.At(x, y), want) {
				hit++
			}
		}
	}
	return float64(hit) / float64(max(n, 1))
}

func distinctColours(img image.Image) int {
	seen := map[color.Color]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			seen[img.At(x, y)] = true
		}
	}
	return len(seen)
}

// checkHome checks that img is the kiosk's home screen filling the whole
// screen: a red header band across the top, blue tiles below it, many
// colours (text is anti-aliased), not blank.
func checkHome(t *testing.T, img image.Image, w, h int) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	if n := distinctColours(img); n < 50 {
		t.Errorf("only %d distinct colours: blank or one colour", n)
	}
	if s := share(img, image.Rect(0, 0, w, 12), headerRed); s < 0.9 {
		t.Errorf("top band is %.0f%% header red, want ≥ 90%% (full-screen header)", 100*s)
	}
	if s := share(img, image.Rect(0, h/4, w, h), tileBlue); s < 0.4 {
		t.Errorf("body is %.0f%% tile blue, want ≥ 40%% (the home tiles)", 100*s)
	}
}

func TestRealWindowHomeScreen(t *testing.T) {
	shared := needDisplay(t)
	for _, size := range []struct{ w, h int }{{1280, 800}, {1920, 1080}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			display := shared
			if w, h := screenSize(t, shared); w != size.w || h != size.h {
				display = startXvfb(t, size.w, size.h)
			}
			k := startKiosk(t, display, "")
			k.waitLog(t, "home screen frame", 90*time.Second)
			img := screenshotWhen(t, display, image.Rect(0, size.h/4, size.w, size.h), tileBlue, 0.4)
			checkHome(t, img, size.w, size.h)
			if t.Failed() {
				keepScreenshot(t, img)
			}
			k.quitsOnSIGTERM(t)
		})
	}
}

// TestRefusesToStartWithoutFont runs the kiosk with an unusable font: it
// must exit with a clear log line instead of drawing boxes.
func TestRefusesToStartWithoutFont(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "broken.ttf")
	if err := os.WriteFile(bad, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(kioskBinary(t), "run", "--data", t.TempDir(), "--font", bad)
	cmd.Env = append(os.Environ(), "DISPLAY=:nonexistent", "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
		t.Fatalf("exit code %d (%v); want 1\n%s", code, err, out)
	}
	if !strings.Contains(string(out), "refusing to start") || !strings.Contains(string(out), "broken.ttf") {
		t.Errorf("log does not say why:\n%s", out)
	}
}

// TestRealWindowCorruptDatabase starts the kiosk on a garbage database: it
// must not crash, but move the file aside, show the home screen on the
// demo catalogue and tell staff in the banner at the bottom.
func TestRealWindowCorruptDatabase(t *testing.T) {
	display := needDisplay(t)
	w, h := screenSize(t, display)
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, "kiosk.db"), bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	k := startKiosk(t, display, data)
	k.waitLog(t, "home screen frame", 90*time.Second)
	noticeAmber := color.NRGBA{R: 0xFF, G: 0xF1, B: 0xC2, A: 0xFF}
	img := screenshotWhen(t, display, image.Rect(0, h-20, w, h), noticeAmber, 0.5)
	checkHome(t, img, w, h)
	if s := share(img, image.Rect(0, h-20, w, h), noticeAmber); s < 0.5 {
		t.Errorf("bottom band is %.0f%% notice amber: no staff banner", 100*s)
	}
	if t.Failed() {
		keepScreenshot(t, img)
	}
	moved, _ := filepath.Glob(filepath.Join(data, "kiosk.db.corrupt-*"))
	if len(moved) == 0 {
		t.Error("the corrupt database was not moved aside")
	}
}
