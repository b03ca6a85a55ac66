package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"gongkai/sync/protocol"
)

// blobPath is where the bytes of sha live: blobs/ab/abcdef…, two hex digits
// of fan-out so no directory grows past a few thousand entries.
func (s *SQLiteStore) blobPath(sha string) string {
	return filepath.Join(s.blobs, sha[:2], sha)
}

// HasBlob reports whether the bytes of sha are stored.
func (s *SQLiteStore) HasBlob(ctx context.Context, sha string) (bool, error) {
	if !protocol.ValidSHA256(sha) {
		return false, fmt.Errorf("bad sha256 %q", sha)
	}
	_, err := os.Stat(s.blobPath(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// PutBlob writes r to a temporary file, checks size and SHA-256, syncs it
// and only then renames it into place.
func (s *SQLiteStore) PutBlob(ctx context.Context, sha string, size int64, r io.Reader) error {
	if !protocol.ValidSHA256(sha) {
		return fmt.Errorf("bad sha256 %q", sha)
	}
	return WriteVerified(s.blobPath(sha), sha, size, r)
}

// OpenBlob opens the stored bytes of sha.
func (s *SQLiteStore) OpenBlob(ctx context.Context, sha string) (io.ReadSeekCloser, error) {
	if !protocol.ValidSHA256(sha) {
		return nil, fmt.Errorf("bad sha256 %q: %w", sha, ErrNotFound)
	}
	f, err := os.Open(s.blobPath(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", sha, ErrNotFound)
	}
	return f, err
}

// WriteVerified writes exactly size bytes from r to path by way of
// path.part in the same directory: the bytes must hash to sha, are synced,
// and are renamed into place only then, so path is either absent or whole
// and right. A failure removes the partial file.
func WriteVerified(path, sha string, size int64, r io.Reader) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, size+1))
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if n != size {
		return fmt.Errorf("%w: %s has %d bytes, expected %d", ErrContent, short(sha), n, size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		return fmt.Errorf("%w: %s has SHA-256 %s", ErrContent, short(sha), short(got))
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ErrContent reports bytes that do not match the size or SHA-256 they were
// announced with.
var ErrContent = errors.New("content does not match its SHA-256 or size")

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12] + "…"
	}
	return sha
}
