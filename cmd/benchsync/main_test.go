package main

import (
	"context"
	"os"
	"testing"

	"gongkai/internal/pgdb/pgtest"
	"gongkai/sync/protocol"
)

// TestSmoke runs every part but the nginx one at a smoke size (on
// PostgreSQL too when GONGKAI_PG_URL names a cluster): the tool must keep
// working, whatever its figures.
func TestSmoke(t *testing.T) {
	o := options{docs: 300, runs: 1, changed: 3, kiosks: 10, kioskPages: 3, page: protocol.DefaultPageSize,
		pageBytes: 64 << 10, dir: t.TempDir(), submitKiosks: 3, submissions: 3,
		parts: map[string]bool{"1": true, "2": true, "3": true, "4": true, "6": true}}
	if os.Getenv("GONGKAI_PG_URL") != "" || os.Getenv("CI") != "" {
		pgtest.URL(t) // fails without a cluster in CI
		o.db = os.Getenv("GONGKAI_PG_URL")
	}
	if err := run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
}
