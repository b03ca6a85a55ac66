package datadir_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"gongkai/internal/datadir"
)

// TestNarrowsWhatOlderVersionsMade: a data directory and a database with
// its -wal and -shm files left 0755/0644 by an older version are narrowed
// when opened again; new ones are made private.
func TestNarrowsWhatOlderVersionsMade(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kiosk.db")
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := datadir.Make(dir); err != nil {
		t.Fatal(err)
	}
	if err := datadir.PrepareSQLite(db); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "new", "hub.db")
	if err := datadir.Make(filepath.Dir(fresh)); err != nil {
		t.Fatal(err)
	}
	if err := datadir.PrepareSQLite(fresh); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700, filepath.Dir(fresh): 0o700, db: 0o600, db + "-wal": 0o600,
		db + "-shm": 0o600, fresh: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
	}
	if b, _ := os.ReadFile(db); string(b) != "x" {
		t.Errorf("PrepareSQLite changed an existing database's content: %q", b)
	}
}

func TestFree(t *testing.T) {
	if n, err := datadir.Free(t.TempDir()); err != nil || n == 0 {
		t.Errorf("Free = %d, %v", n, err)
	}
	if _, err := datadir.Free(filepath.Join(t.TempDir(), "gone")); err == nil {
		t.Error("Free of a missing directory: no error")
	}
	if _, err := datadir.Free(""); err == nil {
		t.Error("Free of no directory: no error")
	}
}
