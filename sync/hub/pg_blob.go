package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gongkai/internal/pgdb"
	"gongkai/sync/protocol"
)

// blobChunk is the most bytes of one blob_chunks row.
const blobChunk = 1 << 20

// HasBlob reports whether the bytes of sha are stored.
func (s *PGStore) HasBlob(ctx context.Context, sha string) (bool, error) {
	if !protocol.ValidSHA256(sha) {
		return false, fmt.Errorf("bad sha256 %q", sha)
	}
	var ok bool
	err := pgdb.Retry(ctx, func() error {
		return s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1)`, sha).Scan(&ok)
	})
	return ok, err
}

// PutBlob writes r's bytes as chunks and, once their size and SHA-256
// match, the blob's row, in one transaction: a failed or cut-off upload
// leaves nothing. Two processes storing the same blob at once take turns
// on an advisory lock; the second finds it stored. The transaction rides
// through a lost connection (pgdb.Retry): a second run, even after a
// commit whose answer was lost, finds the blob stored or writes it from
// the start, so r is first made rewindable (rewindable: r itself when it
// seeks, else its bytes spooled).
func (s *PGStore) PutBlob(ctx context.Context, sha string, size int64, r io.Reader) error {
	if !protocol.ValidSHA256(sha) {
		return fmt.Errorf("bad sha256 %q", sha)
	}
	src, done, err := rewindable(r, size, s.spool)
	if err != nil {
		return fmt.Errorf("read blob %s: %w", short(sha), err)
	}
	defer done()
	return pgdb.RetryWhen(ctx, func() (bool, error) {
		if err := src.rewind(); err != nil {
			return false, fmt.Errorf("read blob %s: %w", short(sha), err)
		}
		err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error { return putBlobTx(ctx, tx, sha, size, src) })
		// The source's own failures are not the connection's.
		return pgdb.Transient(err) && !src.failed, err
	})
}

// putBlobTx is PutBlob inside tx.
func putBlobTx(ctx context.Context, tx pgx.Tx, sha string, size int64, r io.Reader) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, pgdb.LockKey("hub:blob:"+sha)); err != nil {
		return err
	}
	var have bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1)`, sha).Scan(&have); err != nil || have {
		return err
	}
	h := sha256.New()
	buf := make([]byte, blobChunk)
	lr := io.LimitReader(r, size+1)
	var n int64
	for i := 0; ; i++ {
		m, err := io.ReadFull(lr, buf)
		if m > 0 {
			h.Write(buf[:m])
			n += int64(m)
			if n > size {
				break
			}
			if _, err := tx.Exec(ctx, `INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)`, sha, i, buf[:m]); err != nil {
				return fmt.Errorf("write blob %s: %w", short(sha), err)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		} else if err != nil {
			return fmt.Errorf("read blob %s: %w", short(sha), err)
		}
	}
	if n != size {
		return fmt.Errorf("%w: %s has %d bytes or more, expected %d", protocol.ErrContent, short(sha), n, size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		return fmt.Errorf("%w: %s has SHA-256 %s", protocol.ErrContent, short(sha), short(got))
	}
	_, err := tx.Exec(ctx, `INSERT INTO blobs (sha256, size, chunk) VALUES ($1, $2, $3)`, sha, size, blobChunk)
	return err
}

// OpenBlob opens the stored bytes of sha; they are read a chunk at a time.
func (s *PGStore) OpenBlob(ctx context.Context, sha string) (io.ReadSeekCloser, error) {
	if !protocol.ValidSHA256(sha) {
		return nil, fmt.Errorf("bad sha256 %q: %w", sha, ErrNotFound)
	}
	b := &pgBlob{ctx: ctx, db: s.db, sha: sha, cur: -1}
	err := pgdb.Retry(ctx, func() error {
		return s.db.QueryRow(ctx, `SELECT size, chunk FROM blobs WHERE sha256 = $1`, sha).Scan(&b.size, &b.chunk)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	return b, nil
}

// pgBlob reads a stored blob, loading the chunk under the offset.
type pgBlob struct {
	ctx         context.Context
	db          *pgxpool.Pool
	sha         string
	size, chunk int64
	pos         int64
	cur         int64 // number of the chunk in data; -1 for none
	data        []byte
}

func (b *pgBlob) Read(p []byte) (int, error) {
	if b.pos >= b.size {
		return 0, io.EOF
	}
	if n := b.pos / b.chunk; n != b.cur {
		b.data = nil
		if err := pgdb.Retry(b.ctx, func() error {
			return b.db.QueryRow(b.ctx, `SELECT data FROM blob_chunks WHERE sha256 = $1 AND n = $2`, b.sha, n).Scan(&b.data)
		}); err != nil {
			return 0, fmt.Errorf("read blob %s chunk %d: %w", short(b.sha), n, err)
		}
		b.cur = n
	}
	off := b.pos - b.cur*b.chunk
	if off >= int64(len(b.data)) {
		return 0, fmt.Errorf("blob %s: chunk %d is short", short(b.sha), b.cur)
	}
	m := copy(p, b.data[off:])
	b.pos += int64(m)
	return m, nil
}

func (b *pgBlob) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += b.pos
	case io.SeekEnd:
		offset += b.size
	default:
		return 0, errors.New("seek: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("seek: negative position")
	}
	b.pos = offset
	return offset, nil
}

func (b *pgBlob) Close() error { return nil }
