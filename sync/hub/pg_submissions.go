package hub

import (
	"context"
	"crypto/ed25519"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/pgdb"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// pgSubmissionMigrations are the PostgreSQL migrations of the submission
// tables, applied by pgdb.Migrate under the component "submissions".
//
//go:embed submissions/pgmigrations/*.sql
var pgSubmissionMigrations embed.FS

// PGSubmissions is the SubmissionStore in PostgreSQL, for a hub run as
// several processes on one database.
//
// Update gives what SQLite's single writer gives: its transactions hold
// one advisory lock (pg_advisory_xact_lock on pgSubmissionsWriter) taken
// before they read anything, so writers of every hub process on the
// database run one after another and each sees all that the ones before
// it committed (READ COMMITTED takes a new snapshot per statement). That
// is what the seat rules need: free seats are counted over every kiosk's
// block and expireBlocks looks at all of them, so under SERIALIZABLE two
// uploads or feed exchanges at once would nearly always conflict and be
// retried anyway. Because writers commit in lock order, records.n and
// feed.seq grow in commit order: a kiosk reading its feed up to seq N, or
// the case register taking applications after record N (ListOptions.
// AfterSeq), never later finds a smaller number appear. The price is one
// commit (one WAL flush) at a time; what is read in a write is cheap, so
// the store reads in one query what it can (OpenBlocks). View reads one
// REPEATABLE READ snapshot and takes no lock.
//
// Within a process, Updates also queue on a channel before they take a
// connection, so writers waiting for the lock hold one connection per
// process and the rest of the pool stays free for reads.
type PGSubmissions struct {
	pool    *pgxpool.Pool
	ownPool bool
	writer  chan struct{} // holds a token while this process runs an Update
}

// pgSubmissionsWriter names the advisory lock every Update holds.
const pgSubmissionsWriter = "submissions:writer"

// OpenPGSubmissions connects to the database at url with a pool of its
// own (closed by Close) and migrates it.
func OpenPGSubmissions(ctx context.Context, url string) (*PGSubmissions, error) {
	pool, err := pgdb.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	s, err := NewPGSubmissions(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.ownPool = true
	return s, nil
}

// NewPGSubmissions migrates the submission tables in pool's database and
// returns the store over pool, which Close leaves open.
func NewPGSubmissions(ctx context.Context, pool *pgxpool.Pool) (*PGSubmissions, error) {
	fsys, err := fs.Sub(pgSubmissionMigrations, "submissions")
	if err != nil {
		return nil, err
	}
	if err := pgdb.Migrate(ctx, pool, fsys, "pgmigrations", "submissions"); err != nil {
		return nil, err
	}
	return &PGSubmissions{pool: pool, writer: make(chan struct{}, 1)}, nil
}

// Close closes the pool if the store opened it.
func (s *PGSubmissions) Close() error {
	if s.ownPool {
		s.pool.Close()
	}
	return nil
}

// Update runs fn in one transaction holding the writer lock. It runs fn
// again from the start when the attempt certainly left nothing behind
// (pgdb.Tx): a serialization failure or deadlock, or a connection lost (a
// server restart, a session ended) before the commit was sent. A
// connection lost during the commit is returned: the commit may have
// happened, and the kiosk's resend is answered from what is stored.
func (s *PGSubmissions) Update(ctx context.Context, fn func(SubmissionTx) error) error {
	select {
	case s.writer <- struct{}{}:
		defer func() { <-s.writer }()
	case <-ctx.Done():
		return ctx.Err()
	}
	return pgdb.Tx(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		if err := lockWriter(ctx, tx); err != nil {
			return err
		}
		return fn(newPGSubmissionTx(tx))
	})
}

// pgWriterIdle is how long a transaction holding the writer lock may sit
// idle before PostgreSQL ends its session, and so frees the lock: a hub
// process that hangs (stopped, swapping) mid-write holds the others up
// for no longer. An Update's statements follow each other in
// milliseconds; a process that dies outright frees the lock at once.
const pgWriterIdle = "60s"

// lockWriter takes the writer lock in tx, waiting for the writer before.
func lockWriter(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT set_config('idle_in_transaction_session_timeout', $1, true), pg_advisory_xact_lock($2)`,
		pgWriterIdle, pgdb.LockKey(pgSubmissionsWriter)); err != nil {
		return fmt.Errorf("submissions writer lock: %w", err)
	}
	return nil
}

// View runs fn on one read-only snapshot, again on another connection
// if the one it had was lost.
func (s *PGSubmissions) View(ctx context.Context, fn func(SubmissionTx) error) error {
	return pgdb.Retry(ctx, func() error {
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		return fn(newPGSubmissionTx(tx))
	})
}

// DeviceKey returns the device key registered for a kiosk, nil if none.
func (s *PGSubmissions) DeviceKey(ctx context.Context, kioskID string) (ed25519.PublicKey, error) {
	var b []byte
	err := pgdb.Retry(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT public_key FROM device_keys WHERE kiosk_id = $1`, kioskID).Scan(&b)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("device key: %w", err)
	}
	return b, nil
}

// AddDeviceKey registers a device key unless one is registered: of two
// hub processes registering at once, the first insert wins.
func (s *PGSubmissions) AddDeviceKey(ctx context.Context, kioskID string, pub ed25519.PublicKey, at time.Time) error {
	err := pgdb.Retry(ctx, func() error { // the insert does nothing a second time
		_, err := s.pool.Exec(ctx, `INSERT INTO device_keys (kiosk_id, public_key, registered) VALUES ($1, $2, $3)
			ON CONFLICT (kiosk_id) DO NOTHING`, kioskID, []byte(pub), timeText(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("register device key: %w", err)
	}
	return nil
}

// pgSubmissionTx is a SubmissionTx on one pgx.Tx.
type pgSubmissionTx struct {
	tx pgx.Tx
	submissionSQL
}

func newPGSubmissionTx(tx pgx.Tx) pgSubmissionTx {
	return pgSubmissionTx{tx, submissionSQL{pgQ{tx}}}
}

// pgQ runs submissionSQL's statements, written with ? placeholders, in a
// transaction.
type pgQ struct{ tx pgx.Tx }

func (q pgQ) query(ctx context.Context, query string, args ...any) (sqlrows.Rows, func(), error) {
	rows, err := q.tx.Query(ctx, sqldb.Rebind(query), args...)
	if err != nil {
		return nil, nil, err
	}
	return rows, rows.Close, nil
}

func (q pgQ) queryRow(ctx context.Context, query string, args ...any) sqlrows.Scanner {
	return q.tx.QueryRow(ctx, sqldb.Rebind(query), args...)
}

func (q pgQ) exec(ctx context.Context, query string, args ...any) error {
	_, err := q.tx.Exec(ctx, sqldb.Rebind(query), args...)
	return err
}

func (t pgSubmissionTx) PutStatus(ctx context.Context, kioskID, trk string, st protocol.StatusReport) error {
	deadline := dateText(st.Deadline)
	updated := st.Updated.UTC().Format(time.RFC3339Nano)
	if _, err := t.tx.Exec(ctx, `INSERT INTO status AS s (tracking, state, outcome, deadline, provisional, note, updated, extended)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (tracking) DO UPDATE SET state = excluded.state, outcome = excluded.outcome,
			deadline = CASE WHEN excluded.deadline = '' THEN s.deadline ELSE excluded.deadline END,
			provisional = CASE WHEN excluded.deadline = '' THEN s.provisional ELSE excluded.provisional END,
			note = excluded.note, updated = excluded.updated, extended = s.extended OR excluded.extended`,
		trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated, st.Extended); err != nil {
		return fmt.Errorf("status %s: %w", trk, err)
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO feed (kiosk_id, tracking, state, outcome, deadline, provisional, note, updated)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, kioskID, trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated); err != nil {
		return fmt.Errorf("feed %s: %w", trk, err)
	}
	return nil
}

func (t pgSubmissionTx) Block(ctx context.Context, kioskID, eventID string) (net, used int, err error) {
	err = t.tx.QueryRow(ctx, `SELECT
		COALESCE((SELECT issued - returned FROM seat_blocks WHERE kiosk_id = $1 AND event_id = $2), 0),
		COALESCE((SELECT SUM(attendees) FROM signups WHERE kiosk_id = $1 AND event_id = $2 AND seat = 'block'), 0)`,
		kioskID, eventID).Scan(&net, &used)
	if err != nil {
		return 0, 0, fmt.Errorf("seat block: %w", err)
	}
	return net, used, nil
}

func (t pgSubmissionTx) Holding(ctx context.Context, eventID string) (EventHolding, error) {
	h := EventHolding{Blocks: map[string]int{}, Confirmed: map[string]int{}}
	rows, err := t.tx.Query(ctx, `SELECT 'b', kiosk_id, issued - returned FROM seat_blocks WHERE event_id = $1
		UNION ALL SELECT 'c', kiosk_id, SUM(attendees) FROM signups WHERE event_id = $1 AND seat = 'block' GROUP BY kiosk_id
		UNION ALL SELECT 'p', '', COALESCE(SUM(attendees), 0) FROM signups WHERE event_id = $1 AND seat = 'promoted'`, eventID)
	if err != nil {
		return h, fmt.Errorf("free seats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var what, kiosk string
		var n int
		if err := rows.Scan(&what, &kiosk, &n); err != nil {
			return h, fmt.Errorf("free seats: %w", err)
		}
		switch what {
		case "b":
			h.Blocks[kiosk] = n
		case "c":
			h.Confirmed[kiosk] = n
		default:
			h.Promoted = n
		}
	}
	return h, rows.Err()
}

func (t pgSubmissionTx) Grant(ctx context.Context, kioskID, eventID string, seats int, expires time.Time) error {
	if _, err := t.tx.Exec(ctx, `INSERT INTO seat_blocks AS b (kiosk_id, event_id, issued) VALUES ($1, $2, $3)
		ON CONFLICT (kiosk_id, event_id) DO UPDATE SET issued = b.issued + excluded.issued`, kioskID, eventID, seats); err != nil {
		return fmt.Errorf("grant seats: %w", err)
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO feed (kiosk_id, event_id, seats, updated) VALUES ($1, $2, $3, $4)`,
		kioskID, eventID, seats, timeText(expires)); err != nil {
		return fmt.Errorf("grant seats: %w", err)
	}
	return nil
}

func (t pgSubmissionTx) GrantExpiry(ctx context.Context, kioskID, eventID string) (time.Time, error) {
	var v string
	err := t.tx.QueryRow(ctx, `SELECT updated FROM feed WHERE kiosk_id = $1 AND event_id = $2 AND seats > 0
		ORDER BY seq DESC LIMIT 1`, kioskID, eventID).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("block expiry: %w", err)
	}
	return grantExpiryText(v)
}

func (t pgSubmissionTx) SetReturned(ctx context.Context, kioskID, eventID string, total int) (bool, error) {
	tag, err := t.tx.Exec(ctx, `UPDATE seat_blocks SET returned = LEAST(issued, $1)
		WHERE kiosk_id = $2 AND event_id = $3 AND returned < LEAST(issued, $1)`, total, kioskID, eventID)
	if err != nil {
		return false, fmt.Errorf("seat return: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

func (t pgSubmissionTx) Unreturn(ctx context.Context, kioskID, eventID string, n int) (bool, error) {
	tag, err := t.tx.Exec(ctx, `UPDATE seat_blocks SET returned = returned - $1
		WHERE kiosk_id = $2 AND event_id = $3 AND returned >= $1`, n, kioskID, eventID)
	if err != nil {
		return false, fmt.Errorf("honour sign-up: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

func (t pgSubmissionTx) Reclaim(ctx context.Context, kioskID, eventID string, used int) error {
	if _, err := t.tx.Exec(ctx, `UPDATE seat_blocks SET returned = issued - $1 WHERE kiosk_id = $2 AND event_id = $3`,
		used, kioskID, eventID); err != nil {
		return fmt.Errorf("expire block: %w", err)
	}
	return nil
}

func (t pgSubmissionTx) AddSignup(ctx context.Context, s Signup) error {
	if _, err := t.tx.Exec(ctx, `INSERT INTO signups (`+signupCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.Tracking, s.ID, s.KioskID, s.EventID, s.Attendees, s.Received.UnixMilli(), s.VerifyHash, s.Seat); err != nil {
		return fmt.Errorf("sign-up: %w", err)
	}
	return nil
}

func (t pgSubmissionTx) signup(ctx context.Context, where string, arg string) (Signup, bool, error) {
	s, err := scanSignup(t.tx.QueryRow(ctx, `SELECT `+signupCols+` FROM signups WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, false, nil
	} else if err != nil {
		return s, false, fmt.Errorf("sign-up: %w", err)
	}
	return s, true, nil
}

func (t pgSubmissionTx) Signup(ctx context.Context, trk string) (Signup, bool, error) {
	return t.signup(ctx, `tracking = $1`, trk)
}

func (t pgSubmissionTx) SetSeat(ctx context.Context, trk, seat string) error {
	if _, err := t.tx.Exec(ctx, `UPDATE signups SET seat = $1 WHERE tracking = $2`, seat, trk); err != nil {
		return fmt.Errorf("seat of %s: %w", trk, err)
	}
	return nil
}

func (t pgSubmissionTx) FirstWaiting(ctx context.Context, eventID string) (Signup, bool, error) {
	return t.signup(ctx, `event_id = $1 AND seat = 'waiting' ORDER BY received_ms, id LIMIT 1`, eventID)
}

func (t pgSubmissionTx) SeatCounts(ctx context.Context, eventID string) (confirmed, waiting int, err error) {
	err = t.tx.QueryRow(ctx, `SELECT
		COALESCE(SUM(attendees) FILTER (WHERE seat IN ('block', 'promoted')), 0),
		COALESCE(SUM(attendees) FILTER (WHERE seat = 'waiting'), 0) FROM signups WHERE event_id = $1`,
		eventID).Scan(&confirmed, &waiting)
	return confirmed, waiting, err
}

func (t pgSubmissionTx) AddCancel(ctx context.Context, id, ref, result string) error {
	if _, err := t.tx.Exec(ctx, `INSERT INTO cancels (id, ref, result) VALUES ($1, $2, $3)`, id, ref, result); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	return nil
}

func (t pgSubmissionTx) SetCancelResult(ctx context.Context, id, result string) error {
	_, err := t.tx.Exec(ctx, `UPDATE cancels SET result = $1 WHERE id = $2`, result, id)
	return err
}
