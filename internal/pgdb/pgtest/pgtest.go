// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the cluster named by GONGKAI_PG_URL (scripts/pg-start.sh starts one;
// scripts/test-all.sh exports it).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"gongkai/internal/pgdb"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL is the variable naming the test cluster: a URL of a database the
// tests may connect to as a role allowed to create databases.
const EnvURL = "GONGKAI_PG_URL"

// URL makes a fresh database with a random name on the cluster of
// GONGKAI_PG_URL, drops it when the test ends (ending connections left
// open), and returns its URL. Without the variable, the test fails under
// CI and is skipped elsewhere.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set; scripts/test-all.sh starts a cluster (scripts/pg-start.sh)", EnvURL)
		}
		t.Skipf("no PostgreSQL: set %s (scripts/pg-start.sh DIR PORT starts a cluster)", EnvURL)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: malformed URL", EnvURL)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "gongkai_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", EnvURL, err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() { drop(t, base, name) })
	u.Path = "/" + name
	return u.String()
}

// drop removes the test's database, ending any connection still open.
func drop(t testing.TB, base, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Errorf("pgtest: drop %s: %v", name, err)
		return
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("pgtest: drop %s: %v", name, err)
	}
}

// EndSessions ends every other session on the database of url, as a
// restart of the server does to a pool's idle connections: the next use
// of each fails (57P01) unless the caller rides through it.
func EndSessions(t testing.TB, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatalf("pgtest: end sessions: %v", err)
	}
}

// IdleConns opens n connections of pool and returns them idle, so that
// the next requests meet whatever EndSessions did to them (pgxpool and
// database/sql only check a connection idle for over a second).
func IdleConns(t testing.TB, pool *pgxpool.Pool, n int) {
	t.Helper()
	conns := make([]*pgxpool.Conn, 0, n)
	for range n {
		c, err := pool.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Release()
	}
}

// Pool opens a pool the way the hub does (pgdb.Open) on a fresh database
// (URL) and closes it when the test ends. It returns the pool and the
// database's URL.
func Pool(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	url := URL(t)
	pool, err := pgdb.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, url
}
