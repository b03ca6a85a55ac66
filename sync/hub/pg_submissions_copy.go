package hub

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CopySubmissions copies every row of a SQLite submissions store into a
// PGSubmissions, for moving a hub to PostgreSQL: record numbers and feed
// sequence numbers are kept (kiosks' feed cursors stay valid, staff see
// the same numbers), sealed bytes and signatures are copied as they are,
// and the numbering goes on after the highest copied. It runs in one
// transaction holding the writer lock, so the copy is all or nothing.
// Run again after a migration cut off halfway, it keeps what the target
// holds of the source and copies the rest, never a record twice
// (copyResuming), and refuses a target holding anything else
// (ErrCopyDiffers). It returns the rows per table the target holds, all
// the source's.
func CopySubmissions(ctx context.Context, from *SQLiteSubmissions, to *PGSubmissions) (map[string]int64, error) {
	counts := map[string]int64{}
	err := pgx.BeginTxFunc(ctx, to.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		if err := lockWriter(ctx, tx); err != nil {
			return err
		}
		if err := from.eachTable(ctx, func(table string, cols []string, rows tableRows) error {
			n, err := copyResuming(ctx, tx, table, cols, convertedRows{rows, cols, submissionValue})
			counts[table] = n
			return err
		}); err != nil {
			return err
		}
		for _, seq := range [][2]string{{"records", "n"}, {"feed", "seq"}} {
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), m)
				FROM (SELECT max(`+seq[1]+`) AS m FROM `+seq[0]+`) x WHERE m IS NOT NULL`, seq[0], seq[1]); err != nil {
				return fmt.Errorf("numbering of %s: %w", seq[0], err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// submissionValue turns SQLite's 0/1 of boolCols into booleans.
func submissionValue(col string, v any) (any, error) {
	if n, ok := v.(int64); ok && boolCols[col] {
		return n != 0, nil
	}
	return v, nil
}
