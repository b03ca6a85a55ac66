package hub

import (
	"context"
	"testing"

	"gongkai/internal/pgdb/pgtest"
)

// subsStore makes a SubmissionStore for a hub: the tests of Submissions
// run once per store, with the same assertions.
type subsStore struct {
	name string
	open func(t testing.TB, h *Hub) SubmissionStore
}

// subsStores are the SubmissionStores: SQLite in the hub's directory, and
// PostgreSQL in a database of the test's own on GONGKAI_PG_URL's cluster.
var subsStores = []subsStore{
	{"sqlite", func(t testing.TB, h *Hub) SubmissionStore {
		st, err := OpenSQLiteSubmissions(context.Background(), h.Dir)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
	{"postgres", func(t testing.TB, _ *Hub) SubmissionStore {
		st, err := OpenPGSubmissions(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
}

// eachSubsStore runs test as a subtest per SubmissionStore.
func eachSubsStore(t *testing.T, test func(t *testing.T, store subsStore)) {
	for _, st := range subsStores {
		t.Run(st.name, func(t *testing.T) { test(t, st) })
	}
}
