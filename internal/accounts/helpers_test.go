package accounts_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/password"
	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/testclock"
)

type clock = testclock.Clock

func newClock() *clock {
	return testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
}

// backend is one technology the store runs on. setup makes a fresh
// database and returns how to open a Store on it: each call is another
// hub process sharing that database.
type backend struct {
	name  string
	setup func(t *testing.T) func(t *testing.T, c *clock) *accounts.Store
}

// backends are the stores every test runs on: console.db in a temp dir,
// and a fresh PostgreSQL database (internal/pgdb/pgtest).
func backends() []backend {
	opt := func(c *clock) accounts.Options { return accounts.Options{Now: c.Now, Params: password.FastParams} }
	return []backend{
		{"sqlite", func(t *testing.T) func(*testing.T, *clock) *accounts.Store {
			dir := t.TempDir()
			return func(t *testing.T, c *clock) *accounts.Store {
				t.Helper()
				s, err := accounts.Open(context.Background(), dir, opt(c))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
		{"postgres", func(t *testing.T) func(*testing.T, *clock) *accounts.Store {
			url := pgtest.URL(t)
			return func(t *testing.T, c *clock) *accounts.Store {
				t.Helper()
				ctx := context.Background()
				pool, err := pgdb.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(pool.Close)
				s, err := accounts.OpenPostgres(ctx, pool, opt(c))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
		}},
	}
}

// eachBackend runs test as a subtest per backend.
func eachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}

const adminPW = "north-gate-2026"

// newStore opens a store on a fresh database of b with one administrator,
// "admin"; open opens another store on the same database.
func newStore(t *testing.T, b backend) (s *accounts.Store, c *clock, open func(*testing.T, *clock) *accounts.Store) {
	t.Helper()
	open, c = b.setup(t), newClock()
	s = open(t, c)
	if _, err := s.Add(context.Background(), accounts.ActorCLI, accounts.NewAccount{
		Login: "admin", Name: "王管理", Role: accounts.RoleAdmin, Password: adminPW}); err != nil {
		t.Fatal(err)
	}
	return s, c, open
}

// lockOut tries five wrong passwords for login, which locks the account.
func lockOut(s *accounts.Store, login string) {
	for range 5 {
		s.Authenticate(context.Background(), login, "wrong-password")
	}
}

// wantActions fails the test unless the audit log holds want, oldest
// first.
func wantActions(t *testing.T, s *accounts.Store, want []string) {
	t.Helper()
	if got := actions(t, s); !slices.Equal(got, want) {
		t.Errorf("audit:\n%v\nwant\n%v", got, want)
	}
}

// actions returns the audit log's actions, oldest first.
func actions(t *testing.T, s *accounts.Store) []string {
	t.Helper()
	es, err := s.Audit(context.Background(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[len(es)-1-i] = e.Actor + ":" + e.Action
	}
	return out
}
