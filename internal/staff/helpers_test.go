package staff

import (
	"context"
	"database/sql"
	"errors"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/testclock"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// fastParams keep tests that hash many PINs quick; tests of the stored
// format and the benchmark use DefaultParams.
var fastParams = Params{Memory: 8 * 1024, Time: 1, Threads: 1}

// clock is an injectable time source tests move by hand.
type clock = testclock.Clock

func newClock() *clock {
	return testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
}

// sqlMeta is a MetaStore over a real table in the same SQLite file, like
// internal/store's meta table.
type sqlMeta struct{ db *sql.DB }

func (m sqlMeta) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := m.db.QueryRowContext(ctx, `SELECT value FROM test_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (m sqlMeta) SetMeta(ctx context.Context, key, value string) error {
	_, err := m.db.ExecContext(ctx, `INSERT INTO test_meta(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// openDB opens (creating) the SQLite file at path with the settings the
// kiosk store uses, and the meta table the tests' store keeps.
func openDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db := reprinttest.OpenDB(tb, path)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS test_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	return db
}

// fixture is a Staff on a real SQLite file.
type fixture struct {
	path  string
	db    *sql.DB
	clock *clock
	s     *Staff
}

func newFixture(tb testing.TB, params Params) *fixture {
	tb.Helper()
	f := &fixture{path: filepath.Join(tb.TempDir(), "kiosk.db"), clock: newClock()}
	f.open(tb, params)
	return f
}

// open (re)opens the database file and a fresh Staff on it, as a restart
// of the kiosk would.
func (f *fixture) open(tb testing.TB, params Params) {
	tb.Helper()
	if f.db != nil {
		f.db.Close()
	}
	f.db = openDB(tb, f.path)
	s, err := Open(context.Background(), f.db, sqlMeta{f.db}, Options{Now: f.clock.Now, Params: params})
	if err != nil {
		tb.Fatal(err)
	}
	f.s = s
}
