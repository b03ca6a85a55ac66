// Package schema is the one SQLite migration runner. Every package that
// keeps tables (the kiosk's store, outbox, staff and reprint tables in the
// kiosk file; the hub's catalogue and submissions files; the console's)
// embeds its own numbered migrations, migrations/NNN_name.sql, and calls
// Migrate with a component name. Versions live in one table,
// schema_version (component, version), so components sharing a file never
// have to agree on numbers.
//
// Migrate reads the version and applies every missing step inside one
// BEGIN IMMEDIATE transaction: two processes opening the same file at once
// (the kiosk app and a `kiosk` subcommand, two hub processes) serialise on
// SQLite's write lock, and the second finds the steps already applied.
package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ErrNewer reports a database whose component was written by newer
// software; running on would risk writing rows it cannot read back.
var ErrNewer = errors.New("schema: database schema is newer than this software")

// Migrate applies the migrations in fsys (files migrations/NNN_name.sql)
// that component has not applied yet, and records the version.
func Migrate(ctx context.Context, db *sql.DB, component string, fsys fs.FS) error {
	return MigrateFrom(ctx, db, component, fsys, nil)
}

// MigrateFrom is Migrate for a component whose version an older runner
// recorded elsewhere (legacy): the first time schema_version has no row
// for the component, legacy's version is adopted, and legacy is retired
// so that software from before this runner refuses the file rather than
// run on a schema it can no longer judge.
func MigrateFrom(ctx context.Context, db *sql.DB, component string, fsys fs.FS, legacy *Legacy) error {
	steps, err := readSteps(fsys)
	if err != nil {
		return fmt.Errorf("%s migrations: %w", component, err)
	}
	return Immediate(ctx, db, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			component TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID`); err != nil {
			return fmt.Errorf("schema_version: %w", err)
		}
		have, err := version(ctx, conn, component, legacy)
		if err != nil {
			return err
		}
		latest := 0
		if len(steps) > 0 {
			latest = steps[len(steps)-1].N
		}
		if have > latest {
			return fmt.Errorf("%w: %s is at version %d, this software knows %d", ErrNewer, component, have, latest)
		}
		for _, s := range steps {
			if s.N <= have {
				continue
			}
			body, err := fs.ReadFile(fsys, s.Name)
			if err != nil {
				return err
			}
			if _, err := conn.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", s.Name, err)
			}
			have = s.N
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO schema_version (component, version) VALUES (?, ?)
			ON CONFLICT (component) DO UPDATE SET version = excluded.version`, component, have); err != nil {
			return fmt.Errorf("schema_version: %w", err)
		}
		return nil
	})
}

// version is component's recorded version: its schema_version row, else
// its legacy record (retired on the way), else 0.
func version(ctx context.Context, conn *sql.Conn, component string, legacy *Legacy) (int, error) {
	var have int
	err := conn.QueryRowContext(ctx, `SELECT version FROM schema_version WHERE component = ?`, component).Scan(&have)
	if err == nil {
		return have, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("schema_version: %w", err)
	}
	if legacy == nil {
		return 0, nil
	}
	have, found, err := legacy.read(ctx, conn)
	if err != nil {
		return 0, fmt.Errorf("%s legacy version: %w", component, err)
	}
	if found {
		if _, err := conn.ExecContext(ctx, legacy.retire); err != nil {
			return 0, fmt.Errorf("%s legacy version: %w", component, err)
		}
	}
	return have, nil
}

// Step is one migration file: its number and its path in the FS.
type Step struct {
	N    int
	Name string
}

// readSteps lists fsys's migrations/ in order.
func readSteps(fsys fs.FS) ([]Step, error) { return Steps(fsys, "migrations") }

// Steps lists the migrations dir/NNN_name.sql of fsys in order, refusing
// a name without a number and two files with the same number. The
// PostgreSQL runner (internal/pgdb) lists its files with it too.
func Steps(fsys fs.FS, dir string) ([]Step, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	steps := make([]Step, 0, len(names))
	for _, name := range names {
		num, _, _ := strings.Cut(path.Base(name), "_")
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with its number", name)
		}
		steps = append(steps, Step{n, name})
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].N < steps[j].N })
	for i := 1; i < len(steps); i++ {
		if steps[i].N == steps[i-1].N {
			return nil, fmt.Errorf("migrations %s and %s have the same number", steps[i-1].Name, steps[i].Name)
		}
	}
	return steps, nil
}

// Legacy is where a runner before Migrate kept a component's version.
type Legacy struct {
	read   func(ctx context.Context, conn *sql.Conn) (v int, found bool, err error)
	retire string // makes older software refuse the file
}

// retired is the version a legacy record is set to once adopted: higher
// than any older runner knows, so it stops with its "newer schema" error.
const retired = 1000000

// UserVersion is PRAGMA user_version, where the hub's files kept theirs.
// Use it only for a file one component's runner owned. It is retired even
// on a new file, so an older hub refuses that too.
func UserVersion() *Legacy {
	return &Legacy{
		read: func(ctx context.Context, conn *sql.Conn) (int, bool, error) {
			var v int
			err := conn.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
			return v, err == nil, err
		},
		retire: fmt.Sprintf(`PRAGMA user_version = %d`, retired),
	}
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// VersionTable is a one-row table (version INTEGER), where the staff and
// reprint tables kept theirs (staff_schema_version, reprint_schema_version).
// A missing table is version 0.
func VersionTable(table string) *Legacy {
	if !identifier.MatchString(table) {
		panic("schema: bad legacy table name " + strconv.Quote(table))
	}
	return &Legacy{
		read: func(ctx context.Context, conn *sql.Conn) (int, bool, error) {
			var n int
			if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n == 0 {
				return 0, false, err
			}
			var v int
			err := conn.QueryRowContext(ctx, `SELECT version FROM `+table).Scan(&v)
			if errors.Is(err, sql.ErrNoRows) {
				return 0, true, nil
			}
			return v, err == nil, err
		},
		retire: fmt.Sprintf(`UPDATE %s SET version = %d`, table, retired),
	}
}

// Immediate runs fn on one connection inside BEGIN IMMEDIATE, so a
// read-then-write holds the write lock from the start and never fails
// half-way on a snapshot another writer has moved past. It works whatever
// _txlock the database's DSN sets.
func Immediate(ctx context.Context, db *sql.DB, fn func(*sql.Conn) error) error {
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
