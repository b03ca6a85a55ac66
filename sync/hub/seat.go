package hub

import (
	"context"
	"database/sql"
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

// block returns kiosk k's block of an event (issued − returned) and the
// seats of its sign-ups confirmed from it.
func block(ctx context.Context, tx *sql.Tx, kioskID, eventID string) (net, used int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT issued - returned FROM seat_blocks WHERE kiosk_id = ? AND event_id = ?`,
		kioskID, eventID).Scan(&net)
	if err != nil && !noRows(err) {
		return 0, 0, fmt.Errorf("seat block: %w", err)
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(attendees), 0) FROM signups
		WHERE kiosk_id = ? AND event_id = ? AND seat = 'block'`, kioskID, eventID).Scan(&used)
	if err != nil {
		return 0, 0, fmt.Errorf("seats used: %w", err)
	}
	return net, used, nil
}

// freeSeats returns the seats of ev held by nobody: not in any kiosk's
// block, not confirmed from one, not promoted by the hub.
func freeSeats(ctx context.Context, tx *sql.Tx, ev domain.Event) (int, error) {
	held := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT kiosk_id, issued - returned FROM seat_blocks WHERE event_id = ?`, ev.ID)
	if err != nil {
		return 0, fmt.Errorf("free seats: %w", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return 0, err
		}
		held[k] = n
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT kiosk_id, SUM(attendees) FROM signups WHERE event_id = ? AND seat = 'block' GROUP BY kiosk_id`, ev.ID)
	if err != nil {
		return 0, fmt.Errorf("free seats: %w", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return 0, err
		}
		held[k] = max(held[k], n)
	}
	rows.Close()
	var promoted int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(attendees), 0) FROM signups WHERE event_id = ? AND seat = 'promoted'`,
		ev.ID).Scan(&promoted); err != nil {
		return 0, fmt.Errorf("free seats: %w", err)
	}
	free := ev.Capacity - promoted
	for _, n := range held {
		free -= n
	}
	return max(free, 0), nil
}

// admitSignup seats a newly stored sign-up: within its kiosk's block if
// the kiosk confirmed it and the block covers it, else on the waitlist
// (then promoted if seats are free). A cancellation that arrived before it
// is applied now.
func (s *Submissions) admitSignup(ctx context.Context, tx *sql.Tx, r *protocol.SealedRecord, now time.Time) error {
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO signups (tracking, id, kiosk_id, event_id, attendees, received_ms, verify_hash, seat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Tracking, r.ID, r.KioskID, r.EventID, r.Attendees, r.Received.UnixMilli(), r.VerifyHash, seat); err != nil {
		return fmt.Errorf("sign-up: %w", err)
	}
	// Cancellations that came first, e.g. from another kiosk while this
	// one was offline.
	rows, err := tx.QueryContext(ctx, `SELECT c.id, r.verify_hash FROM cancels c JOIN records r ON r.id = c.id
		WHERE c.ref = ? AND c.result = 'pending' ORDER BY r.received_ms, c.id`, r.Tracking)
	if err != nil {
		return fmt.Errorf("pending cancels: %w", err)
	}
	type pending struct{ id, hash string }
	var ps []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.hash); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	cancelled := false
	for _, p := range ps {
		result := "mismatch"
		if p.hash == r.VerifyHash {
			result = "already"
			if !cancelled {
				result, cancelled = "done", true
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cancels SET result = ? WHERE id = ?`, result, p.id); err != nil {
			return err
		}
	}
	if cancelled {
		return s.cancelSignup(ctx, tx, r.Tracking, "", now)
	}
	if seat == seatBlock {
		return s.putStatus(ctx, tx, r.KioskID, r.Tracking, protocol.StatusReport{State: protocol.StatusConfirmed, Updated: now})
	}
	if err := s.promote(ctx, tx, r.EventID, now); err != nil {
		return err
	}
	var still string
	if err := tx.QueryRowContext(ctx, `SELECT seat FROM signups WHERE tracking = ?`, r.Tracking).Scan(&still); err != nil {
		return err
	}
	if still == seatWaiting {
		return s.putStatus(ctx, tx, r.KioskID, r.Tracking, protocol.StatusReport{State: protocol.StatusWaitlist, Note: note, Updated: now})
	}
	return nil
}

// applyCancel handles a cancellation record: it cancels the sign-up it
// names when the verification code matches (the hashes are of the same
// tracking number, so equal hashes mean equal codes), or keeps it pending
// until the sign-up arrives.
func (s *Submissions) applyCancel(ctx context.Context, tx *sql.Tx, r *protocol.SealedRecord, now time.Time) error {
	var hash, seat string
	result := "done"
	err := tx.QueryRowContext(ctx, `SELECT verify_hash, seat FROM signups WHERE tracking = ?`, r.Ref).Scan(&hash, &seat)
	switch {
	case noRows(err):
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM records WHERE tracking = ?`, r.Ref).Scan(&kind)
		if err == nil {
			result = "not_signup"
		} else if noRows(err) {
			result = "pending"
		} else {
			return err
		}
	case err != nil:
		return fmt.Errorf("cancel: %w", err)
	case hash != r.VerifyHash:
		result = "mismatch"
	case seat == seatCancelled:
		result = "already"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cancels (id, ref, result) VALUES (?, ?, ?)`, r.ID, r.Ref, result); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	if result != "done" {
		s.hub.Log.Info("cancellation not applied", "id", r.ID, "ref", r.Ref, "result", result)
		return nil
	}
	return s.cancelSignup(ctx, tx, r.Ref, "", now)
}

// cancelSignup cancels a sign-up, reports it to its kiosk and promotes
// the waitlist into any seats this frees.
func (s *Submissions) cancelSignup(ctx context.Context, tx *sql.Tx, trk, note string, now time.Time) error {
	var kiosk, event string
	if err := tx.QueryRowContext(ctx, `UPDATE signups SET seat = 'cancelled' WHERE tracking = ? RETURNING kiosk_id, event_id`,
		trk).Scan(&kiosk, &event); err != nil {
		return fmt.Errorf("cancel %s: %w", trk, err)
	}
	if err := s.putStatus(ctx, tx, kiosk, trk, protocol.StatusReport{State: protocol.StatusCancelled, Note: note, Updated: now}); err != nil {
		return err
	}
	return s.promote(ctx, tx, event, now)
}

// promote confirms waiting sign-ups of an event in order while the free
// seats cover the first of them. It stops at the first that does not fit,
// so nobody is overtaken by a smaller party. Nothing is promoted once the
// event has started.
func (s *Submissions) promote(ctx context.Context, tx *sql.Tx, eventID string, now time.Time) error {
	ev, ok := s.event(eventID)
	if !ok || ev.Capacity <= 0 || !now.Before(ev.Start) {
		return nil
	}
	free, err := freeSeats(ctx, tx, ev)
	if err != nil {
		return err
	}
	for free > 0 {
		var trk, kiosk string
		var n int
		err := tx.QueryRowContext(ctx, `SELECT tracking, kiosk_id, attendees FROM signups
			WHERE event_id = ? AND seat = 'waiting' ORDER BY received_ms, id LIMIT 1`, eventID).Scan(&trk, &kiosk, &n)
		if noRows(err) || (err == nil && n > free) {
			return nil
		} else if err != nil {
			return fmt.Errorf("promote: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signups SET seat = 'promoted' WHERE tracking = ?`, trk); err != nil {
			return fmt.Errorf("promote: %w", err)
		}
		if err := s.putStatus(ctx, tx, kiosk, trk, protocol.StatusReport{State: protocol.StatusConfirmed, Note: "候补转为确认", Updated: now}); err != nil {
			return err
		}
		free -= n
	}
	return nil
}

// takeReturns records a kiosk's cumulative hand-backs and promotes the
// waitlists of the events that got seats back.
func (s *Submissions) takeReturns(ctx context.Context, tx *sql.Tx, kioskID string, returns []protocol.SeatReturn, now time.Time) error {
	for _, r := range returns {
		if r.EventID == "" || r.Seats <= 0 {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = MIN(issued, ?)
			WHERE kiosk_id = ? AND event_id = ? AND returned < MIN(issued, ?)`, r.Seats, kioskID, r.EventID, r.Seats)
		if err != nil {
			return fmt.Errorf("seat return: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := s.promote(ctx, tx, r.EventID, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// topUp grants kiosk k seats of every open event up to a full block, from
// free seats, unless someone is waiting for that event.
func (s *Submissions) topUp(ctx context.Context, tx *sql.Tx, kioskID string, now time.Time) error {
	for _, ev := range s.openEvents(now) {
		var waiting int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM signups WHERE event_id = ? AND seat = 'waiting'`, ev.ID).Scan(&waiting); err != nil {
			return fmt.Errorf("top up: %w", err)
		}
		if waiting > 0 {
			continue
		}
		net, used, err := block(ctx, tx, kioskID, ev.ID)
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO seat_blocks (kiosk_id, event_id, issued) VALUES (?, ?, ?)
			ON CONFLICT (kiosk_id, event_id) DO UPDATE SET issued = issued + excluded.issued`, kioskID, ev.ID, g); err != nil {
			return fmt.Errorf("grant seats: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO feed (kiosk_id, event_id, seats, updated) VALUES (?, ?, ?, ?)`,
			kioskID, ev.ID, g, timeText(grantExpiry(ev, now))); err != nil {
			return fmt.Errorf("grant seats: %w", err)
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
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.expireBlocks(ctx, tx, s.hub.Now().UTC()); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN seat IN ('block', 'promoted') THEN attendees END), 0),
			COALESCE(SUM(CASE WHEN seat = 'waiting' THEN attendees END), 0) FROM signups WHERE event_id = ?`,
			eventID).Scan(&out.Confirmed, &out.Waiting); err != nil {
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

// blockExpiry returns when kiosk k's block of an event lapses: the expiry
// of its latest grant (feed.updated of a grant row). Zero means it never
// does (no grant, or grants made before blocks expired).
func blockExpiry(ctx context.Context, tx *sql.Tx, kioskID, eventID string) (time.Time, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT updated FROM feed WHERE kiosk_id = ? AND event_id = ? AND seats > 0
		ORDER BY seq DESC LIMIT 1`, kioskID, eventID).Scan(&v)
	if noRows(err) || (err == nil && v == "") {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("block expiry: %w", err)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("block expiry %q: %w", v, err)
	}
	return t, nil
}

// blockSeat decides the seat of a sign-up its kiosk confirmed from its
// block: seatBlock when the block was valid at the sign-up's received time
// and covers it (from free seats if the hub already took the expired
// block's seats back), else seatWaiting, with noteSeatExpired when the
// expiry is why.
func (s *Submissions) blockSeat(ctx context.Context, tx *sql.Tx, r *protocol.SealedRecord, now time.Time) (seat, note string, err error) {
	net, used, err := block(ctx, tx, r.KioskID, r.EventID)
	if err != nil {
		return "", "", err
	}
	exp, err := blockExpiry(ctx, tx, r.KioskID, r.EventID)
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
		res, err := tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = returned - ?
			WHERE kiosk_id = ? AND event_id = ? AND returned >= ?`, r.Attendees, r.KioskID, r.EventID, r.Attendees)
		if err != nil {
			return "", "", fmt.Errorf("honour sign-up: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
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
func (s *Submissions) expireBlocks(ctx context.Context, tx *sql.Tx, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT b.kiosk_id, b.event_id, b.issued - b.returned,
		(SELECT COALESCE(SUM(attendees), 0) FROM signups u WHERE u.kiosk_id = b.kiosk_id AND u.event_id = b.event_id AND u.seat = 'block')
		FROM seat_blocks b WHERE b.issued > b.returned`)
	if err != nil {
		return fmt.Errorf("expire blocks: %w", err)
	}
	type blk struct {
		kiosk, event string
		net, used    int
	}
	var open []blk
	for rows.Next() {
		var b blk
		if err := rows.Scan(&b.kiosk, &b.event, &b.net, &b.used); err != nil {
			rows.Close()
			return err
		}
		if b.net > b.used {
			open = append(open, b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	events := map[string]bool{}
	for _, b := range open {
		exp, err := blockExpiry(ctx, tx, b.kiosk, b.event)
		if err != nil {
			return err
		}
		if exp.IsZero() || now.Before(exp) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = issued - ? WHERE kiosk_id = ? AND event_id = ?`,
			b.used, b.kiosk, b.event); err != nil {
			return fmt.Errorf("expire block: %w", err)
		}
		s.hub.Log.Info("seat block expired; unused seats back in the pool", "kiosk", b.kiosk, "event", b.event,
			"seats", b.net-b.used, "expired", exp)
		events[b.event] = true
	}
	for ev := range events {
		if err := s.promote(ctx, tx, ev, now); err != nil {
			return err
		}
	}
	return nil
}
