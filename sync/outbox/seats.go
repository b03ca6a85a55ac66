package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// SeatBlocks is the kiosk's blocks of event seats: how many seats of each
// event the hub granted it, until when, and how many it confirmed; and
// the running totals it handed back.
type SeatBlocks struct {
	*base
}

// SetSeatGrant records how many seats of an event the hub has granted
// this kiosk in total. Sign-ups beyond the grant are waitlisted.
func (sb *SeatBlocks) SetSeatGrant(ctx context.Context, eventID string, granted int) error {
	_, err := sb.db.ExecContext(ctx, `INSERT INTO outbox_seats (event_id, granted) VALUES (?, ?)
		ON CONFLICT (event_id) DO UPDATE SET granted = excluded.granted`, eventID, max(granted, 0))
	if err != nil {
		return fmt.Errorf("outbox: seat grant %s: %w", eventID, err)
	}
	return nil
}

// Seats returns the kiosk's grant for an event and how many of those
// seats it has confirmed. Once the block has expired (by the outbox's
// clock) granted is reported as used: no seat is left to confirm.
func (sb *SeatBlocks) Seats(ctx context.Context, eventID string) (granted, used int, err error) {
	var exp int64
	err = sb.db.QueryRowContext(ctx, `SELECT granted, used, expires_ms FROM outbox_seats WHERE event_id = ?`,
		eventID).Scan(&granted, &used, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if exp != 0 && ms(sb.now()) >= exp {
		granted = min(granted, used)
	}
	return granted, used, err
}

// SeatsExpire returns when the kiosk's block of an event lapses; zero
// when it has no block or the block does not expire.
func (sb *SeatBlocks) SeatsExpire(ctx context.Context, eventID string) (time.Time, error) {
	var exp int64
	err := sb.db.QueryRowContext(ctx, `SELECT expires_ms FROM outbox_seats WHERE event_id = ?`, eventID).Scan(&exp)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return fromMS(exp), err
}

// ClaimSeatsTx confirms n seats from the kiosk's block for an event when
// the block still covers them and has not expired by the outbox's clock
// (SetClock), else returns a waitlist place: the hub takes an expired
// block's seats back and would waitlist a sign-up confirmed from it.
func (sb *SeatBlocks) ClaimSeatsTx(ctx context.Context, tx *sql.Tx, eventID string, n int) (string, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET used = used + ?
		WHERE event_id = ? AND used + ? <= granted AND (expires_ms = 0 OR expires_ms > ?)`,
		n, eventID, n, ms(sb.now()))
	if err != nil {
		return "", fmt.Errorf("outbox: claim seats %s: %w", eventID, err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		return protocol.SeatConfirmed, nil
	}
	return protocol.SeatWaitlist, nil
}

// ReturnUnusedSeats hands back every seat of the kiosk's blocks it has
// not confirmed: its grants drop to what it used, durably, and the totals
// handed back so far are returned for the hub. Call it only when the hub
// is about to be told (a sync that reached the hub): until the hub grants
// seats again the kiosk waitlists every sign-up.
func (sb *SeatBlocks) ReturnUnusedSeats(ctx context.Context) ([]protocol.SeatReturn, error) {
	var out []protocol.SeatReturn
	err := sb.durably(ctx, func(tx *sql.Tx) error {
		unused, err := sqlrows.Query(ctx, tx, "outbox: unused seats", func(row sqlrows.Scanner) (r protocol.SeatReturn, err error) {
			err = row.Scan(&r.EventID, &r.Seats)
			return r, err
		}, `SELECT event_id, granted - used FROM outbox_seats WHERE granted > used`)
		if err != nil {
			return err
		}
		for _, u := range unused {
			v, err := sb.meta(ctx, tx, metaReturned+u.EventID)
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
func (sb *SeatBlocks) SeatReturns(ctx context.Context) ([]protocol.SeatReturn, error) {
	return seatReturns(ctx, sb.db)
}

func seatReturns(ctx context.Context, q sqlrows.Querier) ([]protocol.SeatReturn, error) {
	return sqlrows.Query(ctx, q, "outbox: seat returns", func(row sqlrows.Scanner) (protocol.SeatReturn, error) {
		var k, v string
		err := row.Scan(&k, &v)
		n, _ := strconv.Atoi(v)
		return protocol.SeatReturn{EventID: strings.TrimPrefix(k, metaReturned), Seats: n}, err
	}, `SELECT key, value FROM outbox_meta WHERE key LIKE 'seats_returned:%' ORDER BY key`)
}

// grantTx adds a grant of seats to the block of an event and sets the
// block's expiry to the grant's (zero: none).
func (sb *SeatBlocks) grantTx(ctx context.Context, tx *sql.Tx, eventID string, seats int, expires time.Time) error {
	exp := int64(0)
	if !expires.IsZero() {
		exp = ms(expires)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_seats (event_id, granted, expires_ms) VALUES (?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET granted = granted + excluded.granted, expires_ms = excluded.expires_ms`,
		eventID, seats, exp); err != nil {
		return fmt.Errorf("outbox: grant %s: %w", eventID, err)
	}
	return nil
}

// releaseTx gives n confirmed seats of an event back to its block.
func (sb *SeatBlocks) releaseTx(ctx context.Context, tx *sql.Tx, eventID string, n int) error {
	if _, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET used = max(0, used - ?) WHERE event_id = ?`, n, eventID); err != nil {
		return fmt.Errorf("outbox: release seats: %w", err)
	}
	return nil
}
