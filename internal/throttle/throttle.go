// Package throttle keeps the hub's guess limits in its database rather
// than in one process's memory: token buckets (the status page's look-ups
// per client address) and failure locks (wrong verification codes per
// tracking number, wrong enrolment codes per address). Hub processes
// sharing a database share the limits, so guesses spread over them count
// together, and a restart forgets nothing.
//
// The store is limits.db in the hub's data directory (OpenSQLite) or the
// hub's PostgreSQL database (OpenPostgres); every operation is one
// statement, atomic on either (internal/sqldb writes the SQL once).
// sync/hub uses it through its Limits interface.
package throttle

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/schema"
	"gongkai/internal/sqldb"
	"gongkai/internal/store"
)

// File is the SQLite database's name in the hub's data directory.
const File = "limits.db"

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed pgmigrations/*.sql
var pgMigrations embed.FS

// Store is the limits' database. It is safe for concurrent use.
type Store struct {
	db     *sqldb.DB
	writes atomic.Int64 // since the last prune
}

// Open opens the limits of the hub in dir: in the PostgreSQL database at
// url (on a pool of their own), or, when url is "", in dir/limits.db.
func Open(ctx context.Context, dir, url string) (*Store, error) {
	if url == "" {
		return OpenSQLite(ctx, dir)
	}
	db, err := sqldb.OpenPostgres(ctx, url, pgMigrations, "pgmigrations", "throttle")
	if err != nil {
		return nil, fmt.Errorf("limits database: %w", err)
	}
	return &Store{db: db}, nil
}

// OpenSQLite opens (creating and migrating) dir/limits.db.
func OpenSQLite(ctx context.Context, dir string) (*Store, error) {
	w, r, err := store.OpenPair(ctx, filepath.Join(dir, File), "NORMAL", func(w *sql.DB) error {
		return schema.Migrate(ctx, w, "throttle", migrations)
	})
	if err != nil {
		return nil, err
	}
	return &Store{db: sqldb.SQLite(w, r)}, nil
}

// OpenPostgres opens the limits in the PostgreSQL database of pool,
// applying pgmigrations/ (component "throttle"). Close leaves the pool
// open.
func OpenPostgres(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	db, err := sqldb.Postgres(ctx, pool, pgMigrations, "pgmigrations", "throttle")
	if err != nil {
		return nil, fmt.Errorf("limits database: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Take takes a token from key's bucket at now and reports whether there
// was one. A bucket holds up to burst tokens and gains one every every; a
// key seen for the first time starts full.
func (s *Store) Take(ctx context.Context, key string, burst int, every time.Duration, now time.Time) (bool, error) {
	s.pruneNow(ctx, now)
	// refill is the tokens at now: what was left plus what accrued,
	// capped at burst. A denied take writes nothing: the refill is
	// continuous, so the bucket is the same whether at moves or not.
	const refill = `CASE WHEN throttle_buckets.tokens + CAST(?3 - throttle_buckets.at_ms AS DOUBLE PRECISION) / ?4 > ?2
		THEN ?2 ELSE throttle_buckets.tokens + CAST(?3 - throttle_buckets.at_ms AS DOUBLE PRECISION) / ?4 END`
	var left float64
	var took bool
	err := s.db.Tx(ctx, func(q sqldb.Q) error { // a transaction of its own: it rides through a restart
		err := q.QueryRowContext(ctx, `INSERT INTO throttle_buckets (key, tokens, at_ms)
			VALUES (?1, CAST(?2 AS DOUBLE PRECISION) - 1, CAST(?3 AS BIGINT))
			ON CONFLICT (key) DO UPDATE SET tokens = `+refill+` - 1, at_ms = ?3
			WHERE `+refill+` >= 1
			RETURNING tokens`, key, float64(burst), now.UnixMilli(), float64(every.Milliseconds())).Scan(&left)
		took = err == nil
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("throttle %s: %w", key, err)
	}
	return took, nil
}

// Fail counts a failure of key at now. The tries'th failure in a row
// locks key for lock (and starts the count again). A failure more than
// lock after the one before, or after a lock ended, starts a fresh count;
// one while key is locked changes nothing.
func (s *Store) Fail(ctx context.Context, key string, tries int, lock time.Duration, now time.Time) error {
	s.pruneNow(ctx, now)
	const (
		locked = `throttle_failures.until_ms > ?2`
		fresh  = `((throttle_failures.until_ms <> 0 AND throttle_failures.until_ms <= ?2) OR ?2 - throttle_failures.last_ms > ?4)`
		next   = `(CASE WHEN ` + fresh + ` THEN 1 ELSE throttle_failures.n + 1 END)`
	)
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO throttle_failures (key, n, last_ms, until_ms)
		VALUES (?1, CASE WHEN CAST(?3 AS INTEGER) <= 1 THEN 0 ELSE 1 END, CAST(?2 AS BIGINT),
			CASE WHEN ?3 <= 1 THEN ?2 + CAST(?4 AS BIGINT) ELSE 0 END)
		ON CONFLICT (key) DO UPDATE SET
			n = CASE WHEN `+locked+` THEN throttle_failures.n WHEN `+next+` >= ?3 THEN 0 ELSE `+next+` END,
			until_ms = CASE WHEN `+locked+` THEN throttle_failures.until_ms WHEN `+next+` >= ?3 THEN ?2 + ?4 ELSE 0 END,
			last_ms = CASE WHEN `+locked+` THEN throttle_failures.last_ms ELSE ?2 END`,
		key, now.UnixMilli(), tries, lock.Milliseconds())
	if err != nil {
		return fmt.Errorf("throttle %s: %w", key, err)
	}
	return nil
}

// Locked returns how long key stays locked at now; 0 when it is not. A
// lock never has more than lock left: a clock set back shortens it to
// lock from now rather than stretching it.
func (s *Store) Locked(ctx context.Context, key string, lock time.Duration, now time.Time) (time.Duration, error) {
	var until int64
	err := s.db.R().QueryRowContext(ctx, `SELECT until_ms FROM throttle_failures WHERE key = ?`, key).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("throttle %s: %w", key, err)
	}
	left := time.UnixMilli(until).Sub(now)
	if left > lock {
		left = lock
		if _, err := s.db.W().ExecContext(ctx, `UPDATE throttle_failures SET until_ms = ? WHERE key = ? AND until_ms > ?`,
			now.Add(lock).UnixMilli(), key, now.Add(lock).UnixMilli()); err != nil {
			return 0, fmt.Errorf("throttle %s: %w", key, err)
		}
	}
	return max(left, 0), nil
}

// Clear forgets key's failures (its holder got in).
func (s *Store) Clear(ctx context.Context, key string) error {
	if _, err := s.db.W().ExecContext(ctx, `DELETE FROM throttle_failures WHERE key = ?`, key); err != nil {
		return fmt.Errorf("throttle %s: %w", key, err)
	}
	return nil
}

// Keep is how long a row no limit needs any more stays: a bucket left
// alone that long is full again, a count that old starts afresh (for any
// burst×every and lock shorter than Keep), so removing them changes
// nothing. A locked key is never removed.
const Keep = time.Hour

// pruneEvery is how many writes pass between prunes.
const pruneEvery = 1000

func (s *Store) pruneNow(ctx context.Context, now time.Time) {
	if s.writes.Add(1)%pruneEvery == 0 {
		_ = s.Prune(ctx, now) // a failed prune only leaves rows for the next one
	}
}

// Prune removes the rows older than Keep that no limit needs.
func (s *Store) Prune(ctx context.Context, now time.Time) error {
	old := now.Add(-Keep).UnixMilli()
	if _, err := s.db.W().ExecContext(ctx, `DELETE FROM throttle_buckets WHERE at_ms < ?`, old); err != nil {
		return fmt.Errorf("prune limits: %w", err)
	}
	if _, err := s.db.W().ExecContext(ctx, `DELETE FROM throttle_failures WHERE last_ms < ? AND until_ms <= ?`, old, now.UnixMilli()); err != nil {
		return fmt.Errorf("prune limits: %w", err)
	}
	return nil
}
