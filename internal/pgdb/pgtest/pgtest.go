// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the cluster named by GONGKAI_PG_URL (scripts/pg-start.sh starts one;
// scripts/test-all.sh exports it).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
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
