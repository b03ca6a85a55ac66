package store

import (
	"context"
	"os"
	"time"
)

// Checkpointing. Connections never checkpoint on commit (ConnectHook turns
// wal_autocheckpoint off); this goroutine copies committed WAL pages back
// into the database after each Apply and every checkpointEvery, with a
// PASSIVE checkpoint that neither waits for nor blocks readers and
// writers. A sync applying page after page therefore keeps writing while
// the previous pages are copied and synced on the other CPU.

const (
	checkpointEvery = 30 * time.Second
	// walLimit is the WAL size at which Apply checkpoints itself before
	// writing, in case the checkpointer falls behind.
	walLimit = 1 << 30
)

func (s *Store) checkpointer() {
	defer close(s.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.kick:
		case <-t.C:
		}
		s.checkpoint(context.Background(), "PASSIVE")
	}
}

// kickCheckpoint asks the checkpointer to run soon.
func (s *Store) kickCheckpoint() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// checkpoint runs one checkpoint of the given mode. Failures are not
// errors for anyone: the WAL keeps the data and the next one retries.
func (s *Store) checkpoint(ctx context.Context, mode string) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(`+mode+`)`)
}

// walTooLarge reports whether the WAL has outgrown walLimit.
func (s *Store) walTooLarge() bool {
	fi, err := os.Stat(s.path + "-wal")
	return err == nil && fi.Size() > walLimit
}
