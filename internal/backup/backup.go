// Package backup copies a hub's data directory while the hub runs, and
// restores such a copy into an empty directory.
//
// A backup is a tar file (gzip-compressed when its name ends in .gz or
// .tgz) holding every file of the data directory under its relative path:
// each SQLite database (hub.db, submissions.db and whatever database a
// later component adds, recognised by its header, not its name) as a
// consistent snapshot taken with VACUUM INTO inside one read transaction,
// then the key files and the attachment blobs as they are, and last a
// MANIFEST with the SHA-256 of every file. Databases are snapshotted before
// the blobs are copied, so every blob a snapshot names is in the backup
// (blobs are written before the row that names them and never deleted).
// Each database is consistent in itself; two databases are snapshotted a
// moment apart, which the hub tolerates as it tolerates a crash between
// two of its writes.
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // VACUUM INTO

	"gongkai/sync/protocol"
)

// ManifestName is the last entry of every backup.
const ManifestName = "MANIFEST"

const manifestHeader = "# gongkai hub backup v1"

// Summary describes a backup written or restored.
type Summary struct {
	Databases []string // relative paths of the SQLite databases
	Files     int      // every file, databases included
	Bytes     int64    // their total size
}

// entry is one file of a backup as the manifest lists it.
type entry struct {
	path string // slash-separated, relative
	sum  string // hex SHA-256
	size int64
}

// WriteFile backs up the data directory dir into path: a temporary file
// beside it, synced and renamed into place, mode 0600 (the backup holds the
// hub's private keys).
func WriteFile(ctx context.Context, dir, path string, now time.Time) (Summary, error) {
	var sum Summary
	err := protocol.WriteAtomic(path, 0o600, func(f io.Writer) error {
		buf := bufio.NewWriterSize(f, 1<<20)
		var w io.Writer = buf
		var gz *gzip.Writer
		if compressed(path) {
			gz = gzip.NewWriter(buf)
			w = gz
		}
		var err error
		if sum, err = Write(ctx, dir, w, now, filepath.Dir(path)); err != nil {
			return err
		}
		if gz != nil {
			if err := gz.Close(); err != nil {
				return err
			}
		}
		return buf.Flush()
	})
	return sum, err
}

func compressed(path string) bool {
	return strings.HasSuffix(path, ".gz") || strings.HasSuffix(path, ".tgz")
}

// Write writes a backup of dir to w as a tar stream. The database
// snapshots pass through a temporary directory in tmpDir ("" for the
// system's), which needs room for the largest database.
func Write(ctx context.Context, dir string, w io.Writer, now time.Time, tmpDir string) (Summary, error) {
	var sum Summary
	dbs, files, err := scan(dir)
	if err != nil {
		return sum, err
	}
	tmp, err := os.MkdirTemp(tmpDir, ".gongkai-backup-")
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(tmp)
	tw := tar.NewWriter(w)
	var list []entry
	add := func(rel, src string, mtime time.Time) error {
		e, err := addFile(tw, rel, src, mtime)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		list = append(list, e)
		sum.Files++
		sum.Bytes += e.size
		return nil
	}
	// The databases first (see the package comment for why).
	for i, rel := range dbs {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		snap := filepath.Join(tmp, fmt.Sprintf("%d.db", i))
		if err := snapshot(ctx, filepath.Join(dir, rel), snap); err != nil {
			return sum, fmt.Errorf("snapshot %s: %w", rel, err)
		}
		if err := add(rel, snap, now); err != nil {
			return sum, err
		}
		os.Remove(snap)
		sum.Databases = append(sum.Databases, rel)
	}
	for _, rel := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		if err := add(rel, filepath.Join(dir, filepath.FromSlash(rel)), time.Time{}); errors.Is(err, fs.ErrNotExist) {
			continue // a temporary file gone since the scan
		} else if err != nil {
			return sum, err
		}
	}
	var m strings.Builder
	fmt.Fprintf(&m, "%s taken %s\n", manifestHeader, now.UTC().Format(time.RFC3339))
	for _, e := range list {
		fmt.Fprintf(&m, "%s %d %s\n", e.sum, e.size, e.path)
	}
	hdr := &tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(m.Len()), ModTime: now, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return sum, err
	}
	if _, err := io.WriteString(tw, m.String()); err != nil {
		return sum, err
	}
	return sum, tw.Close()
}

// scan lists the data directory: the SQLite databases and the other
// regular files, relative and slash-separated, sorted. SQLite's own
// side files (-wal, -shm, -journal) are left out, since a snapshot holds
// their content, and so are files still being written (*.part).
func scan(dir string) (dbs, files []string, err error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p != dir {
				return nil
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		switch {
		case strings.HasSuffix(name, "-wal"), strings.HasSuffix(name, "-shm"), strings.HasSuffix(name, "-journal"),
			strings.HasSuffix(name, protocol.PartSuffix), rel == ManifestName:
			return nil
		case isSQLite(p):
			dbs = append(dbs, rel)
		default:
			files = append(files, rel)
		}
		return nil
	})
	sort.Strings(dbs)
	sort.Strings(files)
	return dbs, files, err
}

// isSQLite reports whether the file at p starts with SQLite's header.
func isSQLite(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return n == 16 && string(head) == "SQLite format 3\x00"
}

// snapshot copies the database at src into the new file dst with VACUUM
// INTO, which reads src in one transaction: a consistent copy however many
// writers the hub has, without stopping them (WAL readers do not block
// writers). The copy is checked before it goes into the backup.
func snapshot(ctx context.Context, src, dst string) error {
	db, err := sql.Open("sqlite3", "file:"+src+"?_busy_timeout=30000")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return err
	}
	return runCheck(ctx, dst, `PRAGMA quick_check`)
}

// runCheck runs quick_check or integrity_check on the database file at p.
func runCheck(ctx context.Context, p, pragma string) error {
	db, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, pragma).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%s: %s", strings.TrimPrefix(pragma, "PRAGMA "), res)
	}
	return nil
}

// addFile writes the file at src into tw as rel, hashing it on the way,
// with mtime as its time (the file's own when zero). Files keep their
// owner-only modes; the data directory holds secrets.
func addFile(tw *tar.Writer, rel, src string, mtime time.Time) (entry, error) {
	f, err := os.Open(src)
	if err != nil {
		return entry{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return entry{}, err
	}
	if mtime.IsZero() {
		mtime = st.ModTime()
	}
	hdr := &tar.Header{Name: rel, Mode: int64(st.Mode().Perm() & 0o700), Size: st.Size(), ModTime: mtime, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return entry{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(f, st.Size()))
	if err != nil {
		return entry{}, err
	}
	if n != st.Size() {
		return entry{}, fmt.Errorf("shrank from %d to %d bytes while being copied", st.Size(), n)
	}
	return entry{path: rel, sum: hex.EncodeToString(h.Sum(nil)), size: n}, nil
}
