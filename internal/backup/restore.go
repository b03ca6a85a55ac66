package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNotEmpty is returned when the directory to restore into holds files.
var ErrNotEmpty = errors.New("the directory to restore into is not empty")

// RestoreFile restores the backup at file (tar, or tar.gz by its name)
// into dir, which must be missing or empty.
func RestoreFile(ctx context.Context, file, dir string) (Summary, error) {
	f, err := os.Open(file)
	if err != nil {
		return Summary{}, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if compressed(file) {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return Summary{}, fmt.Errorf("%s: %w", file, err)
		}
		defer gz.Close()
		r = gz
	}
	return Restore(ctx, r, dir)
}

// Restore extracts a backup read from r into dir, which must be missing or
// empty, and checks it: every file against the manifest's SHA-256, no file
// missing or extra, every database with SQLite's integrity_check. On any
// failure it removes what it wrote, leaving dir empty; a hub is never
// started on half a backup.
func Restore(ctx context.Context, r io.Reader, dir string) (sum Summary, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return sum, err
	}
	if ents, err := os.ReadDir(dir); err != nil {
		return sum, err
	} else if len(ents) > 0 {
		return sum, fmt.Errorf("%w: %s holds %s", ErrNotEmpty, dir, ents[0].Name())
	}
	defer func() {
		if err != nil {
			empty(dir)
		}
	}()
	got := map[string]entry{}
	var manifest []byte
	tr := tar.NewReader(r)
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return sum, fmt.Errorf("read backup: %w", err)
		}
		if hdr.Typeflag != tar.TypeReg {
			return sum, fmt.Errorf("backup entry %q is not a regular file", hdr.Name)
		}
		if hdr.Name == ManifestName {
			if manifest, err = io.ReadAll(io.LimitReader(tr, 64<<20)); err != nil {
				return sum, err
			}
			continue
		}
		rel := path.Clean(hdr.Name)
		if !fs.ValidPath(rel) || rel == "." {
			return sum, fmt.Errorf("backup entry %q is outside the data directory", hdr.Name)
		}
		if _, dup := got[rel]; dup {
			return sum, fmt.Errorf("backup entry %q appears twice", rel)
		}
		e, err := extract(tr, filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return sum, fmt.Errorf("%s: %w", rel, err)
		}
		e.path = rel
		got[rel] = e
		sum.Files++
		sum.Bytes += e.size
	}
	want, err := parseManifest(manifest)
	if err != nil {
		return sum, err
	}
	for _, e := range want {
		g, ok := got[e.path]
		switch {
		case !ok:
			return sum, fmt.Errorf("the backup lacks %s, which its manifest lists", e.path)
		case g.sum != e.sum || g.size != e.size:
			return sum, fmt.Errorf("%s differs from the backup's manifest (damaged backup)", e.path)
		}
		delete(got, e.path)
	}
	for p := range got {
		return sum, fmt.Errorf("the backup holds %s, which its manifest does not list", p)
	}
	for _, e := range want {
		p := filepath.Join(dir, filepath.FromSlash(e.path))
		if !isSQLite(p) {
			continue
		}
		if err := integrity(ctx, p); err != nil {
			return sum, fmt.Errorf("%s: %w", e.path, err)
		}
		sum.Databases = append(sum.Databases, e.path)
	}
	return sum, nil
}

// extract writes one file, mode 0600, in directories of mode 0700.
func extract(r io.Reader, p string) (entry, error) {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return entry{}, err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return entry{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return entry{sum: hex.EncodeToString(h.Sum(nil)), size: n}, err
}

// parseManifest reads "sha256 size path" lines after the header line.
func parseManifest(b []byte) ([]entry, error) {
	if b == nil {
		return nil, errors.New("the backup has no MANIFEST: it is incomplete (cut short while written or copied) or not a hub backup")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if !strings.HasPrefix(lines[0], manifestHeader) {
		return nil, fmt.Errorf("MANIFEST starts with %q, not %q", lines[0], manifestHeader)
	}
	var out []entry
	for _, l := range lines[1:] {
		f := strings.SplitN(l, " ", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("MANIFEST line %q", l)
		}
		size, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("MANIFEST line %q", l)
		}
		out = append(out, entry{sum: f[0], size: size, path: f[2]})
	}
	return out, nil
}

// integrity runs SQLite's full integrity_check on a restored database.
func integrity(ctx context.Context, p string) error {
	return runCheck(ctx, p, `PRAGMA integrity_check`)
}

// empty removes everything inside dir, leaving dir.
func empty(dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
