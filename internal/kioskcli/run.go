package kioskcli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/assets"
	"gongkai/internal/domain"
	"gongkai/internal/kiosk"
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
// directory off the UI thread (behind a loading page, so the first frame
// does not wait for it) and runs the touchscreen UI until the app quits
// or the process is signalled.
func runApp(ctx context.Context, env *Env, args []string) error {
	var c Common
	fs := Flags(env, "run", &c)
	windowed := fs.Bool("windowed", false, "run in a normal window instead of full screen (development)")
	size := fs.String("size", "", "window size WxH, e.g. 1280x800 (implies --windowed)")
	fontPath := fs.String("font", "", "a single-face TTF/OTF to use instead of the bundled WenQuanYi Micro Hei")
	openDoc := fs.String("open-doc", "", "development: open the document with this id after start (for screenshots)")
	walk := fs.Bool("bench-walk", false, "benchmark: browse and search by itself, log the resident memory, then quit")
	if err := fs.Parse(args); err != nil {
		return ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "kiosk run: unexpected argument %q (flags only)\n", fs.Arg(0))
		return ErrUsage
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
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go heap: the kiosk's live heap is about 70 MB
		// with 100,000 documents (half of it the parsed font), and without
		// a limit the heap may grow to twice its live size before a GC.
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
	if *walk {
		opt.Ready = func(a *ui.App) { go benchWalk(a, logger.Printf) }
	}

	opened := make(chan *kiosk.Kiosk, 1)
	err = ui.Launch(ctx, opt, func(ctx context.Context) (ui.Deps, error) {
		k, err := kiosk.Open(ctx, cfg, kiosk.Options{})
		opened <- k
		if err != nil {
			return ui.Deps{}, err
		}
		return ui.Deps{Catalogue: k.Store, Config: k.Config, Now: time.Now, Notices: k.Notices, Logf: logger.Printf}, nil
	})
	select {
	case k := <-opened:
		if k != nil {
			if cerr := k.Close(); cerr != nil {
				logger.Printf("kiosk: close: %v", cerr)
			}
		}
	case <-time.After(5 * time.Second): // the app quit while the data directory was still opening
	}
	return err
}

// goMemoryLimit is the soft Go heap limit of the app (GOMEMLIMIT overrides).
const goMemoryLimit = 100 << 20

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

// benchWalk is Benchmark 3's visitor: it browses to the largest leaf
// category, scrolls its list to the end, opens documents, runs searches,
// then logs the resident memory and quits. It drives the same screens a
// finger would, through fyne.DoAndWait.
func benchWalk(a *ui.App, logf func(string, ...any)) {
	step := func(fn func()) {
		fyne.DoAndWait(fn)
		time.Sleep(300 * time.Millisecond) // let a few frames paint
	}
	time.Sleep(time.Second)
	logf("bench: at home: %s", memLine())
	var leaf *domain.CategoryNode
	var path []string
	step(func() {
		roots, err := a.Catalogue().Categories(context.Background())
		if err != nil {
			logf("bench: categories: %v", err)
			return
		}
		a.Push(ui.NewCategoryScreen(a, nil))
		nodes := roots
		for len(nodes) > 0 {
			best := nodes[0]
			for _, n := range nodes {
				if n.Count > best.Count {
					best = n
				}
			}
			leaf, path, nodes = best, append(path, best.Name), best.Children
		}
	})
	if leaf == nil {
		logf("bench: empty catalogue")
	} else {
		step(func() { a.OpenCategory(leaf, path) })
		step(func() {
			if s, ok := a.Current().(*ui.DocumentListScreen); ok && s.List() != nil {
				s.List().List.ScrollToBottom()
			}
		})
		step(func() {
			if s, ok := a.Current().(*ui.DocumentListScreen); ok && s.List() != nil {
				s.List().List.Select(s.Total() - 1)
			}
		})
		step(a.Back)
		logf("bench: after browsing: %s", memLine())
	}
	for _, q := range []string{"教育", "招生", "政务公开 工作要点", "阳教体办发〔2021〕12号", "学"} {
		step(func() {
			a.Home()
			s := ui.NewSearchScreen(a)
			a.Push(s)
			s.SetQuery(q)
			logf("bench: search %q: %d results", q, s.Results())
			if s.Results() > 0 {
				s.List().List.Select(0)
			}
		})
	}
	step(a.Home)
	logf("bench: after searching: %s", memLine())
	logf("bench: resident memory after browsing and searching: %d MB", rssMB())
	step(a.ResetSession) // the visitor leaves
	time.Sleep(time.Second)
	logf("bench: after the idle reset: %s", memLine())
	fyne.Do(fyne.CurrentApp().Quit)
}

// rssMB reads VmRSS from /proc/self/status.
func rssMB() int { return statusMB("VmRSS") }

// memLine describes the resident memory: total, anonymous (heaps, GL
// buffers) and file-backed (mapped libraries, SQLite's mmap).
func memLine() string {
	return fmt.Sprintf("rss %d MB (anon %d MB, file %d MB), Go heap %d MB",
		statusMB("VmRSS"), statusMB("RssAnon"), statusMB("RssFile"), heapMB())
}

// statusMB reads one "Name: N kB" line of /proc/self/status, in MB.
func statusMB(name string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb / 1024
		}
	}
	return -1
}

func heapMB() int {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int(m.HeapInuse / (1 << 20))
}
