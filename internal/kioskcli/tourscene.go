//go:build scenes

package kioskcli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/internal/ui"
	"gongkai/internal/ui/layoutcheck"
	"gongkai/internal/ui/tour"
)

func init() { scenes["layout"] = layoutScene }

// layoutScene plays the layout tour in the real window: every stop of
// internal/ui/tour, in every text step and both palettes (高对比度 at the
// largest step only, unless GONGKAI_LAYOUT_FULL is set), and after each
// stop the idle reset. It checks Fyne's object tree of the real window
// with layoutcheck and logs each fault as "tour: problem: ...".
//
// Screenshots: for the stops and displays GONGKAI_TOUR_SHOTS names
// ("home/standard,document/larger-contrast", "all" for every one) it logs
// "tour: shot NAME" and waits until a file NAME.done appears in
// GONGKAI_TOUR_DIR: the test takes the picture (import -window root)
// meanwhile, since Fyne's Capture is white under Xvfb.
func layoutScene(a *ui.App, svc *Services, getenv func(string) string, logf func(string, ...any)) {
	g := &tour.Guide{App: a, Receipt: tour.SampleReceipt(a.Now())}
	if svc != nil && svc.Mode != nil {
		g.PINPad = svc.Mode.OpenPINPad
	}
	shots := map[string]bool{}
	for _, s := range strings.Split(getenv("GONGKAI_TOUR_SHOTS"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			shots[s] = true
		}
	}
	dir := getenv("GONGKAI_TOUR_DIR")
	full := getenv("GONGKAI_LAYOUT_FULL") != ""
	problems, checked := 0, 0
	report := func(where string) {
		var found []layoutcheck.Problem
		fyne.DoAndWait(func() {
			size := a.Window().Canvas().Size()
			for _, layer := range a.Layers() {
				found = append(found, layoutcheck.Check(layer, size)...)
			}
			if m := a.Window().Content().MinSize(); m.Width > size.Width || m.Height > size.Height {
				found = append(found, layoutcheck.Problem{Kind: "grows", What: fmt.Sprintf("content asks for %v in %v", m, size)})
			}
			found = append(found, g.FirstAnswerInView()...)
			if err := g.TypingInView(); err != nil {
				found = append(found, layoutcheck.Problem{Kind: "typing", What: err.Error()})
			}
		})
		checked++
		for _, p := range found {
			problems++
			logf("tour: problem: %s: %s", where, p)
		}
	}
	shoot := func(name string) {
		if dir == "" || !(shots["all"] || shots[name]) {
			return
		}
		time.Sleep(150 * time.Millisecond) // let a frame or two paint
		done := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".done")
		logf("tour: shot %s", name)
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(done); err == nil {
				return
			}
		}
		logf("tour: nobody took shot %s", name)
	}
	only := getenv("GONGKAI_TOUR_ONLY") // a stop's name, to look at one screen
	for _, stop := range g.Stops() {
		if only != "" && stop.Name != only {
			continue
		}
		var err error
		fyne.DoAndWait(func() {
			a.Active()
			err = g.Enter(stop)
		})
		settle(a)
		if err == nil && stop.Then != nil {
			fyne.DoAndWait(func() { err = g.Then(stop) })
			settle(a)
		}
		if err != nil {
			problems++
			logf("tour: problem: %v", err)
			continue
		}
		for _, step := range ui.TextSteps {
			for _, hc := range []bool{false, true} {
				if hc && !full && step != ui.TextLarger {
					continue
				}
				fyne.DoAndWait(func() {
					// Someone is looking at the screen: on a loaded
					// machine a stop can take longer than the idle
					// time, and the idle reset would show home instead.
					// (A pretend countdown is not cancelled by it.)
					a.Active()
					a.SetTextStep(step)
					a.SetHighContrast(hc)
				})
				name := stop.Name + "/" + displayName(step, hc)
				report(name)
				shoot(name)
			}
		}
		fyne.DoAndWait(a.ResetSession)
		report(stop.Name + "/after-idle-reset")
		shoot(stop.Name + "/after-idle-reset")
	}
	logf("tour: done: %d checks, %d problems", checked, problems)
}

// settle waits until the window is drawn and what the screen does once
// drawn has run (AfterFrame: the search opening its keyboard), so the
// check sees what a visitor sees however loaded the machine is.
func settle(a *ui.App) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(150 * time.Millisecond) // a few frames
		settled := false
		fyne.DoAndWait(func() { settled = a.Settled() })
		if settled {
			time.Sleep(100 * time.Millisecond) // and the frame after it
			return
		}
	}
}

// displayName names a text step and palette for screenshots:
// standard, large, larger, and -contrast for 高对比度.
func displayName(step ui.TextStep, hc bool) string {
	n := [...]string{"standard", "large", "larger"}[step]
	if hc {
		n += "-contrast"
	}
	return n
}
