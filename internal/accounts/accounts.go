// Package accounts holds the hub console's staff accounts, their sessions
// and the console's audit log, in console.db in the hub's data directory:
// roles (登记员, 承办人, 审核人, 管理员, 前台) with their 科室, passwords stored
// only as Argon2id hashes, a lockout after five wrong passwords in a row,
// sessions that end after 30 minutes without a request, and a hash-chained,
// append-only log of every staff action. It knows nothing of HTTP
// (internal/console) or of cases (internal/foi).
//
// The database is console.db (Open) or, for a hub on PostgreSQL, the
// hub's database (OpenPostgres): the same rules and queries over either
// (internal/sqldb). Several hub processes may share it: every write that
// reads first holds the store's write lock (BEGIN IMMEDIATE on SQLite, an
// advisory transaction lock on PostgreSQL), so the audit log stays one
// unbroken chain, and sessions are rows, not memory.
package accounts

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/password"
	"gongkai/internal/schema"
	"gongkai/internal/sqldb"
	"gongkai/internal/store"
	"gongkai/internal/wallclock"
)

// File is the database's name in the hub's data directory.
const File = "console.db"

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed pgmigrations/*.sql
var pgMigrations embed.FS

// Defaults of Options.
const (
	DefaultMaxFailures = 5
	DefaultLockout     = 15 * time.Minute
	DefaultIdle        = 30 * time.Minute
)

// Options tune a Store. The zero value is the production setting.
type Options struct {
	Now         func() time.Time // default wallclock.Now
	MaxFailures int              // wrong passwords in a row that lock an account; DefaultMaxFailures
	Lockout     time.Duration    // how long; DefaultLockout
	Idle        time.Duration    // a session ends this long after its last request; DefaultIdle
	Params      password.Params  // Argon2id cost; password.DefaultParams
}

// Store is the accounts database. It is safe for concurrent use, and
// several hub processes may share its database: every write that reads
// first holds the store's write lock (internal/sqldb).
type Store struct {
	db  *sqldb.DB
	opt Options

	dummyOnce sync.Once
	dummy     string // a hash to check unknown logins against, so they take as long
}

// Open opens (creating and migrating) dir/console.db, private to the
// hub's user like its other databases (store.OpenPair). Writes are FULL
// synchronous: an audit row, once written, stays.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
	w, r, err := store.OpenPair(ctx, filepath.Join(dir, File), "FULL", func(w *sql.DB) error {
		return schema.Migrate(ctx, w, "console", migrations)
	})
	if err != nil {
		return nil, err
	}
	return newStore(sqldb.SQLite(w, r), opt), nil
}

// OpenStore opens the accounts where the hub's stores are: in the
// PostgreSQL database at databaseURL (on a pool of their own, closed by
// Close), or, when it is "", in dir/console.db.
func OpenStore(ctx context.Context, dir, databaseURL string, opt Options) (*Store, error) {
	if databaseURL == "" {
		return Open(ctx, dir, opt)
	}
	db, err := sqldb.OpenPostgres(ctx, databaseURL, pgMigrations, "pgmigrations", "console")
	if err != nil {
		return nil, fmt.Errorf("console database: %w", err)
	}
	return newStore(db, opt), nil
}

// OpenPostgres opens the accounts in the PostgreSQL database of pool (the
// hub's database_url), applying pgmigrations/ (component "console"). Hub
// processes sharing the database share accounts, sessions and one audit
// chain. Close leaves the pool open.
func OpenPostgres(ctx context.Context, pool *pgxpool.Pool, opt Options) (*Store, error) {
	db, err := sqldb.Postgres(ctx, pool, pgMigrations, "pgmigrations", "console")
	if err != nil {
		return nil, fmt.Errorf("console database: %w", err)
	}
	return newStore(db, opt), nil
}

func newStore(db *sqldb.DB, opt Options) *Store {
	if opt.Now == nil {
		opt.Now = wallclock.Now
	}
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = DefaultMaxFailures
	}
	if opt.Lockout <= 0 {
		opt.Lockout = DefaultLockout
	}
	if opt.Idle <= 0 {
		opt.Idle = DefaultIdle
	}
	if opt.Params == (password.Params{}) {
		opt.Params = password.DefaultParams
	}
	return &Store{db: db, opt: opt}
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// IdleTimeout is how long a session lives without a request.
func (s *Store) IdleTimeout() time.Duration { return s.opt.Idle }

// write runs fn in one transaction holding the write lock: an account
// change and its audit row commit together or not at all.
func (s *Store) write(ctx context.Context, fn func(sqldb.Q) error) error {
	return s.db.Write(ctx, fn)
}

func timeText(t time.Time) string { return t.Format(time.RFC3339Nano) }
