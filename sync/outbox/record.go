package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/sync/protocol"
)

// NextSeqTx returns the kiosk's next sequence number for day, starting
// at 1. It is the first write of a submission's transaction.
func (o *Outbox) NextSeqTx(ctx context.Context, tx *sql.Tx, day calendar.Date) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO outbox_sequence (day, last) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`, day.String()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox: sequence: %w", err)
	}
	return n, nil
}

// EnqueueTx queues a sealed record inside the caller's transaction. A
// cancel of a sign-up this kiosk issued marks the sign-up cancelled and
// gives back its confirmed seats. A record with an id already queued is
// an error: ids are made fresh for every submission.
func (o *Outbox) EnqueueTx(ctx context.Context, tx *sql.Tx, rec protocol.SealedRecord) error {
	if rec.ID == "" || rec.Kind == "" || len(rec.Sealed) == 0 || len(rec.Sig) == 0 {
		return fmt.Errorf("outbox: incomplete sealed record %q", rec.ID)
	}
	var trk any
	if rec.Tracking != "" {
		trk = rec.Tracking
	}
	deadline := ""
	if !rec.Deadline.IsZero() {
		deadline = rec.Deadline.String()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox_records
		(id, kind, kiosk_id, tracking, verify_hash, received, deadline, provisional, event_id, attendees, seat_state, ref, sealed, sig)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rec.ID, rec.Kind, rec.KioskID, trk, rec.VerifyHash, rec.Received.UTC().Format(time.RFC3339Nano), deadline,
		rec.Provisional, rec.EventID, rec.Attendees, rec.SeatState, rec.Ref, rec.Sealed, rec.Sig)
	if err != nil {
		return fmt.Errorf("outbox: enqueue %s: %w", rec.ID, err)
	}
	if rec.Kind == protocol.KindCancel && rec.Ref != "" {
		return o.cancelLocal(ctx, tx, rec)
	}
	return nil
}

// cancelLocal marks the sign-up rec.Ref cancelled when this kiosk issued
// it and returns its seats to the kiosk's block if they were confirmed.
func (o *Outbox) cancelLocal(ctx context.Context, tx *sql.Tx, rec protocol.SealedRecord) error {
	var kind, event, seat, status string
	var attendees int
	var released bool
	err := tx.QueryRowContext(ctx, `SELECT kind, event_id, attendees, seat_state, status, seat_released FROM outbox_records WHERE tracking = ?`,
		rec.Ref).Scan(&kind, &event, &attendees, &seat, &status, &released)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("outbox: cancel %s: %w", rec.Ref, err)
	}
	if kind != protocol.KindSignup || status == protocol.StatusCancelled {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox_records SET status = ?, status_updated = ? WHERE tracking = ?`,
		protocol.StatusCancelled, rec.Received.UTC().Format(time.RFC3339), rec.Ref); err != nil {
		return fmt.Errorf("outbox: cancel %s: %w", rec.Ref, err)
	}
	if seat == protocol.SeatConfirmed && !released {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET used = max(0, used - ?) WHERE event_id = ?`,
			attendees, event); err != nil {
			return fmt.Errorf("outbox: release seats: %w", err)
		}
	}
	return nil
}

// FindTx returns the readable record with tracking number trk and its
// latest status, inside the caller's transaction. Sealed and Sig are not
// loaded.
func (o *Outbox) FindTx(ctx context.Context, tx *sql.Tx, trk string) (protocol.SealedRecord, string, bool, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+readableCols+`, status FROM outbox_records WHERE tracking = ?`, trk)
	var status string
	rec, err := scanReadable(row, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return protocol.SealedRecord{}, "", false, nil
	} else if err != nil {
		return protocol.SealedRecord{}, "", false, fmt.Errorf("outbox: find %s: %w", trk, err)
	}
	return rec, status, true, nil
}

const readableCols = `id, kind, kiosk_id, COALESCE(tracking, ''), verify_hash, received, deadline, provisional,
	event_id, attendees, seat_state, ref`

type scanner interface{ Scan(...any) error }

// scanReadable scans readableCols, then any extra destinations.
func scanReadable(row scanner, extra ...any) (protocol.SealedRecord, error) {
	var r protocol.SealedRecord
	var received, deadline string
	dest := append([]any{&r.ID, &r.Kind, &r.KioskID, &r.Tracking, &r.VerifyHash, &received, &deadline,
		&r.Provisional, &r.EventID, &r.Attendees, &r.SeatState, &r.Ref}, extra...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	var err error
	if r.Received, err = time.Parse(time.RFC3339Nano, received); err != nil {
		return r, fmt.Errorf("record %s: received %q: %w", r.ID, received, err)
	}
	if deadline != "" {
		if r.Deadline, err = calendar.Parse(deadline); err != nil {
			return r, fmt.Errorf("record %s: %w", r.ID, err)
		}
	}
	return r, nil
}

// SetSeatGrant records how many seats of an event the hub has granted
// this kiosk in total. Sign-ups beyond the grant are waitlisted.
func (o *Outbox) SetSeatGrant(ctx context.Context, eventID string, granted int) error {
	_, err := o.db.ExecContext(ctx, `INSERT INTO outbox_seats (event_id, granted) VALUES (?, ?)
		ON CONFLICT (event_id) DO UPDATE SET granted = excluded.granted`, eventID, max(granted, 0))
	if err != nil {
		return fmt.Errorf("outbox: seat grant %s: %w", eventID, err)
	}
	return nil
}

// Seats returns the kiosk's grant for an event and how many of those
// seats it has confirmed. Once the block has expired (by the outbox's
// clock) granted is reported as used: no seat is left to confirm.
func (o *Outbox) Seats(ctx context.Context, eventID string) (granted, used int, err error) {
	var exp int64
	err = o.db.QueryRowContext(ctx, `SELECT granted, used, expires_ms FROM outbox_seats WHERE event_id = ?`,
		eventID).Scan(&granted, &used, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if exp != 0 && ms(o.now()) >= exp {
		granted = min(granted, used)
	}
	return granted, used, err
}

// SeatsExpire returns when the kiosk's block of an event lapses; zero
// when it has no block or the block does not expire.
func (o *Outbox) SeatsExpire(ctx context.Context, eventID string) (time.Time, error) {
	var exp int64
	err := o.db.QueryRowContext(ctx, `SELECT expires_ms FROM outbox_seats WHERE event_id = ?`, eventID).Scan(&exp)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return fromMS(exp), err
}

// ClaimSeatsTx confirms n seats from the kiosk's block for an event when
// the block still covers them and has not expired by the outbox's clock
// (SetClock), else returns a waitlist place: the hub takes an expired
// block's seats back and would waitlist a sign-up confirmed from it.
func (o *Outbox) ClaimSeatsTx(ctx context.Context, tx *sql.Tx, eventID string, n int) (string, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox_seats SET used = used + ?
		WHERE event_id = ? AND used + ? <= granted AND (expires_ms = 0 OR expires_ms > ?)`,
		n, eventID, n, ms(o.now()))
	if err != nil {
		return "", fmt.Errorf("outbox: claim seats %s: %w", eventID, err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		return protocol.SeatConfirmed, nil
	}
	return protocol.SeatWaitlist, nil
}
