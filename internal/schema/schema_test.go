package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// steps is a component whose every migration can be seen to run: 001
// fails if applied twice, 002 and 003 each log one row.
var steps = fstest.MapFS{
	"migrations/001_create.sql": {Data: []byte(`CREATE TABLE t_applied (step INTEGER NOT NULL);`)},
	"migrations/002_log.sql":    {Data: []byte(`INSERT INTO t_applied (step) VALUES (2);`)},
	"migrations/003_log.sql":    {Data: []byte(`INSERT INTO t_applied (step) VALUES (3); CREATE TABLE t_three (x);`)},
}

// firstStep is steps' first migration alone: an earlier version.
var firstStep = fstest.MapFS{"migrations/001_create.sql": steps["migrations/001_create.sql"]}

// slowFS delays reading each migration file, so concurrent runs overlap
// between reading the version and applying a step: a runner that read the
// version outside its write lock would apply a step twice.
type slowFS struct{ m fstest.MapFS }

func (f slowFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".sql") {
		time.Sleep(20 * time.Millisecond)
	}
	return f.m.Open(name)
}

func openDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=10000")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// migrated is a new database with component "c" migrated by fsys.
func migrated(t *testing.T, fsys fs.FS) *sql.DB {
	t.Helper()
	db := openDB(t, filepath.Join(t.TempDir(), "a.db"))
	if err := Migrate(context.Background(), db, "c", fsys); err != nil {
		t.Fatal(err)
	}
	return db
}

// applied lists the logged steps and component's recorded version.
func applied(tb testing.TB, db *sql.DB, component string) (string, int) {
	tb.Helper()
	var log string
	if err := db.QueryRow(`SELECT coalesce(group_concat(step, ','), '') FROM (SELECT step FROM t_applied ORDER BY rowid)`).Scan(&log); err != nil {
		tb.Fatal(err)
	}
	var v int
	if err := db.QueryRow(`SELECT version FROM schema_version WHERE component = ?`, component).Scan(&v); err != nil {
		tb.Fatal(err)
	}
	return log, v
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "a.db"))
	for i := 0; i < 2; i++ {
		if err := Migrate(ctx, db, "c", steps); err != nil {
			t.Fatalf("Migrate (run %d): %v", i+1, err)
		}
	}
	if log, v := applied(t, db, "c"); log != "2,3" || v != 3 {
		t.Errorf("after two runs: steps %q at version %d, want \"2,3\" at 3", log, v)
	}
	// Another component in the same file numbers its steps on its own.
	other := fstest.MapFS{"migrations/001_other.sql": {Data: []byte(`CREATE TABLE t_other (x);`)}}
	if err := Migrate(ctx, db, "other", other); err != nil {
		t.Fatal(err)
	}
	if _, v := applied(t, db, "other"); v != 1 {
		t.Errorf("other component at %d, want 1", v)
	}
}

func TestMigrateUpgradesFromEarlierVersion(t *testing.T) {
	ctx := context.Background()
	db := migrated(t, firstStep)
	if err := Migrate(ctx, db, "c", steps); err != nil {
		t.Fatal(err)
	}
	if log, v := applied(t, db, "c"); log != "2,3" || v != 3 {
		t.Errorf("steps %q at version %d, want \"2,3\" at 3", log, v)
	}
}

func TestMigrateRefusesNewer(t *testing.T) {
	ctx := context.Background()
	db := migrated(t, steps)
	if err := Migrate(ctx, db, "c", firstStep); !errors.Is(err, ErrNewer) {
		t.Errorf("Migrate with fewer steps than applied = %v, want ErrNewer", err)
	}
}

// TestMigrateFailureAppliesNothing: a failing step rolls back the steps
// before it in the same run, and the version stays where it was.
func TestMigrateFailureAppliesNothing(t *testing.T) {
	ctx := context.Background()
	db := migrated(t, firstStep)
	broken := fstest.MapFS{
		"migrations/001_create.sql": steps["migrations/001_create.sql"],
		"migrations/002_log.sql":    steps["migrations/002_log.sql"],
		"migrations/003_bad.sql":    {Data: []byte(`INSERT INTO no_such_table VALUES (1);`)},
	}
	if err := Migrate(ctx, db, "c", broken); err == nil || !strings.Contains(err.Error(), "003_bad.sql") {
		t.Fatalf("Migrate with a bad step = %v, want an error naming it", err)
	}
	if log, v := applied(t, db, "c"); log != "" || v != 1 {
		t.Errorf("after the failure: steps %q at version %d, want none at 1", log, v)
	}
}

func TestMigrateRefusesBadNames(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "a.db"))
	for name, fsys := range map[string]fstest.MapFS{
		"no number": {"migrations/create.sql": {Data: []byte(`SELECT 1;`)}},
		"zero":      {"migrations/000_create.sql": {Data: []byte(`SELECT 1;`)}},
		"same number": {
			"migrations/001_a.sql": {Data: []byte(`SELECT 1;`)},
			"migrations/01_b.sql":  {Data: []byte(`SELECT 1;`)},
		},
	} {
		if err := Migrate(ctx, db, "c", fsys); err == nil {
			t.Errorf("%s: Migrate succeeded", name)
		}
	}
}

// TestMigrateFromLegacy: a version an older runner kept in a one-row table
// or in PRAGMA user_version is adopted once, and the old record retired.
func TestMigrateFromLegacy(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		legacy *Legacy
		setup  []string
		read   string
	}{
		{"table", VersionTable("c_schema_version"),
			[]string{`CREATE TABLE c_schema_version (version INTEGER NOT NULL)`, `INSERT INTO c_schema_version VALUES (2)`},
			`SELECT version FROM c_schema_version`},
		{"user_version", UserVersion(), []string{`PRAGMA user_version = 2`}, `PRAGMA user_version`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t, filepath.Join(t.TempDir(), "a.db"))
			// The old runner applied 001 and 002.
			for _, q := range append([]string{string(steps["migrations/001_create.sql"].Data),
				string(steps["migrations/002_log.sql"].Data)}, tc.setup...) {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			for i := 0; i < 2; i++ {
				if err := MigrateFrom(ctx, db, "c", steps, tc.legacy); err != nil {
					t.Fatalf("MigrateFrom (run %d): %v", i+1, err)
				}
			}
			if log, v := applied(t, db, "c"); log != "2,3" || v != 3 {
				t.Errorf("steps %q at version %d, want \"2,3\" at 3", log, v)
			}
			var old int
			if err := db.QueryRow(tc.read).Scan(&old); err != nil || old != retired {
				t.Errorf("legacy record = %d, %v; want %d", old, err, retired)
			}
		})
	}
	// Without a legacy record the component starts from 0.
	db := openDB(t, filepath.Join(t.TempDir(), "b.db"))
	if err := MigrateFrom(ctx, db, "c", steps, VersionTable("c_schema_version")); err != nil {
		t.Fatal(err)
	}
	if log, v := applied(t, db, "c"); log != "2,3" || v != 3 {
		t.Errorf("fresh file: steps %q at version %d, want \"2,3\" at 3", log, v)
	}
}

// TestMigrateConcurrentConnections: several handles (each its own
// connection pool) migrating the same fresh file at once all succeed, and
// every step runs once.
func TestMigrateConcurrentConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 6
	dbs := make([]*sql.DB, n)
	for i := range dbs {
		dbs[i] = openDB(t, path)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = Migrate(context.Background(), dbs[i], "c", slowFS{steps})
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("handle %d: %v", i, err)
		}
	}
	if log, v := applied(t, dbs[0], "c"); log != "2,3" || v != 3 {
		t.Errorf("steps %q at version %d, want \"2,3\" at 3", log, v)
	}
}

// TestMigrateConcurrentProcesses: the same with separate processes (this
// test binary run again), as the kiosk app and a `kiosk` subcommand, or
// two hub processes, would open one file.
func TestMigrateConcurrentProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 3
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestMigrateHelperProcess$", "-test.count=1")
		cmds[i].Env = append(os.Environ(), "GONGKAI_SCHEMA_HELPER_DB="+path)
		outs[i] = &strings.Builder{}
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
	}
	for i, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatalf("start process %d: %v", i, err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	if log, v := applied(t, openDB(t, path), "c"); log != "2,3" || v != 3 {
		t.Errorf("steps %q at version %d, want \"2,3\" at 3", log, v)
	}
}

// TestMigrateHelperProcess is one process of TestMigrateConcurrentProcesses.
func TestMigrateHelperProcess(t *testing.T) {
	path := os.Getenv("GONGKAI_SCHEMA_HELPER_DB")
	if path == "" {
		return // run directly: nothing to do
	}
	if err := Migrate(context.Background(), openDB(t, path), "c", slowFS{steps}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		t.Fatal(err)
	}
}
