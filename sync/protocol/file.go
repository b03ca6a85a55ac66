package protocol

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/datadir"
)

// ErrContent reports bytes that do not match the SHA-256 or size they were
// announced with.
var ErrContent = errors.New("content does not match its SHA-256 or size")

// PartSuffix ends the name of a file being written; whatever carries it
// after a crash is a leftover to delete.
const PartSuffix = ".part"

// WriteFileVerified writes exactly size bytes from r to path by way of a
// temporary "*.part" file in the same directory: the bytes must hash to sha
// (lower-case hex), are synced, and only then renamed into place. So path
// is either absent or whole and right, on the hub's blob store and on a
// kiosk alike. A failure removes the partial file.
func WriteFileVerified(path, sha string, size int64, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), datadir.DirMode); err != nil {
		return err
	}
	return WriteAtomic(path, 0o600, func(w io.Writer) error {
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(r, size+1))
		if err != nil {
			return fmt.Errorf("write %s: %w", short(filepath.Base(path)), err)
		}
		if n != size {
			return fmt.Errorf("%w: %s has %d bytes, expected %d", ErrContent, short(sha), n, size)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sha {
			return fmt.Errorf("%w: %s has SHA-256 %s", ErrContent, short(sha), short(got))
		}
		return nil
	})
}

// WriteAtomic makes the file at path, mode perm, from what write writes:
// into a temporary "*.part" file beside it, synced and renamed into place
// only once write succeeds, removed otherwise. So path is either as it
// was or whole; RemoveParts clears what a crash left.
func WriteAtomic(path string, perm fs.FileMode, write func(w io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*"+PartSuffix)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// RemoveParts deletes the "*.part" files directly in dir, leftovers of
// writes cut off by a crash or a failed sync. It returns how many it removed.
func RemoveParts(dir string) (int, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), PartSuffix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
