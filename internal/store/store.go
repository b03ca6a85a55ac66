// Package store is the kiosk's local cache: one SQLite file holding the
// catalogue exactly as the hub sent it (each object's JSON bytes), a
// key/value meta table, and a Chinese full-text index built for this
// catalogue (index.go). It implements domain.CatalogueService for the
// screens and the command line, and Apply for the sync. It also keeps the
// hub's front-desk staff list that comes with the catalogue (staff.go),
// which internal/staff checks logins against.
//
// The full-text index is not SQLite FTS5: with the character n-grams
// Chinese needs, FTS5's trigram tokenizer indexes a few hundred documents
// a second here and scans every row for a query of one or two characters.
// The index holds unigram and bigram document lists and positional
// trigrams in plain tables, written in segments per applied batch (see
// index.go); cmd/benchsearch -peer fts5 compares the two side by side.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"gongkai/internal/datadir"
	"gongkai/internal/schema"
	"gongkai/internal/sqlrows"
)

// ErrCorrupt reports a file that is not a readable SQLite database, or
// one SQLite found damaged. The kiosk moves such a file aside.
var ErrCorrupt = errors.New("store: database file is corrupt or not a database")

// ErrNewerSchema reports a database written by newer software.
var ErrNewerSchema = schema.ErrNewer

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open kiosk database. It is safe for concurrent use: many
// readers, and Apply serialised with them where it matters.
type Store struct {
	db   *sql.DB
	path string

	// mu orders searches against Apply's commit, so a search sees index
	// rows and the in-memory document table of the same version.
	mu    sync.RWMutex
	cache docCache

	// applyMu serialises Apply, which reuses builder's buffers, and
	// merges; applyWaiting counts the Applies waiting for it.
	applyMu      sync.Mutex
	applyWaiting atomic.Int32
	builder      builder
	mergesHeld   atomic.Bool  // the merger does nothing (tests: export_test.go)
	searching    atomic.Int32 // searches running: the idle merge pauses for them

	// The checkpointer and merger goroutines (checkpoint.go, merge.go).
	kick       chan struct{} // run a checkpoint
	applied    chan struct{} // Apply committed: postpone merging
	stop       chan struct{}
	done       chan struct{} // checkpointer ended
	mergerDone chan struct{}
	closeOnce  sync.Once
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date. A file that is not a database, or is damaged, gives
// an error matching ErrCorrupt.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if err := datadir.PrepareSQLite(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	// KiB per connection: searches read blocks once each, from a file the
	// kernel caches; 16 MiB each measured no faster and held 17 MB more.
	q.Set("_cache_size", "-4096")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		applied: make(chan struct{}, 1), mergerDone: make(chan struct{})}
	if err := Migrate(ctx, db, "store", migrations); err != nil {
		db.Close()
		return nil, corrupt(fmt.Errorf("open %s: %w", path, err))
	}
	if err := s.rebuildIndex(ctx); err != nil {
		db.Close()
		return nil, corrupt(fmt.Errorf("open %s: %w", path, err))
	}
	go s.checkpointer()
	go s.merger()
	return s, nil
}

// driverName is mattn/go-sqlite3 with the store's connection settings.
const driverName = "sqlite3_gongkai_store"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, pragma := range []string{
			// Pages of 16 KiB for a new file (an existing one keeps its
			// own): a document of ten kilobytes fits in one instead of
			// spilling into three overflow pages of 4 KiB, and a 4 KiB
			// index block in a page with others instead of one of its
			// own. Applying 8,000 generated documents took 10-15% less
			// CPU (4.1-4.4 against 4.4-5.0 s, load 4).
			"PRAGMA page_size = 16384",
			"PRAGMA journal_mode = WAL",
			// Commits do not checkpoint: the store's checkpointer does, on
			// its own connection, so a sync's writer never waits for the
			// WAL to be copied back and synced (see checkpoint.go).
			"PRAGMA wal_autocheckpoint = 0",
			// After the WAL restarts, keep at most 64 MiB of it on disk.
			"PRAGMA journal_size_limit = 67108864",
		} {
			if _, err := c.Exec(pragma, nil); err != nil {
				return err
			}
		}
		return nil
	}})
}

// checkHeader refuses a non-empty file that does not start like a SQLite
// database, before SQLite gets to treat it as one.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil // an empty file becomes a new database
	}
	if !bytes.Equal(head[:n], []byte("SQLite format 3\x00")[:n]) || n < 16 {
		return fmt.Errorf("%w: %s does not start with the SQLite header", ErrCorrupt, path)
	}
	return nil
}

// corrupt marks err as ErrCorrupt when SQLite says the file is damaged.
func corrupt(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return err
}

// Close stops the checkpointer, folds the WAL back into the database and
// closes it.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.done
		<-s.mergerDone
		s.checkpoint(context.Background(), "TRUNCATE")
	})
	return s.db.Close()
}

// DB returns the underlying database. The outbox keeps its own tables in
// the same file (see Migrate).
func (s *Store) DB() *sql.DB { return s.db }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Check runs SQLite's quick integrity check, for staff tools. It reads the
// whole file, so it is not part of Open.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return corrupt(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return corrupt(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return corrupt(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// Migrate applies the numbered migrations in fsys (files NNN_name.sql
// under a "migrations" directory) that component has not applied yet; it
// is schema.Migrate, the one runner, for the packages that already call
// it here (the outbox shares the kiosk database under its own component
// name).
func Migrate(ctx context.Context, db *sql.DB, component string, fsys fs.FS) error {
	return schema.Migrate(ctx, db, component, fsys)
}

// Meta returns the value stored under key, "" if unset.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	return getMeta(ctx, s.db, key)
}

// SetMeta stores value under key; an empty value deletes the key.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return setMeta(ctx, s.db, key, value)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func getMeta(ctx context.Context, q querier, key string) (string, error) {
	v, err := sqlrows.Optional[string](ctx, q, `SELECT value FROM meta WHERE key = ?`, key)
	if err != nil {
		return "", fmt.Errorf("meta %s: %w", key, err)
	}
	return v, nil
}

func setMeta(ctx context.Context, q querier, key, value string) error {
	var err error
	if value == "" {
		_, err = q.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, key)
	} else {
		_, err = q.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	}
	if err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	return nil
}
