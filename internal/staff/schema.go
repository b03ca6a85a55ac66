package staff

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

	"gongkai/internal/auditlog"
)

// migrations are this package's own schema steps, numbered NNN_name.sql.
// They touch only staff_* tables and keep their version in
// staff_schema_version, apart from internal/store's migrations, so the two
// can evolve without coordinating numbers.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies the migrations above the recorded version, all in one
// IMMEDIATE transaction so two processes opening the kiosk at once cannot
// both apply a step.
func migrate(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	return withImmediate(ctx, db, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS staff_schema_version (version INTEGER NOT NULL)`); err != nil {
			return err
		}
		have := 0
		switch err := conn.QueryRowContext(ctx, `SELECT version FROM staff_schema_version`).Scan(&have); {
		case err == sql.ErrNoRows:
			if _, err := conn.ExecContext(ctx, `INSERT INTO staff_schema_version(version) VALUES (0)`); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if latest := migrationNumber(names[len(names)-1]); have > latest {
			return fmt.Errorf("%w: staff tables are at version %d, this software knows %d", ErrNewerSchema, have, latest)
		}
		for _, name := range names {
			base := strings.TrimPrefix(name, "migrations/")
			n := migrationNumber(name)
			if n <= 0 {
				return fmt.Errorf("migration %s: name must start with its number", base)
			}
			if n <= have {
				continue
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := conn.ExecContext(ctx, `UPDATE staff_schema_version SET version = ?`, n); err != nil {
				return err
			}
			have = n
		}
		return nil
	})
}

// ErrNewerSchema reports a database whose staff tables were written by
// newer software; running on would risk an audit log this version cannot
// chain correctly.
var ErrNewerSchema = errors.New("staff: database schema is newer than this software")

// migrationNumber is NNN of migrations/NNN_name.sql, or 0.
func migrationNumber(name string) int {
	num, _, _ := strings.Cut(strings.TrimPrefix(name, "migrations/"), "_")
	n, _ := strconv.Atoi(num)
	return n
}

// withImmediate is auditlog.Immediate: the migration and every audit
// append hold the write lock from their first statement.
func withImmediate(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
	return auditlog.Immediate(ctx, db, fn)
}
