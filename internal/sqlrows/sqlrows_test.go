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
	db := openDB(t)
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
	db := openDB(t)
	got, err := sqlrows.Query(context.Background(), db, "names", sqlrows.Value[string], `SELECT 'b' UNION ALL SELECT 'a'`)
	if err != nil || !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("Query of Value[string] = %v, %v; want [b a]", got, err)
	}
}

// TestEach: fn sees every row; its error stops the reading, named.
func TestEach(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sum := 0
	add := func(row sqlrows.Scanner) error {
		n, err := sqlrows.Value[int](row)
		sum += n
		return err
	}
	if err := sqlrows.Each(ctx, db, "sum", add, `SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 4`); err != nil || sum != 7 {
		t.Errorf("Each = %v, sum %d; want nil, 7", err, sum)
	}
	stop := errors.New("stop")
	calls := 0
	err := sqlrows.Each(ctx, db, "sum", func(sqlrows.Scanner) error { calls++; return stop }, `SELECT 1 UNION ALL SELECT 2`)
	if !errors.Is(err, stop) || !strings.HasPrefix(err.Error(), "sum: ") || calls != 1 {
		t.Errorf("Each with a failing fn = %v after %d calls, want the error named after 1", err, calls)
	}
}

// TestOptional: a row's value, or the zero value when there is no row; a
// failing query is an error.
func TestOptional(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if v, err := sqlrows.Optional[string](ctx, db, `SELECT 'x' WHERE ? = 1`, 1); err != nil || v != "x" {
		t.Errorf("Optional of a row = %q, %v; want x", v, err)
	}
	if v, err := sqlrows.Optional[int64](ctx, db, `SELECT 7 WHERE ? = 1`, 0); err != nil || v != 0 {
		t.Errorf("Optional of no row = %d, %v; want 0, nil", v, err)
	}
	if _, err := sqlrows.Optional[string](ctx, db, `SELECT value FROM no_such_table`); err == nil {
		t.Error("Optional of a missing table succeeded")
	}
}

// openDB opens a new SQLite file, closed with the test.
func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
