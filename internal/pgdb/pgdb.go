// Package pgdb is the hub's PostgreSQL plumbing: opening a pool (Open),
// the one migration runner for PostgreSQL (Migrate, numbered .sql files per
// component, the same shape as internal/schema for SQLite) and telling a
// database URL from a path (IsURL).
//
// Several hub processes may start against one database at once: Migrate
// takes a transaction-scoped advisory lock derived from the component's
// name before it reads schema_migrations, so each file is applied exactly
// once and a second process waits, then finds it applied.
package pgdb

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/schema"
)

// ErrNewer reports a database whose component was written by newer
// software; running on would risk writing rows it cannot read back.
var ErrNewer = errors.New("pgdb: database schema is newer than this software")

// IsURL reports whether s names a PostgreSQL database (postgres:// or
// postgresql://) rather than a file.
func IsURL(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Open connects a pool to url and checks that the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	if !IsURL(url) {
		return nil, errors.New("pgdb: not a postgres:// URL")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL with its password; keep it out.
		return nil, errors.New("pgdb: malformed database URL")
	}
	// Connections the server ended (a restart) are found when used and
	// then dropped by the pool (see Retry); idle ones are checked every
	// few seconds, and one idle over a second is pinged before use. A
	// server that does not answer a connection attempt is given up on in
	// a few seconds, so Retry can try again.
	cfg.HealthCheckPeriod = 10 * time.Second
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgdb: %w", err)
	}
	// A hub started while its database restarts waits for it a moment.
	if err := Retry(ctx, func() error { return pool.Ping(ctx) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgdb: connect: %w", err)
	}
	return pool, nil
}

// Migrate applies the migrations dir/NNN_name.sql in fsys that component
// has not applied yet, one transaction per file, recording each in
// schema_migrations(component, version, applied_at).
func Migrate(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS, dir, component string) error {
	steps, err := schema.Steps(fsys, dir)
	if err != nil {
		return fmt.Errorf("%s migrations: %w", component, err)
	}
	// The table itself: CREATE TABLE IF NOT EXISTS races with itself in
	// PostgreSQL (a unique violation on pg_type), so it is made under a
	// lock shared by every component.
	if err := locked(ctx, pool, "schema_migrations", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			component text NOT NULL,
			version int NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (component, version))`)
		return err
	}); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	latest := 0
	if len(steps) > 0 {
		latest = steps[len(steps)-1].N
	}
	for i := 0; ; i++ {
		var s schema.Step
		if i < len(steps) {
			s = steps[i]
		}
		err := locked(ctx, pool, "migrate:"+component, func(tx pgx.Tx) error {
			var have int
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations
				WHERE component = $1`, component).Scan(&have); err != nil {
				return fmt.Errorf("schema_migrations: %w", err)
			}
			if have > latest {
				return fmt.Errorf("%w: %s is at version %d, this software knows %d", ErrNewer, component, have, latest)
			}
			if s.N == 0 || s.N <= have {
				return nil
			}
			body, err := fs.ReadFile(fsys, s.Name)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", s.Name, err)
			}
			_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (component, version) VALUES ($1, $2)`, component, s.N)
			return err
		})
		if err != nil || i >= len(steps) {
			return err
		}
	}
}

// locked runs fn in one transaction holding the advisory lock of name,
// released when the transaction ends.
func locked(ctx context.Context, pool *pgxpool.Pool, name string, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, LockKey(name)); err != nil {
			return fmt.Errorf("advisory lock: %w", err)
		}
		return fn(tx)
	})
}

// LockKey is the advisory-lock key of name: a 64-bit FNV-1a hash, so
// every process derives the same key from the same name.
func LockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("gongkai:" + name))
	return int64(h.Sum64())
}
