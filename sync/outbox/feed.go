package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/sync/protocol"
)

// The hub feeds each kiosk status changes of the numbers it issued and
// grants of seats, in order; the kiosk keeps its position in that feed
// (feedCursor) and applies each answer in one transaction with the new
// position, so every grant is added exactly once. Seats the kiosk hands
// back are taken off its own grant first, durably, and reported to the
// hub as a running total per event: a report lost or repeated never lets
// the hub think the kiosk holds fewer seats than it may still confirm.
const (
	metaFeedCursor = "feed_cursor"
	metaReturned   = "seats_returned:" // + event id: seats handed back, ever
)

// FeedCursor returns the kiosk's position in the hub's status feed.
func (o *Outbox) FeedCursor(ctx context.Context) (int64, error) {
	v, err := o.meta(ctx, o.db, metaFeedCursor)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// ErrFeedCursor reports a feed answer that does not start at the kiosk's
// position (another sync applied it meanwhile); it is fetched again.
var ErrFeedCursor = errors.New("outbox: status feed does not start at this kiosk's position")

// ApplyFeed applies a feed answer that runs from position from to to, in
// one durable transaction with the new position. A grant adds to the
// kiosk's block of the event and sets the block's expiry to the grant's.
// A report of 已取消 for a sign-up this kiosk confirmed from its block
// gives those seats back to the block, as a cancellation at this kiosk
// does, unless it was already cancelled here. A report of 候补 for such a
// sign-up (the hub found the block expired) takes its seats off the
// block's used count once, so the kiosk's hand-backs agree with the hub.
// Reports for numbers this kiosk does not hold are ignored.
func (o *Outbox) ApplyFeed(ctx context.Context, from, to int64, items []protocol.FeedItem) error {
	return o.durably(ctx, func(tx *sql.Tx) error {
		v, err := o.meta(ctx, tx, metaFeedCursor)
		if err != nil {
			return err
		}
		cur, _ := strconv.ParseInt(v, 10, 64)
		if cur != from {
			return fmt.Errorf("%w: at %d, answer from %d", ErrFeedCursor, cur, from)
		}
		for _, it := range items {
			switch {
			case it.Grant():
				exp := int64(0)
				if !it.Expires.IsZero() {
					exp = ms(it.Expires)
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_seats (event_id, granted, expires_ms) VALUES (?, ?, ?)
					ON CONFLICT (event_id) DO UPDATE SET granted = granted + excluded.granted, expires_ms = excluded.expires_ms`,
					it.EventID, it.Seats, exp); err != nil {
					return fmt.Errorf("outbox: grant %s: %w", it.EventID, err)
				}
			case it.Tracking != "" && it.State != "":
				if err := o.applyStatus(ctx, tx, it.Tracking, it.Report()); err != nil {
					return err
				}
			}
		}
		// The hub answered this kiosk: its credential is good again.
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_meta WHERE key = 'auth_error'`); err != nil {
			return fmt.Errorf("outbox: clear auth error: %w", err)
		}
		if to != from {
			return setMetaTx(ctx, tx, metaFeedCursor, strconv.FormatInt(to, 10))
		}
		return nil
	})
}

// RecordAuthError notes for staff (Stats.AuthError) that the hub refused
// the kiosk's credential outside a drain, e.g. on the status feed while
// nothing was queued. It stays until the hub answers again.
func (o *Outbox) RecordAuthError(ctx context.Context, cause error, now time.Time) error {
	return o.setMeta(ctx, "auth_error", now.UTC().Format(time.RFC3339)+" "+errorText(cause))
}

// applyStatus is SetStatus inside a transaction, plus the seats of a
// sign-up cancelled elsewhere.
func (o *Outbox) applyStatus(ctx context.Context, tx *sql.Tx, trk string, u protocol.StatusReport) error {
	var kind, event, seat, status string
	var attendees int
	var released bool
	err := tx.QueryRowContext(ctx, `SELECT kind, event_id, attendees, seat_state, status, seat_released
		FROM outbox_records WHERE tracking = ?`, trk).Scan(&kind, &event, &attendees, &seat, &status, &released)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("outbox: status %s: %w", trk, err)
	}
	deadline := ""
	if !u.Deadline.IsZero() {
		deadline = u.Deadline.String()
	}
	updated := u.Updated.UTC().Format(time.RFC3339Nano)
	res, err := tx.ExecContext(ctx, setStatusSQL, u.State, u.Outcome, deadline, deadline, deadline, u.Provisional,
		u.Note, updated, trk, updated)
	if err != nil {
		return fmt.Errorf("outbox: set status %s: %w", trk, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // an older report than the one held
	}
	if kind != protocol.KindSignup || seat != protocol.SeatConfirmed || released || status == protocol.StatusCancelled {
		return nil
	}
	if u.State == protocol.StatusWaitlist {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_records SET seat_released = 1 WHERE tracking = ?`, trk); err != nil {
			return fmt.Errorf("outbox: release seats: %w", err)
		}
	}
	if u.State == protocol.StatusCancelled || u.State == protocol.StatusWaitlist {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET used = max(0, used - ?) WHERE event_id = ?`,
			attendees, event); err != nil {
			return fmt.Errorf("outbox: release seats: %w", err)
		}
	}
	return nil
}

// ReturnUnusedSeats hands back every seat of the kiosk's blocks it has
// not confirmed: its grants drop to what it used, durably, and the totals
// handed back so far are returned for the hub. Call it only when the hub
// is about to be told (a sync that reached the hub): until the hub grants
// seats again the kiosk waitlists every sign-up.
func (o *Outbox) ReturnUnusedSeats(ctx context.Context) ([]protocol.SeatReturn, error) {
	var out []protocol.SeatReturn
	err := o.durably(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT event_id, granted - used FROM outbox_seats WHERE granted > used`)
		if err != nil {
			return fmt.Errorf("outbox: unused seats: %w", err)
		}
		var unused []protocol.SeatReturn
		for rows.Next() {
			var r protocol.SeatReturn
			if err := rows.Scan(&r.EventID, &r.Seats); err != nil {
				rows.Close()
				return err
			}
			unused = append(unused, r)
		}
		rows.Close()
		for _, u := range unused {
			v, err := o.meta(ctx, tx, metaReturned+u.EventID)
			if err != nil {
				return err
			}
			total, _ := strconv.Atoi(v)
			if err := setMetaTx(ctx, tx, metaReturned+u.EventID, strconv.Itoa(total+u.Seats)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET granted = used WHERE event_id = ?`, u.EventID); err != nil {
				return fmt.Errorf("outbox: return seats: %w", err)
			}
		}
		var err2 error
		out, err2 = seatReturns(ctx, tx)
		return err2
	})
	return out, err
}

// SeatReturns returns the totals handed back so far, per event.
func (o *Outbox) SeatReturns(ctx context.Context) ([]protocol.SeatReturn, error) {
	return seatReturns(ctx, o.db)
}

func seatReturns(ctx context.Context, q interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}) ([]protocol.SeatReturn, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM outbox_meta WHERE key LIKE 'seats_returned:%' ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("outbox: seat returns: %w", err)
	}
	defer rows.Close()
	var out []protocol.SeatReturn
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		n, _ := strconv.Atoi(v)
		out = append(out, protocol.SeatReturn{EventID: strings.TrimPrefix(k, metaReturned), Seats: n})
	}
	return out, rows.Err()
}

func (o *Outbox) meta(ctx context.Context, q execer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM outbox_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("outbox: meta %s: %w", key, err)
	}
	return v, nil
}

func setMetaTx(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox_meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("outbox: meta %s: %w", key, err)
	}
	return nil
}

// durably runs fn in a transaction on a connection switched to
// synchronous=FULL: seats handed back must stay handed back after a power
// cut, or the kiosk could confirm seats the hub gave to someone else.
func (o *Outbox) durably(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := o.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("outbox: conn: %w", err)
	}
	defer conn.Close()
	var prev int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&prev); err != nil {
		return fmt.Errorf("outbox: read synchronous: %w", err)
	}
	if prev < 2 {
		if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
			return fmt.Errorf("outbox: synchronous=FULL: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA synchronous = %d", prev))
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("outbox: begin: %w", err)
	}
	defer tx.Rollback()
	// Take the write lock first, so reads inside fn see the latest state.
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_meta WHERE key = '-'`); err != nil {
		return fmt.Errorf("outbox: write lock: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("outbox: commit: %w", err)
	}
	return nil
}
