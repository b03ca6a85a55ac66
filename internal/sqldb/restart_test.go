package sqldb_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/password"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/throttle"
)

// TestStoresRideThroughEndedSessions: the server ends every session of
// the hub's pool (what a PostgreSQL restart does to its idle
// connections); the stores built on sqldb then serve their next request
// as if nothing happened: a console login (a read, the failure-count
// reset and the 登录 audit row in one Write), an audit append, and a
// kiosk's rate-limit check (a Take, a failure and the lockout read).
func TestStoresRideThroughEndedSessions(t *testing.T) {
	ctx := context.Background()
	pool, url := pgtest.Pool(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	acc, err := accounts.OpenPostgres(ctx, pool, accounts.Options{Now: func() time.Time { return now }, Params: password.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	thr, err := throttle.OpenPostgres(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	defer thr.Close()
	if _, err := acc.Add(ctx, accounts.ActorCLI, accounts.NewAccount{Login: "wang.li", Name: "王丽",
		Role: accounts.RoleAdmin, Password: "春眠不觉晓处处闻啼鸟"}); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		pgtest.IdleConns(t, pool, 4)
		pgtest.EndSessions(t, url)
		if _, err := acc.Authenticate(ctx, "wang.li", "春眠不觉晓处处闻啼鸟"); err != nil {
			t.Fatalf("round %d: login after the sessions ended: %v", round, err)
		}
		pgtest.EndSessions(t, url)
		if err := acc.Record(ctx, accounts.ActorCLI, accounts.ActionLogin, ""); err != nil {
			t.Fatalf("round %d: audit append after the sessions ended: %v", round, err)
		}
		pgtest.EndSessions(t, url)
		if ok, err := thr.Take(ctx, "enrol:10.0.0.7", 10, time.Minute, now); err != nil || !ok {
			t.Fatalf("round %d: rate limit after the sessions ended: %v, %v", round, ok, err)
		}
		pgtest.EndSessions(t, url)
		if err := thr.Fail(ctx, "status:10.0.0.7", 5, time.Minute, now); err != nil {
			t.Fatalf("round %d: failure count after the sessions ended: %v", round, err)
		}
		pgtest.EndSessions(t, url)
		if left, err := thr.Locked(ctx, "status:10.0.0.7", time.Minute, now); err != nil || left != 0 {
			t.Fatalf("round %d: lockout read after the sessions ended: %v, %v", round, left, err)
		}
	}
	// Each request ran once: 新建账号 + three rounds of 登录 and an append,
	// a chain that still verifies, and three tokens taken.
	entries, err := acc.Audit(ctx, 100, 0)
	if err != nil || len(entries) != 1+3*2 {
		t.Fatalf("audit entries: %d, %v; want 7", len(entries), err)
	}
	if _, err := acc.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	var tokens float64
	if err := pool.QueryRow(ctx, `SELECT tokens FROM throttle_buckets WHERE key = 'enrol:10.0.0.7'`).Scan(&tokens); err != nil || tokens != 7 {
		t.Fatalf("tokens left: %v, %v; want 7", tokens, err)
	}
}
