// Package ui is the kiosk's touchscreen interface: the theme with the
// bundled font, the screen stack with its header and navigation bar, the
// home tiles, catalogue browsing, documents, search, finger scrolling and
// the idle reset that wipes a visitor's session.
//
// Everything here runs on Fyne's main goroutine. Workers (status refresh,
// the clock) compute off it and apply their results through fyne.Do.
//
// Adding a screen (later issues): write a struct that holds its state and
// widgets and implements Screen; give it Reset (Resetter) if it holds
// anything a visitor typed, because Reset runs when it leaves the stack and
// on the idle reset. Build its controls with handlers wrapped by
// App.Handle (or call App.Active first), its long content in
// App.NewTouchScroll / App.NewTouchList, and show it with App.Push. A home
// function's tile gets its handler with App.SetTileHandler. Show errors as
// domain.ErrorMessage(err), never err.Error(). uitest has a fake catalogue
// and clock for headless tests.
package ui

import (
	"context"
	"log"
	"runtime/debug"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gongkai/assets"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	_ "gongkai/internal/locale" // a locale Fyne can read, set before Fyne's own init reads it
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/wallclock"
)

// Deps is what the UI needs from the rest of the kiosk.
type Deps struct {
	Catalogue domain.CatalogueService
	Config    config.Config
	Now       func() time.Time // the clock for the header and the idle timer
	Notices   func() []string  // staff-visible notices (store moved aside, queue stuck, ...), called on the UI goroutine; may be nil
	Theme     *Theme           // nil: NewTheme(assets.FontTTF), which must not fail
	Logf      func(format string, args ...any)

	// Sync reports the background catalogue sync (sync/client's Worker) for
	// the header: online or offline, the last sync and the catalogue
	// version. nil means the header reads the catalogue's own state alone.
	// Called on the UI goroutine; its problems are for staff and are not
	// part of it.
	Sync func() SyncStatus
	// PrintDocument prints a catalogue document for a visitor (公开信息查阅)
	// and returns its page count; it runs off the UI goroutine. nil (the
	// configuration does not allow it) shows no print button. Its errors
	// must carry a message for visitors (domain.Error).
	PrintDocument func(ctx context.Context, doc *domain.Document) (pages int, err error)
	// CallStaff, if set, passes a visitor's 呼叫工作人员 on (to the hub, when
	// online) besides the staff banner; where names the screen and step.
	// It runs off the UI goroutine within a few seconds; nil error means
	// the hub has the call (App.CallStaff says so to the visitor).
	CallStaff func(ctx context.Context, where string) error
	// Speaker reads screens aloud when a visitor turns 语音播报 on; nil
	// means the kiosk has no speech (the button says so when touched).
	Speaker Speaker
	// TrimMemory, if set, hands memory the process has freed back to the
	// system (the kiosk trims malloc); it runs off the UI goroutine just
	// after a screen the visitor left for good has been released.
	TrimMemory func()
	// Do runs a worker's update on the UI goroutine; nil means fyne.Do.
	// Tests queue the updates and run them on the test's goroutine.
	Do func(func())
}

// SyncStatus is what the header shows of the background sync.
type SyncStatus struct {
	Enrolled bool      // the kiosk belongs to a hub
	Network  bool      // it syncs over the network (not only from USB bundles)
	Tried    bool      // the hub has been tried since the kiosk started
	Online   bool      // the last try got an answer
	LastSync time.Time // the last successful sync; zero if never
	Version  int64     // the catalogue version; 0 means unknown
}

// Screen is one page of the kiosk. A screen is a struct holding its state
// and widget references; Build is called once when it is pushed, and the
// built content is kept while the screen is on the stack, so 返回 returns to
// it as the visitor left it (scroll position, typed text).
type Screen interface {
	Title() string
	Build() fyne.CanvasObject
}

// Resetter is a screen that holds visitor data. Reset is called when the
// screen leaves the stack (返回, 首页, idle reset) and, for the home screen,
// on every idle reset: it must drop everything the visitor typed or opened.
type Resetter interface{ Reset() }

// Shower is a screen that wants to know when it becomes the visible one
// again (pushed, or uncovered by 返回).
type Shower interface{ Shown() }

// Form is a screen where a visitor fills in a form, step by step. The
// staff notices stay off it (the visitor needs the room for the question,
// and the notices are for staff, who see them on every other screen);
// the visitor's own calls for staff still show.
type Form interface{ VisitorForm() }

// Hider is a screen that wants to know when another screen covers it
// (for example to hide an on-screen keyboard: Fyne does not tell a widget
// it left the window).
type Hider interface{ Hidden() }

type page struct {
	screen  Screen
	content fyne.CanvasObject
}

// App is the running kiosk UI bound to one window.
type App struct {
	deps  Deps
	theme *Theme
	win   fyne.Window

	header  *Header
	nav     *navBar
	frame   *fyne.Container // header, nav bar, pages, docked keyboard, staff banner
	body    *fyne.Container // every page on the stack; only the top one is visible
	banner  *noticeBanner
	overlay *countdownOverlay
	kb      *keyboard.Keyboard // docked at the bottom, shared by the screens built here
	idle    Idle

	stack      []*page
	home       *HomeScreen
	tiles      []*Tile
	resetHooks []func()

	focus      fyne.CanvasObject // the keypad's focus, nil when none
	ring       *Fill             // its outline
	reading    bool              // 语音播报 is on
	last       []string          // what it said last, for the keypad's 重复
	sayCount   int               // how many times it has spoken
	calls      []string          // the visitor's 呼叫工作人员, for the banner
	session    int               // counts idle resets, so a late answer is not shown to the next visitor
	notices    []string          // the staff notices last read
	started    bool
	frameDelay time.Duration // AfterFrame's wait; 0 (headless tests) runs at once
	lastStatus time.Time
	stop       chan struct{}

	afterFrames atomic.Int32 // AfterFrame calls not yet run
	released    bool         // a screen left the stack since the last showTop
}

// statusEvery is how often the header's catalogue state and the staff
// notices are re-read while the app runs.
const statusEvery = 30 * time.Second

// New returns the kiosk UI for deps. Nothing is built until Build.
func New(deps Deps) *App {
	if deps.Now == nil {
		deps.Now = wallclock.Now
	}
	if deps.Logf == nil {
		deps.Logf = log.Printf
	}
	if deps.Do == nil {
		deps.Do = fyne.Do
	}
	if deps.Theme == nil {
		th, err := NewTheme(assets.FontTTF)
		if err != nil {
			panic("ui: the embedded font is unusable: " + err.Error())
		}
		deps.Theme = th
	}
	a := &App{deps: deps, theme: deps.Theme, stop: make(chan struct{})}
	a.idle = Idle{After: deps.Config.IdleTime.D(), Countdown: deps.Config.Countdown.D()}
	if a.idle.After <= 0 {
		a.idle.After = 120 * time.Second
	}
	if a.idle.Countdown <= 0 {
		a.idle.Countdown = 10 * time.Second
	}
	a.tiles = defaultTiles(a)
	return a
}

// Build lays the kiosk out in w and shows the home screen. It does no
// catalogue I/O, so the first frame is not held up: Start (or
// RefreshStatus in tests) fills in the header's catalogue state.
func (a *App) Build(w fyne.Window) {
	a.win = w
	a.theme.SetTextStep(TextNormal)
	a.theme.SetHighContrast(false)
	if fyne.CurrentApp().Settings().Theme() != fyne.Theme(a.theme) {
		fyne.CurrentApp().Settings().SetTheme(a.theme) // Launch has set it already; setting it again would re-parse the font
	}
	a.header = newHeader(a)
	a.nav = newNavBar(a)
	a.banner = newNoticeBanner()
	a.body = container.NewStack()
	a.overlay = newCountdownOverlay(a.Active)
	a.kb = keyboard.New()
	a.kb.OnActivity = a.Active
	a.kb.OnShow = func(*widget.Entry, float32) { a.keyboardShown(true) }
	a.kb.OnHide = func() { a.keyboardShown(false) }
	// The keyboard docks under the screens, above the staff banner; hidden,
	// it takes no room.
	main := container.New(&frameLayout{a: a}, a.header.content, a.nav.content, a.body, a.kb, a.banner.content)
	a.banner.parent = main
	a.frame = main
	a.ring = newFocusRing()
	w.SetContent(container.NewStack(main, newActivitySentinel(a.touched), a.overlay, container.NewWithoutLayout(a.ring)))
	w.Canvas().SetOnTypedKey(a.KeyTyped)
	a.home = NewHomeScreen(a)
	a.stack = nil
	a.Push(a.home)
	a.header.setClock(a.Now())
	a.idle.Reset(a.Now())
}

// Start begins the clock and the periodic status refresh. Tests do not
// call it: they drive Tick and RefreshStatus themselves.
func (a *App) Start() {
	if a.started {
		return
	}
	a.started = true
	a.lastStatus = a.Now()
	a.SyncChanged()
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-a.stop:
				return
			case <-t.C:
				fyne.Do(func() {
					select {
					case <-a.stop: // stopped while this tick waited
					default:
						a.Tick()
					}
				})
			}
		}
	}()
}

// Stop ends the goroutines Start began.
func (a *App) Stop() {
	select {
	case <-a.stop:
	default:
		close(a.stop)
	}
}

// SyncChanged re-reads the catalogue state and the staff notices off the
// UI goroutine and shows them: the sync worker calls it (from its own
// goroutine) after every change of its status.
func (a *App) SyncChanged() {
	go func() {
		s := a.loadStatus()
		a.deps.Do(func() { a.applyStatus(s) })
	}()
}

// keyboardWatcher is a screen that makes room while the docked keyboard
// is up (the search screen folds its filters away).
type keyboardWatcher interface{ KeyboardShown(up bool) }

func (a *App) keyboardShown(up bool) {
	a.Typing(up)
	if len(a.stack) == 0 {
		return
	}
	if w, ok := a.Current().(keyboardWatcher); ok {
		w.KeyboardShown(up)
	}
}

// Relayout lays the window out twice: wrapped text (and rows of choices
// that wrap) learns its width in the first pass and its height in the
// second. Screens call it after their content changed shape.
func (a *App) Relayout() {
	if a.frame == nil {
		return
	}
	for range 2 {
		a.frame.Refresh()
	}
}

// Typing makes room for an on-screen keyboard: on a short screen
// (shortScreen) the header band hides while a visitor types, so the field
// and its label stay in view above the keyboard. Screens with a keyboard
// of their own (the forms) call it when it shows and hides.
func (a *App) Typing(on bool) {
	if a.header == nil || a.win == nil {
		return
	}
	hide := on && a.ShortScreen()
	if a.header.content.Visible() != hide {
		return
	}
	if hide {
		a.header.content.Hide()
	} else {
		a.header.content.Show()
	}
	a.frame.Refresh()
}

// ShortScreen reports whether the window is short for its text size
// (shorter than ShortScreen at normal text, taller at larger steps): the
// header band and a form's progress bar then make way for the on-screen
// keyboard while a visitor types.
func (a *App) ShortScreen() bool {
	return a.win.Canvas().Size().Height < ShortScreen*a.TextStep().Scale()
}

// Keyboard returns the on-screen keyboard docked at the bottom of the
// window. A screen attaches its entries to it (keyboard.Attach) and
// detaches them in Reset; it hides whenever another screen is shown and
// is wiped by the idle reset.
func (a *App) Keyboard() *keyboard.Keyboard { return a.kb }

// Window returns the window the app was built in.
func (a *App) Window() fyne.Window { return a.win }

// Catalogue returns the catalogue the screens read.
func (a *App) Catalogue() domain.CatalogueService { return a.deps.Catalogue }

// Config returns the kiosk configuration.
func (a *App) Config() config.Config { return a.deps.Config }

// Now returns the app clock's time.
func (a *App) Now() time.Time { return a.deps.Now() }

// Header returns the header, whose Agency widget is the staff gesture's
// target.
func (a *App) Header() *Header { return a.header }

// Logf logs for staff and developers. Never log personal data.
func (a *App) Logf(format string, args ...any) { a.deps.Logf(format, args...) }

// ctx returns a context for one catalogue call made on the UI goroutine:
// bounded, so a wedged database cannot freeze the screen for ever.
func (a *App) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}

// fetch calls get with the UI's deadline and logs a failure as
// "ui: what: err" (what must hold nothing a visitor typed).
func fetch[T any](a *App, what string, get func(context.Context) (T, error)) (T, error) {
	ctx, cancel := a.ctx()
	defer cancel()
	v, err := get(ctx)
	if err != nil {
		a.Logf("ui: %s: %v", what, err)
	}
	return v, err
}

// Push shows s on top of the stack.
func (a *App) Push(s Screen) {
	if len(a.stack) > 0 {
		if h, ok := a.Current().(Hider); ok {
			h.Hidden()
		}
	}
	p := &page{screen: s, content: s.Build()}
	a.stack = append(a.stack, p)
	a.body.Add(p.content)
	a.showTop()
}

// Back leaves the current screen for the one below it.
func (a *App) Back() {
	if len(a.stack) > 1 {
		a.pop()
		a.showTop()
	}
}

// Home leaves every screen but the home screen.
func (a *App) Home() {
	for len(a.stack) > 1 {
		a.pop()
	}
	a.showTop()
}

// Current returns the visible screen.
func (a *App) Current() Screen { return a.stack[len(a.stack)-1].screen }

// Depth returns how many screens are on the stack (1 at home).
func (a *App) Depth() int { return len(a.stack) }

func (a *App) pop() {
	top := a.stack[len(a.stack)-1]
	a.stack = a.stack[:len(a.stack)-1]
	a.body.Remove(top.content)
	releaseScreen(a.win, top.content)
	a.released = true
	if r, ok := top.screen.(Resetter); ok {
		r.Reset()
	}
}

func (a *App) showTop() {
	top := a.stack[len(a.stack)-1]
	for _, p := range a.stack {
		if p == top {
			p.content.Show()
		} else {
			p.content.Hide()
		}
	}
	if a.kb != nil && a.kb.Visible() {
		a.kb.Hide() // its field belongs to the screen that was covered or left
	}
	if c := a.win.Canvas(); c != nil {
		c.Unfocus()
	}
	a.clearFocus() // the keypad starts again on the new page
	a.nav.update(top.screen.Title(), len(a.stack) > 1)
	a.showBanner()
	a.Relayout()
	if s, ok := top.screen.(Shower); ok {
		s.Shown()
	}
	a.sayPage()
	if a.released {
		a.released = false
		if trim := a.deps.TrimMemory; trim != nil {
			a.AfterFrame(func() { go trim() }) // once the screen shown has drawn its own textures
		}
	}
}

// Active reports a visitor's action to the idle timer. Every handler calls
// it (through Handle, the touch widgets or the activity sentinel): there is
// no global input hook on the desktop driver.
func (a *App) Active() {
	if a.idle.Activity(a.Now()) && a.overlay != nil {
		a.overlay.Hide()
	}
}

// touched is a finger on the screen: activity, and the keypad's focus
// ring goes away (it is for visitors who cannot see where to touch).
func (a *App) touched() {
	a.Active()
	if a.focus != nil {
		a.clearFocus()
	}
}

// Handle wraps a handler so that it reports activity first.
func (a *App) Handle(fn func()) func() {
	return func() {
		a.Active()
		if fn != nil {
			fn()
		}
	}
}

// OnReset registers fn to run on every idle reset (after the screens are
// reset), for state that lives outside screens, such as a keyboard buffer.
func (a *App) OnReset(fn func()) { a.resetHooks = append(a.resetHooks, fn) }

// Tick advances the clock-driven parts: the header clock, the idle
// countdown and, once started, the periodic status refresh. Start calls it
// every second; tests call it after moving their clock.
func (a *App) Tick() {
	now := a.Now()
	a.header.setClock(now)
	switch phase, left := a.idle.Tick(now); phase {
	case IdleCounting:
		if !a.overlay.Visible() {
			a.dismissOverlays()
			a.overlay.Show()
			a.overlay.setSeconds(left)
			a.Say(a.overlay.Message())
		}
		a.overlay.setSeconds(left)
	case IdleExpired:
		a.ResetSession()
	}
	if a.started && now.Sub(a.lastStatus) >= statusEvery {
		a.lastStatus = now
		a.SyncChanged()
	}
}

// Layers returns what the window shows, for checking each layer's layout
// on its own: the frame (header, nav bar, page, keyboard, staff banner),
// the idle countdown when it covers the frame, and any pop-up.
func (a *App) Layers() []fyne.CanvasObject {
	out := []fyne.CanvasObject{a.frame}
	if a.overlay.Visible() {
		out = append(out, a.overlay)
	}
	return append(out, a.win.Canvas().Overlays().List()...)
}

// AfterFrame runs fn on the UI goroutine once the window has drawn what
// was just built: a real window learns where a new object is (and can
// focus it) only when it draws it. Headless tests run fn at once.
func (a *App) AfterFrame(fn func()) {
	if a.frameDelay <= 0 {
		fn()
		return
	}
	a.afterFrames.Add(1)
	time.AfterFunc(a.frameDelay, func() {
		a.deps.Do(func() {
			defer a.afterFrames.Add(-1)
			fn()
		})
	})
}

// Settled reports whether nothing waits for a frame (AfterFrame): the
// screen shown is as a visitor will see it. The layout tour checks only
// a settled window.
func (a *App) Settled() bool { return a.afterFrames.Load() == 0 }

// ShowCountdown shows the idle countdown at seconds left, as if the kiosk
// had been left alone (for the layout tour and its screenshots); any
// touch cancels it as usual.
func (a *App) ShowCountdown(seconds int) {
	a.dismissOverlays()
	a.overlay.Show()
	a.overlay.setSeconds(seconds)
}

// ResetSession wipes the visitor's session: pop-ups closed, every screen
// reset and dropped, the home screen scrolled back, 大字模式 off, and the
// OnReset hooks run. The next visitor starts as if the kiosk had just
// started.
func (a *App) ResetSession() {
	a.overlay.Hide()
	a.dismissOverlays()
	a.Home()
	a.home.Reset()
	a.kb.Reset()
	a.SetTextStep(TextNormal)
	a.SetHighContrast(false)
	a.SetReadAloud(false)
	a.session++
	if len(a.calls) > 0 {
		a.calls = nil // the visitor who called has gone
		a.showBanner()
	}
	for _, fn := range a.resetHooks {
		fn()
	}
	a.idle.Reset(a.Now())
	a.restoreLayout()
	a.Logf("ui: idle reset: session cleared")
	go debug.FreeOSMemory() // the session's pages and results are garbage now: give the memory back while nobody waits
}

func (a *App) dismissOverlays() {
	c := a.win.Canvas()
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
	c.Unfocus()
}

// SetTextStep sets the text size for every screen: it sets the theme's
// step and refreshes the whole window (every page on the stack and any
// pop-up), which re-reads the text sizes.
func (a *App) SetTextStep(step TextStep) { setDisplay(a, a.theme.TextStep, a.theme.SetTextStep, step) }

// TextStep returns the text size.
func (a *App) TextStep() TextStep { return a.theme.TextStep() }

// SetLargeText sets 大字 (on) or the normal text size (off).
func (a *App) SetLargeText(on bool) {
	if on {
		a.SetTextStep(TextLarge)
	} else {
		a.SetTextStep(TextNormal)
	}
}

// LargeText reports whether a large-text step is on.
func (a *App) LargeText() bool { return a.theme.LargeText() }

// SetHighContrast turns 高对比度 on or off for every screen.
func (a *App) SetHighContrast(on bool) {
	setDisplay(a, a.theme.HighContrast, a.theme.SetHighContrast, on)
}

// setDisplay sets a display setting of the theme to v, and shows the
// change everywhere when it is one.
func setDisplay[T comparable](a *App, get func() T, set func(T), v T) {
	if get() == v {
		return
	}
	set(v)
	a.displayChanged()
}

// HighContrast reports whether 高对比度 is on.
func (a *App) HighContrast() bool { return a.theme.HighContrast() }

// displayChanged shows a new text step or palette everywhere.
func (a *App) displayChanged() {
	a.nav.setDisplay(a.theme.TextStep(), a.theme.HighContrast())
	// A container lays itself out before it refreshes its children, so
	// one pass leaves parents sized for the old text: the second pass
	// lays them out around the new sizes.
	c := a.win.Canvas()
	for range 2 {
		c.Content().Refresh()
		for _, o := range c.Overlays().List() {
			o.Refresh()
		}
	}
	// A field being typed moved with the new sizes: bring it back.
	walkShown(a.frame, func(o fyne.CanvasObject) {
		if k, ok := o.(*keyboard.Keyboard); ok {
			k.Reveal()
		}
	})
}

// walkShown calls fn on o and the shown objects that containers hold
// under it (widgets' own insides are not visited).
func walkShown(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkShown(c, fn)
		}
	case *TouchScroll:
		walkShown(x.Scroll.Content, fn)
	}
}

// restoreLayout lays the window out afresh for the next visitor: the page
// scrolled to the top, the frame at the window's size, nothing left of
// the last visitor's text size. A full-screen window is put back to the
// screen's size, in case anything ever made it grow.
func (a *App) restoreLayout() {
	c := a.win.Canvas()
	if a.win.FullScreen() {
		a.win.SetFullScreen(true)
	}
	c.Content().Resize(c.Size())
	c.Content().Refresh()
}

// status is the catalogue state for the header, read off the UI goroutine.
type status struct {
	state domain.CatalogueState
	err   error
}

func (a *App) loadStatus() status {
	var s status
	s.state, s.err = fetch(a, "catalogue state", a.deps.Catalogue.State)
	return s
}

// applyStatus shows s and the staff notices. Notices is called here, on
// the UI goroutine, where the staff screen also changes them.
func (a *App) applyStatus(s status) {
	var sync *SyncStatus
	if a.deps.Sync != nil {
		st := a.deps.Sync()
		sync = &st
	}
	a.header.setState(stateText(s.state, s.err, sync, a.Now(), a.deps.Config.Sync.Interval.D()))
	if a.deps.Notices != nil {
		a.notices = a.deps.Notices()
	}
	a.showBanner()
}

// RefreshStatus re-reads the catalogue state and the staff notices now, on
// the calling goroutine.
func (a *App) RefreshStatus() { a.applyStatus(a.loadStatus()) }
