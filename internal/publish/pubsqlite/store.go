// Package pubsqlite is the store of the publishing desk
// (internal/publish): publish.db in the hub's data directory (migrations/,
// component "publish"), or, for a hub on PostgreSQL, the hub's database
// (pgmigrations/, applied under pgdb's advisory lock), with the queries
// written once over internal/sqldb. It holds drafts, withdrawn and held
// documents and the 三同步 exemptions; the participation records of later
// migrations (comment decisions, feedback follow-ups, check-ins) sit beside
// them.
package pubsqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/publish"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
	"gongkai/internal/store"
)

// File is the store's file name in the hub's data directory.
const File = "publish.db"

// component names the store's migrations and its write lock.
const component = "publish"

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed pgmigrations/*.sql
var pgMigrations embed.FS

// Store is a publish.Store on SQLite or PostgreSQL.
type Store struct {
	db *sqldb.DB
}

var _ publish.Store = (*Store)(nil)

// Open opens (creating and migrating) dir/publish.db.
func Open(ctx context.Context, dir string) (*Store, error) {
	w, r, err := store.OpenDir(ctx, dir, File, component, migrations)
	if err != nil {
		return nil, err
	}
	return &Store{db: sqldb.SQLite(w, r)}, nil
}

// OpenStore opens the desk's records where the hub's stores are: in the
// PostgreSQL database at databaseURL (on a pool of its own, closed by
// Close), or, when it is "", in dir/publish.db.
func OpenStore(ctx context.Context, dir, databaseURL string) (*Store, error) {
	if databaseURL == "" {
		return Open(ctx, dir)
	}
	db, err := sqldb.OpenPostgres(ctx, databaseURL, pgMigrations, "pgmigrations", component)
	if err != nil {
		return nil, fmt.Errorf("publishing desk: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

const draftColumns = `doc, source, state, note, updated, by_login`

func scanDraft(row sqlrows.Scanner) (publish.Draft, error) {
	var d publish.Draft
	var doc, updated string
	if err := row.Scan(&doc, &d.Source, &d.State, &d.Note, &updated, &d.By); err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(doc), &d.Doc); err != nil {
		return d, fmt.Errorf("draft: %w", err)
	}
	d.Updated = parseTime(updated)
	return d, nil
}

// Drafts returns every draft.
func (s *Store) Drafts(ctx context.Context) ([]publish.Draft, error) {
	return sqlrows.Query(ctx, s.db.R(), "drafts", scanDraft, `SELECT `+draftColumns+` FROM drafts ORDER BY id`)
}

// Draft returns the draft of id, nil when there is none.
func (s *Store) Draft(ctx context.Context, id string) (*publish.Draft, error) {
	d, err := scanDraft(s.db.R().QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// PutDraft writes a draft.
func (s *Store) PutDraft(ctx context.Context, d publish.Draft) error {
	doc, err := json.Marshal(d.Doc)
	if err != nil {
		return err
	}
	_, err = s.db.W().ExecContext(ctx, `INSERT INTO drafts (id, `+draftColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, source = excluded.source, state = excluded.state,
			note = excluded.note, updated = excluded.updated, by_login = excluded.by_login`,
		d.Doc.ID, string(doc), d.Source, d.State, d.Note, timeText(d.Updated), d.By)
	return err
}

// DeleteDraft removes a draft.
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	_, err := s.db.W().ExecContext(ctx, `DELETE FROM drafts WHERE id = ?`, id)
	return err
}

// Exemptions returns every 三同步 exemption.
func (s *Store) Exemptions(ctx context.Context) ([]publish.Exemption, error) {
	return sqlrows.Query(ctx, s.db.R(), "exemptions", func(row sqlrows.Scanner) (e publish.Exemption, err error) {
		var at string
		err = row.Scan(&e.DocID, &e.Reason, &e.By, &at)
		e.At = parseTime(at)
		return e, err
	}, `SELECT doc_id, reason, by_login, at FROM exemptions ORDER BY doc_id`)
}

// PutExemption records e, or removes it when its reason is empty.
func (s *Store) PutExemption(ctx context.Context, e publish.Exemption) error {
	if e.Reason == "" {
		_, err := s.db.W().ExecContext(ctx, `DELETE FROM exemptions WHERE doc_id = ?`, e.DocID)
		return err
	}
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO exemptions (doc_id, reason, by_login, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (doc_id) DO UPDATE SET reason = excluded.reason, by_login = excluded.by_login, at = excluded.at`,
		e.DocID, e.Reason, e.By, timeText(e.At))
	return err
}
