// Package outbox is the kiosk's durable queue of sealed submissions on
// its SQLite database, and the loop that drains it to the hub.
//
// A record moves queued → sending → sent, or → failed (retryable: it
// waits for its next try, with exponential backoff and jitter from 30 s
// up to 1 h) or → rejected (permanent, e.g. the hub already holds a
// different submission with that id; staff see it in `kiosk queue`).
// A record is marked sending before it is sent and sent only after the
// hub acknowledged it, so a crash at any point leaves it to be sent again;
// Open turns records left in sending back to queued. Resending is safe
// because the hub is idempotent by submission id.
//
// The tables are the outbox's own (outbox_*), created by embedded
// migrations applied with store.Migrate under the component name "outbox"
// (a database from newer software is refused with store.ErrNewerSchema);
// they never touch the store's tables. Everything a submission commits
// (its sequence number, seats and queue row) is written by the ...Tx
// methods inside the caller's transaction.
//
// Three types share the database, each with its own tables and rules:
// Queue (the records, their upload state and the hub's status of each,
// drained by Drain), SeatBlocks (the kiosk's blocks of event seats) and
// StatusFeed (the kiosk's position in the hub's status feed, applying
// each answer to the queue and the blocks). Outbox holds all three.
//
// Nothing here is personal: the queue holds the sealed bytes and the
// readable fields of protocol.SealedRecord, and the hub's status reports
// (state, dates, deadline, note) for status look-ups.
package outbox

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/sqlrows"
	"gongkai/internal/store"
)

// States of a queued record.
const (
	StateQueued   = "queued"
	StateSending  = "sending"
	StateSent     = "sent"
	StateFailed   = "failed"
	StateRejected = "rejected"
)

// Backoff bounds: the first retry waits about MinBackoff, each further
// failure doubles it, up to MaxBackoff.
const (
	MinBackoff = 30 * time.Second
	MaxBackoff = time.Hour
)

//go:embed migrations/*.sql
var migrations embed.FS

// Outbox is the kiosk's queue, seat blocks and status feed on one
// *sql.DB (its methods are theirs).
type Outbox struct {
	*Queue
	*SeatBlocks
	*StatusFeed
	db *sql.DB
}

// base is what the three parts share: the database and the kiosk's clock.
type base struct {
	db  *sql.DB
	now func() time.Time // the kiosk's one clock: seat expiry is judged by it
}

// Open applies the outbox's migrations to db and recovers from a crash:
// records left in sending go back to queued. now is the kiosk's clock,
// the same one the submission service stamps received times with: seat
// blocks' expiry is checked against it, never against the wall clock.
func Open(ctx context.Context, db *sql.DB, now func() time.Time) (*Outbox, error) {
	if now == nil {
		return nil, errors.New("outbox: no clock")
	}
	if err := store.Migrate(ctx, db, "outbox", migrations); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE outbox_records SET state = 'queued' WHERE state = 'sending'`); err != nil {
		return nil, fmt.Errorf("outbox: recover sending: %w", err)
	}
	b := &base{db: db, now: now}
	seats := &SeatBlocks{base: b}
	q := newQueue(b, seats)
	return &Outbox{Queue: q, SeatBlocks: seats, StatusFeed: &StatusFeed{base: b, queue: q, seats: seats}, db: db}, nil
}

// DB returns the database the outbox lives in.
func (o *Outbox) DB() *sql.DB { return o.db }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// errorText keeps a stored error message short and on one line.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 500 {
		s = s[:500]
	}
	return s
}

// ErrNotFound reports a tracking number or id the outbox does not hold.
var ErrNotFound = errors.New("outbox: not found")

func (b *base) meta(ctx context.Context, q execer, key string) (string, error) {
	v, err := sqlrows.Optional[string](ctx, q, `SELECT value FROM outbox_meta WHERE key = ?`, key)
	if err != nil {
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

// lockSQL is a write to the outbox's tables that changes nothing: run
// first in a transaction, it takes the write lock (store.Durably).
const lockSQL = `DELETE FROM outbox_meta WHERE key = '-'`

// durably runs fn in a transaction that is on disk when it returns:
// seats handed back must stay handed back after a power cut, or the kiosk
// could confirm seats the hub gave to someone else.
func (b *base) durably(ctx context.Context, fn func(*sql.Tx) error) error {
	return store.Durably(ctx, b.db, lockSQL, fn)
}

// clearAuthErrorTx forgets a recorded authentication failure: the hub
// has answered this kiosk.
func clearAuthErrorTx(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_meta WHERE key = 'auth_error'`); err != nil {
		return fmt.Errorf("outbox: clear auth error: %w", err)
	}
	return nil
}

// authError returns the recorded authentication failure, if any.
func (b *base) authError(ctx context.Context) (string, time.Time, error) {
	var v string
	err := b.db.QueryRowContext(ctx, `SELECT value FROM outbox_meta WHERE key = 'auth_error'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	} else if err != nil {
		return "", time.Time{}, fmt.Errorf("outbox: auth error: %w", err)
	}
	at, msg, _ := strings.Cut(v, " ")
	t, _ := time.Parse(time.RFC3339, at)
	return msg, t, nil
}

func (b *base) setMeta(ctx context.Context, key, value string) error {
	_, err := b.db.ExecContext(ctx, `INSERT INTO outbox_meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("outbox: meta %s: %w", key, err)
	}
	return nil
}
