package hub

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// submissionSQL is the part of SubmissionTx written once for both SQL
// stores (sqliteSubmissionTx and pgSubmissionTx embed it), with ?
// placeholders, which the PostgreSQL one rebinds.
type submissionSQL struct{ q submissionQ }

// submissionQ runs statements in a SQL SubmissionStore's transaction.
type submissionQ interface {
	// query runs q; done closes the rows.
	query(ctx context.Context, q string, args ...any) (rows sqlrows.Rows, done func(), err error)
	queryRow(ctx context.Context, q string, args ...any) sqlrows.Scanner
	exec(ctx context.Context, q string, args ...any) error
}

// queryAll runs q on t and reads every row with scan; what names the
// reading in an error of the query.
func queryAll[T any](ctx context.Context, t submissionQ, what string, scan func(sqlrows.Scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, done, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer done()
	return sqlrows.Collect(rows, scan)
}

// Record implements SubmissionTx.
func (s submissionSQL) Record(ctx context.Context, id string) ([]byte, time.Time, bool, error) {
	var digest []byte
	var hubReceived string
	err := s.q.queryRow(ctx, `SELECT digest, hub_received FROM records WHERE id = ?`, id).Scan(&digest, &hubReceived)
	if noRows(err) {
		return nil, time.Time{}, false, nil
	} else if err != nil {
		return nil, time.Time{}, false, err
	}
	at, _ := time.Parse(time.RFC3339Nano, hubReceived)
	return digest, at, true, nil
}

// RecordByTracking implements SubmissionTx.
func (s submissionSQL) RecordByTracking(ctx context.Context, trk string) (id, kind string, found bool, err error) {
	err = s.q.queryRow(ctx, `SELECT id, kind FROM records WHERE tracking = ?`, trk).Scan(&id, &kind)
	if noRows(err) {
		return "", "", false, nil
	}
	return id, kind, err == nil, err
}

// CountRecords implements SubmissionTx.
func (s submissionSQL) CountRecords(ctx context.Context) (int, error) {
	var n int
	err := s.q.queryRow(ctx, `SELECT count(*) FROM records`).Scan(&n)
	return n, err
}

// AddRecord implements SubmissionTx.
func (s submissionSQL) AddRecord(ctx context.Context, r StoredRecord) error {
	var trk any // NULL, not "": a tracking number is unique when there is one
	if r.Tracking != "" {
		trk = r.Tracking
	}
	return s.q.exec(ctx, `INSERT INTO records (id, digest, kind, kiosk_id, tracking, verify_hash,
		received_ms, received, hub_received, deadline, provisional, event_id, attendees, seat_state, ref, sealed, sig, via)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Digest, r.Kind, r.KioskID, trk, r.VerifyHash, r.Received.UnixMilli(), r.Received.UTC().Format(time.RFC3339Nano),
		r.HubReceived.UTC().Format(time.RFC3339Nano), dateText(r.Deadline), r.Provisional, r.EventID, r.Attendees, r.SeatState,
		r.Ref, r.Sealed, r.Sig, r.Via)
}

// Records implements SubmissionTx.
func (s submissionSQL) Records(ctx context.Context, opt ListOptions) ([]StoredRecord, error) {
	q := `SELECT ` + recordCols + `
		FROM records r LEFT JOIN signups g ON g.tracking = r.tracking LEFT JOIN cancels c ON c.id = r.id WHERE true`
	var args []any
	if opt.Tracking != "" {
		q += ` AND r.tracking = ?`
		args = append(args, opt.Tracking)
	}
	if opt.Kind != "" {
		q += ` AND r.kind = ?`
		args = append(args, opt.Kind)
	}
	if opt.AfterSeq > 0 {
		q += ` AND r.n > ?`
		args = append(args, opt.AfterSeq)
	}
	return queryAll(ctx, s.q, "list submissions", scanRecord, q+` ORDER BY r.n`, args...)
}

// Tracked implements SubmissionTx.
func (s submissionSQL) Tracked(ctx context.Context, trk string) (TrackedRecord, bool, error) {
	r, err := scanTracked(s.q.queryRow(ctx, `SELECT `+trackedCols+`
		FROM records r LEFT JOIN status s ON s.tracking = r.tracking LEFT JOIN signups g ON g.tracking = r.tracking
		WHERE r.tracking = ?`, trk))
	if noRows(err) {
		return r, false, nil
	} else if err != nil {
		return r, false, fmt.Errorf("find %s: %w", trk, err)
	}
	return r, true, nil
}

// Feed implements SubmissionTx.
func (s submissionSQL) Feed(ctx context.Context, kioskID string, since int64, limit int) ([]protocol.FeedItem, error) {
	return queryAll(ctx, s.q, "feed", scanFeedItem, `SELECT `+feedCols+` FROM feed WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
		kioskID, since, limit)
}

// PendingCancels implements SubmissionTx.
func (s submissionSQL) PendingCancels(ctx context.Context, ref string) ([]PendingCancel, error) {
	return queryAll(ctx, s.q, "pending cancels", scanPendingCancel, `SELECT c.id, r.verify_hash FROM cancels c JOIN records r ON r.id = c.id
		WHERE c.ref = ? AND c.result = 'pending' ORDER BY r.received_ms, c.id`, ref)
}

// OpenBlocks implements SubmissionTx.
func (s submissionSQL) OpenBlocks(ctx context.Context) ([]SeatBlock, error) {
	return queryAll(ctx, s.q, "expire blocks", scanSeatBlock, openBlocksSQL)
}
