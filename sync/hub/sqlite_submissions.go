package hub

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/schema"
	"gongkai/internal/sqlrows"
	"gongkai/internal/store"
	"gongkai/sync/protocol"
)

// SubmissionsDB is the file, in the hub's data directory, that holds sealed
// submissions, their status, the per-kiosk status feed, seat blocks and
// kiosks' device keys. It is apart from hub.db so that a burst of uploads
// never waits on a catalogue import's write lock, and the other way round.
const SubmissionsDB = "submissions.db"

// submissionMigrations are submissions.db's numbered migrations, applied
// by schema.Migrate under the component name "submissions". Before the
// shared runner the file's version was PRAGMA user_version; it is adopted
// from there once.
//
//go:embed submissions/migrations/*.sql
var submissionMigrations embed.FS

// SQLiteSubmissions is the SubmissionStore in submissions.db: a single
// writer with synchronous=FULL, because an acknowledgement tells a kiosk
// it may stop resending, and a pool of readers.
type SQLiteSubmissions struct {
	w, r *sql.DB
}

// OpenSQLiteSubmissions opens (creating and migrating) dir/submissions.db.
func OpenSQLiteSubmissions(ctx context.Context, dir string) (*SQLiteSubmissions, error) {
	w, r, err := store.OpenPair(ctx, filepath.Join(dir, SubmissionsDB), "FULL", func(w *sql.DB) error {
		return migrateSubmissions(ctx, w)
	})
	if err != nil {
		return nil, err
	}
	return &SQLiteSubmissions{w: w, r: r}, nil
}

func migrateSubmissions(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(submissionMigrations, "submissions")
	if err != nil {
		return err
	}
	return schema.MigrateFrom(ctx, db, "submissions", fsys, schema.UserVersion())
}

// Close closes the database.
func (s *SQLiteSubmissions) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

// Update runs fn in one write transaction.
func (s *SQLiteSubmissions) Update(ctx context.Context, fn func(SubmissionTx) error) error {
	return store.InTx(ctx, s.w, func(tx *sql.Tx) error { return fn(newSQLiteSubmissionTx(tx)) })
}

// View runs fn in a read transaction on the reader pool.
func (s *SQLiteSubmissions) View(ctx context.Context, fn func(SubmissionTx) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	return fn(newSQLiteSubmissionTx(tx))
}

// eachTable calls fn with the rows of every table of submissionTables,
// all read from one snapshot (for CopySubmissions).
func (s *SQLiteSubmissions) eachTable(ctx context.Context, fn func(table string, cols []string, rows tableRows) error) error {
	return eachSQLiteTable(ctx, s.r, submissionTables, fn)
}

// eachSQLiteTable calls fn with the rows of every table of tables, all
// read from one snapshot of db.
func eachSQLiteTable(ctx context.Context, db *sql.DB, tables []copyTable, fn func(table string, cols []string, rows tableRows) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	for _, tb := range tables {
		rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(tb.cols, ", ")+` FROM `+tb.name)
		if err != nil {
			return fmt.Errorf("read %s: %w", tb.name, err)
		}
		err = fn(tb.name, tb.cols, &sqliteTableRows{rows: rows, n: len(tb.cols)})
		rows.Close()
		if err != nil {
			return fmt.Errorf("copy %s: %w", tb.name, err)
		}
	}
	return nil
}

// sqliteTableRows is a tableRows over a query's rows.
type sqliteTableRows struct {
	rows *sql.Rows
	n    int
}

func (r *sqliteTableRows) Next() bool { return r.rows.Next() }
func (r *sqliteTableRows) Err() error { return r.rows.Err() }

func (r *sqliteTableRows) Values() ([]any, error) {
	vals := make([]any, r.n)
	ptrs := make([]any, r.n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := r.rows.Scan(ptrs...)
	return vals, err
}

// DeviceKey returns the device key registered for a kiosk, nil if none.
func (s *SQLiteSubmissions) DeviceKey(ctx context.Context, kioskID string) (ed25519.PublicKey, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT public_key FROM device_keys WHERE kiosk_id = ?`, kioskID).Scan(&b)
	if noRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("device key: %w", err)
	}
	return b, nil
}

// AddDeviceKey registers a device key unless one is registered.
func (s *SQLiteSubmissions) AddDeviceKey(ctx context.Context, kioskID string, pub ed25519.PublicKey, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO device_keys (kiosk_id, public_key, registered) VALUES (?, ?, ?)
		ON CONFLICT (kiosk_id) DO NOTHING`, kioskID, []byte(pub), timeText(at))
	if err != nil {
		return fmt.Errorf("register device key: %w", err)
	}
	return nil
}

// sqliteSubmissionTx is a SubmissionTx on one *sql.Tx.
type sqliteSubmissionTx struct {
	tx *sql.Tx
	submissionSQL
}

func newSQLiteSubmissionTx(tx *sql.Tx) sqliteSubmissionTx {
	return sqliteSubmissionTx{tx, submissionSQL{sqliteQ{tx}}}
}

// sqliteQ runs submissionSQL's statements in a transaction.
type sqliteQ struct{ tx *sql.Tx }

func (q sqliteQ) query(ctx context.Context, query string, args ...any) (sqlrows.Rows, func(), error) {
	rows, err := q.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	return rows, func() { rows.Close() }, nil
}

func (q sqliteQ) queryRow(ctx context.Context, query string, args ...any) sqlrows.Scanner {
	return q.tx.QueryRowContext(ctx, query, args...)
}

func (q sqliteQ) exec(ctx context.Context, query string, args ...any) error {
	_, err := q.tx.ExecContext(ctx, query, args...)
	return err
}

func (t sqliteSubmissionTx) PutStatus(ctx context.Context, kioskID, trk string, st protocol.StatusReport) error {
	deadline := dateText(st.Deadline)
	updated := st.Updated.UTC().Format(time.RFC3339Nano)
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO status (tracking, state, outcome, deadline, provisional, note, updated, extended)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tracking) DO UPDATE SET state = excluded.state, outcome = excluded.outcome,
			deadline = CASE WHEN excluded.deadline = '' THEN deadline ELSE excluded.deadline END,
			provisional = CASE WHEN excluded.deadline = '' THEN provisional ELSE excluded.provisional END,
			note = excluded.note, updated = excluded.updated, extended = max(extended, excluded.extended)`,
		trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated, st.Extended); err != nil {
		return fmt.Errorf("status %s: %w", trk, err)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO feed (kiosk_id, tracking, state, outcome, deadline, provisional, note, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, kioskID, trk, st.State, st.Outcome, deadline, st.Provisional, st.Note, updated); err != nil {
		return fmt.Errorf("feed %s: %w", trk, err)
	}
	return nil
}

func (t sqliteSubmissionTx) Block(ctx context.Context, kioskID, eventID string) (net, used int, err error) {
	err = t.tx.QueryRowContext(ctx, `SELECT issued - returned FROM seat_blocks WHERE kiosk_id = ? AND event_id = ?`,
		kioskID, eventID).Scan(&net)
	if err != nil && !noRows(err) {
		return 0, 0, fmt.Errorf("seat block: %w", err)
	}
	err = t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(attendees), 0) FROM signups
		WHERE kiosk_id = ? AND event_id = ? AND seat = 'block'`, kioskID, eventID).Scan(&used)
	if err != nil {
		return 0, 0, fmt.Errorf("seats used: %w", err)
	}
	return net, used, nil
}

func (t sqliteSubmissionTx) Holding(ctx context.Context, eventID string) (EventHolding, error) {
	h := EventHolding{Blocks: map[string]int{}, Confirmed: map[string]int{}}
	for _, q := range []struct {
		sql string
		to  map[string]int
	}{
		{`SELECT kiosk_id, issued - returned FROM seat_blocks WHERE event_id = ?`, h.Blocks},
		{`SELECT kiosk_id, SUM(attendees) FROM signups WHERE event_id = ? AND seat = 'block' GROUP BY kiosk_id`, h.Confirmed},
	} {
		if err := scanCounts(ctx, t.tx, q.to, q.sql, eventID); err != nil {
			return h, fmt.Errorf("free seats: %w", err)
		}
	}
	if err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(attendees), 0) FROM signups WHERE event_id = ? AND seat = 'promoted'`,
		eventID).Scan(&h.Promoted); err != nil {
		return h, fmt.Errorf("free seats: %w", err)
	}
	return h, nil
}

// scanCounts reads rows of (key, count) into to.
func scanCounts(ctx context.Context, tx *sql.Tx, to map[string]int, q string, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		to[k] = n
	}
	return rows.Err()
}

func (t sqliteSubmissionTx) Grant(ctx context.Context, kioskID, eventID string, seats int, expires time.Time) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO seat_blocks (kiosk_id, event_id, issued) VALUES (?, ?, ?)
		ON CONFLICT (kiosk_id, event_id) DO UPDATE SET issued = issued + excluded.issued`, kioskID, eventID, seats); err != nil {
		return fmt.Errorf("grant seats: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO feed (kiosk_id, event_id, seats, updated) VALUES (?, ?, ?, ?)`,
		kioskID, eventID, seats, timeText(expires)); err != nil {
		return fmt.Errorf("grant seats: %w", err)
	}
	return nil
}

func (t sqliteSubmissionTx) GrantExpiry(ctx context.Context, kioskID, eventID string) (time.Time, error) {
	var v string
	err := t.tx.QueryRowContext(ctx, `SELECT updated FROM feed WHERE kiosk_id = ? AND event_id = ? AND seats > 0
		ORDER BY seq DESC LIMIT 1`, kioskID, eventID).Scan(&v)
	if noRows(err) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, fmt.Errorf("block expiry: %w", err)
	}
	return grantExpiryText(v)
}

func (t sqliteSubmissionTx) SetReturned(ctx context.Context, kioskID, eventID string, total int) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = MIN(issued, ?)
		WHERE kiosk_id = ? AND event_id = ? AND returned < MIN(issued, ?)`, total, kioskID, eventID, total)
	if err != nil {
		return false, fmt.Errorf("seat return: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func (t sqliteSubmissionTx) Unreturn(ctx context.Context, kioskID, eventID string, n int) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = returned - ?
		WHERE kiosk_id = ? AND event_id = ? AND returned >= ?`, n, kioskID, eventID, n)
	if err != nil {
		return false, fmt.Errorf("honour sign-up: %w", err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

func (t sqliteSubmissionTx) Reclaim(ctx context.Context, kioskID, eventID string, used int) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE seat_blocks SET returned = issued - ? WHERE kiosk_id = ? AND event_id = ?`,
		used, kioskID, eventID); err != nil {
		return fmt.Errorf("expire block: %w", err)
	}
	return nil
}

func (t sqliteSubmissionTx) AddSignup(ctx context.Context, s Signup) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO signups (tracking, id, kiosk_id, event_id, attendees, received_ms, verify_hash, seat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.Tracking, s.ID, s.KioskID, s.EventID, s.Attendees, s.Received.UnixMilli(), s.VerifyHash,
		s.Seat); err != nil {
		return fmt.Errorf("sign-up: %w", err)
	}
	return nil
}

// signup reads the sign-up of a query row; found false if none.
func signup(row *sql.Row) (Signup, bool, error) {
	s, err := scanSignup(row)
	if noRows(err) {
		return s, false, nil
	} else if err != nil {
		return s, false, fmt.Errorf("sign-up: %w", err)
	}
	return s, true, nil
}

func (t sqliteSubmissionTx) Signup(ctx context.Context, trk string) (Signup, bool, error) {
	return signup(t.tx.QueryRowContext(ctx, `SELECT `+signupCols+` FROM signups WHERE tracking = ?`, trk))
}

func (t sqliteSubmissionTx) SetSeat(ctx context.Context, trk, seat string) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE signups SET seat = ? WHERE tracking = ?`, seat, trk); err != nil {
		return fmt.Errorf("seat of %s: %w", trk, err)
	}
	return nil
}

func (t sqliteSubmissionTx) FirstWaiting(ctx context.Context, eventID string) (Signup, bool, error) {
	return signup(t.tx.QueryRowContext(ctx, `SELECT `+signupCols+` FROM signups
		WHERE event_id = ? AND seat = 'waiting' ORDER BY received_ms, id LIMIT 1`, eventID))
}

func (t sqliteSubmissionTx) SeatCounts(ctx context.Context, eventID string) (confirmed, waiting int, err error) {
	err = t.tx.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN seat IN ('block', 'promoted') THEN attendees END), 0),
		COALESCE(SUM(CASE WHEN seat = 'waiting' THEN attendees END), 0) FROM signups WHERE event_id = ?`,
		eventID).Scan(&confirmed, &waiting)
	return confirmed, waiting, err
}

func (t sqliteSubmissionTx) AddCancel(ctx context.Context, id, ref, result string) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO cancels (id, ref, result) VALUES (?, ?, ?)`, id, ref, result); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	return nil
}

func (t sqliteSubmissionTx) SetCancelResult(ctx context.Context, id, result string) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE cancels SET result = ? WHERE id = ?`, result, id)
	return err
}

// dateText stores a date, "" for none.
func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// parseDate reads a stored date, zero for "".
func parseDate(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, _ := calendar.Parse(s)
	return d
}

func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
