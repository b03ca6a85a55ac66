//go:build scenes

package kioskcli

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/staffui"
)

func init() {
	scriptFlags = func(fs *flag.FlagSet, env *Env) func() (script, error) {
		scene := fs.String("scene", "", "development: play a scripted visit after start, for screenshots: "+strings.Join(sceneNames(), ", "))
		walk := fs.Bool("bench-walk", false, "benchmark: browse and search by itself, log the resident memory, then quit")
		return func() (script, error) {
			if *walk {
				return func(a *ui.App, _ *Services, logf func(string, ...any)) { benchWalk(a, logf) }, nil
			}
			if *scene == "" {
				return nil, nil
			}
			play, ok := scenes[*scene]
			if !ok {
				fmt.Fprintf(env.Stderr, "kiosk run: --scene %q: use one of %s\n", *scene, strings.Join(sceneNames(), ", "))
				return nil, ErrUsage
			}
			return func(a *ui.App, svc *Services, logf func(string, ...any)) { play(a, svc, env.Getenv, logf) }, nil
		}
	}
}

// A scene is a scripted visit that `run --scene NAME` plays once the app
// is up (in a kiosk built with the "scenes" tag), so the README's screenshots come from the real window doing
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
