package hub

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5"
)

// CopyStore copies everything of a SQLite catalogue store into an empty
// PGStore, for moving a hub to PostgreSQL: every object and tombstone at
// its version (kiosks' catalogues stay valid and pages keep their
// contents, so the hub's key signs the same pages), the head, the
// attachments and their blobs (each checked against its SHA-256 again),
// the kiosks with their numbers, credentials, device keys and reports,
// the enrolment codes and the import log. It runs in one transaction that
// holds the head row, so the copy is all or nothing, and refuses a target
// that holds anything. It returns the rows copied per table ("blobs":
// the blobs).
func CopyStore(ctx context.Context, from *SQLiteStore, to *PGStore) (map[string]int64, error) {
	counts := map[string]int64{}
	err := pgx.BeginFunc(ctx, to.db, func(tx pgx.Tx) error {
		if _, err := pgHead(ctx, tx, "FOR UPDATE"); err != nil {
			return err
		}
		for _, tb := range append(catalogueTables, copyTable{name: "blobs"}) {
			var some bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+tb.name+`)`).Scan(&some); err != nil {
				return err
			} else if some {
				return fmt.Errorf("the PostgreSQL database already holds a catalogue (table %s is not empty)", tb.name)
			}
		}
		head, err := from.eachTable(ctx, func(table string, cols []string, rows tableRows) error {
			n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, convertedRows{rows, cols, catalogueValue(table)})
			counts[table] = n
			return err
		})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE catalogue_head SET version = $1`, head); err != nil {
			return err
		}
		shas, err := from.blobSHAs()
		if err != nil {
			return err
		}
		for _, sha := range shas {
			if err := copyBlob(ctx, tx, from, sha); err != nil {
				return err
			}
			counts["blobs"]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// copyBlob stores from's blob sha in tx.
func copyBlob(ctx context.Context, tx pgx.Tx, from *SQLiteStore, sha string) error {
	f, err := os.Open(from.blobPath(sha))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	return putBlobTx(ctx, tx, sha, st.Size(), f)
}
