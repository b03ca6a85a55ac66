package hub

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"

	"gongkai/internal/datadir"
	"gongkai/internal/schema"
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

// openSubmissionDB opens (creating and migrating) dir/submissions.db: a
// single writer with synchronous=FULL, because an acknowledgement tells a
// kiosk it may stop resending, and a pool of readers.
func openSubmissionDB(ctx context.Context, dir string) (w, r *sql.DB, err error) {
	path := filepath.Join(dir, SubmissionsDB)
	if err := datadir.PrepareSQLite(path); err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	if w, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := migrateSubmissions(ctx, w); err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	q.Set("_txlock", "deferred")
	if r, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
		w.Close()
		return nil, nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return w, r, nil
}

func migrateSubmissions(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(submissionMigrations, "submissions")
	if err != nil {
		return err
	}
	return schema.MigrateFrom(ctx, db, "submissions", fsys, schema.UserVersion())
}

// inTx runs fn in one write transaction.
func (s *Submissions) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
