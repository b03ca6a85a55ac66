package hub

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/pgdb/pgtest"
)

// storeMaker is one Store implementation for the Store's tests: they run
// once per store with the same assertions.
type storeMaker struct {
	name string
	// url names a fresh database for a hub: "" for the SQLite files in
	// the hub's directory, or a PostgreSQL URL.
	url func(t testing.TB) string
}

// storeMakers are the Stores: SQLite, and PostgreSQL in a database of the
// test's own on GONGKAI_PG_URL's cluster.
var storeMakers = []storeMaker{
	{"sqlite", func(testing.TB) string { return "" }},
	{"postgres", func(t testing.TB) string { return pgtest.URL(t) }},
}

// eachStore runs test as a subtest per Store.
func eachStore(t *testing.T, test func(t *testing.T, st storeMaker)) {
	for _, st := range storeMakers {
		t.Run(st.name, func(t *testing.T) { test(t, st) })
	}
}

// init makes a hub (Init, as `hub init [--db URL]` does) whose stores are
// st's, on a settable clock.
func (st storeMaker) init(t testing.TB) (*Hub, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	h, err := Init(context.Background(), t.TempDir(), Options{Now: clk.Now, DatabaseURL: st.url(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h, clk
}

// TestInitRecordsTheDatabase: `hub init --db URL` records the database in
// the data directory, so every later command opens the hub's PostgreSQL
// store without being told; a second init on that database is refused; a
// database that is no postgres:// URL is refused.
func TestInitRecordsTheDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	dir := t.TempDir()
	h, err := Init(ctx, dir, Options{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.Store.(*PGStore); !ok || h.DatabaseURL != url {
		t.Fatalf("Init with a URL opened %T at %q", h.Store, h.DatabaseURL)
	}
	mustImport(t, h, baseCatalogue(t), false)
	h.Close()
	if st, err := os.Stat(filepath.Join(dir, DatabaseFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, %v", DatabaseFile, st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "hub.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a PostgreSQL hub made hub.db: %v", err)
	}

	h, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if head, err := h.Store.Head(ctx); err != nil || head != 3 || h.DatabaseURL != url {
		t.Fatalf("reopened hub at %q: head %d, %v", h.DatabaseURL, head, err)
	}
	if _, err := Init(ctx, t.TempDir(), Options{DatabaseURL: url}); err == nil || !strings.Contains(err.Error(), "already holds a hub") {
		t.Errorf("init on a database with a hub = %v", err)
	}
	for _, bad := range []string{"/var/lib/gongkai-hub/hub.db", "mysql://u@db/hub"} {
		if _, err := Init(ctx, t.TempDir(), Options{DatabaseURL: bad}); !errors.Is(err, ErrNotDatabaseURL) {
			t.Errorf("Init with database %q = %v, want ErrNotDatabaseURL", bad, err)
		}
		if _, err := Open(ctx, dir, Options{DatabaseURL: bad}); !errors.Is(err, ErrNotDatabaseURL) {
			t.Errorf("Open with database %q = %v, want ErrNotDatabaseURL", bad, err)
		}
	}
}
