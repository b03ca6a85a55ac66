package hub

import (
	"context"
	"database/sql"
	"embed"
	"path/filepath"
	"testing"
)

// schemaOneDB writes the SQLite file at path as a hub from before
// schema.Migrate left it: the migration first (in fsys) applied, PRAGMA
// user_version = 1, then the statements of seed.
func schemaOneDB(t *testing.T, path string, fsys embed.FS, first string, seed ...string) {
	t.Helper()
	q, err := fsys.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{string(q), "PRAGMA user_version = 1"}, seed...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOpenSubmissionsFromUserVersion: a submissions.db the hub made before
// schema.Migrate (its one migration applied, PRAGMA user_version = 1)
// opens without applying 001 again, keeps its rows, records its version in
// schema_version, and retires user_version so an older hub refuses it.
func TestOpenSubmissionsFromUserVersion(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	schemaOneDB(t, filepath.Join(dir, SubmissionsDB), submissionMigrations, "submissions/migrations/001_submissions.sql",
		`INSERT INTO status (tracking, state, updated) VALUES ('0001-250101-0001-7', '已受理', '2025-01-02T00:00:00Z')`)

	for round := 0; round < 2; round++ {
		st, err := OpenSQLiteSubmissions(ctx, dir)
		if err != nil {
			t.Fatalf("open a user_version-1 submissions.db (round %d): %v", round, err)
		}
		r := st.r
		var state string
		var version, userVersion int
		if err := r.QueryRow(`SELECT state FROM status WHERE tracking = '0001-250101-0001-7'`).Scan(&state); err != nil || state != "已受理" {
			t.Errorf("status row = %q, %v; want the one written before", state, err)
		}
		if err := r.QueryRow(`SELECT version FROM schema_version WHERE component = 'submissions'`).Scan(&version); err != nil || version != 1 {
			t.Errorf("submissions version = %d, %v; want 1", version, err)
		}
		if err := r.QueryRow(`PRAGMA user_version`).Scan(&userVersion); err != nil || userVersion <= 1 {
			t.Errorf("user_version = %d, %v; want retired (above any old hub's)", userVersion, err)
		}
		st.Close()
	}
}
