package hub

import (
	"context"
	"testing"

	"gongkai/internal/pgdb/pgtest"
)

// subsStore makes SubmissionStores for a hub: the tests of Submissions
// run once per store, with the same assertions.
type subsStore struct {
	name string
	// where names a fresh, empty database for hub h: its data directory,
	// or a PostgreSQL URL.
	where func(t testing.TB, h *Hub) string
	open  func(ctx context.Context, where string) (SubmissionStore, error)
}

// subsStores are the SubmissionStores: SQLite in the hub's directory, and
// PostgreSQL in a database of the test's own on GONGKAI_PG_URL's cluster.
var subsStores = []subsStore{
	{"sqlite", func(_ testing.TB, h *Hub) string { return h.Dir },
		func(ctx context.Context, dir string) (SubmissionStore, error) { return OpenSQLiteSubmissions(ctx, dir) }},
	{"postgres", func(t testing.TB, _ *Hub) string { return pgtest.URL(t) },
		func(ctx context.Context, url string) (SubmissionStore, error) { return OpenPGSubmissions(ctx, url) }},
}

// mustOpen opens a store on where; opening one place twice is what two
// hub processes on one database do.
func (st subsStore) mustOpen(t testing.TB, where string) SubmissionStore {
	t.Helper()
	s, err := st.open(context.Background(), where)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// eachSubsStore runs test as a subtest per SubmissionStore.
func eachSubsStore(t *testing.T, test func(t *testing.T, store subsStore)) {
	for _, st := range subsStores {
		t.Run(st.name, func(t *testing.T) { test(t, st) })
	}
}
