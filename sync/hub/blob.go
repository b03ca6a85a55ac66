package hub

import (
	"context"
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
	return protocol.WriteFileVerified(s.blobPath(sha), sha, size, r)
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

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12] + "…"
	}
	return sha
}
