package ui

import (
	"context"
	"image"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// processStart approximates when the process started (package variables
// are initialised before main), for the first-frame log line.
var processStart = time.Now()

// AppID is the kiosk's Fyne application id (FyneApp.toml).
const AppID = "cn.gov.gongkai.kiosk"

// LaunchOptions configures the real window.
type LaunchOptions struct {
	Theme    *Theme    // required: NewTheme has checked the font
	Windowed bool      // a normal window for development; default full screen
	Size     fyne.Size // window size when windowed; zero means 1280×800
	OpenDoc  string    // development: open this document once the app is up
	Logf     func(format string, args ...any)
	// Ready, if set, runs on the UI goroutine once the app is built.
	Ready func(a *App)
}

// Launch opens the kiosk window and runs Fyne's event loop until the app
// quits or ctx ends. The window shows a loading page at once; open runs
// off the UI goroutine (it opens the data directory, which on a fresh
// machine imports the demo catalogue) and the kiosk UI replaces the
// loading page when it returns. So nothing heavy delays the first frame.
//
// In kiosk mode (not Windowed) the window is full screen and closing it
// does nothing: staff leave through the staff screen.
func Launch(ctx context.Context, opt LaunchOptions, open func(context.Context) (Deps, error)) error {
	logf := opt.Logf
	if logf == nil {
		logf = log.Printf
	}
	shortenFyneCaches()
	fa := app.NewWithID(AppID)
	fa.Settings().SetTheme(opt.Theme)
	if !shareFonts(opt.Theme.font) { // one parse of the font for every text style
		logf("ui: Fyne's font cache is not what the kiosk expects: the font is parsed per text style")
	}
	w := fa.NewWindow("政务公开自助终端")
	noDepthStencil() // before the window is shown, which creates it
	w.SetPadded(false)
	if opt.Windowed {
		size := opt.Size
		if size.IsZero() {
			size = fyne.NewSize(1280, 800)
		}
		w.Resize(size)
	} else {
		w.SetFullScreen(true)
		w.SetCloseIntercept(func() { logf("ui: close ignored: the kiosk runs full screen until staff exit") })
	}
	w.SetContent(container.NewStack(loadingPage(), frameMarker(logf, "first frame (loading page)")))

	var a *App
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			fyne.Do(func() {
				// The clock stops first: once Fyne is shutting down it runs
				// what goroutines hand it on their own goroutine.
				if a != nil {
					a.Stop()
				}
				fa.Quit()
			})
		case <-done:
		}
	}()
	go func() {
		deps, err := open(ctx)
		fyne.Do(func() {
			keepFontsShared(opt.Theme.font) // after the driver's own settings listener
			if err != nil {
				logf("ui: cannot open the kiosk: %v", err)
				w.SetContent(failurePage())
				return
			}
			deps.Theme = opt.Theme
			if deps.Logf == nil {
				deps.Logf = logf
			}
			a = New(deps)
			a.frameDelay = 50 * time.Millisecond // a few frames at 60 Hz
			a.Build(w)
			marker := frameMarker(logf, "home screen frame")
			w.SetContent(container.NewStack(w.Content(), marker))
			go sweepFyneCaches(w.Canvas(), marker, screenCacheDuration, done)
			a.Start()
			if opt.OpenDoc != "" {
				a.Push(NewDocumentScreen(a, opt.OpenDoc))
			}
			if opt.Ready != nil {
				opt.Ready(a)
			}
		})
	}()
	w.ShowAndRun()
	if a != nil {
		a.Stop()
	}
	return nil
}

// frameMarker is an invisible raster whose generator the GL painter calls
// when it first paints it: the moment a frame with it is drawn. It logs
// that moment once, measured from process start.
func frameMarker(logf func(string, ...any), what string) fyne.CanvasObject {
	var once sync.Once
	blank := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	r := canvas.NewRaster(func(int, int) image.Image {
		once.Do(func() { logf("ui: %s after %d ms", what, time.Since(processStart).Milliseconds()) })
		return blank
	})
	return r
}

func loadingPage() fyne.CanvasObject {
	band := NewFill(ColorNameHeader)
	band.SetMinSize(fyne.NewSize(10, 72))
	msg := widget.NewLabel("正在启动，请稍候……")
	msg.Alignment = fyne.TextAlignCenter
	return container.NewBorder(band, nil, nil, nil, container.NewCenter(msg))
}

func failurePage() fyne.CanvasObject {
	band := NewFill(ColorNameHeader)
	band.SetMinSize(fyne.NewSize(10, 72))
	msg := message("本终端暂时无法使用，请联系现场工作人员。\n（工作人员：启动失败的原因已写入日志。）")
	return container.NewBorder(band, nil, nil, nil, container.NewCenter(msg))
}
