package kioskcli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gongkai/assets"
	"gongkai/internal/domain"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/staffui"
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
	var c Common
	fs := Flags(env, "run", &c)
	windowed := fs.Bool("windowed", false, "run in a normal window instead of full screen (development)")
	size := fs.String("size", "", "window size WxH, e.g. 1280x800 (implies --windowed)")
	fontPath := fs.String("font", "", "a single-face TTF/OTF to use instead of the bundled WenQuanYi Micro Hei")
	openDoc := fs.String("open-doc", "", "development: open the document with this id after start (for screenshots)")
	scene := fs.String("scene", "", "development: play a scripted visit after start, for screenshots: "+strings.Join(sceneNames(), ", "))
	walk := fs.Bool("bench-walk", false, "benchmark: browse and search by itself, log the resident memory, then quit")
	if err := fs.Parse(args); err != nil {
		return ErrUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "kiosk run: unexpected argument %q (flags only)\n", fs.Arg(0))
		return ErrUsage
	}
	play, ok := scenes[*scene]
	if *scene != "" && !ok {
		fmt.Fprintf(env.Stderr, "kiosk run: --scene %q: use one of %s\n", *scene, strings.Join(sceneNames(), ", "))
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
	if err := cfg.Sync.Validate(); err != nil {
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

	var svc *Services
	opened := make(chan *Services, 1)
	opt.Ready = func(a *ui.App) {
		svc.Install(a)
		svc.Start(ctx)
		notifyService(ctx, env.Getenv, logger.Printf)
		switch {
		case *walk:
			go benchWalk(a, logger.Printf)
		case play != nil:
			go play(a, svc, env.Getenv, logger.Printf)
		}
	}
	slogger := slog.New(slog.NewTextHandler(env.Stderr, nil))
	err = ui.Launch(ctx, opt, func(ctx context.Context) (ui.Deps, error) {
		s, err := OpenServices(ctx, cfg, ServiceOptions{Logf: logger.Printf, Logger: slogger})
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

// A scene is a scripted visit that `run --scene NAME` plays once the app
// is up, so the README's screenshots come from the real window doing
// real work: it taps the same keys and buttons a finger would, through
// fyne.DoAndWait. Staff's scene types the 工号 and PIN given in
// GONGKAI_SCENE_STAFF_ID and GONGKAI_SCENE_PIN on the PIN pad: it opens
// nothing the PIN would not.
type scene func(a *ui.App, svc *Services, getenv func(string) string, logf func(string, ...any))

var scenes = map[string]scene{
	"search":      searchScene,
	"application": applicationScene,
	"staff":       staffScene,
}

func sceneNames() []string {
	names := make([]string, 0, len(scenes))
	for n := range scenes {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// sceneStep runs fn on the UI goroutine and lets a frame or two paint.
func sceneStep(fn func()) {
	fyne.DoAndWait(fn)
	time.Sleep(120 * time.Millisecond)
}

// sceneType taps the keys of py, then the candidate want when given.
func sceneType(kb *keyboard.Keyboard, py, want string, logf func(string, ...any)) {
	<-kb.Ready()
	for _, r := range py {
		sceneStep(func() {
			if k := kb.Key(string(r)); k != nil {
				k.Tapped(&fyne.PointEvent{})
			}
		})
	}
	if want == "" {
		return
	}
	sceneStep(func() {
		for i, c := range kb.Candidates() {
			if c == want {
				kb.Candidate(i).Tapped(&fyne.PointEvent{})
				return
			}
		}
		logf("scene: %q is not among the candidates of %s", want, py)
	})
}

// searchScene types 招生 on the docked keyboard's pinyin keys and
// searches, leaving the keyboard up over the highlighted results.
func searchScene(a *ui.App, _ *Services, _ func(string) string, logf func(string, ...any)) {
	var s *ui.SearchScreen
	sceneStep(func() {
		a.Home()
		a.Tile(ui.TileSearch).Tapped(&fyne.PointEvent{})
		s, _ = a.Current().(*ui.SearchScreen)
		if s != nil {
			a.Keyboard().ShowFor(s.Entry)
		}
	})
	if s == nil {
		logf("scene: the search tile did not open the search screen")
		return
	}
	sceneType(a.Keyboard(), "zhaosheng", "招生", logf)
	sceneStep(func() { s.Button.OnTapped() })
	logf("scene: search ready: %d results", s.Results())
}

// applicationScene opens 依申请公开 as a citizen and starts typing a name
// in pinyin on the form's keyboard, candidates showing.
func applicationScene(a *ui.App, _ *Services, _ func(string) string, logf func(string, ...any)) {
	sceneStep(func() {
		a.Home()
		a.Tile(ui.TileApply).Tapped(&fyne.PointEvent{})
	})
	sceneStep(func() { tapButton(a, "公民") })
	sceneStep(func() { tapButton(a, "下一步") })
	var kb *keyboard.Keyboard
	sceneStep(func() {
		var entry *widget.Entry
		sceneObjects(a.Window().Content(), func(o fyne.CanvasObject, shown bool) {
			switch x := o.(type) {
			case *keyboard.Keyboard:
				if x != a.Keyboard() {
					kb = x
				}
			case *widget.Entry:
				if entry == nil && shown {
					entry = x
				}
			}
		})
		if kb != nil && entry != nil {
			kb.ShowFor(entry)
		}
	})
	if kb == nil {
		logf("scene: no keyboard on the application form")
		return
	}
	sceneType(kb, "zhang", "张", logf)
	sceneType(kb, "xiao", "晓", logf)
	sceneType(kb, "ming", "", logf)
	logf("scene: application ready")
}

// staffScene makes the staff gesture's call (the PIN pad), types the 工号
// and PIN from the environment on its keys and signs in.
func staffScene(a *ui.App, svc *Services, getenv func(string) string, logf func(string, ...any)) {
	id, pin := getenv("GONGKAI_SCENE_STAFF_ID"), getenv("GONGKAI_SCENE_PIN")
	if id == "" {
		id = "0001"
	}
	var pad *staffui.PINScreen
	sceneStep(func() {
		a.Home()
		svc.Mode.OpenPINPad()
		pad, _ = a.Current().(*staffui.PINScreen)
	})
	if pad == nil || pin == "" {
		logf("scene: at the PIN pad (set GONGKAI_SCENE_PIN to sign in)")
		return
	}
	press := func(s string) {
		for _, r := range s {
			sceneStep(func() { pad.Keys[string(r)].OnTapped() })
		}
		sceneStep(func() { pad.OK.OnTapped() })
	}
	press(id)
	press(pin)
	for range 50 {
		time.Sleep(100 * time.Millisecond)
		var ok bool
		fyne.DoAndWait(func() { _, ok = a.Current().(*staffui.Screen) })
		if ok {
			logf("scene: staff screen ready")
			return
		}
	}
	fyne.DoAndWait(func() { logf("scene: not signed in: %s", pad.Message()) })
}

// tapButton taps the first visible button captioned text.
func tapButton(a *ui.App, text string) {
	done := false
	sceneObjects(a.Window().Content(), func(o fyne.CanvasObject, shown bool) {
		if b, ok := o.(*widget.Button); ok && !done && shown && b.Text == text && !b.Disabled() {
			done = true
			b.OnTapped()
		}
	})
}

// sceneObjects visits the objects under o that containers and scrollers
// hold (widgets' own insides are not visited), telling whether each is
// shown (it and every parent visible).
func sceneObjects(o fyne.CanvasObject, fn func(o fyne.CanvasObject, shown bool)) {
	var walk func(o fyne.CanvasObject, shown bool)
	walk = func(o fyne.CanvasObject, shown bool) {
		if o == nil {
			return
		}
		shown = shown && o.Visible()
		fn(o, shown)
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, shown)
			}
		case *ui.TouchScroll:
			walk(x.Scroll, shown)
		case *container.Scroll:
			walk(x.Content, shown)
		}
	}
	walk(o, true)
}
