package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/uitest"
)

// openSearch taps 搜索 in a new test app of size, once its keyboard is
// ready, and returns the search screen.
func openSearch(t *testing.T, size fyne.Size) (*App, fyne.Window, *uitest.Clock, *keyboard.Keyboard, *SearchScreen) {
	t.Helper()
	a, w, clk := newTestApp(t, uitest.MustCatalogue(t, 0), size)
	kb := a.Keyboard()
	<-kb.Ready()
	tapOn(w, a.Tile(TileSearch))
	return a, w, clk, kb, current[*SearchScreen](t, a)
}

// TestSearchTypedOnDockedKeyboard types a query the only way a kiosk
// visitor can: the search screen opens the keyboard docked at the bottom
// of the window on its empty entry by itself (issue 13), pinyin keys and
// a candidate write 招生, and 完成 runs the search and puts the keyboard
// away.
func TestSearchTypedOnDockedKeyboard(t *testing.T) {
	_, w, _, kb, s := openSearch(t, small)
	if kb.Target() != s.Entry || !kb.Visible() {
		t.Fatalf("the search screen did not open the keyboard on its entry (target %v)", kb.Target())
	}
	tapOn(w, s.Entry)
	if kb.Target() != s.Entry || !kb.Visible() {
		t.Fatalf("touching the search entry did not keep the keyboard on it (target %v)", kb.Target())
	}
	if got := kb.Layout(); got != keyboard.Pinyin {
		t.Errorf("the search entry opens layout %v, want 拼音", got)
	}
	if top, bottom, winH := absY(kb), absY(kb)+kb.Size().Height, w.Canvas().Size().Height; bottom < winH-theme.Padding() || top < winH/3 {
		t.Errorf("keyboard at y=%.0f..%.0f of a %.0f window: not docked at the bottom", top, bottom, winH)
	}
	if list := s.List(); absY(list)+list.Size().Height > absY(kb)+1 {
		t.Errorf("the result list (to y=%.0f) runs under the keyboard (from y=%.0f)", absY(list)+list.Size().Height, absY(kb))
	}

	if s.FiltersShown() {
		t.Error("the filters stay while the keyboard is up")
	}
	uitest.PickHanzi(t, kb, "zhaosheng", "招生", 1) // on the first page
	if s.Entry.Text != "招生" {
		t.Fatalf("entry = %q after typing zhaosheng and picking 招生", s.Entry.Text)
	}
	if got := kb.Key(keyboard.KeyNext).Label(); got != "完成" {
		t.Errorf("the search's only field offers %q, want 完成", got)
	}
	test.Tap(kb.Key(keyboard.KeyNext))
	if s.Results() == 0 || !strings.Contains(s.Info(), "共找到") {
		t.Fatalf("完成 did not search: %d results, info %q", s.Results(), s.Info())
	}
	if kb.Visible() || kb.Target() != nil {
		t.Error("the keyboard stays up after 完成")
	}
	if !s.FiltersShown() {
		t.Error("the filters do not come back with the results")
	}
}

// TestDockedKeyboardLeavesWithScreen checks that the keyboard never types
// into a screen that is gone: another screen hides it, 返回 takes the
// search entry off it, and the idle reset wipes a half-typed syllable.
func TestDockedKeyboardLeavesWithScreen(t *testing.T) {
	a, w, clk, kb, s := openSearch(t, hd)
	tapOn(w, s.Entry)
	test.Tap(kb.Key("x"))
	test.Tap(kb.Key("u"))
	if kb.Composition() == "" {
		t.Fatal("no pinyin composed")
	}

	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	if kb.Visible() {
		t.Error("the keyboard stays up over the next screen")
	}
	a.Back()
	// The query is still empty, so the keyboard is back on it, without
	// the half-typed syllable.
	if kb.Target() != s.Entry || kb.Composition() != "" {
		t.Errorf("返回 to the empty search: keyboard on %v, composing %q", kb.Target(), kb.Composition())
	}
	tapOn(w, s.Entry)
	test.Tap(kb.Key("x"))
	clk.Advance(a.idle.After)
	a.Tick() // the countdown starts
	clk.Advance(a.idle.Countdown)
	a.Tick() // and ends: the session is reset
	if kb.Visible() || kb.Composition() != "" {
		t.Errorf("after the idle reset the keyboard is visible=%v with %q composed", kb.Visible(), kb.Composition())
	}
	if s.Entry.Text != "" {
		t.Errorf("the idle reset left %q in the search entry", s.Entry.Text)
	}

	// A new search screen types into its own entry, not the old one.
	tapOn(w, a.Tile(TileSearch))
	s2 := current[*SearchScreen](t, a)
	tapOn(w, s2.Entry)
	uitest.PickHanzi(t, kb, "jiaoyu", "教育", 1)
	if s2.Entry.Text != "教育" || s.Entry.Text != "" {
		t.Errorf("new entry %q, old entry %q", s2.Entry.Text, s.Entry.Text)
	}
}

// absY is the top of o in its window.
func absY(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// TestSearchKeyboardMakesWayForResults checks 搜索 puts the keyboard
// away, so the results are not hidden under it (issue 13: all but two
// were), and that coming back from a result does not bring it back.
func TestSearchKeyboardMakesWayForResults(t *testing.T) {
	a, w, _, kb, s := openSearch(t, small)
	if !kb.Visible() {
		t.Fatal("the search screen did not open the keyboard")
	}
	s.Entry.SetText("招生")
	tapOn(w, s.Button)
	if kb.Visible() {
		t.Error("the keyboard stays up after 搜索")
	}
	if s.Results() == 0 || len(docRows(w)) < 3 {
		t.Fatalf("%d results, %d rows shown", s.Results(), len(docRows(w)))
	}
	tapOn(w, docRows(w)[0])
	a.Back()
	if kb.Visible() {
		t.Error("the keyboard came back over the results")
	}
}
