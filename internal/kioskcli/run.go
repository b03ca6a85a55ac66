package kioskcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/assets"
	"gongkai/internal/ui"
)

func init() {
	Register(&Command{
		Name:    "run",
		Usage:   "run [--data DIR] [--config FILE] [--windowed] [--size WxH]",
		Summary: "start the kiosk app full screen (the default when no command is given)",
		Run:     runApp,
	})
}

// runApp is the kiosk app: it checks the bundled font, opens the data
// directory and every service the screens need off the UI thread (behind
// a loading page, so the first frame does not wait for it), builds the
// forms, staff mode, the keyboard and printing into the UI, starts the
// background sync on an enrolled kiosk, and runs the touchscreen UI until
// staff quit it (退出程序) or the process is signalled.
func runApp(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "run", flagsOnly)
	fs := c.FlagSet
	windowed := fs.Bool("windowed", false, "run in a normal window instead of full screen (development)")
	size := fs.String("size", "", "window size WxH, e.g. 1280x800 (implies --windowed)")
	fontPath := fs.String("font", "", "a single-face TTF/OTF to use instead of the bundled WenQuanYi Micro Hei")
	openDoc := fs.String("open-doc", "", "development: open the document with this id after start (for screenshots)")
	pick := func() (script, error) { return nil, nil }
	if scriptFlags != nil {
		pick = scriptFlags(fs, env)
	}
	if err := fs.Parse(args); err != nil {
		return ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "kiosk run: unexpected argument %q (flags only)\n", fs.Arg(0))
		return ErrUsage
	}
	play, err := pick()
	if err != nil {
		return err
	}
	logger := log.New(env.Stderr, "", log.LstdFlags|log.Lmicroseconds)

	ttf, fontName := assets.FontTTF, "the bundled font assets/fonts/wqy-microhei.ttf"
	if *fontPath != "" {
		b, err := os.ReadFile(*fontPath)
		if err != nil {
			logger.Printf("kiosk: cannot read font %s: %v; refusing to start", *fontPath, err)
			return fmt.Errorf("font %s: %w", *fontPath, err)
		}
		ttf, fontName = b, "font "+*fontPath
	}
	th, err := ui.NewTheme(ttf)
	if err != nil {
		logger.Printf("kiosk: cannot load %s: %v; refusing to start, because Chinese text would not display", fontName, err)
		return fmt.Errorf("font unusable: %w", err)
	}

	cfg, err := c.Config()
	if err != nil {
		return err
	}
	if err := cfg.Sync.Validate(); err != nil {
		return err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap: the kiosk's live heap is 14-20 MB
		// after a walk of the demo catalogue and 24-28 MB of the 100,000-
		// document one (5 MB of it the font's tables, parsed once for every
		// text style: ui's shareFonts; its glyphs are decoded when drawn:
		// third_party/typesetting), and without a limit the heap may grow to
		// twice its live size before a GC.
		debug.SetMemoryLimit(goMemoryLimit)
	}
	opt := ui.LaunchOptions{Theme: th, Windowed: *windowed, OpenDoc: *openDoc, Logf: logger.Printf}
	if *size != "" {
		s, err := parseSize(*size)
		if err != nil {
			fmt.Fprintf(env.Stderr, "kiosk run: --size %s: %v\n", *size, err)
			return ErrUsage
		}
		opt.Windowed, opt.Size = true, s
	}

	var svc *Services
	opened := make(chan *Services, 1)
	opt.Ready = func(a *ui.App) {
		svc.Install(a)
		svc.Start(ctx)
		go trimMallocEvery(ctx, mallocTrimEvery)
		notifyService(ctx, env.Getenv, logger.Printf)
		if play != nil {
			go play(a, svc, logger.Printf)
		}
	}
	slogger := slog.New(slog.NewTextHandler(env.Stderr, nil))
	err = ui.Launch(ctx, opt, func(ctx context.Context) (ui.Deps, error) {
		s, err := OpenServices(ctx, cfg, ServiceOptions{Now: c.Now, Logf: logger.Printf, Logger: slogger})
		opened <- s
		if err != nil {
			return ui.Deps{}, err
		}
		svc = s
		return s.UIDeps(), nil
	})
	select {
	case s := <-opened:
		if s != nil {
			if cerr := s.Close(); cerr != nil {
				logger.Printf("kiosk: close: %v", cerr)
			}
		}
	case <-time.After(5 * time.Second): // the app quit while the data directory was still opening
	}
	return err
}

// A script drives the running app by itself, through the same screens a
// finger would: the README's screenshot scenes and Benchmark 3's walk. They
// are built only with the "scenes" build tag (scenes.go, benchwalk.go), so
// the kiosk that ships has neither them nor their flags.
type script func(a *ui.App, svc *Services, logf func(string, ...any))

// scriptFlags, set by the scenes build, adds run's flags that choose a
// script and returns what reads them once parsed: the script, nil for
// none, or ErrUsage (the reason printed).
var scriptFlags func(fs *flag.FlagSet, env *Env) func() (script, error)

// goMemoryLimit is the soft Go heap limit of the app (GOMEMLIMIT overrides):
// 12 MB above the largest live heap measured (28 MB, the 100,000-document
// walk), as 64 MB was above 52 MB when the font's glyphs were all decoded.
const goMemoryLimit = 40 << 20

// parseSize parses "WxH".
func parseSize(s string) (fyne.Size, error) {
	w, h, ok := strings.Cut(strings.ToLower(s), "x")
	if !ok {
		return fyne.Size{}, errors.New("use the form WIDTHxHEIGHT, e.g. 1280x800")
	}
	wi, err1 := strconv.Atoi(w)
	hi, err2 := strconv.Atoi(h)
	if err1 != nil || err2 != nil || wi < 320 || hi < 240 {
		return fyne.Size{}, errors.New("use whole numbers of at least 320x240, e.g. 1280x800")
	}
	return fyne.NewSize(float32(wi), float32(hi)), nil
}
