package hub

import (
	"context"
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
