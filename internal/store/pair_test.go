package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"gongkai/internal/store"
)

// TestOpenPairAtOnce: processes opening one new file at the same moment
// all open it (the first connection turns it to WAL, which SQLite may
// answer SQLITE_BUSY without waiting), and its migration runs once.
func TestOpenPairAtOnce(t *testing.T) {
	ctx := context.Background()
	for round := range 40 {
		path := filepath.Join(t.TempDir(), "hub.db")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				w, r, err := store.OpenPair(ctx, path, "NORMAL", func(w *sql.DB) error {
					return store.Migrate(ctx, w, "test", fstest.MapFS{"migrations/0001_test.sql": {Data: []byte("CREATE TABLE t (x INTEGER);")}})
				})
				if err != nil {
					errs[i] = err
					return
				}
				errs[i] = store.ClosePair(w, r)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}
