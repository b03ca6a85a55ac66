package accounts

import (
	"context"
	"fmt"
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

// CopyTo copies every 科室, account (password and kiosk PIN hashes, lockout
// state) and audit row of s into dst, which must hold no account and no
// audit row yet: moving a hub from console.db to PostgreSQL. Audit rows
// keep their numbers, times and hashes, so dst's chain verifies to the
// same head as s's. Sessions are not copied: staff log in again. It runs
// in one transaction of dst: all or nothing.
func (s *Store) CopyTo(ctx context.Context, dst *Store) (Copied, error) {
	var c Copied
	err := dst.write(ctx, func(w sqldb.Q) error {
		var n int
		if err := w.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM console_audit)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "目标数据库已有账号或审计日志，不能复制")
		}
		var err error
		if c.Depts, err = copyRows(ctx, s.db.R(), w, "depts", "name, created", 2); err != nil {
			return err
		}
		if c.Accounts, err = copyRows(ctx, s.db.R(), w, "accounts", accountCopyColumns, 14); err != nil {
			return err
		}
		c.Audit, err = copyRows(ctx, s.db.R(), w, "console_audit ORDER BY seq", "seq, at, login, action, detail, prev_hash, hash", 7)
		return err
	})
	if err != nil {
		return Copied{}, fmt.Errorf("copy accounts: %w", err)
	}
	return c, nil
}

// copyRows copies columns (n of them) of every row of from (a table,
// perhaps with an ORDER BY) from r to w, returning how many.
func copyRows(ctx context.Context, r, w sqldb.Q, from, columns string, n int) (int, error) {
	table, _, _ := strings.Cut(from, " ")
	rows, err := r.QueryContext(ctx, `SELECT `+columns+` FROM `+from)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return 0, err
	}
	marks := "?" + strings.Repeat(", ?", n-1)
	count := 0
	for rows.Next() {
		vals := make([]any, n)
		for i := range vals {
			vals[i] = scanTarget(cols[i].Name())
		}
		if err := rows.Scan(vals...); err != nil {
			return count, fmt.Errorf("%s: %w", table, err)
		}
		if _, err := w.ExecContext(ctx, `INSERT INTO `+table+` (`+columns+`) VALUES (`+marks+`)`, vals...); err != nil {
			return count, fmt.Errorf("%s: %w", table, err)
		}
		count++
	}
	return count, rows.Err()
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
