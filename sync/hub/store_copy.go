package hub

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// copyTable is a table the copy to PostgreSQL moves, with its columns,
// alike in both databases.
type copyTable struct {
	name string
	cols []string
}

// catalogueTables are the tables of the catalogue Stores that CopyStore
// moves, in an order that the rows that name others come after them.
// meta (the head) and the blobs are moved apart.
var catalogueTables = []copyTable{
	{"objects", []string{"kind", "id", "version", "deleted", "hash", "data", "changed"}},
	{"attachments", []string{"sha256", "size", "media_type", "added"}},
	{"kiosks", []string{"id", "no", "name", "token_hash", "enrolled", "last_seen", "catalogue_version", "revoked",
		"device_key", "report", "reported"}},
	{"enroll_codes", []string{"code_hash", "name", "created", "expires", "used", "kiosk_id"}},
	{"imports", []string{"at", "from_v", "to_v", "added", "updated", "deleted", "unchanged"}},
}

// catalogueTimeCols are the columns SQLite keeps as RFC 3339 text and
// PostgreSQL as timestamptz; catalogueBoolCols those SQLite keeps as 0
// or 1 and PostgreSQL as boolean.
var (
	catalogueTimeCols = map[string]bool{"objects.changed": true, "attachments.added": true, "kiosks.enrolled": true,
		"kiosks.last_seen": true, "kiosks.revoked": true, "kiosks.reported": true, "enroll_codes.created": true,
		"enroll_codes.expires": true, "enroll_codes.used": true, "imports.at": true}
	catalogueBoolCols = map[string]bool{"objects.deleted": true}
)

// convertedRows are a SQLite table's rows with each value of column col
// turned into PostgreSQL's by convert.
type convertedRows struct {
	tableRows
	cols    []string
	convert func(col string, v any) (any, error)
}

func (r convertedRows) Values() ([]any, error) {
	vals, err := r.tableRows.Values()
	if err != nil {
		return nil, err
	}
	for i, c := range r.cols {
		if vals[i], err = r.convert(c, vals[i]); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// catalogueValue turns the value of a catalogue table's column into
// PostgreSQL's.
func catalogueValue(table string) func(c string, v any) (any, error) {
	return func(c string, v any) (any, error) {
		col := table + "." + c
		switch x := v.(type) {
		case int64:
			if catalogueBoolCols[col] {
				return x != 0, nil
			}
		case string, []byte:
			if catalogueTimeCols[col] {
				t, err := time.Parse(time.RFC3339Nano, asText(x))
				if err != nil {
					return nil, fmt.Errorf("%s: %w", col, err)
				}
				return t, nil
			} else if s, ok := x.([]byte); ok && !isBytesCol(col) {
				return string(s), nil
			}
		}
		return v, nil
	}
}

// isBytesCol reports the columns that hold bytes rather than text.
func isBytesCol(col string) bool {
	switch col {
	case "objects.hash", "objects.data", "kiosks.token_hash", "kiosks.device_key", "enroll_codes.code_hash":
		return true
	}
	return false
}

// asText is a text value read from SQLite, as string or bytes.
func asText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}

// ErrCopyDiffers refuses a copy into a PostgreSQL database that holds
// rows the source does not have, or a source's row with other values: it
// is not a copy of this hub cut off halfway, and nothing of it is
// changed.
var ErrCopyDiffers = errors.New("the PostgreSQL database holds other data than this hub's")

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
