package sqlrows_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"gongkai/internal/sqlrows"
)

// TestQuery: every row comes back in order through scan; a query that
// fails, or a row scan refuses, is an error naming the reading.
func TestQuery(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (3), (1), (2)`); err != nil {
		t.Fatal(err)
	}
	scanInt := func(row sqlrows.Scanner) (n int, err error) { return n, row.Scan(&n) }
	got, err := sqlrows.Query(ctx, db, "numbers", scanInt, `SELECT n FROM t WHERE n > ? ORDER BY n`, 1)
	if err != nil || !slices.Equal(got, []int{2, 3}) {
		t.Errorf("Query = %v, %v; want [2 3]", got, err)
	}
	if _, err := sqlrows.Query(ctx, db, "numbers", scanInt, `SELECT n FROM no_such_table`); err == nil || !strings.HasPrefix(err.Error(), "numbers: ") {
		t.Errorf("Query of a missing table = %v, want an error naming the reading", err)
	}
	refused := errors.New("refused")
	_, err = sqlrows.Query(ctx, db, "numbers", func(sqlrows.Scanner) (int, error) { return 0, refused }, `SELECT n FROM t`)
	if !errors.Is(err, refused) || !strings.HasPrefix(err.Error(), "numbers: ") {
		t.Errorf("Query with a refusing scan = %v, want the scan's error named", err)
	}
	if got, err := sqlrows.Query(ctx, db, "numbers", scanInt, `SELECT n FROM t WHERE n > 9`); err != nil || got != nil {
		t.Errorf("Query of no rows = %v, %v; want nil, nil", got, err)
	}
}

// TestValue: a row of one column scans into its type.
func TestValue(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := sqlrows.Query(context.Background(), db, "names", sqlrows.Value[string], `SELECT 'b' UNION ALL SELECT 'a'`)
	if err != nil || !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("Query of Value[string] = %v, %v; want [b a]", got, err)
	}
}
