package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/datadir"
	"gongkai/internal/domain"
	"gongkai/internal/schema"
	"gongkai/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// SQLiteStore is the hub's default Store: one SQLite file (WAL) for
// metadata and a directory of blobs named by SHA-256. Writes go through one
// connection so they never contend; reads use a small pool and see a
// consistent snapshot each.
type SQLiteStore struct {
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

// CountChanges counts the changes in since < version <= upTo (see
// ChangeCounter).
func (s *SQLiteStore) CountChanges(ctx context.Context, since, upTo int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM objects WHERE version > ? AND version <= ?`, since, upTo).Scan(&n)
	return n, err
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
	var changes []domain.Change
	size, cut := 0, false
	for rows.Next() {
		var c domain.Change
		var data []byte
		if err := rows.Scan(&c.Version, &c.Kind, &c.ID, &c.Deleted, &data); err != nil {
			return nil, false, 0, err
		}
		if len(changes) > 0 && size+len(data) > maxBytes {
			cut = true
			break
		}
		size += len(data)
		c.Data = data
		changes = append(changes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, false, 0, err
	}
	return changes, cut, h, nil
}

// Objects returns every live object.
func (s *SQLiteStore) Objects(ctx context.Context) ([]domain.Object, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, id, data FROM objects WHERE deleted = 0 ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Object
	for rows.Next() {
		var o domain.Object
		if err := rows.Scan(&o.Kind, &o.ID, &o.Data); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Digest computes domain.CatalogueDigest from the stored hashes, without
// loading the objects' data (a test checks it against CatalogueDigest).
func (s *SQLiteStore) Digest(ctx context.Context) (string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, id, hash FROM objects WHERE deleted = 0`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var kind, id string
		var h []byte
		if err := rows.Scan(&kind, &id, &h); err != nil {
			return "", err
		}
		lines = append(lines, kind+"\t"+id+"\t"+hex.EncodeToString(h)+"\n")
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	sort.Strings(lines)
	d := sha256.New()
	for _, l := range lines {
		d.Write([]byte(l))
	}
	return hex.EncodeToString(d.Sum(nil)), nil
}

// deleteOrder is the order in which a prune withdraws kinds: things that
// refer to others go before what they refer to.
var deleteOrder = map[string]int{
	domain.KindCalendar: 0, domain.KindEvent: 1, domain.KindConsultation: 2,
	domain.KindDocument: 3, domain.KindCategory: 4, domain.KindStaff: 5,
}

type existing struct {
	version int64
	deleted bool
	hash    []byte
}

// ApplyCatalogue diffs objects against the stored catalogue and writes the
// differences under new versions, all in one transaction. A prune leaves
// the kinds the hub publishes itself (domain.KindStaff) alone.
func (s *SQLiteStore) ApplyCatalogue(ctx context.Context, objects []domain.Object, files []AttachmentInfo, prune bool, at time.Time) (*ImportResult, error) {
	var scope func(kind string) bool // which live objects a missing one withdraws
	if prune {
		scope = func(kind string) bool { return !hubKinds[kind] }
	}
	return s.apply(ctx, objects, files, scope, nil, true, at)
}

// ReplaceKind makes the live objects of kind equal objects (all of that
// kind) in one transaction: new and changed ones get new versions, missing
// ones become tombstones, other kinds are untouched.
func (s *SQLiteStore) ReplaceKind(ctx context.Context, kind string, objects []domain.Object, at time.Time) (*ImportResult, error) {
	for _, o := range objects {
		if o.Kind != kind {
			return nil, fmt.Errorf("replace %s: object %s %s is of another kind", kind, o.Kind, o.ID)
		}
	}
	return s.apply(ctx, objects, nil, func(k string) bool { return k == kind }, nil, false, at)
}

// hubKinds are the kinds the hub publishes from its own records rather
// than from an imported catalogue.
var hubKinds = map[string]bool{domain.KindStaff: true}

// PublishObjects writes objects like ApplyCatalogue without prune and
// withdraws the live objects of withdraw, in one transaction.
func (s *SQLiteStore) PublishObjects(ctx context.Context, objects []domain.Object, files []AttachmentInfo, withdraw []ObjectKey, at time.Time) (*ImportResult, error) {
	return s.apply(ctx, objects, files, nil, withdraw, true, at)
}

// apply writes objects that differ from the stored ones under new
// versions, withdraws the live objects of the kinds in scope (nil: none)
// that objects lacks and the live objects named in withdraw; logged
// records it in the imports table.
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
	res := &ImportResult{From: h, To: h}
	have := map[[2]string]existing{}
	rows, err := tx.QueryContext(ctx, `SELECT kind, id, version, deleted, hash FROM objects`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k [2]string
		var e existing
		if err := rows.Scan(&k[0], &k[1], &e.version, &e.deleted, &e.hash); err != nil {
			rows.Close()
			return nil, err
		}
		have[k] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	now := at.UTC().Format(time.RFC3339Nano)
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO objects (kind, id, version, deleted, hash, data, changed)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
			hash = excluded.hash, data = excluded.data, changed = excluded.changed`)
	if err != nil {
		return nil, err
	}
	defer upsert.Close()
	seen := make(map[[2]string]bool, len(objects))
	for _, o := range objects {
		k := [2]string{o.Kind, o.ID}
		if seen[k] {
			return nil, fmt.Errorf("%s %q appears twice", o.Kind, o.ID)
		}
		seen[k] = true
		sum := sha256.Sum256(o.Data)
		e, ok := have[k]
		switch {
		case ok && !e.deleted && bytes.Equal(e.hash, sum[:]):
			res.Unchanged++
			continue
		case ok && !e.deleted:
			res.Updated++
		default:
			res.Added++
		}
		h++
		if _, err := upsert.ExecContext(ctx, o.Kind, o.ID, h, false, sum[:], o.Data, now); err != nil {
			return nil, fmt.Errorf("write %s %s: %w", o.Kind, o.ID, err)
		}
	}
	var gone [][2]string
	if scope != nil {
		for k, e := range have {
			if !e.deleted && !seen[k] && scope(k[0]) {
				gone = append(gone, k)
			}
		}
	}
	for _, w := range withdraw {
		k := [2]string{w.Kind, w.ID}
		if e, ok := have[k]; ok && !e.deleted && !seen[k] && scope == nil {
			gone = append(gone, k)
			seen[k] = true // listed twice: withdrawn once
		}
	}
	{
		sort.Slice(gone, func(i, j int) bool {
			a, b := gone[i], gone[j]
			if deleteOrder[a[0]] != deleteOrder[b[0]] {
				return deleteOrder[a[0]] < deleteOrder[b[0]]
			}
			return have[a].version > have[b].version // children were written after parents
		})
		for _, k := range gone {
			h++
			res.Deleted++
			if _, err := upsert.ExecContext(ctx, k[0], k[1], h, true, nil, nil, now); err != nil {
				return nil, fmt.Errorf("withdraw %s %s: %w", k[0], k[1], err)
			}
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
	return res, tx.Commit()
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
