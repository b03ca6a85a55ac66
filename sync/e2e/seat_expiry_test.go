package e2e

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/submission"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// TestSeatBlockExpires: kiosk A goes offline holding a block. Its block
// expires at the hub, which gives the seats to kiosk C. A's sign-ups made
// after the expiry (by its own clock) are 候补 at once; the one it
// confirmed before the expiry but sent after the seats were given out is
// turned into 候补 by the hub, which says so in the status feed, and A's
// seat count follows. The hub never confirms more than the capacity, and
// the waitlist is then promoted in the order the sign-ups were made.
func TestSeatBlockExpires(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{SeatBlock: 3})
	a, b, c := newKiosk(t, th), newKiosk(t, th), newKiosk(t, th)
	a.exchange()
	b.exchange()
	c.exchange()
	grants := func(want ...int) {
		t.Helper()
		for i, k := range []*testKiosk{a, b, c} {
			if g, u, _ := k.ob.Seats(ctx, Small); g-u != want[i] {
				t.Fatalf("kiosk %c may confirm %d seats, want %d", 'A'+i, g-u, want[i])
			}
		}
	}
	grants(3, 3, 0)
	if exp, _ := a.ob.SeatsExpire(ctx, Small); !exp.Equal(clk.Now().Add(hub.SeatGrantTTL)) {
		t.Fatalf("A's block expires %v, want %v", exp, clk.Now().Add(hub.SeatGrantTTL))
	}

	// A, offline, confirms one sign-up while its block is valid.
	clk.Advance(time.Hour)
	early := a.submit(signup(Small, 1))
	if early.SeatState != protocol.SeatConfirmed {
		t.Fatalf("sign-up within a valid block: %s", early.SeatState)
	}
	// A day later the hub takes A's block back and C gets those seats; B
	// renews its own block by syncing.
	clk.Advance(hub.SeatGrantTTL)
	b.exchange()
	c.exchange()
	checkSeats(t, th, 0, 0)
	// Still offline, A no longer confirms: its block expired by its clock.
	clk.Advance(time.Minute)
	late := a.submit(signup(Small, 1))
	if late.SeatState != protocol.SeatWaitlist {
		t.Fatalf("sign-up after A's block expired: %s, want waitlist", late.SeatState)
	}
	grants(0, 3, 3)
	// B and C sell every seat they hold.
	var sold []submission.Result
	for _, k := range []*testKiosk{b, c} {
		for range 3 {
			clk.Advance(time.Minute)
			r := k.submit(signup(Small, 1))
			if r.SeatState != protocol.SeatConfirmed {
				t.Fatalf("sign-up within a renewed block: %s", r.SeatState)
			}
			sold = append(sold, r)
		}
		k.exchange()
	}
	checkSeats(t, th, 6, 0)

	// A comes back: both its sign-ups wait, the early one first; nothing
	// is overbooked, and A is told.
	a.exchange()
	a.exchange()
	checkSeats(t, th, 6, 2)
	for _, r := range []submission.Result{early, late} {
		if got := seatState(t, a, r); got != protocol.StatusWaitlist {
			t.Errorf("%s: %s, want 候补", r.Tracking, got)
		}
	}
	if st, _ := a.ob.Status(ctx, early.Tracking); st.Note == "" {
		t.Errorf("the overturned sign-up carries no note for the visitor")
	}
	if _, used, _ := a.ob.Seats(ctx, Small); used != 0 {
		t.Errorf("A still counts %d seats used after the hub waitlisted its sign-up", used)
	}

	// A seat comes free at C: the early sign-up, made first, is promoted,
	// not the later one.
	clk.Advance(time.Minute)
	gone := sold[len(sold)-1]
	c.cancel(gone)
	c.exchange() // the seat goes back to C's block
	c.exchange() // C hands it back; the hub promotes
	checkSeats(t, th, 6, 1)
	a.exchange()
	if got := seatState(t, a, early); got != protocol.StatusConfirmed {
		t.Errorf("early sign-up after a seat came free: %s, want 已确认", got)
	}
	if got := seatState(t, a, late); got != protocol.StatusWaitlist {
		t.Errorf("late sign-up: %s, want still 候补", got)
	}
}
