package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/sqldb"
	"gongkai/internal/store"
)

// TestCopyRowsResumesAndCounts: CopyRows run again after a copy cut off
// halfway inserts only the rows missing, each once; a target holding a
// row the source has not is an error (the count differs).
func TestCopyRowsResumesAndCounts(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *sqldb.DB {
		t.Helper()
		w, r, err := store.OpenPair(ctx, filepath.Join(t.TempDir(), name), "NORMAL", func(w *sql.DB) error {
			_, err := w.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		db := sqldb.SQLite(w, r)
		t.Cleanup(func() { db.Close() })
		return db
	}
	src, dst := open("src.db"), open("dst.db")
	for _, q := range []string{`INSERT INTO t VALUES (1, '一'), (2, '二'), (3, '三')`} {
		if _, err := src.W().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dst.W().ExecContext(ctx, `INSERT INTO t VALUES (1, '一')`); err != nil { // the cut-off run's part
		t.Fatal(err)
	}
	if n, err := sqldb.CopyRows(ctx, src.R(), dst.W(), "t", "k, v", "k"); err != nil || n != 2 {
		t.Fatalf("CopyRows run again = %d, %v; want the 2 missing rows", n, err)
	}
	var rows int
	if err := dst.R().QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&rows); err != nil || rows != 3 {
		t.Fatalf("%d rows after the rerun (%v), want 3", rows, err)
	}
	if _, err := dst.W().ExecContext(ctx, `INSERT INTO t VALUES (9, '九')`); err != nil {
		t.Fatal(err)
	}
	if _, err := sqldb.CopyRows(ctx, src.R(), dst.W(), "t", "k, v", "k"); err == nil || !strings.Contains(err.Error(), "holds 4 rows, the source 3") {
		t.Errorf("CopyRows onto a target with another row = %v", err)
	}
}
