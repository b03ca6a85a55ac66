package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
)

// Depts returns every 科室 by name.
func (s *Store) Depts(ctx context.Context) ([]string, error) {
	return sqlrows.Query(ctx, s.db.R(), "depts", func(row sqlrows.Scanner) (n string, err error) {
		return n, row.Scan(&n)
	}, `SELECT name FROM depts ORDER BY name`)
}

// AddDept creates a 科室 (a name already there is fine).
func (s *Store) AddDept(ctx context.Context, by, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return domain.Errorf(domain.EINVALID, "请填写科室名称")
	}
	if err := checkRoleDept("", name); err != nil {
		return err
	}
	now := s.opt.Now()
	return s.write(ctx, func(c sqldb.Q) error { return addDept(ctx, c, by, name, now) })
}

func addDept(ctx context.Context, c sqldb.Q, by, name string, now time.Time) error {
	res, err := c.ExecContext(ctx, `INSERT INTO depts (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, timeText(now))
	if err != nil {
		return fmt.Errorf("add dept: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return record(ctx, c, now, by, ActionAddDept, "科室 "+name)
}

// Handlers returns the enabled 承办人 accounts of a 科室 ("" for all), for
// the assignment form.
func (s *Store) Handlers(ctx context.Context, dept string) ([]*Account, error) {
	return sqlrows.Query(ctx, s.db.R(), "handlers", scanAccount, `SELECT `+accountColumns+` FROM accounts
		WHERE role = '承办人' AND disabled = FALSE AND (?1 = '' OR dept = ?1) ORDER BY dept, login`, dept)
}
