package foisqlite_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/pgdb/pgtest"
)

// backend is where a test's register is: foi.db in a temp dir when url
// is "", else the PostgreSQL database at url (pgtest.EachStore).
type backend struct{ url string }

// sqlite is the backend of foi.db.
var sqlite = backend{}

// setup makes a data directory and returns it and how to open a Store on
// the backend's database: each call is another hub process sharing it.
func (b backend) setup(t testing.TB) (string, func(testing.TB, func() time.Time) *foisqlite.Store) {
	dir := t.TempDir()
	return dir, func(t testing.TB, now func() time.Time) *foisqlite.Store {
		t.Helper()
		st, err := foisqlite.OpenStore(context.Background(), dir, b.url, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

// eachBackend runs test on foi.db and on a fresh PostgreSQL database.
func eachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	pgtest.EachStore(t, func(t *testing.T, url string) { test(t, backend{url}) })
}
