// Package browsertest drives Debian's real Chromium (/usr/bin/chromium,
// never a downloaded browser) from Go with chromedp against a real hub on
// loopback, for the console's browser tests and the end-to-end journey in
// sync/e2e. Tests fail, not skip, when CI is set and Chromium is missing.
// Form is the same console spoken to over plain HTTP, for tests that need
// no page rendered.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is Debian's chromium package's launcher; GONGKAI_CHROMIUM
// overrides it.
const ChromiumPath = "/usr/bin/chromium"

// chromium returns the browser to run, or skips (fails under CI) when
// there is none.
func chromium(t testing.TB) string {
	t.Helper()
	path := ChromiumPath
	if p := os.Getenv("GONGKAI_CHROMIUM"); p != "" {
		path = p
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium is missing at %s (install Debian's chromium: scripts/setup-debian.sh): %v", path, err)
		}
		t.Skipf("Chromium is missing at %s; install Debian's chromium package to run the browser tests", path)
	}
	return path
}

// Width and Height are the window size: the smallest screen an office
// desktop has, which the console must be usable at.
const (
	Width  = 1366
	Height = 768
)

// Start launches a fresh headless Chromium (its own user-data-dir, no
// network beyond what the test opens) and returns its tab, which closes
// with the test. timeout bounds the whole test.
func Start(t testing.TB, timeout time.Duration) *Tab {
	t.Helper()
	path := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium")),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(Width, Height),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	tab := &Tab{T: t, Ctx: bctx}
	// A confirm() the page asks (归档, 停用) is answered 确定, as a person
	// would, and remembered for the test.
	dialogs := chromedp.Events(bctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tab.mu.Lock()
			tab.dialogs = append(tab.dialogs, ev.Message)
			tab.mu.Unlock()
			if _, err := chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				return
			}
		}
	}()
	return tab
}

// Screenshot saves a full-page PNG of the page shown as dir/name when dir
// is set (from GONGKAI_SCREENSHOTS), for docs/screenshots/.
func (b *Tab) Screenshot(dir, name string) {
	b.T.Helper()
	if dir == "" {
		return
	}
	png := Read(b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.T.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		b.T.Fatal(err)
	}
}
