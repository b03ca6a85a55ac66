// Package sqldb is one database/sql handle over either SQLite or
// PostgreSQL, for a store whose SQL fits both (internal/accounts): the
// store's rules and queries are written once, with `?` placeholders, and
// only its migrations differ per technology.
//
// What differs is taken care of here:
//   - placeholders: on PostgreSQL `?` becomes `$1`, `$2`, … and `?N`
//     becomes `$N` (Rebind);
//   - write transactions: on SQLite Write runs inside BEGIN IMMEDIATE
//     (schema.Immediate), which serialises writers across processes; on
//     PostgreSQL it runs in a transaction that first takes the store's
//     advisory transaction lock, which serialises the same way across hub
//     processes sharing one database. A read-then-write (an account's
//     failure count, the audit chain's tail) therefore never interleaves
//     with another writer on either.
//
// PostgreSQL is reached through pgx v5 (a *pgxpool.Pool, internal/pgdb)
// with pgx's database/sql adapter.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"gongkai/internal/pgdb"
	"gongkai/internal/schema"
)

// DB is a store's database: a writer and readers (the same pool on
// PostgreSQL).
type DB struct {
	w, r *sql.DB
	pg   bool
	lock int64         // PostgreSQL: the advisory lock Write holds
	pool *pgxpool.Pool // PostgreSQL: the pool Close closes, if d opened it
}

// SQLite wraps a writer and a reader pool of one SQLite file
// (store.OpenPair). Close closes both.
func SQLite(w, r *sql.DB) *DB { return &DB{w: w, r: r} }

// Postgres applies component's migrations dir/NNN_name.sql of fsys to the
// database of pool (pgdb.Migrate) and returns the handle. Its writes
// serialise on an advisory lock named after component. Close leaves the
// pool open: its owner closes it.
func Postgres(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS, dir, component string) (*DB, error) {
	if err := pgdb.Migrate(ctx, pool, fsys, dir, component); err != nil {
		return nil, err
	}
	db := stdlib.OpenDBFromPool(pool)
	return &DB{w: db, r: db, pg: true, lock: pgdb.LockKey("write:" + component)}, nil
}

// OpenPostgres is Postgres on a pool of its own, opened on url
// (pgdb.Open) and closed by Close.
func OpenPostgres(ctx context.Context, url string, fsys fs.FS, dir, component string) (*DB, error) {
	pool, err := pgdb.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	d, err := Postgres(ctx, pool, fsys, dir, component)
	if err != nil {
		pool.Close()
		return nil, err
	}
	d.pool = pool
	return d, nil
}

// Postgres reports whether d is on PostgreSQL.
func (d *DB) Postgres() bool { return d.pg }

// Close closes the handles.
func (d *DB) Close() error {
	if d.pg {
		err := d.w.Close()
		if d.pool != nil {
			d.pool.Close()
		}
		return err
	}
	return errors.Join(d.r.Close(), d.w.Close())
}

// R is for reads that need no lock.
func (d *DB) R() Q { return Q{d.r, d.pg} }

// W is for a single write statement outside Write.
func (d *DB) W() Q { return Q{d.w, d.pg} }

// Write runs fn in one transaction that holds the store's write lock
// from its start (see the package comment) and commits when fn returns
// nil.
func (d *DB) Write(ctx context.Context, fn func(Q) error) error {
	if !d.pg {
		return schema.Immediate(ctx, d.w, func(c *sql.Conn) error { return fn(Q{c, false}) })
	}
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, d.lock); err != nil {
		return fmt.Errorf("write lock: %w", err)
	}
	if err := fn(Q{tx, true}); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs statements written with `?` placeholders on a database, a
// connection or a transaction. It is an auditlog.Querier.
type Q struct {
	q  querier
	pg bool
}

func (q Q) sql(query string) string {
	if q.pg {
		return Rebind(query)
	}
	return query
}

// ExecContext runs a statement.
func (q Q) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.q.ExecContext(ctx, q.sql(query), args...)
}

// QueryContext runs a query.
func (q Q) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.q.QueryContext(ctx, q.sql(query), args...)
}

// QueryRowContext runs a query of one row.
func (q Q) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return q.q.QueryRowContext(ctx, q.sql(query), args...)
}

// Rebind turns SQLite's placeholders into PostgreSQL's: each bare `?`
// into the next `$n`, `?N` into `$N`. Quoted strings, quoted identifiers
// and -- comments are left alone. A query must not mix the two forms.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(query[i+1:], c)
			if j < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+j+2])
			i += j + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + query[i+1:j])
				i = j - 1
				continue
			}
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
