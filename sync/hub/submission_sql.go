package hub

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"path/filepath"

	"gongkai/internal/schema"
	"gongkai/internal/store"
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
	return store.OpenPair(ctx, filepath.Join(dir, SubmissionsDB), "FULL", func(w *sql.DB) error {
		return migrateSubmissions(ctx, w)
	})
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
	return store.InTx(ctx, s.w, fn)
}

func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
