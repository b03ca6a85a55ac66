package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// NextSeqTx returns the kiosk's next sequence number for day, starting
// at 1. It is the first write of a submission's transaction.
func (q *Queue) NextSeqTx(ctx context.Context, tx *sql.Tx, day calendar.Date) (int, error) {
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
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, rec protocol.SealedRecord) error {
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
		return q.cancelLocal(ctx, tx, rec)
	}
	return nil
}

// cancelLocal marks the sign-up rec.Ref cancelled when this kiosk issued
// it and returns its seats to the kiosk's block if they were confirmed.
func (q *Queue) cancelLocal(ctx context.Context, tx *sql.Tx, rec protocol.SealedRecord) error {
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
		return q.seats.releaseTx(ctx, tx, event, attendees)
	}
	return nil
}

// FindTx returns the readable record with tracking number trk and its
// latest status, inside the caller's transaction. Sealed and Sig are not
// loaded.
func (q *Queue) FindTx(ctx context.Context, tx *sql.Tx, trk string) (protocol.SealedRecord, string, bool, error) {
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

// scanReadable scans readableCols, then any extra destinations.
func scanReadable(row sqlrows.Scanner, extra ...any) (protocol.SealedRecord, error) {
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
