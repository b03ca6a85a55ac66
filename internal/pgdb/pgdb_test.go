package pgdb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
)

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://u@127.0.0.1:5432/hub":       true,
		"postgresql://u@db/hub?sslmode=disable": true,
		"POSTGRES://u@db/hub":                   true,
		"/var/lib/gongkai-hub/hub.db":           false,
		"hub.db":                                false,
		"":                                      false,
		"mysql://u@db/hub":                      false,
	} {
		if got := pgdb.IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestOpenRefusesAPath(t *testing.T) {
	if _, err := pgdb.Open(context.Background(), "/tmp/hub.db"); err == nil {
		t.Fatal("Open accepted a file path")
	}
}

// counting makes migrations that each add one row to applied, so a file
// run twice shows as a duplicate row (or a failed CREATE TABLE).
func counting() fstest.MapFS {
	return fstest.MapFS{
		"m/001_first.sql":  {Data: []byte(`CREATE TABLE applied (n int NOT NULL); INSERT INTO applied VALUES (1);`)},
		"m/002_second.sql": {Data: []byte(`CREATE TABLE second (x text); INSERT INTO applied VALUES (2);`)},
		"m/003_third.sql":  {Data: []byte(`INSERT INTO applied VALUES (3);`)},
		"m/README":         {Data: []byte("not a migration")},
	}
}

func TestMigrateAppliesEachFileOnce(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.Pool(t)
	for range 2 {
		if err := pgdb.Migrate(ctx, pool, counting(), "m", "test"); err != nil {
			t.Fatal(err)
		}
	}
	assertApplied(t, ctx, pool, "test", 3)

	// A second component keeps its own versions in the same table.
	other := fstest.MapFS{"x/001_other.sql": {Data: []byte(`CREATE TABLE other (n int)`)}}
	if err := pgdb.Migrate(ctx, pool, other, "x", "other"); err != nil {
		t.Fatal(err)
	}
	var v int
	if err := pool.QueryRow(ctx, `SELECT max(version) FROM schema_migrations WHERE component = 'other'`).Scan(&v); err != nil || v != 1 {
		t.Fatalf("other component at %d (%v), want 1", v, err)
	}
}

func TestMigrateConcurrentPoolsApplyEachFileOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	const procs = 4
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for i := range procs {
		pool, err := pgdb.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = pgdb.Migrate(ctx, pool, counting(), "m", "test")
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	pool, err := pgdb.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	assertApplied(t, ctx, pool, "test", 3)
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.Pool(t)
	if err := pgdb.Migrate(ctx, pool, counting(), "m", "test"); err != nil {
		t.Fatal(err)
	}
	older := fstest.MapFS{"m/001_first.sql": counting()["m/001_first.sql"]}
	if err := pgdb.Migrate(ctx, pool, older, "m", "test"); !errors.Is(err, pgdb.ErrNewer) {
		t.Fatalf("older software on a newer schema: %v, want ErrNewer", err)
	}
}

func TestMigrateFailedFileLeavesNothing(t *testing.T) {
	ctx := context.Background()
	pool, _ := pgtest.Pool(t)
	bad := counting()
	bad["m/003_third.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO applied VALUES (3); SELECT no_such_function();`)}
	if err := pgdb.Migrate(ctx, pool, bad, "m", "test"); err == nil {
		t.Fatal("a failing migration reported success")
	}
	// Files 1 and 2 stay; 3 rolled back, and runs once the file is fixed.
	if err := pgdb.Migrate(ctx, pool, counting(), "m", "test"); err != nil {
		t.Fatal(err)
	}
	assertApplied(t, ctx, pool, "test", 3)
}

// assertApplied checks that each of the first want files ran exactly once
// and that component is recorded at version want.
func assertApplied(t *testing.T, ctx context.Context, pool *pgxpool.Pool, component string, want int) {
	t.Helper()
	var rows, distinct, version int
	if err := pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT n) FROM applied`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != want || distinct != want {
		t.Errorf("applied has %d rows (%d distinct), want %d: a file ran twice or not at all", rows, distinct, want)
	}
	if err := pool.QueryRow(ctx, `SELECT max(version) FROM schema_migrations WHERE component = $1`, component).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != want {
		t.Errorf("%s recorded at version %d, want %d", component, version, want)
	}
}
