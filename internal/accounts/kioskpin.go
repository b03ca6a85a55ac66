package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
)

// The audit actions of kiosk PINs.
const (
	ActionSetKioskPIN   Action = "设置终端密码"
	ActionClearKioskPIN Action = "清除终端密码"
)

// staffNoPattern: a 工号 is typed on the kiosks' digit pad.
var staffNoPattern = regexp.MustCompile(`^[0-9]{1,10}$`)

// CheckStaffNo reports whether no can be a 前台 account's 工号: 1 to 10
// digits, as the kiosks' PIN pad takes them.
func CheckStaffNo(no string) error {
	if !staffNoPattern.MatchString(no) {
		return domain.Errorf(domain.EINVALID, "工号须为 1 到 10 位数字（终端登录时在数字键盘上输入）")
	}
	return nil
}

// SetKioskPIN gives the 前台 account login its own kiosk PIN (checked with
// password.CheckPIN, stored only as its Argon2id hash, with the kiosks'
// staff PIN parameters) and the 工号 it logs into the kiosks with; staffNo
// "" keeps the one it has. It records 设置终端密码 by by (an administrator,
// or the account itself) with the 工号, never the PIN. The hub publishes
// the change to the kiosks (KioskStaff).
func (s *Store) SetKioskPIN(ctx context.Context, by, login, staffNo, pin string) error {
	staffNo = strings.TrimSpace(staffNo)
	if staffNo != "" {
		if err := CheckStaffNo(staffNo); err != nil {
			return err
		}
	}
	if err := password.CheckPIN(pin); err != nil {
		return err
	}
	hash, err := password.Hash(pin, s.opt.Params)
	if err != nil {
		return err
	}
	return s.update(ctx, by, login, ActionSetKioskPIN, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		switch {
		case a.Role != RoleFrontDesk:
			return "", domain.Errorf(domain.EINVALID, "只有前台账号可以设置终端密码")
		case a.Disabled:
			return "", domain.Errorf(domain.ECONFLICT, "账号已停用，请先启用再设置终端密码")
		case staffNo == "" && a.StaffNo == "":
			return "", domain.Errorf(domain.EINVALID, "请先填写工号")
		case staffNo == "":
			staffNo = a.StaffNo
		}
		var other string
		err := c.QueryRowContext(ctx, `SELECT login FROM accounts WHERE staff_no = ? AND login <> ?`, staffNo, login).Scan(&other)
		switch {
		case err == nil:
			return "", domain.Errorf(domain.ECONFLICT, "工号 %s 已由账号 %s 使用", staffNo, other)
		case !errors.Is(err, sql.ErrNoRows):
			return "", err
		}
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET staff_no = ?, kiosk_pin_hash = ?, kiosk_pin_set = ? WHERE login = ?`,
			staffNo, hash, timeText(now), login); err != nil {
			return "", fmt.Errorf("set kiosk pin: %w", err)
		}
		return "账号 " + login + "；工号 " + staffNo, nil
	})
}

// SetOwnKioskPIN is a 前台 account setting its own kiosk PIN: its console
// password must be right (a wrong one counts toward the lockout, as when
// changing the password); the 工号 stays as an administrator set it.
func (s *Store) SetOwnKioskPIN(ctx context.Context, login, current, pin string) error {
	if err := password.CheckPIN(pin); err != nil {
		return err
	}
	if _, err := s.verify(ctx, login, current, "设置终端密码时"); err != nil {
		return err
	}
	return s.SetKioskPIN(ctx, login, login, "", pin)
}

// ClearKioskPIN removes the kiosk PIN of login (its 工号 stays), recording
// 清除终端密码; the kiosks drop the member on their next sync.
func (s *Store) ClearKioskPIN(ctx context.Context, by, login string) error {
	return s.update(ctx, by, login, ActionClearKioskPIN, func(c sqldb.Q, a *Account, now time.Time) (string, error) {
		if a.KioskPINSet.IsZero() {
			return "", domain.Errorf(domain.ECONFLICT, "该账号没有终端密码")
		}
		return "账号 " + login + "；工号 " + a.StaffNo, clearKioskPIN(ctx, c, login)
	})
}

func clearKioskPIN(ctx context.Context, c sqldb.Q, login string) error {
	_, err := c.ExecContext(ctx, `UPDATE accounts SET kiosk_pin_hash = '', kiosk_pin_set = '' WHERE login = ?`, login)
	return err
}

// KioskStaff is a front-desk account as the kiosks know it: what the hub
// publishes through the signed sync (sync/hub's PublishStaff).
type KioskStaff struct {
	StaffNo  string // the 工号
	Name     string // the display name, the only personal data sent
	PINHash  string // the kiosk PIN's Argon2id hash; "" when Disabled
	Disabled bool
}

// WithKioskStaff runs fn with the list KioskStaff returns while holding
// the accounts' write lock, which every account change takes too: hub
// processes sharing the accounts that each publish the list (fn) do so one
// at a time, each with the list as it is then, so an older list never
// lands after a newer one. fn must not write to the accounts.
func (s *Store) WithKioskStaff(ctx context.Context, fn func([]KioskStaff) error) error {
	return s.write(ctx, func(q sqldb.Q) error {
		list, err := kioskStaff(ctx, q) // through the lock's own connection: waiting writers may hold the others
		if err != nil {
			return err
		}
		return fn(list)
	})
}

// KioskStaff lists every 前台 account with a kiosk PIN, by 工号. A disabled
// account is listed without its hash, so kiosks refuse it.
func (s *Store) KioskStaff(ctx context.Context) ([]KioskStaff, error) {
	return kioskStaff(ctx, s.db.R())
}

func kioskStaff(ctx context.Context, q sqldb.Q) ([]KioskStaff, error) {
	return sqlrows.Query(ctx, q, "kiosk staff", func(row sqlrows.Scanner) (k KioskStaff, err error) {
		if err := row.Scan(&k.StaffNo, &k.Name, &k.PINHash, &k.Disabled); err != nil {
			return k, err
		}
		if k.Disabled {
			k.PINHash = ""
		}
		return k, nil
	}, `SELECT staff_no, name, kiosk_pin_hash, disabled FROM accounts
		WHERE role = ? AND staff_no <> '' AND kiosk_pin_hash <> '' ORDER BY staff_no`, string(RoleFrontDesk))
}
