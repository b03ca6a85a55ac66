package hub

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/domain"
	"gongkai/internal/pgdb"
)

//go:embed pgmigrations/*.sql
var pgMigrations embed.FS

// PGStore is the hub's Store in PostgreSQL, for a province's hub run as
// several processes on one database. Every writer of the catalogue locks
// its one head row (catalogue_head) first, so versions are allocated in
// the database, one writer at a time, and become visible in order; every
// read of changes is one REPEATABLE READ snapshot. Blobs are rows of
// chunks, visible once their hash was checked.
type PGStore struct {
	catalogueWriter
	db    *pgxpool.Pool
	spool string // where PutBlob spools a large upload ("": the system's temporary directory)
}

var _ Store = (*PGStore)(nil)

// OpenPG opens the store in the database at url, applying its migrations
// (component "hub").
func OpenPG(ctx context.Context, url string) (*PGStore, error) {
	pool, err := pgdb.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := pgdb.Migrate(ctx, pool, pgMigrations, "pgmigrations", "hub"); err != nil {
		pool.Close()
		return nil, err
	}
	s := &PGStore{db: pool}
	s.catalogueWriter = catalogueWriter{s.apply}
	return s, nil
}

// Close closes the pool.
func (s *PGStore) Close() error {
	s.db.Close()
	return nil
}

// Head returns the latest catalogue version.
func (s *PGStore) Head(ctx context.Context) (v int64, err error) {
	err = pgdb.Retry(ctx, func() (err error) {
		v, err = pgHead(ctx, s.db, "")
		return err
	})
	return v, err
}

// pgHead reads the head version; lock is "" or "FOR UPDATE".
func pgHead(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, lock string) (int64, error) {
	var v int64
	if err := q.QueryRow(ctx, `SELECT version FROM catalogue_head `+lock).Scan(&v); err != nil {
		return 0, fmt.Errorf("read head: %w", err)
	}
	return v, nil
}

// NextVersion returns the lowest version above since, 0 if none.
func (s *PGStore) NextVersion(ctx context.Context, since int64) (int64, error) {
	var v *int64
	if err := pgdb.Retry(ctx, func() error {
		return s.db.QueryRow(ctx, `SELECT min(version) FROM objects WHERE version > $1`, since).Scan(&v)
	}); err != nil || v == nil {
		return 0, err
	}
	return *v, nil
}

// Changes returns the changes in since < version <= upTo, up to maxBytes
// of data, in one snapshot.
func (s *PGStore) Changes(ctx context.Context, since, upTo int64, maxBytes int) (changes []domain.Change, cut bool, h int64, err error) {
	err = pgdb.Retry(ctx, func() error {
		tx, err := s.db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if h, err = pgHead(ctx, tx, ""); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT version, kind, id, deleted, data FROM objects
			WHERE version > $1 AND version <= $2 ORDER BY version`, since, upTo)
		if err != nil {
			return fmt.Errorf("read changes: %w", err)
		}
		defer rows.Close()
		changes, cut, err = readChanges(rows, maxBytes)
		return err
	})
	return changes, cut, h, err
}

// Objects returns every live object.
func (s *PGStore) Objects(ctx context.Context) (list []domain.Object, err error) {
	err = pgdb.Retry(ctx, func() error {
		rows, err := s.db.Query(ctx, `SELECT kind, id, data FROM objects WHERE NOT deleted ORDER BY version`)
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Object, error) {
			var o domain.Object
			err := r.Scan(&o.Kind, &o.ID, &o.Data)
			return o, err
		})
		return err
	})
	return list, err
}

// Object returns one live object.
func (s *PGStore) Object(ctx context.Context, kind, id string) (domain.Object, error) {
	o := domain.Object{Kind: kind, ID: id}
	err := pgdb.Retry(ctx, func() error {
		return s.db.QueryRow(ctx, `SELECT data FROM objects WHERE kind = $1 AND id = $2 AND NOT deleted`, kind, id).Scan(&o.Data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return o, fmt.Errorf("%s %s: %w", kind, id, ErrNotFound)
	}
	return o, err
}

// Digest computes domain.CatalogueDigest from the stored hashes.
func (s *PGStore) Digest(ctx context.Context) (string, error) {
	var lines digestLines
	err := pgdb.Retry(ctx, func() error {
		lines = digestLines{}
		rows, err := s.db.Query(ctx, `SELECT kind, id, hash FROM objects WHERE NOT deleted`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var kind, id string
		var h []byte
		_, err = pgx.ForEachRow(rows, []any{&kind, &id, &h}, func() error {
			lines.add(kind, id, h)
			return nil
		})
		return err
	})
	if err != nil {
		return "", err
	}
	return lines.sum(), nil
}

// apply locks the head row, diffs objects against the stored rows (read
// after the lock, so they include every earlier writer's commit), writes
// the differences under the versions after the head, and moves the head,
// all in one transaction: a second hub process's apply waits on the lock
// and continues from this one's head.
func (s *PGStore) apply(ctx context.Context, objects []domain.Object, files []AttachmentInfo, scope func(kind string) bool, withdraw []ObjectKey, logged bool, at time.Time) (*ImportResult, error) {
	var res ImportResult
	err := pgdb.Tx(ctx, s.db, pgx.TxOptions{}, func(tx pgx.Tx) error {
		res = ImportResult{}
		h, err := pgHead(ctx, tx, "FOR UPDATE")
		if err != nil {
			return err
		}
		var keys []ObjectKey // a publication reads only the rows it names
		if scope == nil {
			for _, o := range objects {
				keys = append(keys, ObjectKey{o.Kind, o.ID})
			}
			keys = append(keys, withdraw...)
		}
		have, err := pgExisting(ctx, tx, scope == nil, keys)
		if err != nil {
			return err
		}
		writes, r, err := planApply(have, objects, scope, withdraw)
		if err != nil {
			return err
		}
		res, res.From = r, h
		at := at.UTC()
		var b pgx.Batch
		for _, w := range writes {
			h++
			b.Queue(`INSERT INTO objects (kind, id, version, deleted, hash, data, changed)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
					hash = excluded.hash, data = excluded.data, changed = excluded.changed`,
				w.Kind, w.ID, h, w.Deleted, w.Hash, w.Data, at)
		}
		for _, f := range files {
			b.Queue(`INSERT INTO attachments (sha256, size, media_type, added) VALUES ($1, $2, $3, $4)
				ON CONFLICT (sha256) DO NOTHING`, f.SHA256, f.Size, f.MediaType, at)
		}
		res.To = h
		b.Queue(`UPDATE catalogue_head SET version = $1`, h)
		if logged {
			b.Queue(`INSERT INTO imports (at, from_v, to_v, added, updated, deleted, unchanged) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				at, res.From, res.To, res.Added, res.Updated, res.Deleted, res.Unchanged)
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return fmt.Errorf("write catalogue: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// pgExisting reads the stored objects' versions, states and hashes:
// every one's, or with only, those of keys.
func pgExisting(ctx context.Context, tx pgx.Tx, only bool, keys []ObjectKey) (map[ObjectKey]existing, error) {
	q, args := `SELECT kind, id, version, deleted, hash FROM objects`, []any(nil)
	if only {
		kinds, ids := make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			kinds[i], ids[i] = k.Kind, k.ID
		}
		q += ` WHERE (kind, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`
		args = []any{kinds, ids}
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	have := map[ObjectKey]existing{}
	var k ObjectKey
	var e existing
	_, err = pgx.ForEachRow(rows, []any{&k.Kind, &k.ID, &e.version, &e.deleted, &e.hash}, func() error {
		have[k] = e
		e.hash = nil // ForEachRow scans into the same variables
		return nil
	})
	return have, err
}

// Attachment returns an imported attachment's metadata.
func (s *PGStore) Attachment(ctx context.Context, sha string) (AttachmentInfo, error) {
	a := AttachmentInfo{SHA256: sha}
	err := pgdb.Retry(ctx, func() error {
		return s.db.QueryRow(ctx, `SELECT size, media_type FROM attachments WHERE sha256 = $1`, sha).Scan(&a.Size, &a.MediaType)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return a, fmt.Errorf("attachment %s: %w", sha, ErrNotFound)
	}
	return a, err
}

var _ ChangeRanger = (*PGStore)(nil)

// ChangeRange counts the changes in since < version <= upTo and returns
// their RangeDigest (see ChangeRanger), so the page shelf keeps the
// buckets an import did not touch on PostgreSQL as on SQLite.
func (s *PGStore) ChangeRange(ctx context.Context, since, upTo int64) (n int, digest string, err error) {
	err = pgdb.Retry(ctx, func() error {
		rows, err := s.db.Query(ctx, `SELECT version, hash FROM objects WHERE version > $1 AND version <= $2 ORDER BY version`, since, upTo)
		if err != nil {
			return err
		}
		defer rows.Close()
		n, digest, err = rangeDigest(rows)
		return err
	})
	return n, digest, err
}
