package hub

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gongkai/sync/protocol"
)

// eachTable calls fn with the rows of every table of catalogueTables,
// read from one snapshot, and returns the head of that snapshot (for
// CopyStore).
func (s *SQLiteStore) eachTable(ctx context.Context, fn func(table string, cols []string, rows tableRows) error) (int64, error) {
	var h int64
	err := eachSQLiteTable(ctx, s.r, append([]copyTable{{"meta", []string{"key", "value"}}}, catalogueTables...),
		func(table string, cols []string, rows tableRows) error {
			if table != "meta" {
				return fn(table, cols, rows)
			}
			for rows.Next() {
				v, err := rows.Values()
				if err != nil {
					return err
				}
				if asText(v[0]) == "head" {
					_, err = fmt.Sscan(asText(v[1]), &h)
				}
				if err != nil {
					return err
				}
			}
			return rows.Err()
		})
	return h, err
}

// blobSHAs lists the blobs stored under blobs/ (whole files only, not
// the .part files of a write cut off).
func (s *SQLiteStore) blobSHAs() ([]string, error) {
	var shas []string
	err := filepath.WalkDir(s.blobs, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == s.blobs {
			return filepath.SkipDir
		} else if err != nil {
			return err
		}
		if name := d.Name(); !d.IsDir() && protocol.ValidSHA256(name) && !strings.HasSuffix(name, protocol.PartSuffix) {
			shas = append(shas, name)
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	sort.Strings(shas)
	return shas, err
}
