package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	"github.com/mattn/go-sqlite3"

	"gongkai/internal/datadir"
)

// busyTimeout is how long a statement waits for another connection's lock.
const busyTimeout = 10 * time.Second

// OpenPair opens the SQLite database at path the way the hub's databases
// are used: made private first (datadir.PrepareSQLite), WAL, a 10 s busy
// timeout, foreign keys on, the given synchronous mode (NORMAL or FULL).
// w is the single writer, whose transactions begin IMMEDIATE so they never
// deadlock upgrading a read lock; r is a pool of eight readers, each
// reading a consistent snapshot. migrate, when not nil, runs on w before r
// is opened.
func OpenPair(ctx context.Context, path, synchronous string, migrate func(w *sql.DB) error) (w, r *sql.DB, err error) {
	if err := datadir.PrepareSQLite(path); err != nil {
		return nil, nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_synchronous", synchronous)
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	if w, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	if err := firstConnection(ctx, w); err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	if migrate != nil {
		if err := migrate(w); err != nil {
			w.Close()
			return nil, nil, fmt.Errorf("migrate %s: %w", path, err)
		}
	}
	q.Set("_txlock", "deferred")
	if r, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
		w.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return w, r, nil
}

// OpenDir makes the data directory dir (datadir.Make) and opens its
// database file with OpenPair, synchronous FULL, migrated as component by
// the numbered .sql files in migrations (Migrate): the hub's registers
// (foi.db, publish.db).
func OpenDir(ctx context.Context, dir, file, component string, migrations fs.FS) (w, r *sql.DB, err error) {
	if err := datadir.Make(dir); err != nil {
		return nil, nil, err
	}
	return OpenPair(ctx, filepath.Join(dir, file), "FULL", func(w *sql.DB) error {
		return Migrate(ctx, w, component, migrations)
	})
}

// ClosePair closes a pair OpenPair opened.
func ClosePair(w, r *sql.DB) error { return errors.Join(r.Close(), w.Close()) }

// InTx runs fn in one transaction on db and commits it when fn returns
// nil; otherwise the transaction is rolled back and fn's error returned.
func InTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Durably runs fn in a transaction on one connection switched to
// synchronous=FULL, so the commit is on disk when Durably returns even in
// WAL mode (a queued submission, seats handed back: they must survive a
// power cut); the connection's previous setting is restored afterwards.
// lock is a write that changes nothing, run first to take the write lock,
// so reads inside fn cannot meet a busy snapshot when another connection
// or process commits in between; waiting is left to busy_timeout.
func Durably(ctx context.Context, db *sql.DB, lock string, fn func(*sql.Tx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db conn: %w", err)
	}
	defer conn.Close()
	var prev int
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&prev); err != nil {
		return fmt.Errorf("read synchronous: %w", err)
	}
	if prev < 2 {
		if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
			return fmt.Errorf("synchronous=FULL: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA synchronous = %d", prev))
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, lock); err != nil {
		return fmt.Errorf("take write lock: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// firstConnection opens w's connection, trying again while SQLite answers
// SQLITE_BUSY, for as long as the busy timeout. Turning a new file to WAL
// needs its exclusive lock: two processes opening one new file at once
// (two hub processes, or a command beside `hub serve` on a fresh data
// directory) each hold a shared lock and want the exclusive one, and
// SQLite ends that deadlock by answering one of them SQLITE_BUSY at once,
// without the busy handler's wait. Once the file is in WAL mode this never
// happens.
func firstConnection(ctx context.Context, w *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := w.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(5+rand.IntN(20)) * time.Millisecond):
		}
	}
}
