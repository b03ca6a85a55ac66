package hub

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// Seats of events are shared by kiosks that may be offline for days, so
// the hub hands each kiosk a block of seats per event it may confirm on
// its own (the kiosk's outbox_seats), and keeps the invariant
//
//	Σ over kiosks of max(block_k, block-confirmed_k) + hub-promoted ≤ capacity
//
// block_k is issued_k − returned_k: seats granted to kiosk k (each grant a
// feed item the kiosk applies exactly once, by its feed cursor) minus the
// seats it handed back (a cumulative count the kiosk lowers its own grant
// by before it reports it, so a lost or repeated report is harmless). The
// hub's block_k is therefore never below what the kiosk may still use,
// and the hub never overbooks, however long a kiosk stays offline.
//
// A sign-up the kiosk confirmed is checked against its block on arrival
// (it fits unless the kiosk misbehaves; if not, it waits). Sign-ups the
// kiosk could not confirm join the waitlist, ordered by the kiosk's
// receipt time (first come, first served; ties by id), and are promoted
// when seats are free: handed back by a kiosk, or freed by cancelling a
// sign-up the hub promoted. Cancelling a block-confirmed sign-up gives its
// seats back to the issuing kiosk's block (the kiosk does the same when it
// learns of the cancellation), so kiosk and hub always agree on the block.
// While anyone waits, no kiosk gets new seats: the waitlist comes first.
//
// Blocks expire, so seats held by a kiosk that stopped syncing go back to
// the pool. Each grant carries an expiry (SeatGrantTTL after it, or the
// event's start if sooner) that applies to the kiosk's whole block, the
// latest grant's expiry winning, on the hub and the kiosk alike. The kiosk
// confirms from its block only before that expiry by its own clock; once
// it has passed, the hub (expireBlocks, run whenever seats are looked at)
// takes back every seat of the block not confirmed by a sign-up it has
// received, promotes the waitlist first come first served and may grant
// the rest to other kiosks. A sign-up the kiosk confirmed arriving later
// is re-checked against its own received time: received at or after the
// expiry, it is waitlisted (the kiosk never does this unless its clock is
// wrong). Received before the expiry but after the hub released the
// seats, it is honoured from free seats when they cover it; when they do
// not (the seats went to another kiosk or the waitlist) it waits at its
// place by received time, and the status feed tells the kiosk 候补 with a
// note. That is the price of expiry: a kiosk offline for longer than
// SeatGrantTTL with unsent confirmed sign-ups can see one overturned, but
// the hub still never confirms more seats than the event has.

// Hub-side seat states of a sign-up.
const (
	seatBlock     = "block"
	seatWaiting   = "waiting"
	seatPromoted  = "promoted"
	seatCancelled = "cancelled"
)

// SeatGrantTTL is how long a grant of seats lasts, at most: a kiosk that
// has not synced for this long loses the unused seats of its block.
const SeatGrantTTL = 24 * time.Hour

// noteSeatExpired goes with 候补 to a kiosk whose confirmed sign-up the hub
// could not honour because the kiosk's block had expired.
const noteSeatExpired = "提交时本终端的报名名额已过期，已转为候补，按提交时间顺序递补"

// freeSeats returns the seats of ev held by nobody: not in any kiosk's
// block, not confirmed from one, not promoted by the hub.
func freeSeats(ctx context.Context, tx SubmissionTx, ev domain.Event) (int, error) {
	h, err := tx.Holding(ctx, ev.ID)
	if err != nil {
		return 0, err
	}
	held := h.Blocks
	for k, n := range h.Confirmed {
		held[k] = max(held[k], n)
	}
	free := ev.Capacity - h.Promoted
	for _, n := range held {
		free -= n
	}
	return max(free, 0), nil
}

// admitSignup seats a newly stored sign-up: within its kiosk's block if
// the kiosk confirmed it and the block covers it, else on the waitlist
// (then promoted if seats are free). A cancellation that arrived before it
// is applied now.
func (s *Submissions) admitSignup(ctx context.Context, tx SubmissionTx, r *protocol.SealedRecord, now time.Time) error {
	if err := s.expireBlocks(ctx, tx, now); err != nil {
		return err
	}
	seat, note := seatWaiting, ""
	if r.SeatState == protocol.SeatConfirmed {
		var err error
		if seat, note, err = s.blockSeat(ctx, tx, r, now); err != nil {
			return err
		}
	}
	if err := tx.AddSignup(ctx, Signup{Tracking: r.Tracking, ID: r.ID, KioskID: r.KioskID, EventID: r.EventID,
		Attendees: r.Attendees, Received: r.Received, VerifyHash: r.VerifyHash, Seat: seat}); err != nil {
		return err
	}
	// Cancellations that came first, e.g. from another kiosk while this
	// one was offline.
	ps, err := tx.PendingCancels(ctx, r.Tracking)
	if err != nil {
		return err
	}
	cancelled := false
	for _, p := range ps {
		result := "mismatch"
		if p.VerifyHash == r.VerifyHash {
			result = "already"
			if !cancelled {
				result, cancelled = "done", true
			}
		}
		if err := tx.SetCancelResult(ctx, p.ID, result); err != nil {
			return err
		}
	}
	if cancelled {
		return s.cancelSignup(ctx, tx, r.Tracking, "", now)
	}
	if seat == seatBlock {
		return tx.PutStatus(ctx, r.KioskID, r.Tracking, protocol.StatusReport{State: protocol.StatusConfirmed, Updated: now})
	}
	if err := s.promote(ctx, tx, r.EventID, now); err != nil {
		return err
	}
	still, _, err := tx.Signup(ctx, r.Tracking)
	if err != nil {
		return err
	}
	if still.Seat == seatWaiting {
		return tx.PutStatus(ctx, r.KioskID, r.Tracking, protocol.StatusReport{State: protocol.StatusWaitlist, Note: note, Updated: now})
	}
	return nil
}

// applyCancel handles a cancellation record: it cancels the sign-up it
// names when the verification code matches (the hashes are of the same
// tracking number, so equal hashes mean equal codes), or keeps it pending
// until the sign-up arrives.
func (s *Submissions) applyCancel(ctx context.Context, tx SubmissionTx, r *protocol.SealedRecord, now time.Time) error {
	result := "done"
	su, found, err := tx.Signup(ctx, r.Ref)
	switch {
	case err != nil:
		return err
	case !found:
		_, _, other, err := tx.RecordByTracking(ctx, r.Ref)
		if err != nil {
			return err
		}
		result = "pending"
		if other {
			result = "not_signup"
		}
	case su.VerifyHash != r.VerifyHash:
		result = "mismatch"
	case su.Seat == seatCancelled:
		result = "already"
	}
	if err := tx.AddCancel(ctx, r.ID, r.Ref, result); err != nil {
		return err
	}
	if result != "done" {
		s.hub.Log.Info("cancellation not applied", "id", r.ID, "ref", r.Ref, "result", result)
		return nil
	}
	return s.cancelSignup(ctx, tx, r.Ref, "", now)
}

// cancelSignup cancels a sign-up, reports it to its kiosk and promotes
// the waitlist into any seats this frees.
func (s *Submissions) cancelSignup(ctx context.Context, tx SubmissionTx, trk, note string, now time.Time) error {
	su, found, err := tx.Signup(ctx, trk)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("cancel %s: no such sign-up", trk)
	}
	if err := tx.SetSeat(ctx, trk, seatCancelled); err != nil {
		return err
	}
	if err := tx.PutStatus(ctx, su.KioskID, trk, protocol.StatusReport{State: protocol.StatusCancelled, Note: note, Updated: now}); err != nil {
		return err
	}
	return s.promote(ctx, tx, su.EventID, now)
}

// promote confirms waiting sign-ups of an event in order while the free
// seats cover the first of them. It stops at the first that does not fit,
// so nobody is overtaken by a smaller party. Nothing is promoted once the
// event has started.
func (s *Submissions) promote(ctx context.Context, tx SubmissionTx, eventID string, now time.Time) error {
	ev, ok := s.event(eventID)
	if !ok || ev.Capacity <= 0 || !now.Before(ev.Start) {
		return nil
	}
	free, err := freeSeats(ctx, tx, ev)
	if err != nil {
		return err
	}
	for free > 0 {
		w, found, err := tx.FirstWaiting(ctx, eventID)
		if err != nil {
			return fmt.Errorf("promote: %w", err)
		}
		if !found || w.Attendees > free {
			return nil
		}
		if err := tx.SetSeat(ctx, w.Tracking, seatPromoted); err != nil {
			return fmt.Errorf("promote: %w", err)
		}
		if err := tx.PutStatus(ctx, w.KioskID, w.Tracking, protocol.StatusReport{State: protocol.StatusConfirmed, Note: "候补转为确认", Updated: now}); err != nil {
			return err
		}
		free -= w.Attendees
	}
	return nil
}

// takeReturns records a kiosk's cumulative hand-backs and promotes the
// waitlists of the events that got seats back.
func (s *Submissions) takeReturns(ctx context.Context, tx SubmissionTx, kioskID string, returns []protocol.SeatReturn, now time.Time) error {
	for _, r := range returns {
		if r.EventID == "" || r.Seats <= 0 {
			continue
		}
		changed, err := tx.SetReturned(ctx, kioskID, r.EventID, r.Seats)
		if err != nil {
			return err
		}
		if changed {
			if err := s.promote(ctx, tx, r.EventID, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// topUp grants kiosk k seats of every open event up to a full block, from
// free seats, unless someone is waiting for that event.
func (s *Submissions) topUp(ctx context.Context, tx SubmissionTx, kioskID string, now time.Time) error {
	for _, ev := range s.openEvents(now) {
		if _, waiting, err := tx.FirstWaiting(ctx, ev.ID); err != nil {
			return fmt.Errorf("top up: %w", err)
		} else if waiting {
			continue
		}
		net, used, err := tx.Block(ctx, kioskID, ev.ID)
		if err != nil {
			return err
		}
		want := s.opt.SeatBlock - max(net-used, 0)
		if want <= 0 {
			continue
		}
		free, err := freeSeats(ctx, tx, ev)
		if err != nil {
			return err
		}
		g := min(want, free)
		if g <= 0 {
			continue
		}
		if err := tx.Grant(ctx, kioskID, ev.ID, g, grantExpiry(ev, now)); err != nil {
			return err
		}
	}
	return nil
}

// EventSeats summarises an event's seats for staff.
type EventSeats struct {
	EventID   string
	Capacity  int
	Confirmed int // block-confirmed and promoted
	Waiting   int
	Blocks    int // seats in kiosks' blocks beyond what they confirmed
	Free      int
}

// Seats returns the seat summary of an event.
func (s *Submissions) Seats(ctx context.Context, eventID string) (EventSeats, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return EventSeats{}, err
	}
	ev, _ := s.event(eventID)
	out := EventSeats{EventID: eventID, Capacity: ev.Capacity}
	err := s.store.Update(ctx, func(tx SubmissionTx) error {
		if err := s.expireBlocks(ctx, tx, s.hub.Now().UTC()); err != nil {
			return err
		}
		var err error
		if out.Confirmed, out.Waiting, err = tx.SeatCounts(ctx, eventID); err != nil {
			return err
		}
		free, err := freeSeats(ctx, tx, ev)
		if err != nil {
			return err
		}
		out.Free = free
		out.Blocks = max(ev.Capacity-free-out.Confirmed, 0)
		return nil
	})
	return out, err
}

// grantExpiry is when a grant of seats of ev made at now lapses:
// SeatGrantTTL later, or at the event's start if that is sooner.
func grantExpiry(ev domain.Event, now time.Time) time.Time {
	exp := now.Add(SeatGrantTTL)
	if !ev.Start.IsZero() && ev.Start.Before(exp) {
		exp = ev.Start
	}
	return exp.UTC()
}

// blockSeat decides the seat of a sign-up its kiosk confirmed from its
// block: seatBlock when the block was valid at the sign-up's received time
// and covers it (from free seats if the hub already took the expired
// block's seats back), else seatWaiting, with noteSeatExpired when the
// expiry is why.
func (s *Submissions) blockSeat(ctx context.Context, tx SubmissionTx, r *protocol.SealedRecord, now time.Time) (seat, note string, err error) {
	net, used, err := tx.Block(ctx, r.KioskID, r.EventID)
	if err != nil {
		return "", "", err
	}
	exp, err := tx.GrantExpiry(ctx, r.KioskID, r.EventID)
	if err != nil {
		return "", "", err
	}
	log := s.hub.Log.With("kiosk", r.KioskID, "tracking", r.Tracking, "event", r.EventID, "block", net, "used", used)
	switch {
	case !exp.IsZero() && !r.Received.Before(exp):
		log.Warn("sign-up confirmed after the kiosk's block expired; waitlisted", "expired", exp)
		return seatWaiting, noteSeatExpired, nil
	case used+r.Attendees <= net:
		return seatBlock, "", nil
	case exp.IsZero() || now.Before(exp):
		log.Warn("sign-up confirmed beyond the kiosk's block; waitlisted")
		return seatWaiting, "", nil
	}
	// Confirmed while the block was valid, arriving after the hub took the
	// block back: honour it from free seats, putting them back in the block
	// (the kiosk counts them as used, so its later hand-backs agree).
	ev, _ := s.event(r.EventID)
	free, err := freeSeats(ctx, tx, ev)
	if err != nil {
		return "", "", err
	}
	if free >= r.Attendees {
		ok, err := tx.Unreturn(ctx, r.KioskID, r.EventID, r.Attendees)
		if err != nil {
			return "", "", err
		}
		if ok {
			log.Info("sign-up confirmed before its block expired arrived late; honoured from free seats")
			return seatBlock, "", nil
		}
	}
	log.Warn("sign-up confirmed before its block expired arrived after its seats were given out; waitlisted", "free", free)
	return seatWaiting, noteSeatExpired, nil
}

// expireBlocks takes back the unused seats of every block whose expiry
// has passed (see the comment at the top of this file) and promotes the
// waitlists of those events.
func (s *Submissions) expireBlocks(ctx context.Context, tx SubmissionTx, now time.Time) error {
	blocks, err := tx.OpenBlocks(ctx)
	if err != nil {
		return err
	}
	events := map[string]bool{}
	for _, b := range blocks {
		exp := b.Expires
		if b.Net <= b.Used || exp.IsZero() || now.Before(exp) {
			continue
		}
		if err := tx.Reclaim(ctx, b.KioskID, b.EventID, b.Used); err != nil {
			return err
		}
		s.hub.Log.Info("seat block expired; unused seats back in the pool", "kiosk", b.KioskID, "event", b.EventID,
			"seats", b.Net-b.Used, "expired", exp)
		events[b.EventID] = true
	}
	for ev := range events {
		if err := s.promote(ctx, tx, ev, now); err != nil {
			return err
		}
	}
	return nil
}
