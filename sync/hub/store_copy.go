package hub

import (
	"errors"
	"fmt"
	"time"
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
