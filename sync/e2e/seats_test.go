package e2e

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/submission"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// seatState returns what a kiosk's status look-up says of a sign-up: the
// hub's status once it has reported one, else the kiosk's own seat state.
func seatState(t *testing.T, k *testKiosk, r submission.Result) string {
	t.Helper()
	st, err := k.ob.Lookup(context.Background(), r.Tracking, r.VerificationCode)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != "" {
		return st.State
	}
	return st.SeatState
}

// mustSeat fails the test unless r's seat at kiosk k is in state want;
// what names r in the message.
func mustSeat(t *testing.T, k *testKiosk, r submission.Result, want, what string) {
	t.Helper()
	if got := seatState(t, k, r); got != want {
		t.Fatalf("%s: %s, want %s", what, got, want)
	}
}

// checkSeats asserts the hub's count of confirmed and of waiting seats
// (attendees) for the Small event, and that it never overbooks.
func checkSeats(t *testing.T, th *testHub, confirmed, waiting int) {
	t.Helper()
	s, err := th.Subs().Seats(context.Background(), Small)
	if err != nil {
		t.Fatal(err)
	}
	if s.Confirmed > SmallCapacity {
		t.Fatalf("overbooked: %d seats confirmed of %d", s.Confirmed, SmallCapacity)
	}
	if s.Confirmed != confirmed || s.Waiting != waiting {
		t.Fatalf("seats %+v, want %d confirmed and %d waiting", s, confirmed, waiting)
	}
}

// TestSeatsTwoKiosksOffline: two kiosks, each holding a block of seats,
// sell sign-ups offline beyond the event's capacity. The hub confirms no
// more than the capacity, keeps the rest waiting in the order they were
// made (not the order they arrived), and promotes them first come first
// served as cancellations free seats, wherever the cancellation was made.
func TestSeatsTwoKiosksOffline(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{SeatBlock: 3})
	a, b := newKiosk(t, th), newKiosk(t, th)
	a.exchange()
	b.exchange()
	for _, k := range []*testKiosk{a, b} {
		if granted, _, _ := k.ob.Seats(ctx, Small); granted != 3 {
			t.Fatalf("block %d, want 3", granted)
		}
	}
	// A third kiosk gets nothing: the two blocks hold every seat.
	c := newKiosk(t, th)
	c.exchange()
	if granted, _, _ := c.ob.Seats(ctx, Small); granted != 0 {
		t.Fatalf("third kiosk's block %d, want 0", granted)
	}

	// Offline: each kiosk sells its block and then waitlists.
	sell := func(k *testKiosk, n int) submission.Result {
		clk.Advance(time.Minute)
		return k.submit(signup(Small, n))
	}
	a1, b1, a2, b2, a3, b3 := sell(a, 1), sell(b, 1), sell(a, 1), sell(b, 1), sell(a, 1), sell(b, 1)
	b4 := sell(b, 1) // waitlisted first
	a4 := sell(a, 1)
	a5 := sell(a, 2)
	for _, r := range []submission.Result{a1, a2, a3, b1, b2, b3} {
		if r.SeatState != protocol.SeatConfirmed {
			t.Fatalf("sign-up within a block: %s", r.SeatState)
		}
	}
	for _, r := range []submission.Result{b4, a4, a5} {
		if r.SeatState != protocol.SeatWaitlist {
			t.Fatalf("sign-up beyond the block: %s", r.SeatState)
		}
	}

	// A comes back first, so its waitlisted sign-ups arrive before B's
	// earlier one; the waitlist still follows the time they were made.
	a.exchange()
	b.exchange()
	checkSeats(t, th, 6, 4)
	a.exchange()
	for k, rs := range map[*testKiosk][]submission.Result{a: {a1, a2, a3}, b: {b1, b2, b3}} {
		for _, r := range rs {
			if got := seatState(t, k, r); got != protocol.StatusConfirmed {
				t.Errorf("%s: %s, want confirmed", r.Tracking, got)
			}
		}
	}
	for k, r := range map[*testKiosk]submission.Result{b: b4, a: a4} {
		if got := seatState(t, k, r); got != protocol.StatusWaitlist {
			t.Errorf("%s: %s, want 候补", r.Tracking, got)
		}
	}

	// a1 cancelled at kiosk B (it never saw a1): the seat goes back to A's
	// block; once A learns of it and hands it back, b4 (waitlisted first)
	// is promoted, not a4.
	clk.Advance(time.Minute)
	b.cancel(a1)
	b.exchange()
	checkSeats(t, th, 5, 4)
	a.exchange()
	checkSeats(t, th, 6, 3)
	b.exchange()
	mustSeat(t, b, b4, protocol.StatusConfirmed, "b4 after a seat came free")
	mustSeat(t, a, a1, protocol.StatusCancelled, "a1 at its own kiosk")

	// a2 cancelled at its own kiosk: a4 is next.
	clk.Advance(time.Minute)
	a.cancel(a2)
	a.exchange()
	checkSeats(t, th, 6, 2)
	mustSeat(t, a, a4, protocol.StatusConfirmed, "a4")

	// Staff cancel b4 (promoted by the hub): one seat free, but a5 needs
	// two, so it waits; a wrong code cancels nothing; then b1 cancelled at
	// B frees the second seat and a5 is promoted.
	if _, err := th.Subs().SetStatus(ctx, b4.Tracking, hub.StatusChange{State: protocol.StatusCancelled}); err != nil {
		t.Fatal(err)
	}
	checkSeats(t, th, 5, 2)
	if _, err := b.svc.Submit(ctx, &submission.Cancel{Tracking: b2.Tracking, Code: "ZZZZZZ"}); !submission.IsValidation(err) {
		t.Fatalf("wrong code at the kiosk that issued the sign-up: %v", err) // it checks the code itself
	}
	c.submit(&submission.Cancel{Tracking: b2.Tracking, Code: "ZZZZZZ"}) // wrong, from a kiosk that cannot check
	c.exchange()
	checkSeats(t, th, 5, 2)
	b.cancel(b1)
	b.exchange()
	checkSeats(t, th, 6, 0)
	a.exchange()
	mustSeat(t, a, a5, protocol.StatusConfirmed, "a5")
	mustSeat(t, b, b2, protocol.StatusConfirmed, "b2 after cancels with a wrong code")
	// Staff cannot confirm beyond capacity either.
	b5 := b.submit(signup(Small, 1))
	b.exchange()
	if _, err := th.Subs().SetStatus(ctx, b5.Tracking, hub.StatusChange{State: protocol.StatusConfirmed}); err == nil {
		t.Fatal("staff confirmed a sign-up beyond capacity")
	}
	checkSeats(t, th, 6, 1)
}
