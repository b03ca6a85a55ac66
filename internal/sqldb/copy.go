package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// CopyRows copies columns of every row of table from r to w (moving a
// store from its SQLite file into PostgreSQL) and returns how many rows
// it inserted. A row whose key w holds already is left as it is (ON
// CONFLICT DO NOTHING), so a copy interrupted and run again completes
// without doubling a row. Then w's table must hold as many rows as r's:
// one more is a row that is not the source's, and an error. Values are read by their declared SQLite type:
// INTEGER as an integer, BLOB as bytes, anything else as text, NULL kept.
// order, when not "", is the ORDER BY the rows are copied in.
func CopyRows(ctx context.Context, r, w Q, table, columns, order string) (int, error) {
	q := `SELECT ` + columns + ` FROM ` + table
	if order != "" {
		q += ` ORDER BY ` + order
	}
	rows, err := r.QueryContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	insert := `INSERT INTO ` + table + ` (` + columns + `) VALUES (?` + strings.Repeat(", ?", len(types)-1) + `) ON CONFLICT DO NOTHING`
	n := 0
	for rows.Next() {
		vals := make([]any, len(types))
		for i, t := range types {
			switch strings.ToUpper(t.DatabaseTypeName()) {
			case "INTEGER", "INT", "BIGINT", "INT4", "INT8":
				vals[i] = new(sql.NullInt64)
			case "BLOB", "BYTEA":
				vals[i] = new([]byte)
			default:
				vals[i] = new(sql.NullString)
			}
		}
		if err := rows.Scan(vals...); err != nil {
			return n, fmt.Errorf("%s: %w", table, err)
		}
		for i, v := range vals {
			if b, ok := v.(*[]byte); ok {
				vals[i] = *b
			}
		}
		res, err := w.ExecContext(ctx, insert, vals...)
		if err != nil {
			return n, fmt.Errorf("%s: %w", table, err)
		}
		added, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		n += int(added)
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("%s: %w", table, err)
	}
	var want, have int
	if err := r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&want); err != nil {
		return n, fmt.Errorf("%s: %w", table, err)
	}
	if err := w.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&have); err != nil {
		return n, fmt.Errorf("%s: %w", table, err)
	}
	if have != want {
		return n, fmt.Errorf("%s: the target holds %d rows, the source %d", table, have, want)
	}
	return n, nil
}
