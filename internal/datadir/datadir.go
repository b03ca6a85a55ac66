// Package datadir keeps the kiosk's and the hub's data private to the
// user that runs them, whatever the umask: data directories 0700, data
// files 0600. The databases hold sealed submissions, a kiosk's credential
// and the hub's decrypted view of them; nobody else on the machine has
// reason to read them.
//
// SQLite creates a database's -wal and -shm files with the database
// file's own permissions, so a database made 0600 (PrepareSQLite) before
// SQLite opens it keeps all three 0600.
package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Modes of data directories and files.
const (
	DirMode  fs.FileMode = 0o700
	FileMode fs.FileMode = 0o600
)

// Make creates dir (and missing parents) with DirMode, and narrows an
// existing dir to DirMode, e.g. one made by an older version or by hand.
func Make(dir string) error {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return err
	}
	return narrow(dir, DirMode)
}

// PrepareSQLite creates the database file at path, empty, with FileMode
// when it does not exist, and narrows it and its -wal, -shm and -journal
// files to FileMode when they do. Call it before SQLite opens path.
func PrepareSQLite(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, FileMode)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := narrow(p, FileMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// narrow sets path's permissions to mode unless they are that already.
func narrow(path string, mode fs.FileMode) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm() == mode {
		return nil
	}
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("narrow %s to %o: %w", path, mode, err)
	}
	return nil
}
