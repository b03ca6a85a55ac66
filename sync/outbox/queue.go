package outbox

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/sqlrows"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// Queue is the kiosk's queue of sealed records: each record's upload
// state (queued → sending → sent, failed or rejected) and the hub's
// latest status of it, for status look-ups.
type Queue struct {
	*base
	seats *SeatBlocks // a cancel at this kiosk gives a sign-up's seats back

	mu     sync.Mutex
	jitter *mrand.Rand // guarded by mu
}

func newQueue(b *base, seats *SeatBlocks) *Queue {
	var seed [8]byte
	_, _ = crand.Read(seed[:]) // never fails on Linux; a zero seed would still work
	return &Queue{base: b, seats: seats, jitter: mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(seed[:]), 0x6f7574626f78))}
}

// SetJitterSource replaces the random source of backoff jitter (tests).
func (q *Queue) SetJitterSource(r *mrand.Rand) {
	q.mu.Lock()
	q.jitter = r
	q.mu.Unlock()
}

// backoff returns how long a record waits after its level-th consecutive
// failure: MinBackoff doubled per level, capped at MaxBackoff, plus up to
// half again of random jitter (still capped), so kiosks that lost the hub
// together do not all come back in the same second.
func (q *Queue) backoff(level int) time.Duration {
	d := MaxBackoff
	if level < 1 {
		level = 1
	}
	if level <= 8 {
		d = min(MinBackoff<<(level-1), MaxBackoff)
	}
	q.mu.Lock()
	j := time.Duration(q.jitter.Int64N(int64(d/2) + 1))
	q.mu.Unlock()
	return min(d+j, MaxBackoff)
}

// Next returns up to limit records due for sending, oldest first: queued
// ones, and failed ones whose next try has come.
func (q *Queue) Next(ctx context.Context, now time.Time, limit int) ([]protocol.SealedRecord, error) {
	return sqlrows.Query(ctx, q.db, "outbox: next", func(row sqlrows.Scanner) (protocol.SealedRecord, error) {
		var sealed, sig []byte
		r, err := scanReadable(row, &sealed, &sig)
		r.Sealed, r.Sig = sealed, sig
		return r, err
	}, `SELECT `+readableCols+`, sealed, sig FROM outbox_records
		WHERE state = 'queued' OR (state = 'failed' AND next_try <= ?)
		ORDER BY n LIMIT ?`, ms(now), limit)
}

// Queued returns every record not yet acknowledged by the hub (queued,
// sending or failed), oldest first, for `kiosk export-queue`.
func (q *Queue) Queued(ctx context.Context) ([]protocol.SealedRecord, error) {
	return q.Next(ctx, time.Unix(1<<40, 0), -1)
}

// execer is what *sql.DB and *sql.Tx share, so the Mark* steps can run
// alone or several in one transaction (Drain applies a batch's answers
// in one commit).
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// update runs one UPDATE on the record with id and reports ErrNotFound
// when no such record exists.
func update(ctx context.Context, db execer, id, set string, args ...any) error {
	res, err := db.ExecContext(ctx, `UPDATE outbox_records SET `+set+` WHERE id = ?`, append(args, id)...)
	if err != nil {
		return fmt.Errorf("outbox: update %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: record %s", ErrNotFound, id)
	}
	return nil
}

// MarkSending marks records as being sent, before they are sent.
func (q *Queue) MarkSending(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	_, err := q.db.ExecContext(ctx, `UPDATE outbox_records SET state = 'sending'
		WHERE state IN ('queued', 'failed') AND id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return fmt.Errorf("outbox: mark sending: %w", err)
	}
	return nil
}

// MarkSent records the hub's acknowledgement of a record. now is the
// kiosk's clock; hubReceived is the hub's receipt time from the ack.
func (q *Queue) MarkSent(ctx context.Context, id string, hubReceived, now time.Time) error {
	return markSent(ctx, q.db, id, hubReceived, now)
}

func markSent(ctx context.Context, db execer, id string, hubReceived, now time.Time) error {
	return update(ctx, db, id, `state = 'sent', sent_at = ?, hub_received = ?, last_error = ''`,
		ms(now), hubReceived.UTC().Format(time.RFC3339Nano))
}

// MarkFailed records a retryable failure: the record waits for its next
// try, further each consecutive time.
// hubDown says the hub did not answer at all (rather than answering with
// an error for this record); ResetBackoff retries only those at once.
func (q *Queue) MarkFailed(ctx context.Context, id string, cause error, hubDown bool, now time.Time) error {
	return q.markFailed(ctx, q.db, id, cause, hubDown, now)
}

func (q *Queue) markFailed(ctx context.Context, db execer, id string, cause error, hubDown bool, now time.Time) error {
	var level int
	err := db.QueryRowContext(ctx, `SELECT backoff FROM outbox_records WHERE id = ?`, id).Scan(&level)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: record %s", ErrNotFound, id)
	} else if err != nil {
		return fmt.Errorf("outbox: mark failed %s: %w", id, err)
	}
	next := now.Add(q.backoff(level + 1))
	return update(ctx, db, id, `state = 'failed', attempts = attempts + 1, backoff = backoff + 1, hub_down = ?,
		last_error = ?, next_try = ?`, hubDown, errorText(cause), ms(next))
}

// MarkRejected records a permanent refusal by the hub; staff see the
// reason in the queue listing. The record is never sent again.
func (q *Queue) MarkRejected(ctx context.Context, id, reason string) error {
	return markRejected(ctx, q.db, id, reason)
}

func markRejected(ctx context.Context, db execer, id, reason string) error {
	return update(ctx, db, id, `state = 'rejected', last_error = ?`, errorText(errors.New(reason)))
}

// MarkQueued puts a record back in the queue without counting a failure
// (e.g. its batch stopped before the hub looked at it).
func (q *Queue) MarkQueued(ctx context.Context, id string) error {
	return update(ctx, q.db, id, `state = 'queued'`)
}

// ResetBackoff makes every record that failed because the hub did not
// answer due now, and restarts its backoff: the hub has answered again, so
// waiting longer helps nobody. Records the hub itself answered with an
// error keep their backoff.
func (q *Queue) ResetBackoff(ctx context.Context, now time.Time) error {
	return resetBackoff(ctx, q.db, now)
}

func resetBackoff(ctx context.Context, db execer, now time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE outbox_records SET backoff = 0, next_try = ?
		WHERE state = 'failed' AND hub_down = 1 AND (backoff > 0 OR next_try > ?)`,
		ms(now), ms(now))
	if err != nil {
		return fmt.Errorf("outbox: reset backoff: %w", err)
	}
	return nil
}

// Stats summarises the queue for staff and the status bar.
type Stats struct {
	Queued, Sending, Sent, Failed, Rejected int
	OldestUnsent                            time.Time     // received time of the oldest record not yet acknowledged; zero if none
	OldestAge                               time.Duration // now - OldestUnsent
	LastError                               string        // latest failure of a record still failed or rejected
	AuthError                               string        // set while the hub refuses the kiosk's credential
	AuthErrorAt                             time.Time
}

// Pending is the number of records the hub has not acknowledged.
func (s Stats) Pending() int { return s.Queued + s.Sending + s.Failed }

// Stats counts records per state and finds the oldest unsent one.
func (q *Queue) Stats(ctx context.Context, now time.Time) (Stats, error) {
	var s Stats
	err := sqlrows.Each(ctx, q.db, "outbox: stats", func(row sqlrows.Scanner) error {
		var st string
		var n int
		if err := row.Scan(&st, &n); err != nil {
			return err
		}
		switch st {
		case StateQueued:
			s.Queued = n
		case StateSending:
			s.Sending = n
		case StateSent:
			s.Sent = n
		case StateFailed:
			s.Failed = n
		case StateRejected:
			s.Rejected = n
		}
		return nil
	}, `SELECT state, count(*) FROM outbox_records GROUP BY state`)
	if err != nil {
		return s, err
	}
	var oldest sql.NullString
	if err := q.db.QueryRowContext(ctx, `SELECT received FROM outbox_records
		WHERE state IN ('queued', 'sending', 'failed') ORDER BY n LIMIT 1`).Scan(&oldest); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("outbox: stats: %w", err)
	}
	if oldest.Valid {
		s.OldestUnsent, _ = time.Parse(time.RFC3339Nano, oldest.String)
		s.OldestAge = max(now.Sub(s.OldestUnsent), 0)
	}
	if err := q.db.QueryRowContext(ctx, `SELECT last_error FROM outbox_records
		WHERE state IN ('failed', 'rejected') AND last_error <> '' ORDER BY next_try DESC, n DESC LIMIT 1`).Scan(&s.LastError); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("outbox: stats: %w", err)
	}
	s.AuthError, s.AuthErrorAt, err = q.authError(ctx)
	return s, err
}

// Entry is one record as staff see it in the queue listing: no personal
// data and no sealed bytes.
type Entry struct {
	ID          string        `json:"id"`
	Kind        string        `json:"kind"`
	Tracking    string        `json:"tracking_number,omitempty"`
	Received    time.Time     `json:"received"`
	Deadline    calendar.Date `json:"deadline,omitzero"`
	Provisional bool          `json:"provisional,omitempty"`
	EventID     string        `json:"event_id,omitempty"`
	Attendees   int           `json:"attendees,omitempty"`
	SeatState   string        `json:"seat_state,omitempty"`
	Ref         string        `json:"ref,omitempty"`
	State       string        `json:"state"`
	Attempts    int           `json:"attempts,omitempty"`
	LastError   string        `json:"last_error,omitempty"`
	NextTry     time.Time     `json:"next_try,omitzero"`
	SentAt      time.Time     `json:"sent_at,omitzero"`
	HubReceived string        `json:"hub_received,omitempty"`
	Status      string        `json:"status,omitempty"`
	SealedBytes int           `json:"sealed_bytes"`
}

// List returns every record, oldest first, without personal data.
func (q *Queue) List(ctx context.Context) ([]Entry, error) {
	return sqlrows.Query(ctx, q.db, "outbox: list", func(row sqlrows.Scanner) (e Entry, err error) {
		var next, sent int64
		r, err := scanReadable(row, &e.State, &e.Attempts, &e.LastError, &next, &sent, &e.HubReceived, &e.Status, &e.SealedBytes)
		e.ID, e.Kind, e.Tracking, e.Received, e.Deadline, e.Provisional = r.ID, r.Kind, r.Tracking, r.Received, r.Deadline, r.Provisional
		e.EventID, e.Attendees, e.SeatState, e.Ref = r.EventID, r.Attendees, r.SeatState, r.Ref
		if e.State == StateFailed {
			e.NextTry = fromMS(next)
		}
		e.SentAt = fromMS(sent)
		return e, err
	}, `SELECT `+readableCols+`, state, attempts, last_error, next_try, sent_at,
		hub_received, status, length(sealed) FROM outbox_records ORDER BY n`)
}

// Status is what a status look-up shows: the submission's kind, dates,
// deadline and progress, with no personal data.
type Status struct {
	Tracking    string        `json:"tracking_number"`
	Kind        string        `json:"kind"`
	Received    time.Time     `json:"received"`
	Deadline    calendar.Date `json:"deadline,omitzero"` // the hub's latest deadline, else the kiosk's
	Provisional bool          `json:"provisional,omitempty"`
	EventID     string        `json:"event_id,omitempty"`
	SeatState   string        `json:"seat_state,omitempty"`
	Queue       string        `json:"queue"`             // this kiosk's upload state
	State       string        `json:"state,omitempty"`   // the hub's status: 已受理, 需补正, 已延期, 已答复, 已办结, 已确认, 候补, 已取消
	Outcome     string        `json:"outcome,omitempty"` // 已答复: the annual report's outcome code
	Note        string        `json:"note,omitempty"`
	Updated     time.Time     `json:"updated,omitzero"` // when the hub last changed the status
}

// Status returns the status of a submission this kiosk issued, without
// checking a verification code (staff tools). Use Lookup for visitors.
func (q *Queue) Status(ctx context.Context, trk string) (Status, error) {
	st, _, err := q.status(ctx, trk)
	return st, err
}

func (q *Queue) status(ctx context.Context, trk string) (Status, string, error) {
	var st Status
	var hash, deadline, statusDeadline, updated string
	var received string
	var statusProvisional bool
	err := q.db.QueryRowContext(ctx, `SELECT COALESCE(tracking, ''), kind, received, deadline, provisional, event_id, seat_state,
		state, status, status_outcome, status_deadline, status_provisional, status_note, status_updated, verify_hash
		FROM outbox_records WHERE tracking = ?`, trk).Scan(&st.Tracking, &st.Kind, &received, &deadline, &st.Provisional,
		&st.EventID, &st.SeatState, &st.Queue, &st.State, &st.Outcome, &statusDeadline, &statusProvisional, &st.Note, &updated, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return st, "", fmt.Errorf("%w: tracking number %s", ErrNotFound, trk)
	} else if err != nil {
		return st, "", fmt.Errorf("outbox: status %s: %w", trk, err)
	}
	st.Received, _ = time.Parse(time.RFC3339Nano, received)
	if statusDeadline != "" {
		deadline = statusDeadline
		st.Provisional = statusProvisional
	}
	if deadline != "" {
		st.Deadline, _ = calendar.Parse(deadline)
	}
	if updated != "" {
		st.Updated, _ = time.Parse(time.RFC3339Nano, updated)
	}
	return st, hash, nil
}

// SetStatus records a status report from the hub. Reports older than the
// one stored are ignored, so they may arrive in any order.
func (q *Queue) SetStatus(ctx context.Context, trk string, u protocol.StatusReport) error {
	if u.State == "" {
		return fmt.Errorf("outbox: status for %s has no state", trk)
	}
	applied, err := setStatus(ctx, q.db, trk, u)
	if err != nil {
		return err
	}
	if !applied {
		if _, err := q.Status(ctx, trk); err != nil {
			return err
		}
	}
	return nil
}

// reportTx records a report from the hub inside a transaction. For a
// sign-up this kiosk confirmed from its block and has not cancelled, a
// report of 已取消 or 候补 (the hub found the block expired; once) frees
// its seats: reportTx returns the event and how many, for the block.
func (q *Queue) reportTx(ctx context.Context, tx *sql.Tx, trk string, u protocol.StatusReport) (eventID string, freed int, err error) {
	var kind, event, seat, status string
	var attendees int
	var released bool
	err = tx.QueryRowContext(ctx, `SELECT kind, event_id, attendees, seat_state, status, seat_released
		FROM outbox_records WHERE tracking = ?`, trk).Scan(&kind, &event, &attendees, &seat, &status, &released)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	} else if err != nil {
		return "", 0, fmt.Errorf("outbox: status %s: %w", trk, err)
	}
	if applied, err := setStatus(ctx, tx, trk, u); err != nil || !applied {
		return "", 0, err // !applied: an older report than the one held
	}
	if kind != protocol.KindSignup || seat != protocol.SeatConfirmed || released || status == protocol.StatusCancelled {
		return "", 0, nil
	}
	if u.State == protocol.StatusWaitlist {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_records SET seat_released = 1 WHERE tracking = ?`, trk); err != nil {
			return "", 0, fmt.Errorf("outbox: release seats: %w", err)
		}
	}
	if u.State == protocol.StatusCancelled || u.State == protocol.StatusWaitlist {
		return event, attendees, nil
	}
	return "", 0, nil
}

// errLookup is the one answer to a wrong tracking number or code, so a
// look-up does not tell which of the two exists.
var errLookup = &domain.Error{Code: domain.ENOTFOUND, Message: "受理编号或查询码不正确，请核对回执后重新输入"}

// Lookup returns the status of a submission for a visitor who holds its
// tracking number and verification code. Wrong input is a *domain.Error
// with a Chinese message.
func (q *Queue) Lookup(ctx context.Context, trk, code string) (Status, error) {
	n, err := tracking.Parse(trk)
	if err != nil {
		return Status{}, err
	}
	if err := tracking.CheckCode(code); err != nil {
		return Status{}, err
	}
	st, hash, err := q.status(ctx, n.String())
	if errors.Is(err, ErrNotFound) {
		// Spend the same time as a real check.
		tracking.VerifyCode(n.String(), code, "a2id1$")
		return Status{}, errLookup
	} else if err != nil {
		return Status{}, err
	}
	if !tracking.VerifyCode(n.String(), code, hash) {
		return Status{}, errLookup
	}
	return st, nil
}

// setStatusSQL records a hub report on a record unless a newer one is
// held. A report without a deadline keeps the deadline and its
// provisional mark; one with a deadline replaces both.
const setStatusSQL = `UPDATE outbox_records SET status = ?, status_outcome = ?,
	status_deadline = CASE WHEN ? = '' THEN status_deadline ELSE ? END,
	status_provisional = CASE WHEN ? = '' THEN status_provisional ELSE ? END,
	status_note = ?, status_updated = ?
	WHERE tracking = ? AND (status_updated = '' OR julianday(status_updated) <= julianday(?))`

// setStatus runs setStatusSQL; applied is false when no record took the
// report (none has the number, or it holds a newer report).
func setStatus(ctx context.Context, db execer, trk string, u protocol.StatusReport) (applied bool, err error) {
	deadline := ""
	if !u.Deadline.IsZero() {
		deadline = u.Deadline.String()
	}
	updated := u.Updated.UTC().Format(time.RFC3339Nano)
	res, err := db.ExecContext(ctx, setStatusSQL, u.State, u.Outcome, deadline, deadline, deadline, u.Provisional,
		u.Note, updated, trk, updated)
	if err != nil {
		return false, fmt.Errorf("outbox: set status %s: %w", trk, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
