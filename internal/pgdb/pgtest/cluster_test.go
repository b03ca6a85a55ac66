package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/pgdb/pgtest"
)

// TestCluster: a private cluster starts, keeps a committed row over a
// fast and an immediate restart, and takes connections after each.
func TestCluster(t *testing.T) {
	ctx := context.Background()
	c := pgtest.StartCluster(t)
	query := func(sql string) int {
		t.Helper()
		conn, err := pgx.Connect(ctx, c.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	must(t, c, `CREATE TABLE t AS SELECT 1 AS n`)
	c.Restart(t, "fast")
	must(t, c, `INSERT INTO t VALUES (2)`)
	c.Restart(t, "immediate")
	if n := query(`SELECT count(*) FROM t`); n != 2 {
		t.Fatalf("%d rows after the restarts, want 2", n)
	}
}

func must(t *testing.T, c *pgtest.Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
