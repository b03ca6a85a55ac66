package forms

import (
	"testing"

	"gongkai/internal/submission"
	"gongkai/internal/ui"
)

// TestUnavailableSaidFirst checks that a kiosk that cannot take
// submissions says so on the first page of every form, not only when the
// visitor submits, and says nothing when it can.
func TestUnavailableSaidFirst(t *testing.T) {
	for _, tile := range []string{ui.TileApply, ui.TileFeedback} {
		t.Run(tile, func(t *testing.T) {
			f := newFixture(t, hd)
			msg := submission.ErrNotEnrolled.Message
			f.deps.Unavailable = func() string { return msg }
			Install(f.app, f.deps)
			f.open(tile)
			assertShown(t, f.win.Content(), msg)

			f.app.Home()
			msg = ""
			f.open(tile)
			assertNoneShown(t, "a kiosk that can take submissions", f.win.Content(), submission.ErrNotEnrolled.Message)
		})
	}
}
