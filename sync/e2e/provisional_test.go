package e2e

import (
	"context"
	"testing"
)

// TestProvisionalDeadlineReachesKiosk: a deadline the hub sets past its
// working-day calendar (需补正 restart from 2026-12-10: 20 working days run
// into 2027, which the calendar does not cover) reaches the kiosk marked
// provisional, and a later status without a deadline keeps the mark; a
// deadline inside the calendar reaches it as final.
func TestProvisionalDeadlineReachesKiosk(t *testing.T) {
	ctx := context.Background()
	_, th, k := startEnrolled(t)
	app := k.submit(application())
	final := k.submit(application())
	k.exchange()
	steps := []struct {
		name string
		trk  string
		args []string
		want string
		prov bool
	}{
		{"补正 past the calendar", app.Tracking, []string{"需补正", "--from", "2026-12-10"}, "2027-01-07", true},
		{"no new deadline keeps the mark", app.Tracking, []string{"已受理"}, "2027-01-07", true},
		{"补正 inside the calendar", final.Tracking, []string{"需补正", "--from", "2026-12-02"}, "2026-12-30", false},
	}
	for _, s := range steps {
		if out, err := hubCLI(t, th, append([]string{"set-status", s.trk}, s.args...)...); err != nil {
			t.Fatalf("%s: set-status: %v\n%s", s.name, err, out)
		}
		k.exchange()
		st, err := k.ob.Status(ctx, s.trk)
		if err != nil {
			t.Fatal(err)
		}
		if st.Deadline.String() != s.want || st.Provisional != s.prov {
			t.Errorf("%s: kiosk shows %s provisional=%v, want %s provisional=%v", s.name, st.Deadline, st.Provisional, s.want, s.prov)
		}
	}
}
