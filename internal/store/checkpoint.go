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
	// walReset is the WAL size above which the checkpointer also waits for
	// Apply to finish and truncates the WAL: a sync that writes without
	// pause never lets a passive checkpoint restart it. The next Apply
	// waits for that truncation (0.1-1 s); at 256 MiB a 100,000-document
	// first sync (2.6 GB written) waited twelve times, 5.9 s in all
	// (load 3-6), at 1 GiB twice, 1.9 s (load 2-5).
	walReset = 1 << 30
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
		if s.walSize() > walReset {
			s.applyMu.Lock()
			s.checkpoint(context.Background(), "TRUNCATE")
			s.applyMu.Unlock()
		}
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

// walSize returns the size of the WAL file.
func (s *Store) walSize() int64 {
	fi, err := os.Stat(s.path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}
