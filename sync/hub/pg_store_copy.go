package hub

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// CopyStore copies everything of a SQLite catalogue store into a
// PGStore, for moving a hub to PostgreSQL: every object and tombstone at
// its version (kiosks' catalogues stay valid and pages keep their
// contents, so the hub's key signs the same pages), the head, the
// attachments and their blobs (each checked against its SHA-256 again),
// the kiosks with their numbers, credentials, device keys and reports,
// the enrolment codes and the import log. It runs in one transaction that
// holds the head row, so the copy is all or nothing. Run again after a
// migration cut off halfway, it keeps what the target holds of the
// source and copies the rest (copyResuming), and refuses a target holding
// anything else (ErrCopyDiffers). At the end the target's catalogue
// digest and head must be the source's. It returns the rows per table
// the target holds, all the source's ("blobs": the blobs).
func CopyStore(ctx context.Context, from *SQLiteStore, to *PGStore) (map[string]int64, error) {
	counts := map[string]int64{}
	err := pgx.BeginFunc(ctx, to.db, func(tx pgx.Tx) error {
		if _, err := pgHead(ctx, tx, "FOR UPDATE"); err != nil {
			return err
		}
		head, err := from.eachTable(ctx, func(table string, cols []string, rows tableRows) error {
			n, err := copyResuming(ctx, tx, table, cols, convertedRows{rows, cols, catalogueValue(table)})
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
			if err := copyBlob(ctx, tx, from, sha); err != nil { // a blob stored already is left
				return err
			}
		}
		var have int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM blobs`).Scan(&have); err != nil {
			return err
		} else if have != int64(len(shas)) {
			return fmt.Errorf("%w: %d blobs, this hub %d", ErrCopyDiffers, have, len(shas))
		}
		counts["blobs"] = have
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, sameCatalogue(ctx, from, to)
}

// sameCatalogue checks that to holds from's catalogue: the same head and
// digest.
func sameCatalogue(ctx context.Context, from *SQLiteStore, to *PGStore) error {
	var heads [2]int64
	var digests [2]string
	for i, s := range []Store{from, to} {
		var err error
		if heads[i], err = s.Head(ctx); err != nil {
			return err
		}
		if digests[i], err = s.Digest(ctx); err != nil {
			return err
		}
	}
	if heads[0] != heads[1] || digests[0] != digests[1] {
		return fmt.Errorf("the copied catalogue is at version %d with digest %s, this hub's at %d with %s",
			heads[1], short(digests[1]), heads[0], short(digests[0]))
	}
	return nil
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

// copyResuming copies rows (table's cols) into table in tx so that a copy
// cut off halfway and run again ends with exactly the source's rows: the
// rows are staged in a temporary table, those the table lacks are
// inserted (a multiset difference, so a row already copied is never
// copied twice), and then the table must hold as many rows as the source:
// a row it holds that the source has not, or a source's key with other
// values (a unique violation), is ErrCopyDiffers, and the caller's
// transaction is rolled back. Nothing already in table is changed. It
// returns the source's rows, all of which table now holds.
func copyResuming(ctx context.Context, tx pgx.Tx, table string, cols []string, rows pgx.CopyFromSource) (int64, error) {
	list, stage := strings.Join(cols, ", "), "copy_"+table
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE `+stage+` ON COMMIT DROP AS SELECT `+list+` FROM `+table+` WITH NO DATA`); err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{stage}, cols, rows)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	var pe *pgconn.PgError
	if _, err := tx.Exec(ctx, `INSERT INTO `+table+` (`+list+`) SELECT `+list+` FROM `+stage+` EXCEPT ALL SELECT `+list+` FROM `+table); errors.As(err, &pe) && pe.Code == "23505" {
		return 0, fmt.Errorf("%w: table %s holds a row with a key of this hub's but other values", ErrCopyDiffers, table)
	} else if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	var have int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&have); err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	if have != n {
		return 0, fmt.Errorf("%w: table %s holds %d rows, this hub %d", ErrCopyDiffers, table, have, n)
	}
	return n, nil
}
