package hub

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/datadir"
	"gongkai/internal/pgdb"
)

// DatabaseFile is where `hub init --db URL` records, in the hub's data
// directory (mode 0600: the URL may hold a password), the PostgreSQL
// database every later command of that hub opens. Without it the hub's
// stores are the SQLite files in the directory.
const DatabaseFile = "database.url"

// ErrNotDatabaseURL refuses a --db or database_url that is not a
// postgres:// URL.
var ErrNotDatabaseURL = errors.New("the database must be a postgres:// or postgresql:// URL")

// DatabaseURL is the database of the hub in dir: explicit when given (a
// --db flag or database_url in the hub's config), else the URL `hub
// init` recorded in dir, else "" for the SQLite files in dir.
func DatabaseURL(dir, explicit string) (string, error) {
	if explicit != "" {
		if !pgdb.IsURL(explicit) {
			return "", ErrNotDatabaseURL
		}
		return explicit, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, DatabaseFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	url := strings.TrimSpace(string(b))
	if !pgdb.IsURL(url) {
		return "", fmt.Errorf("%s: %w", filepath.Join(dir, DatabaseFile), ErrNotDatabaseURL)
	}
	return url, nil
}

// RecordDatabaseURL writes url to dir's DatabaseFile for later commands.
func RecordDatabaseURL(dir, url string) error {
	return os.WriteFile(filepath.Join(dir, DatabaseFile), []byte(url+"\n"), datadir.FileMode)
}

// OpenStore opens the hub's catalogue Store: in PostgreSQL at
// databaseURL, or, when it is "", the SQLite files in dir. It and
// OpenSubmissionStore are the one place that chooses.
func OpenStore(ctx context.Context, dir, databaseURL string) (Store, error) {
	if databaseURL == "" {
		return OpenSQLite(ctx, dir)
	}
	s, err := OpenPG(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	s.spool = dir // an upload spooled for PutBlob stays on the hub's own disk
	return s, nil
}

// OpenSubmissionStore opens the hub's SubmissionStore as OpenStore does
// its Store.
func OpenSubmissionStore(ctx context.Context, dir, databaseURL string) (SubmissionStore, error) {
	if databaseURL == "" {
		return OpenSQLiteSubmissions(ctx, dir)
	}
	return OpenPGSubmissions(ctx, databaseURL)
}
