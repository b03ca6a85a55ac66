// Package accounts holds the hub console's staff accounts, their sessions
// and the console's audit log, in console.db in the hub's data directory:
// roles (登记员, 承办人, 审核人, 管理员, 前台) with their 科室, passwords stored
// only as Argon2id hashes, a lockout after five wrong passwords in a row,
// sessions that end after 30 minutes without a request, and a hash-chained,
// append-only log of every staff action. It knows nothing of HTTP
// (internal/console) or of cases (internal/foi).
//
// Several hub processes may open the same file: every write that reads
// first runs in a BEGIN IMMEDIATE transaction, and sessions are rows, not
// memory.
package accounts

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"path/filepath"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/password"
	"gongkai/internal/schema"
	"gongkai/internal/store"
	"gongkai/internal/wallclock"
)

// File is the database's name in the hub's data directory.
const File = "console.db"

//go:embed migrations/*.sql
var migrations embed.FS

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

// Store is the accounts database. It is safe for concurrent use.
type Store struct {
	w   *sql.DB // the single writer
	r   *sql.DB // readers
	opt Options

	dummyOnce sync.Once
	dummy     string // a hash to check unknown logins against, so they take as long
}

// Open opens (creating and migrating) dir/console.db, private to the
// hub's user like its other databases (store.OpenPair). Writes are FULL
// synchronous: an audit row, once written, stays.
func Open(ctx context.Context, dir string, opt Options) (*Store, error) {
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
	w, r, err := store.OpenPair(ctx, filepath.Join(dir, File), "FULL", func(w *sql.DB) error {
		return schema.Migrate(ctx, w, "console", migrations)
	})
	if err != nil {
		return nil, err
	}
	return &Store{w: w, r: r, opt: opt}, nil
}

// Close closes the database.
func (s *Store) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

// IdleTimeout is how long a session lives without a request.
func (s *Store) IdleTimeout() time.Duration { return s.opt.Idle }

// write runs fn in one IMMEDIATE transaction: an account change and its
// audit row commit together or not at all.
func (s *Store) write(ctx context.Context, fn func(*sql.Conn) error) error {
	return schema.Immediate(ctx, s.w, fn)
}

func timeText(t time.Time) string { return t.Format(time.RFC3339Nano) }
