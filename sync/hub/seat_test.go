package hub

import (
	"context"
	"slices"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestSeatBlockExpiry: the hub re-checks a sign-up its kiosk confirmed
// against the record's received time and the block's expiry. Kiosk A
// holds both seats of "ev" from time zero; its grant lapses after
// SeatGrantTTL. Kiosk B, syncing after the expiry, takes the seats back
// from the pool when it does.
func TestSeatBlockExpiry(t *testing.T) { eachStore(t, testSeatBlockExpiry) }

func testSeatBlockExpiry(t *testing.T, st storeMaker) {
	cases := []struct {
		name               string
		received, arrives  time.Duration // after A's grant
		bTakes             bool          // B syncs after the expiry, before the sign-up arrives
		wantSeat, wantStat string
		wantNote           bool
	}{
		{"valid block, sent in time", time.Hour, 2 * time.Hour, false, seatBlock, protocol.StatusConfirmed, false},
		{"valid block, sent late, seats still free", time.Hour, SeatGrantTTL + time.Hour, false, seatBlock, protocol.StatusConfirmed, false},
		{"valid block, sent late, seats given out", time.Hour, SeatGrantTTL + time.Hour, true, seatWaiting, protocol.StatusWaitlist, true},
		{"made after the expiry, seats given out", SeatGrantTTL + time.Minute, SeatGrantTTL + time.Hour, true, seatWaiting, protocol.StatusWaitlist, true},
		{"made after the expiry, seats free", SeatGrantTTL + time.Minute, SeatGrantTTL + time.Hour, false, seatPromoted, protocol.StatusConfirmed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			h, clk, s := newSubs(t, st)
			a, b := enrolKiosk(t, h, s), enrolKiosk(t, h, s)
			t0 := clk.t
			f, err := s.Exchange(ctx, a.k, protocol.FeedRequest{Returned: []protocol.SeatReturn{}}, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Items) != 1 || f.Items[0].Seats != 2 || !f.Items[0].Expires.Equal(t0.Add(SeatGrantTTL)) {
				t.Fatalf("A's grant %+v, want 2 seats expiring %v", f.Items, t0.Add(SeatGrantTTL))
			}
			clk.t = t0.Add(SeatGrantTTL)
			if c.bTakes {
				f, err := s.Exchange(ctx, b.k, protocol.FeedRequest{Returned: []protocol.SeatReturn{}}, false)
				if err != nil {
					t.Fatal(err)
				}
				if len(f.Items) != 1 || f.Items[0].Seats != 2 {
					t.Fatalf("B's grant after A's expired: %+v, want 2 seats", f.Items)
				}
			}
			clk.t = t0.Add(c.arrives)
			r := a.record(protocol.KindSignup, t0.Add(c.received))
			r.SeatState = protocol.SeatConfirmed
			a.seal(&r, `{"kind":"signup"}`)
			if _, err := s.Receive(ctx, a.k, []protocol.SealedRecord{r}, "net"); err != nil {
				t.Fatal(err)
			}
			tr, err := s.tracked(ctx, r.Tracking)
			if err != nil {
				t.Fatal(err)
			}
			seat, state, note := tr.Seat, tr.Status.State, tr.Status.Note
			if seat != c.wantSeat || state != c.wantStat || (note == noteSeatExpired) != c.wantNote {
				t.Errorf("seat %s, status %s (note %q); want %s, %s, note %v", seat, state, note, c.wantSeat, c.wantStat, c.wantNote)
			}
			es, err := s.Seats(ctx, "ev")
			if err != nil {
				t.Fatal(err)
			}
			if es.Confirmed+es.Blocks > es.Capacity {
				t.Errorf("overbooked: %+v", es)
			}
		})
	}
}

// TestSeatReturnsPromote: seats a kiosk hands back go to the waitlist,
// first come first served; a repeated report changes nothing and a larger
// one no more than the kiosk was issued; a cancelled promoted sign-up
// frees its seat for the next kiosk that syncs; staff promoting confirm
// nobody beyond the free seats. Kiosk A holds both seats of "ev" while
// kiosk B's two sign-ups wait.
func TestSeatReturnsPromote(t *testing.T) { eachStore(t, testSeatReturnsPromote) }

func testSeatReturnsPromote(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, clk, s := newSubs(t, st)
	a, b := enrolKiosk(t, h, s), enrolKiosk(t, h, s)
	handBack := func(k *subsKiosk, total int) []protocol.FeedItem {
		t.Helper()
		ret := []protocol.SeatReturn{}
		if total > 0 {
			ret = append(ret, protocol.SeatReturn{EventID: "ev", Seats: total})
		}
		f, err := s.Exchange(ctx, k.k, protocol.FeedRequest{Returned: ret}, false)
		if err != nil {
			t.Fatal(err)
		}
		return f.Items
	}
	w1 := b.record(protocol.KindSignup, clk.Now())
	w2 := b.record(protocol.KindSignup, clk.Now().Add(time.Minute))
	check := func(step string, want EventSeats, seat1, seat2 string) {
		t.Helper()
		got, err := s.Seats(ctx, "ev")
		want.EventID, want.Capacity = "ev", 2
		if err != nil || got != want {
			t.Errorf("%s: seats %+v (%v), want %+v", step, got, err, want)
		}
		for i, want := range []string{seat1, seat2} {
			tr, err := s.tracked(ctx, []string{w1.Tracking, w2.Tracking}[i])
			if err != nil || tr.Seat != want {
				t.Errorf("%s: sign-up %d seat %q (%v), want %q", step, i+1, tr.Seat, err, want)
			}
		}
	}

	if f := handBack(a, 0); len(f) != 1 || f[0].Seats != 2 {
		t.Fatalf("A's grant %+v, want both seats", f)
	}
	if _, err := s.Receive(ctx, b.k, []protocol.SealedRecord{w2, w1}, ViaNetwork); err != nil {
		t.Fatal(err)
	}
	check("both waiting", EventSeats{Waiting: 2, Blocks: 2}, seatWaiting, seatWaiting)
	handBack(a, 1)
	check("A hands back one", EventSeats{Confirmed: 1, Waiting: 1, Blocks: 1}, seatPromoted, seatWaiting)
	handBack(a, 1)
	check("A says the same again", EventSeats{Confirmed: 1, Waiting: 1, Blocks: 1}, seatPromoted, seatWaiting)
	if n, err := s.PromoteWaitlist(ctx, "ev"); err != nil || n != 0 {
		t.Errorf("staff promoted %d (%v) with no seat free", n, err)
	}
	if f := handBack(a, 5); len(f) != 1 {
		t.Errorf("A got %+v after handing back all, want only its grant", f)
	}
	check("A hands back more than it had", EventSeats{Confirmed: 2}, seatPromoted, seatPromoted)

	cancel := b.record(protocol.KindCancel, clk.Now())
	cancel.Ref, cancel.VerifyHash = w1.Tracking, w1.VerifyHash
	b.seal(&cancel, `{}`)
	if _, err := s.Receive(ctx, b.k, []protocol.SealedRecord{cancel}, ViaNetwork); err != nil {
		t.Fatal(err)
	}
	check("the first cancelled", EventSeats{Confirmed: 1, Free: 1}, seatCancelled, seatPromoted)
	f := handBack(a, 5)
	if g := f[len(f)-1]; g.Seats != 1 || g.EventID != "ev" {
		t.Errorf("A's feed %+v, want a grant of the freed seat last", f)
	}
	check("A takes the freed seat", EventSeats{Confirmed: 1, Blocks: 1}, seatCancelled, seatPromoted)

	var got []string
	for _, it := range handBack(b, 0) {
		if it.Tracking != "" {
			got = append(got, it.Tracking[len(it.Tracking)-6:]+" "+it.State)
		}
	}
	want := []string{w2.Tracking[len(w2.Tracking)-6:] + " 候补", w1.Tracking[len(w1.Tracking)-6:] + " 候补",
		w1.Tracking[len(w1.Tracking)-6:] + " 已确认", w2.Tracking[len(w2.Tracking)-6:] + " 已确认", w1.Tracking[len(w1.Tracking)-6:] + " 已取消"}
	if !slices.Equal(got, want) {
		t.Errorf("B's feed %q, want %q", got, want)
	}
}
