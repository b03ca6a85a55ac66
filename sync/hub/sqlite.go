package hub

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/datadir"
	"gongkai/internal/domain"
	"gongkai/internal/schema"
	"gongkai/internal/sqlrows"
	"gongkai/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// SQLiteStore is the hub's default Store: one SQLite file (WAL) for
// metadata and a directory of blobs named by SHA-256. Writes go through one
// connection so they never contend; reads use a small pool and see a
// consistent snapshot each.
type SQLiteStore struct {
	catalogueWriter
	w     *sql.DB // single writer; BEGIN IMMEDIATE
	r     *sql.DB // readers
	blobs string
}

// OpenSQLite opens (creating if needed) the store in dir: dir/hub.db and
// dir/blobs/.
func OpenSQLite(ctx context.Context, dir string) (*SQLiteStore, error) {
	path := filepath.Join(dir, "hub.db")
	if err := datadir.Make(dir); err != nil {
		return nil, err
	}
	s := &SQLiteStore{blobs: filepath.Join(dir, "blobs")}
	s.catalogueWriter = catalogueWriter{s.apply}
	var err error
	s.w, s.r, err = store.OpenPair(ctx, path, "NORMAL", func(w *sql.DB) error {
		s.w = w
		return s.migrate(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *SQLiteStore) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// migrate applies hub.db's numbered migrations with schema.Migrate under
// the component name "hub". Before the shared runner the file's version
// was PRAGMA user_version; it is adopted from there once.
func (s *SQLiteStore) migrate(ctx context.Context) error {
	return schema.MigrateFrom(ctx, s.w, "hub", migrations, schema.UserVersion())
}

// Head returns the latest catalogue version.
func (s *SQLiteStore) Head(ctx context.Context) (int64, error) {
	return head(ctx, s.r)
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func head(ctx context.Context, q queryer) (int64, error) {
	var v string
	if err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'head'").Scan(&v); err != nil {
		return 0, fmt.Errorf("read head: %w", err)
	}
	return strconv.ParseInt(v, 10, 64)
}

// NextVersion returns the lowest version above since, 0 if none.
func (s *SQLiteStore) NextVersion(ctx context.Context, since int64) (int64, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MIN(version) FROM objects WHERE version > ?`, since).Scan(&v)
	return v.Int64, err
}

// ChangeRange counts the changes in since < version <= upTo and returns
// their RangeDigest (see ChangeRanger).
func (s *SQLiteStore) ChangeRange(ctx context.Context, since, upTo int64) (int, string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT version, hash FROM objects WHERE version > ? AND version <= ? ORDER BY version`, since, upTo)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	return rangeDigest(rows)
}

// Changes returns the changes in since < version <= upTo, up to maxBytes
// of data, in one read snapshot.
func (s *SQLiteStore) Changes(ctx context.Context, since, upTo int64, maxBytes int) ([]domain.Change, bool, int64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, 0, err
	}
	defer tx.Rollback()
	h, err := head(ctx, tx)
	if err != nil {
		return nil, false, 0, err
	}
	rows, err := tx.QueryContext(ctx,
		`SELECT version, kind, id, deleted, data FROM objects WHERE version > ? AND version <= ? ORDER BY version`, since, upTo)
	if err != nil {
		return nil, false, 0, fmt.Errorf("read changes: %w", err)
	}
	defer rows.Close()
	changes, cut, err := readChanges(rows, maxBytes)
	return changes, cut, h, err
}

// Objects returns every live object.
func (s *SQLiteStore) Objects(ctx context.Context) ([]domain.Object, error) {
	return sqlrows.Query(ctx, s.r, "objects", func(row sqlrows.Scanner) (o domain.Object, err error) {
		err = row.Scan(&o.Kind, &o.ID, &o.Data)
		return o, err
	}, `SELECT kind, id, data FROM objects WHERE deleted = 0 ORDER BY version`)
}

// Digest computes domain.CatalogueDigest from the stored hashes, without
// loading the objects' data (a test checks it against CatalogueDigest).
func (s *SQLiteStore) Digest(ctx context.Context) (string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, id, hash FROM objects WHERE deleted = 0`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines digestLines
	for rows.Next() {
		var kind, id string
		var h []byte
		if err := rows.Scan(&kind, &id, &h); err != nil {
			return "", err
		}
		lines.add(kind, id, h)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return lines.sum(), nil
}

// apply writes what planApply finds under versions after the head, in one
// transaction; logged records it in the imports table.
func (s *SQLiteStore) apply(ctx context.Context, objects []domain.Object, files []AttachmentInfo, scope func(kind string) bool, withdraw []ObjectKey, logged bool, at time.Time) (*ImportResult, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	h, err := head(ctx, tx)
	if err != nil {
		return nil, err
	}
	have := map[ObjectKey]existing{}
	rows, err := tx.QueryContext(ctx, `SELECT kind, id, version, deleted, hash FROM objects`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k ObjectKey
		var e existing
		if err := rows.Scan(&k.Kind, &k.ID, &e.version, &e.deleted, &e.hash); err != nil {
			rows.Close()
			return nil, err
		}
		have[k] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	writes, res, err := planApply(have, objects, scope, withdraw)
	if err != nil {
		return nil, err
	}
	res.From = h

	now := at.UTC().Format(time.RFC3339Nano)
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO objects (kind, id, version, deleted, hash, data, changed)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
			hash = excluded.hash, data = excluded.data, changed = excluded.changed`)
	if err != nil {
		return nil, err
	}
	defer upsert.Close()
	for _, w := range writes {
		h++
		if _, err := upsert.ExecContext(ctx, w.Kind, w.ID, h, w.Deleted, w.Hash, w.Data, now); err != nil {
			return nil, fmt.Errorf("write %s %s: %w", w.Kind, w.ID, err)
		}
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (sha256, size, media_type, added) VALUES (?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, f.SHA256, f.Size, f.MediaType, now); err != nil {
			return nil, fmt.Errorf("record attachment: %w", err)
		}
	}
	res.To = h
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'head'`, strconv.FormatInt(h, 10)); err != nil {
		return nil, err
	}
	if logged {
		if _, err := tx.ExecContext(ctx, `INSERT INTO imports (at, from_v, to_v, added, updated, deleted, unchanged) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			now, res.From, res.To, res.Added, res.Updated, res.Deleted, res.Unchanged); err != nil {
			return nil, err
		}
	}
	return &res, tx.Commit()
}

// Attachment returns an imported attachment's metadata.
func (s *SQLiteStore) Attachment(ctx context.Context, sha string) (AttachmentInfo, error) {
	a := AttachmentInfo{SHA256: sha}
	err := s.r.QueryRowContext(ctx, `SELECT size, media_type FROM attachments WHERE sha256 = ?`, sha).Scan(&a.Size, &a.MediaType)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("attachment %s: %w", sha, ErrNotFound)
	}
	return a, err
}

func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.String)
	return t
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// rangeDigest counts rows of (version, hash) and returns their
// RangeDigest, for either store's ChangeRange.
func rangeDigest(rows sqlrows.Rows) (int, string, error) {
	d := NewRangeDigest()
	for rows.Next() {
		var v int64
		var h []byte
		if err := rows.Scan(&v, &h); err != nil {
			return 0, "", err
		}
		d.Add(v, h)
	}
	n, sum := d.Sum()
	return n, sum, rows.Err()
}
