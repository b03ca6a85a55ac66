package foisqlite_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/pgdb/pgtest"
)

// backend is one technology the register runs on: foi.db in a temp dir,
// or a fresh PostgreSQL database (internal/pgdb/pgtest).
type backend struct {
	name string
	pg   bool
}

// backends are the stores every test runs on.
func backends() []backend { return []backend{{"sqlite", false}, {"postgres", true}} }

// setup makes a fresh database and returns its data directory and how to
// open a Store on it: each call is another hub process sharing it.
func (b backend) setup(t testing.TB) (string, func(testing.TB, func() time.Time) *foisqlite.Store) {
	dir, url := t.TempDir(), ""
	if b.pg {
		url = pgtest.URL(t)
	}
	return dir, func(t testing.TB, now func() time.Time) *foisqlite.Store {
		t.Helper()
		st, err := foisqlite.OpenStore(context.Background(), dir, url, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

// eachBackend runs test as a subtest per backend.
func eachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}
