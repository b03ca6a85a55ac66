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
//     with another writer on either;
//   - a PostgreSQL restart (see internal/pgdb's Retry): on PostgreSQL a
//     read through R is run again on a connection-class failure
//     (pgdb.Retry), and Write, Tx and W's ExecContext rerun their whole
//     transaction only when the failed attempt certainly left nothing
//     behind (pgdb.Tx's rule), so
//     the first request after a restart does not fail on a dead pooled
//     connection. A Write closure may therefore run more than once: it
//     must have no effect outside its transaction, and Go state it sets
//     must be set afresh by every run.
//
// PostgreSQL is reached through pgx v5 (a *pgxpool.Pool, internal/pgdb)
// with pgx's database/sql adapter.
package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
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

// R is for reads that need no lock. On PostgreSQL they are run again on
// a connection-class failure (pgdb.Retry).
func (d *DB) R() Q {
	if d.pg {
		return Q{q: d.r, pg: true, retry: pgdb.Transient}
	}
	return Q{q: d.r}
}

// W is for a single write statement outside Write. On PostgreSQL,
// ExecContext runs the statement in a transaction of its own that is run
// again as Write's is (Tx), and a query (INSERT … RETURNING) is run again
// only when it certainly did not reach the server (unsent): its row is
// read after the call, outside any transaction. A query that must ride
// through a restart goes through Tx.
func (d *DB) W() Q {
	if d.pg {
		return Q{q: d.w, pg: true, retry: unsent, db: d}
	}
	return Q{q: d.w}
}

// Write runs fn in one transaction that holds the store's write lock
// from its start (see the package comment) and commits when fn returns
// nil. On PostgreSQL the transaction is run again, fn with it, when an
// attempt failed on a connection-class error before its commit was sent
// (the server rolls back a transaction whose connection ends) or its
// commit never reached the server; a commit whose outcome is unknown is
// returned as an error. fn must therefore be safe to run from scratch.
func (d *DB) Write(ctx context.Context, fn func(Q) error) error {
	return d.tx(ctx, true, fn)
}

// Tx is Write without the store's write lock on PostgreSQL (on SQLite
// every write transaction takes the file's lock): for a statement or two
// that need no serialising with the store's other writers but must ride
// through a restart, like a rate limit's INSERT … RETURNING.
func (d *DB) Tx(ctx context.Context, fn func(Q) error) error {
	return d.tx(ctx, false, fn)
}

func (d *DB) tx(ctx context.Context, lock bool, fn func(Q) error) error {
	if !d.pg {
		return schema.Immediate(ctx, d.w, func(c *sql.Conn) error { return fn(Q{q: c}) })
	}
	return pgdb.RetryWhen(ctx, func() (bool, error) { return d.attempt(ctx, lock, fn) })
}

// attempt is one run of a transaction on PostgreSQL; retry says it
// certainly left nothing behind (pgdb.Tx's rule).
func (d *DB) attempt(ctx context.Context, lock bool, fn func(Q) error) (retry bool, err error) {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return pgdb.Transient(err), fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if lock {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, d.lock); err != nil {
			return pgdb.Transient(err), fmt.Errorf("write lock: %w", err)
		}
	}
	if err := fn(Q{q: tx, pg: true}); err != nil {
		// Not committed: a lost connection's transaction is rolled back.
		return pgdb.RolledBack(err) || pgdb.Transient(err), err
	}
	if err := tx.Commit(); err != nil {
		return pgdb.RolledBack(err) || pgconn.SafeToRetry(err), fmt.Errorf("commit: %w", err)
	}
	return false, nil
}

// unsent says a statement failed before it reached the server: the
// connection could not be made, or pgx sent nothing (SafeToRetry, which
// database/sql sees as driver.ErrBadConn). An error the server sent while
// ending the session (57P01) is not unsent: a statement outside a
// transaction may have committed just before it.
func unsent(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || pgconn.SafeToRetry(err) || errors.Is(err, driver.ErrBadConn)
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
	q     querier
	pg    bool
	retry func(error) bool // nil: run once (SQLite, inside a transaction)
	db    *DB              // W on PostgreSQL: ExecContext runs in db.Tx
}

func (q Q) sql(query string) string {
	if q.pg {
		return Rebind(query)
	}
	return query
}

// ExecContext runs a statement.
func (q Q) ExecContext(ctx context.Context, query string, args ...any) (res sql.Result, err error) {
	if q.db != nil {
		err = q.db.Tx(ctx, func(tx Q) error {
			res, err = tx.ExecContext(ctx, query, args...)
			return err
		})
		return res, err
	}
	query = q.sql(query)
	err = q.again(ctx, func() error {
		res, err = q.q.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// QueryContext runs a query. A failure while reading its rows is not
// retried: the caller has seen some of them.
func (q Q) QueryContext(ctx context.Context, query string, args ...any) (rows *sql.Rows, err error) {
	query = q.sql(query)
	err = q.again(ctx, func() error {
		rows, err = q.q.QueryContext(ctx, query, args...)
		return err
	})
	return rows, err
}

// QueryRowContext runs a query of one row.
func (q Q) QueryRowContext(ctx context.Context, query string, args ...any) (row *sql.Row) {
	query = q.sql(query)
	_ = q.again(ctx, func() error {
		row = q.q.QueryRowContext(ctx, query, args...)
		return row.Err() // the query's error; Scan returns it too
	})
	return row
}

// again runs fn once, or on PostgreSQL outside a transaction while it
// fails as q.retry allows (pgdb.RetryWhen's backoff and bound).
func (q Q) again(ctx context.Context, fn func() error) error {
	if q.retry == nil {
		return fn()
	}
	return pgdb.RetryWhen(ctx, func() (bool, error) {
		err := fn()
		return q.retry(err), err
	})
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
