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
// Nothing here is personal: the queue holds the sealed bytes and the
// readable fields of submission.SealedRecord, and the hub's status reports
// (state, dates, deadline, note) for status look-ups.
package outbox

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"time"

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

// Outbox is the kiosk's submission queue on a shared *sql.DB.
type Outbox struct {
	db *sql.DB

	now func() time.Time // the kiosk's one clock: seat expiry is judged by it

	mu     sync.Mutex
	jitter *mrand.Rand // guarded by mu
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
	var seed [8]byte
	_, _ = crand.Read(seed[:]) // never fails on Linux; a zero seed would still work
	return &Outbox{db: db, now: now, jitter: mrand.New(mrand.NewPCG(binary.LittleEndian.Uint64(seed[:]), 0x6f7574626f78))}, nil
}

// SetJitterSource replaces the random source of backoff jitter (tests).
func (o *Outbox) SetJitterSource(r *mrand.Rand) {
	o.mu.Lock()
	o.jitter = r
	o.mu.Unlock()
}

// DB returns the database the outbox lives in.
func (o *Outbox) DB() *sql.DB { return o.db }

// backoff returns how long a record waits after its level-th consecutive
// failure: MinBackoff doubled per level, capped at MaxBackoff, plus up to
// half again of random jitter (still capped), so kiosks that lost the hub
// together do not all come back in the same second.
func (o *Outbox) backoff(level int) time.Duration {
	d := MaxBackoff
	if level < 1 {
		level = 1
	}
	if level <= 8 {
		d = min(MinBackoff<<(level-1), MaxBackoff)
	}
	o.mu.Lock()
	j := time.Duration(o.jitter.Int64N(int64(d/2) + 1))
	o.mu.Unlock()
	return min(d+j, MaxBackoff)
}

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
