package ui

import (
	"testing"
	"time"

	"gongkai/internal/ui/uitest"
)

// TestSearchKeyboardWaitsForEmptyQuery: on a real window the search
// screen opens its keyboard a frame after it is shown; a visitor (or a
// loaded machine) that has searched by then keeps the results in view:
// the late keyboard does not cover them.
func TestSearchKeyboardWaitsForEmptyQuery(t *testing.T) {
	a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), small)
	frames := make(chan func(), 4)
	a.deps.Do = func(f func()) { frames <- f }
	a.frameDelay = time.Millisecond
	kb := a.Keyboard()
	tapOn(w, a.Tile(TileSearch))
	s := current[*SearchScreen](t, a)
	if !a.Settled() {
		s.SetQuery("招生") // before the frame
	}
	(<-frames)()
	if !a.Settled() {
		t.Error("the frame ran but the app is not settled")
	}
	if kb.Visible() || s.Results() == 0 {
		t.Errorf("keyboard shown %v over %d results", kb.Visible(), s.Results())
	}

	// With nothing typed by then, the keyboard opens as before.
	a.Home()
	tapOn(w, a.Tile(TileSearch))
	(<-frames)()
	if s := current[*SearchScreen](t, a); !kb.Visible() || kb.Target() != s.Entry {
		t.Error("the search screen did not open its keyboard on the empty query")
	}
}
