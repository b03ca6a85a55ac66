package reprint

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// migrations are this package's own schema steps, numbered NNN_name.sql.
// They touch only reprint_* tables and keep their version in
// reprint_schema_version, so they never have to agree on numbers with the
// store's, the outbox's or the staff tables' migrations in the same file.
//
//go:embed migrations/*.sql
var migrations embed.FS

// ErrNewerSchema reports a database whose reprint tables were written by
// newer software.
var ErrNewerSchema = errors.New("reprint: database schema is newer than this software")

// migrate applies the migrations above the recorded version in one
// IMMEDIATE transaction, so two processes opening the kiosk at once (the
// app and `kiosk reprint`) cannot both apply a step.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return withImmediate(ctx, db, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS reprint_schema_version (version INTEGER NOT NULL)`); err != nil {
			return err
		}
		have := 0
		switch err := conn.QueryRowContext(ctx, `SELECT version FROM reprint_schema_version`).Scan(&have); {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := conn.ExecContext(ctx, `INSERT INTO reprint_schema_version(version) VALUES (0)`); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if latest := migrationNumber(names[len(names)-1]); have > latest {
			return fmt.Errorf("%w: reprint tables are at version %d, this software knows %d", ErrNewerSchema, have, latest)
		}
		for _, name := range names {
			n := migrationNumber(name)
			if n <= 0 {
				return fmt.Errorf("migration %s: name must start with its number", name)
			}
			if n <= have {
				continue
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			if _, err := conn.ExecContext(ctx, `UPDATE reprint_schema_version SET version = ?`, n); err != nil {
				return err
			}
			have = n
		}
		return nil
	})
}

// migrationNumber is NNN of migrations/NNN_name.sql, or 0.
func migrationNumber(name string) int {
	num, _, _ := strings.Cut(strings.TrimPrefix(name, "migrations/"), "_")
	n, _ := strconv.Atoi(num)
	return n
}

// withImmediate runs fn on one connection inside BEGIN IMMEDIATE, whatever
// _txlock the store's DSN sets.
func withImmediate(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(conn); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		return err
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
