package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var at = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)

// dataDir makes a directory shaped like a hub's: a WAL database whose
// last commits are still in its -wal file, a second database under a
// name the package does not know, a key file, a blob in a subdirectory and
// a blob still being written. It returns the open database.
func dataDir(t *testing.T) (string, *sql.DB) {
	t.Helper()
	dir := t.TempDir()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "hub.db")+"?_journal_mode=WAL&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	mustExec(t, db, `PRAGMA wal_autocheckpoint=0`)
	mustExec(t, db, `CREATE TABLE records (id TEXT PRIMARY KEY)`)
	mustExec(t, db, `INSERT INTO records VALUES ('a'), ('b')`)
	other, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "later-component.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, other, `CREATE TABLE cases (n INTEGER)`)
	other.Close()
	write(t, filepath.Join(dir, "sign.key"), "PRIVATE", 0o600)
	write(t, filepath.Join(dir, "blobs", "ab", "abcdef"), "attachment", 0o600)
	write(t, filepath.Join(dir, "blobs", "cd", "cdef.123.part"), "half", 0o600)
	return dir, db
}

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func write(t *testing.T, p, s string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), mode); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, p string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+p+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM records`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBackupIsConsistentWhileWritten: a transaction open during the
// backup is not in it, everything committed is (from the -wal too), and
// the restore gives back every file with owner-only modes.
func TestBackupIsConsistentWhileWritten(t *testing.T) {
	ctx := context.Background()
	dir, db := dataDir(t)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO records VALUES ('uncommitted')`); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	sum, err := WriteFile(ctx, dir, file, at)
	tx.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(sum.Databases, ","); got != "hub.db,later-component.sqlite" {
		t.Errorf("databases %s", got)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st, err)
	}

	to := filepath.Join(t.TempDir(), "restored")
	rs, err := RestoreFile(ctx, file, to)
	if err != nil {
		t.Fatal(err)
	}
	if rs.Files != 4 || len(rs.Databases) != 2 {
		t.Errorf("restored %+v, want 4 files and 2 databases", rs)
	}
	if n := count(t, filepath.Join(to, "hub.db")); n != 2 {
		t.Errorf("restored hub.db has %d records, want the 2 committed", n)
	}
	for p, want := range map[string]string{"sign.key": "PRIVATE", "blobs/ab/abcdef": "attachment"} {
		b, err := os.ReadFile(filepath.Join(to, p))
		st, _ := os.Stat(filepath.Join(to, p))
		if err != nil || string(b) != want || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %q %v", p, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(to, "blobs", "cd", "cdef.123.part")); err == nil {
		t.Error("a blob still being written was backed up")
	}
}

// backupBytes returns a plain tar backup of a fresh data directory.
func backupBytes(t *testing.T) []byte {
	t.Helper()
	dir, _ := dataDir(t)
	var b bytes.Buffer
	if _, err := Write(context.Background(), dir, &b, at, ""); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// retar rewrites a backup, letting edit change, drop (nil) or add entries.
func retar(t *testing.T, b []byte, edit func(name string, body []byte) []byte, extra ...[2]string) []byte {
	t.Helper()
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	put := func(name string, body []byte) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(body)), Typeflag: tar.TypeReg})
		tw.Write(body)
	}
	for _, e := range extra {
		put(e[0], []byte(e[1]))
	}
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		if body = edit(h.Name, body); body != nil {
			put(h.Name, body)
		}
	}
	tw.Close()
	return out.Bytes()
}

func TestRestoreRefusesDamagedBackups(t *testing.T) {
	good := backupBytes(t)
	same := func(_ string, body []byte) []byte { return body }
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"cut short before the manifest", retar(t, good, func(n string, b []byte) []byte {
			if n == ManifestName {
				return nil
			}
			return b
		}), "no MANIFEST"},
		{"a changed key", retar(t, good, func(n string, b []byte) []byte {
			if n == "sign.key" {
				return []byte("PRIVATX")
			}
			return b
		}), "sign.key differs"},
		{"a missing blob", retar(t, good, func(n string, b []byte) []byte {
			if strings.HasPrefix(n, "blobs/") {
				return nil
			}
			return b
		}), "lacks blobs/ab/abcdef"},
		{"an extra file", retar(t, good, same, [2]string{"extra", "x"}), "does not list"},
		{"a path outside", retar(t, good, same, [2]string{"../evil", "x"}), "outside the data directory"},
		{"truncated tar", good[:len(good)/2], ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := filepath.Join(t.TempDir(), "restored")
			_, err := Restore(context.Background(), bytes.NewReader(tt.b), to)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v, want an error with %q", err, tt.want)
			}
			if ents, _ := os.ReadDir(to); len(ents) != 0 {
				t.Errorf("a refused restore left %d entries in the directory", len(ents))
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(to), "evil")); err == nil {
				t.Error("an entry escaped the data directory")
			}
		})
	}
}

func TestRestoreRefusesNonEmptyDirectory(t *testing.T) {
	to := t.TempDir()
	write(t, filepath.Join(to, "hub.db"), "current", 0o600)
	_, err := Restore(context.Background(), bytes.NewReader(backupBytes(t)), to)
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Restore over a hub = %v, want ErrNotEmpty", err)
	}
	if b, _ := os.ReadFile(filepath.Join(to, "hub.db")); string(b) != "current" {
		t.Error("the current hub was touched")
	}
}
