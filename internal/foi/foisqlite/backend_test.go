package foisqlite_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
)

// backend is one technology the register runs on. setup makes a fresh
// database and returns how to open a Store on it: each call is another
// hub process sharing that database.
type backend struct {
	name  string
	setup func(t testing.TB) func(t testing.TB, now func() time.Time) *foisqlite.Store
}

// backends are the stores every test runs on: foi.db in a temp dir, and
// a fresh PostgreSQL database (internal/pgdb/pgtest).
func backends() []backend {
	return []backend{
		sqliteBackend(""),
		{"postgres", func(t testing.TB) func(testing.TB, func() time.Time) *foisqlite.Store {
			url := pgtest.URL(t)
			return func(t testing.TB, now func() time.Time) *foisqlite.Store {
				t.Helper()
				ctx := context.Background()
				pool, err := pgdb.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(pool.Close)
				st, err := foisqlite.OpenPostgres(ctx, pool, now)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
		}},
	}
}

// sqliteBackend opens foi.db in dir, or in a fresh temp dir when dir is "".
func sqliteBackend(dir string) backend {
	return backend{"sqlite", func(t testing.TB) func(testing.TB, func() time.Time) *foisqlite.Store {
		if dir == "" {
			dir = t.TempDir()
		}
		return func(t testing.TB, now func() time.Time) *foisqlite.Store {
			t.Helper()
			st, err := foisqlite.Open(context.Background(), dir, now)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
	}}
}

// eachBackend runs test as a subtest per backend.
func eachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}
