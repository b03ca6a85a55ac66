package accounts

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gongkai/internal/domain"
	"gongkai/internal/sqldb"
)

// Copied counts what CopyTo copied.
type Copied struct {
	Depts, Accounts, Audit int
}

// accountCopyColumns are every column of accounts, as CopyTo moves them.
const accountCopyColumns = `login, name, role, dept, password_hash, must_change, disabled, failures, locked_until,
	created, last_login, staff_no, kiosk_pin_hash, kiosk_pin_set`

// copySources are what CopyTo copies and compares: a table (with the
// order its rows are compared in) and its columns.
var copySources = [3]struct{ from, columns string }{
	{"depts ORDER BY name", "name, created"},
	{"accounts ORDER BY login", accountCopyColumns},
	{"console_audit ORDER BY seq", "seq, at, login, action, detail, prev_hash, hash"},
}

// CopyTo copies every 科室, account (password and kiosk PIN hashes, lockout
// state) and audit row of s into dst: moving a hub from console.db to
// PostgreSQL. Audit rows keep their numbers, times and hashes, so dst's
// chain verifies to the same head as s's. Sessions are not copied: staff
// log in again. It runs in one transaction of dst: all or nothing. A dst
// that holds accounts or audit rows already must hold exactly s's (a
// migration cut off after this copy committed, run again): then nothing
// is copied; else it is refused and left as it is.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (Copied, error) {
	var c Copied
	err := dst.write(ctx, func(w sqldb.Q) error {
		var n int
		if err := w.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM console_audit)`).Scan(&n); err != nil {
			return err
		}
		counts := [3]*int{&c.Depts, &c.Accounts, &c.Audit}
		if n > 0 {
			for i, t := range copySources {
				have, err := rowsOf(ctx, w, t.from, t.columns)
				if err != nil {
					return err
				}
				want, err := rowsOf(ctx, s.db.R(), t.from, t.columns)
				if err != nil {
					return err
				}
				if !slices.Equal(have, want) {
					return domain.Errorf(domain.ECONFLICT, "目标数据库已有其他账号或审计日志，不能复制")
				}
				*counts[i] = len(want)
			}
			return nil
		}
		for i, t := range copySources {
			var err error
			if *counts[i], err = copyRows(ctx, s.db.R(), w, t.from, t.columns, strings.Count(t.columns, ",")+1); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Copied{}, fmt.Errorf("copy accounts: %w", err)
	}
	return c, nil
}

// rowsOf reads columns of every row of from (a table with an ORDER BY)
// as CopyTo copies them, each row as one string, to compare two stores.
func rowsOf(ctx context.Context, q sqldb.Q, from, columns string) ([]string, error) {
	var list []string
	err := eachRow(ctx, q, from, columns, func(vals []any) error {
		var b strings.Builder
		for _, v := range vals {
			fmt.Fprintf(&b, "%q,", fmt.Sprint(reflect.ValueOf(v).Elem().Interface()))
		}
		list = append(list, b.String())
		return nil
	})
	return list, err
}

// copyRows copies columns (n of them) of every row of from (a table,
// perhaps with an ORDER BY) from r to w, returning how many.
func copyRows(ctx context.Context, r, w sqldb.Q, from, columns string, n int) (int, error) {
	table, _, _ := strings.Cut(from, " ")
	insert := `INSERT INTO ` + table + ` (` + columns + `) VALUES (?` + strings.Repeat(", ?", n-1) + `)`
	count := 0
	err := eachRow(ctx, r, from, columns, func(vals []any) error {
		if _, err := w.ExecContext(ctx, insert, vals...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		count++
		return nil
	})
	return count, err
}

// eachRow calls fn with columns of every row of from, each value read
// into its scanTarget.
func eachRow(ctx context.Context, q sqldb.Q, from, columns string, fn func(vals []any) error) error {
	table, _, _ := strings.Cut(from, " ")
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM `+from)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = scanTarget(cols[i].Name())
		}
		if err := rows.Scan(vals...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanTarget is where a column's value is read: booleans as bool (SQLite
// keeps them as integers, PostgreSQL as boolean), counts and times in
// milliseconds as int64, the rest as text.
func scanTarget(column string) any {
	switch column {
	case "must_change", "disabled":
		return new(bool)
	case "failures", "locked_until", "seq":
		return new(int64)
	}
	return new(string)
}
