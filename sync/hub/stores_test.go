package hub

import (
	"context"
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
