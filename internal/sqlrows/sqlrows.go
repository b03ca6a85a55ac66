// Package sqlrows reads the rows of a query into a slice (Query, Collect),
// through a function (Each) or as one optional value (Optional), so that a
// store writes how one row is scanned and not the loop around it.
package sqlrows

import (
	"context"
	"database/sql"
	"errors"
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

// RowQuerier runs a query of one row: a *sql.DB, a *sql.Tx, an sqldb.Q.
type RowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Optional reads the one value query selects, if there is a row: none is
// the zero T and no error (an unset key, a link not made).
func Optional[T any](ctx context.Context, q RowQuerier, query string, args ...any) (T, error) {
	var v T
	err := q.QueryRowContext(ctx, query, args...).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	return v, err
}

// Query runs query and reads every row with scan. What fails is wrapped
// with what, the caller's name for the reading.
func Query[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := Each(ctx, q, what, func(row Scanner) error {
		v, err := scan(row)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Each runs query and calls fn with every row, stopping at the first
// error fn returns: for a reading that is not a list (a map, a count, a
// digest). What fails is wrapped with what, the caller's name for the
// reading.
func Each(ctx context.Context, q Querier, what string, fn func(Scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
