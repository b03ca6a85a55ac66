// Package sqlrows reads the rows of a query into a slice, so that a store
// writes how one row is scanned and not the loop around it.
package sqlrows

import (
	"context"
	"database/sql"
	"fmt"
)

// Scanner is one row to scan (a row of database/sql or pgx).
type Scanner = interface{ Scan(dest ...any) error }

// Rows are the rows of a query, of database/sql or pgx; the caller closes
// them.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// Collect reads every row with scan.
func Collect[T any](rows Rows, scan func(Scanner) (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Value scans a row of one column.
func Value[T any](row Scanner) (v T, err error) {
	err = row.Scan(&v)
	return v, err
}

// Querier runs a query: a *sql.DB, a *sql.Tx, an sqldb.Q.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Query runs query and reads every row with scan. What fails is wrapped
// with what, the caller's name for the reading.
func Query[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out, err := Collect(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
