package accounts_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/password"
	"gongkai/internal/testclock"
)

type clock = testclock.Clock

func newClock() *clock {
	return testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
}

func openStore(t *testing.T, dir string, c *clock) *accounts.Store {
	t.Helper()
	s, err := accounts.Open(context.Background(), dir, accounts.Options{Now: c.Now, Params: password.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const adminPW = "north-gate-2026"

// newStore opens a store in a temp dir with one administrator, "admin".
func newStore(t *testing.T) (*accounts.Store, *clock, string) {
	t.Helper()
	dir, c := t.TempDir(), newClock()
	s := openStore(t, dir, c)
	if _, err := s.Add(context.Background(), accounts.ActorCLI, accounts.NewAccount{
		Login: "admin", Name: "王管理", Role: accounts.RoleAdmin, Password: adminPW}); err != nil {
		t.Fatal(err)
	}
	return s, c, dir
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
