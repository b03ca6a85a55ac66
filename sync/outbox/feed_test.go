package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// TestFeedGrantsAndCancels applies feed answers: grants add to the block
// once (an answer from a stale position is refused), a cancellation
// reported by the hub gives a confirmed sign-up's seats back once, and
// seats handed back are taken off the grant and totalled per event.
func TestFeedGrantsAndCancels(t *testing.T) {
	ctx := context.Background()
	ob, _ := mustOpen(t)
	grant := func(n int) protocol.FeedItem { return protocol.FeedItem{EventID: "kfr", Seats: n} }
	must(t, ob.ApplyFeed(ctx, 0, 3, []protocol.FeedItem{grant(3)}))
	if err := ob.ApplyFeed(ctx, 0, 3, []protocol.FeedItem{grant(3)}); !errors.Is(err, outbox.ErrFeedCursor) {
		t.Fatalf("the same answer again: %v, want ErrFeedCursor", err)
	}
	su := record(1, protocol.KindSignup)
	su.EventID, su.Attendees, su.SeatState = "kfr", 2, protocol.SeatConfirmed
	enqueue(t, ob, su)
	tx, _ := ob.DB().BeginTx(ctx, nil)
	ob.ClaimSeatsTx(ctx, tx, "kfr", 2)
	tx.Commit()

	cancelled := protocol.FeedItem{Tracking: su.Tracking, State: protocol.StatusCancelled, Updated: t0.Add(time.Hour)}
	steps := []struct {
		name          string
		from, to      int64
		items         []protocol.FeedItem
		granted, used int
	}{
		{"confirmed by the hub", 3, 4, []protocol.FeedItem{{Tracking: su.Tracking, State: "已确认", Updated: t0}}, 3, 2},
		{"cancelled elsewhere", 4, 5, []protocol.FeedItem{cancelled}, 3, 0},
		{"reported again", 5, 6, []protocol.FeedItem{cancelled}, 3, 0},
		{"an older report", 6, 7, []protocol.FeedItem{{Tracking: su.Tracking, State: "已确认", Updated: t0}}, 3, 0},
		{"more seats, an unknown number", 7, 9, []protocol.FeedItem{grant(2), {Tracking: "0099-261125-0001-0", State: "已受理", Updated: t0}}, 5, 0},
		{"nothing new", 9, 9, nil, 5, 0},
	}
	for _, s := range steps {
		if err := ob.ApplyFeed(ctx, s.from, s.to, s.items); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if g, u, _ := ob.Seats(ctx, "kfr"); g != s.granted || u != s.used {
			t.Errorf("%s: granted %d used %d, want %d %d", s.name, g, u, s.granted, s.used)
		}
	}
	if st, _ := ob.Status(ctx, su.Tracking); st.State != protocol.StatusCancelled {
		t.Errorf("status %q after an older report, want 已取消", st.State)
	}
	if cur, _ := ob.FeedCursor(ctx); cur != 9 {
		t.Errorf("cursor %d, want 9", cur)
	}

	for i, want := range []int{5, 5} {
		rs, err := ob.ReturnUnusedSeats(ctx)
		if err != nil || len(rs) != 1 || rs[0] != (protocol.SeatReturn{EventID: "kfr", Seats: want}) {
			t.Fatalf("return %d: %+v, %v", i, rs, err)
		}
	}
	if g, _, _ := ob.Seats(ctx, "kfr"); g != 0 {
		t.Errorf("grant after handing back %d, want 0", g)
	}
	must(t, ob.ApplyFeed(ctx, 9, 10, []protocol.FeedItem{grant(2)}))
	rs, _ := ob.ReturnUnusedSeats(ctx)
	if rs[0].Seats != 7 {
		t.Errorf("running total %d, want 7", rs[0].Seats)
	}
}

// TestFeedGrantExpiry: a grant's expiry becomes the block's; after it the
// kiosk waitlists by its own clock until a new grant. A 候补 the hub
// reports for a sign-up confirmed here takes its seats off the used count
// once, and a later cancellation does not give them back again.
func TestFeedGrantExpiry(t *testing.T) {
	ctx := context.Background()
	now := t0
	ob, _ := mustOpenAt(t, func() time.Time { return now })
	claim := func() string {
		tx, _ := ob.DB().BeginTx(ctx, nil)
		defer tx.Commit()
		st, err := ob.ClaimSeatsTx(ctx, tx, "kfr", 1)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	exp := t0.Add(24 * time.Hour)
	must(t, ob.ApplyFeed(ctx, 0, 1, []protocol.FeedItem{{EventID: "kfr", Seats: 3, Expires: exp}}))
	if got, _ := ob.SeatsExpire(ctx, "kfr"); !got.Equal(exp) {
		t.Fatalf("block expires %v, want %v", got, exp)
	}
	su := record(1, protocol.KindSignup)
	su.EventID, su.Attendees, su.SeatState = "kfr", 1, protocol.SeatConfirmed
	enqueue(t, ob, su)
	steps := []struct {
		name      string
		at        time.Time
		want      string
		left      int // seats Seats says may still be confirmed
		feedFrom  int64
		feedItems []protocol.FeedItem
	}{
		{"valid block", t0.Add(time.Hour), protocol.SeatConfirmed, 2, 0, nil},
		{"the last instant before expiry", exp.Add(-time.Millisecond), protocol.SeatConfirmed, 1, 0, nil},
		{"hub waitlists the first sign-up: one seat back, but expired", exp, protocol.SeatWaitlist, 0, 1,
			[]protocol.FeedItem{{Tracking: su.Tracking, State: "候补", Updated: exp}}},
		{"reported again", exp.Add(time.Minute), protocol.SeatWaitlist, 0, 2,
			[]protocol.FeedItem{{Tracking: su.Tracking, State: "候补", Updated: exp.Add(time.Minute)}}},
		{"cancelled at the hub: no seat back a second time", exp.Add(2 * time.Minute), protocol.SeatWaitlist, 0, 3,
			[]protocol.FeedItem{{Tracking: su.Tracking, State: protocol.StatusCancelled, Updated: exp.Add(2 * time.Minute)}}},
		{"a new grant", exp.Add(time.Hour), protocol.SeatConfirmed, 2, 4,
			[]protocol.FeedItem{{EventID: "kfr", Seats: 1, Expires: exp.Add(24 * time.Hour)}}},
	}
	for _, s := range steps {
		now = s.at
		if s.feedItems != nil {
			must(t, ob.ApplyFeed(ctx, s.feedFrom, s.feedFrom+1, s.feedItems))
		}
		if got := claim(); got != s.want {
			t.Errorf("%s: claim = %s, want %s", s.name, got, s.want)
		}
		if g, u, _ := ob.Seats(ctx, "kfr"); g-u != s.left {
			t.Errorf("%s: %d seats left (granted %d, used %d), want %d", s.name, g-u, g, u, s.left)
		}
	}
	// Claimed 3, of which the hub took one back: 2 used.
	if _, u, _ := ob.Seats(ctx, "kfr"); u != 2 {
		t.Errorf("used %d at the end, want 2", u)
	}
}
