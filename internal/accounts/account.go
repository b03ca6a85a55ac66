package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
)

// Role is what an account may do in the console.
type Role string

// The roles of issue 11.
const (
	RoleRegistrar Role = "登记员" // registers applications, sees new ones arrive
	RoleHandler   Role = "承办人" // works the cases of their 科室
	RoleReviewer  Role = "审核人" // approves 延期, signs off replies
	RoleAdmin     Role = "管理员" // accounts, 科室, templates
	RoleFrontDesk Role = "前台"  // front-desk staff at the kiosks
)

// Roles lists every role in the order the console offers them.
var Roles = []Role{RoleRegistrar, RoleHandler, RoleReviewer, RoleAdmin, RoleFrontDesk}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == strings.TrimSpace(s) {
			return r, nil
		}
	}
	return "", domain.Errorf(domain.EINVALID, "角色须为 登记员、承办人、审核人、管理员 或 前台")
}

// Account is a staff member's console account.
type Account struct {
	Login       string
	Name        string // 姓名, shown in the console
	Role        Role
	Dept        string // 科室; required for a 承办人
	MustChange  bool   // an administrator reset the password: change it before anything else
	Disabled    bool
	Failures    int       // wrong passwords in a row
	LockedUntil time.Time // zero when not locked
	Created     time.Time
	LastLogin   time.Time // zero if never
	// StaffNo is the 工号 a 前台 account logs into the kiosks with, and
	// KioskPINSet when its own kiosk PIN was set (zero: none).
	StaffNo     string
	KioskPINSet time.Time
}

// Locked reports whether the account is locked at now.
func (a *Account) Locked(now time.Time) bool { return now.Before(a.LockedUntil) }

// State is the account's state in a word or two, for lists.
func (a *Account) State(now time.Time) string {
	switch {
	case a.Disabled:
		return "已停用"
	case a.Locked(now):
		return "已锁定至 " + a.LockedUntil.In(now.Location()).Format("15:04")
	case a.MustChange:
		return "须修改密码"
	}
	return "正常"
}

// NewAccount is what Add needs.
type NewAccount struct {
	Login    string
	Name     string
	Role     Role
	Dept     string
	Password string
}

var loginPattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// CheckLogin reports whether login can name an account: 2–32 lowercase
// ASCII letters, digits, '.', '_' or '-', starting with a letter.
func CheckLogin(login string) error {
	if !loginPattern.MatchString(login) {
		return domain.Errorf(domain.EINVALID, "用户名须为 2 到 32 位小写英文字母、数字或 . _ -，并以字母开头")
	}
	return nil
}

// MinPasswordLen is the shortest password accepted. Length, not character
// classes, is what makes a password hard to guess (NIST SP 800-63B).
const MinPasswordLen = 10

// CheckPassword reports whether pw may be set as login's password: 10 to
// 128 characters, not one character repeated, not containing the login.
func CheckPassword(login, pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen || n > 128:
		return domain.Errorf(domain.EINVALID, "密码须为 %d 到 128 个字符", MinPasswordLen)
	case strings.Count(pw, string([]rune(pw)[:1])) == n:
		return domain.Errorf(domain.EINVALID, "密码不能全部是同一个字符")
	case login != "" && strings.Contains(strings.ToLower(pw), login):
		return domain.Errorf(domain.EINVALID, "密码不能包含用户名")
	}
	return nil
}

// checkName: a display name is short plain text.
func checkName(name string) error {
	if utf8.RuneCountInString(name) > 32 || strings.ContainsAny(name, "\r\n\t") {
		return domain.Errorf(domain.EINVALID, "姓名最长 32 个字符")
	}
	return nil
}

// Actors that are not accounts, as the audit log names them.
const (
	ActorCLI     = "命令行"  // `hub user add` and other commands at the hub's terminal
	ActorUnknown = "未知账号" // a login attempt with a name no account has
)

// Add creates an account, recording 新建账号 by by (a login or ActorCLI).
// A 承办人 needs a 科室; a 科室 named for the first time is created.
func (s *Store) Add(ctx context.Context, by string, n NewAccount) (*Account, error) {
	n.Login, n.Name, n.Dept = strings.TrimSpace(n.Login), strings.TrimSpace(n.Name), strings.TrimSpace(n.Dept)
	if err := CheckLogin(n.Login); err != nil {
		return nil, err
	}
	if err := checkName(n.Name); err != nil {
		return nil, err
	}
	if _, err := ParseRole(string(n.Role)); err != nil {
		return nil, err
	}
	if err := checkRoleDept(n.Role, n.Dept); err != nil {
		return nil, err
	}
	if err := CheckPassword(n.Login, n.Password); err != nil {
		return nil, err
	}
	hash, err := password.Hash(n.Password, s.opt.Params)
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	err = s.write(ctx, func(c sqldb.Q) error {
		var exists int
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE login = ?`, n.Login).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return domain.Errorf(domain.ECONFLICT, "用户名“%s”已被使用", n.Login)
		}
		if n.Dept != "" {
			if err := addDept(ctx, c, by, n.Dept, now); err != nil {
				return err
			}
		}
		if _, err := c.ExecContext(ctx, `INSERT INTO accounts (login, name, role, dept, password_hash, created)
			VALUES (?, ?, ?, ?, ?, ?)`, n.Login, n.Name, string(n.Role), n.Dept, hash, timeText(now)); err != nil {
			return fmt.Errorf("add account: %w", err)
		}
		return record(ctx, c, now, by, ActionAddAccount, accountDetail(n.Login, n.Role, n.Dept))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, n.Login)
}

func checkRoleDept(r Role, dept string) error {
	if r == RoleHandler && dept == "" {
		return domain.Errorf(domain.EINVALID, "承办人须属于一个科室")
	}
	if utf8.RuneCountInString(dept) > 32 || strings.ContainsAny(dept, "\r\n\t") {
		return domain.Errorf(domain.EINVALID, "科室名称最长 32 个字符")
	}
	return nil
}

func accountDetail(login string, r Role, dept string) string {
	d := "账号 " + login + "；角色 " + string(r)
	if dept != "" {
		d += "；科室 " + dept
	}
	return d
}

// ErrNoAccount is the not_found error for a login no account has.
var ErrNoAccount = &domain.Error{Code: domain.ENOTFOUND, Message: "没有这个账号"}

const accountColumns = `login, name, role, dept, must_change, disabled, failures, locked_until, created, last_login,
	staff_no, kiosk_pin_set`

func scanAccount(row sqlrows.Scanner) (*Account, error) {
	var a Account
	var role, created, last, pinSet string
	var locked int64
	if err := row.Scan(&a.Login, &a.Name, &role, &a.Dept, &a.MustChange, &a.Disabled, &a.Failures, &locked, &created, &last,
		&a.StaffNo, &pinSet); err != nil {
		return nil, err
	}
	if pinSet != "" {
		a.KioskPINSet, _ = time.Parse(time.RFC3339Nano, pinSet)
	}
	a.Role = Role(role)
	if locked != 0 {
		a.LockedUntil = time.UnixMilli(locked)
	}
	a.Created, _ = time.Parse(time.RFC3339Nano, created)
	if last != "" {
		a.LastLogin, _ = time.Parse(time.RFC3339Nano, last)
	}
	return &a, nil
}

// Get returns the account login, or ErrNoAccount.
func (s *Store) Get(ctx context.Context, login string) (*Account, error) {
	a, err := scanAccount(s.db.R().QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE login = ?`, login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoAccount
	} else if err != nil {
		return nil, fmt.Errorf("account %s: %w", login, err)
	}
	return a, nil
}

// List returns every account, by role and login.
func (s *Store) List(ctx context.Context) ([]*Account, error) {
	return sqlrows.Query(ctx, s.db.R(), "accounts", scanAccount, `SELECT `+accountColumns+` FROM accounts ORDER BY
		CASE role WHEN '管理员' THEN 0 WHEN '审核人' THEN 1 WHEN '登记员' THEN 2 WHEN '承办人' THEN 3 ELSE 4 END, dept, login`)
}

// Count returns how many accounts there are (`hub serve` warns when none
// is an enabled 管理员).
func (s *Store) Count(ctx context.Context, role Role) (int, error) {
	var n int
	err := s.db.R().QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE role = ? AND disabled = FALSE`, string(role)).Scan(&n)
	return n, err
}

// update changes one account under the write lock and records action.
// fn returns the detail to record after its own checks; the account must
// exist.
func (s *Store) update(ctx context.Context, by, login string, action Action, fn func(c sqldb.Q, a *Account, now time.Time) (string, error)) error {
	now := s.opt.Now()
	return s.write(ctx, func(c sqldb.Q) error {
		a, err := scanAccount(c.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE login = ?`, login))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoAccount
		} else if err != nil {
			return fmt.Errorf("account %s: %w", login, err)
		}
		detail, err := fn(c, a, now)
		if err != nil {
			return err
		}
		return record(ctx, c, now, by, action, detail)
	})
}

// SetRole gives an account a role and 科室. An administrator cannot take
// the 管理员 role from the last enabled 管理员. A 前台 account given another
// role loses its kiosk PIN.
func (s *Store) SetRole(ctx context.Context, by, login string, role Role, dept string) error {
	dept = strings.TrimSpace(dept)
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	if err := checkRoleDept(role, dept); err != nil {
		return err
	}
	return s.update(ctx, by, login, ActionSetRole, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		if a.Role == RoleAdmin && role != RoleAdmin && !a.Disabled {
			if err := keepOneAdmin(ctx, c, login); err != nil {
				return "", err
			}
		}
		if dept != "" {
			if err := addDept(ctx, c, by, dept, now); err != nil {
				return "", err
			}
		}
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET role = ?, dept = ? WHERE login = ?`, string(role), dept, login); err != nil {
			return "", err
		}
		// A changed role changes what the open sessions may see: end them.
		if _, err := c.ExecContext(ctx, `DELETE FROM sessions WHERE login = ?`, login); err != nil {
			return "", err
		}
		detail := accountDetail(login, role, dept)
		if role != RoleFrontDesk && !a.KioskPINSet.IsZero() {
			// Only the 前台 log into the kiosks: the PIN goes with the role,
			// and does not come back with it.
			if err := clearKioskPIN(ctx, c, login); err != nil {
				return "", err
			}
			detail += "；终端密码已清除"
		}
		return detail, nil
	})
}

// SetName changes the display name.
func (s *Store) SetName(ctx context.Context, by, login, name string) error {
	name = strings.TrimSpace(name)
	if err := checkName(name); err != nil {
		return err
	}
	return s.update(ctx, by, login, ActionSetName, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		_, err := c.ExecContext(ctx, `UPDATE accounts SET name = ? WHERE login = ?`, name, login)
		return "账号 " + login, err
	})
}

func keepOneAdmin(ctx context.Context, c sqldb.Q, login string) error {
	var n int
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE role = '管理员' AND disabled = FALSE AND login <> ?`, login).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ECONFLICT, "这是唯一一个可用的管理员账号，不能停用或改为其他角色")
	}
	return nil
}

// SetDisabled disables (ending its sessions) or re-enables an account.
func (s *Store) SetDisabled(ctx context.Context, by, login string, disabled bool) error {
	action := ActionEnable
	if disabled {
		action = ActionDisable
	}
	return s.update(ctx, by, login, action, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		if disabled && a.Role == RoleAdmin {
			if err := keepOneAdmin(ctx, c, login); err != nil {
				return "", err
			}
		}
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET disabled = ? WHERE login = ?`, disabled, login); err != nil {
			return "", err
		}
		if disabled {
			if _, err := c.ExecContext(ctx, `DELETE FROM sessions WHERE login = ?`, login); err != nil {
				return "", err
			}
		}
		return "账号 " + login, nil
	})
}

// Unlock clears an account's lockout and failure count.
func (s *Store) Unlock(ctx context.Context, by, login string) error {
	return s.update(ctx, by, login, ActionUnlock, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		_, err := c.ExecContext(ctx, `UPDATE accounts SET failures = 0, locked_until = 0 WHERE login = ?`, login)
		return "账号 " + login, err
	})
}

// ResetPassword sets a password an administrator hands over: it clears
// the lockout, ends the account's sessions and makes the holder choose a
// new password at the next login.
func (s *Store) ResetPassword(ctx context.Context, by, login, pw string) error {
	return s.setPassword(ctx, by, login, pw, true)
}

// ChangePassword is the holder changing their own password: the current
// one must be right (a wrong one counts toward the lockout). It ends the
// account's other sessions, keeping keepToken's (the session asking; ""
// for none).
func (s *Store) ChangePassword(ctx context.Context, login, current, pw, keepToken string) error {
	if _, err := s.verify(ctx, login, current, "修改密码时"); err != nil {
		return err
	}
	if current == pw {
		return domain.Errorf(domain.EINVALID, "新密码不能与当前密码相同")
	}
	if err := s.setPassword(ctx, login, login, pw, false); err != nil {
		return err
	}
	_, err := s.db.W().ExecContext(ctx, `DELETE FROM sessions WHERE login = ? AND token_hash <> ?`, login, tokenHash(keepToken))
	return err
}

func (s *Store) setPassword(ctx context.Context, by, login, pw string, reset bool) error {
	if err := CheckPassword(login, pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw, s.opt.Params)
	if err != nil {
		return err
	}
	action := ActionChangePassword
	if reset {
		action = ActionResetPassword
	}
	return s.update(ctx, by, login, action, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, must_change = ?, failures = 0, locked_until = 0
			WHERE login = ?`, hash, reset, login); err != nil {
			return "", err
		}
		if reset {
			if _, err := c.ExecContext(ctx, `DELETE FROM sessions WHERE login = ?`, login); err != nil {
				return "", err
			}
		}
		return "账号 " + login, nil
	})
}
