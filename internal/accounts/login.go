package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/sqldb"
)

// errBadLogin is the one message for an unknown login and a wrong password,
// so the login page does not tell which accounts exist.
var errBadLogin = &domain.Error{Code: domain.EAUTH, Message: "用户名或密码不正确"}

// Authenticate checks a login and password and records 登录, 登录失败 or
// 锁定. The MaxFailures-th wrong password in a row locks the account for
// Lockout; while locked, Authenticate refuses without hashing. Errors are
// *domain.Error (unauthorized) with a message for the login page. It does
// not start a session (see NewSession).
func (s *Store) Authenticate(ctx context.Context, login, pw string) (*Account, error) {
	a, err := s.verify(ctx, login, pw, "")
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	err = s.write(ctx, func(c sqldb.Q) error {
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET last_login = ? WHERE login = ?`, timeText(now), login); err != nil {
			return err
		}
		return record(ctx, c, now, login, ActionLogin, "")
	})
	if err != nil {
		return nil, err
	}
	a.LastLogin = now
	return a, nil
}

// verify checks pw against login's hash, keeping the failure count and the
// lockout; why says what the check was for in the audit row of a failure
// ("" for a login).
func (s *Store) verify(ctx context.Context, login, pw, why string) (*Account, error) {
	a, err := s.Get(ctx, login)
	if errors.Is(err, ErrNoAccount) {
		s.burn(pw)
		now := s.opt.Now()
		if err := s.write(ctx, func(c sqldb.Q) error {
			return record(ctx, c, now, ActorUnknown, ActionLoginFailed, why)
		}); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	} else if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	if a.Locked(now) {
		// A clock set back must not stretch the lockout past its length.
		if max := now.Add(s.opt.Lockout); a.LockedUntil.After(max) {
			a.LockedUntil = max
			if _, err := s.db.W().ExecContext(ctx, `UPDATE accounts SET locked_until = ? WHERE login = ?`, max.UnixMilli(), login); err != nil {
				return nil, fmt.Errorf("lockout: %w", err)
			}
		}
		return nil, lockedError(a.LockedUntil.Sub(now))
	}
	var stored string
	if err := s.db.R().QueryRowContext(ctx, `SELECT password_hash FROM accounts WHERE login = ?`, login).Scan(&stored); err != nil {
		return nil, fmt.Errorf("account %s: %w", login, err)
	}
	ok, params, err := password.Match(pw, stored)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", login, err)
	}
	if ok {
		if a.Disabled {
			return nil, domain.Errorf(domain.EAUTH, "该账号已停用，请联系管理员")
		}
		if params != s.opt.Params {
			if h, err := password.Hash(pw, s.opt.Params); err == nil {
				_, _ = s.db.W().ExecContext(ctx, `UPDATE accounts SET password_hash = ? WHERE login = ? AND password_hash = ?`, h, login, stored)
			}
		}
		if a.Failures != 0 || !a.LockedUntil.IsZero() {
			if _, err := s.db.W().ExecContext(ctx, `UPDATE accounts SET failures = 0, locked_until = 0 WHERE login = ?`, login); err != nil {
				return nil, fmt.Errorf("reset failures: %w", err)
			}
			a.Failures, a.LockedUntil = 0, time.Time{}
		}
		return a, nil
	}
	var failures int
	var locked bool
	err = s.write(ctx, func(c sqldb.Q) error {
		locked = false // set afresh: the transaction may run again
		// An expired lockout starts the count afresh.
		if err := c.QueryRowContext(ctx, `UPDATE accounts SET
			failures = CASE WHEN locked_until <> 0 AND locked_until <= ?1 THEN 1 ELSE failures + 1 END,
			locked_until = CASE WHEN locked_until <> 0 AND locked_until <= ?1 THEN 0 ELSE locked_until END
			WHERE login = ?2 RETURNING failures`, now.UnixMilli(), login).Scan(&failures); err != nil {
			return err
		}
		detail := fmt.Sprintf("连续错误 %d 次", failures)
		if why != "" {
			detail = why + "；" + detail
		}
		if err := record(ctx, c, now, login, ActionLoginFailed, detail); err != nil {
			return err
		}
		if failures < s.opt.MaxFailures {
			return nil
		}
		locked = true
		if _, err := c.ExecContext(ctx, `UPDATE accounts SET locked_until = ? WHERE login = ?`, now.Add(s.opt.Lockout).UnixMilli(), login); err != nil {
			return err
		}
		return record(ctx, c, now, login, ActionLocked, fmt.Sprintf("锁定 %d 分钟", int(s.opt.Lockout/time.Minute)))
	})
	if err != nil {
		return nil, fmt.Errorf("count failure: %w", err)
	}
	if locked {
		return nil, lockedError(s.opt.Lockout)
	}
	return nil, errBadLogin
}

// burn spends as long as a real check, so an unknown login is not told
// apart by timing.
func (s *Store) burn(pw string) {
	s.dummyOnce.Do(func() { s.dummy, _ = password.Hash("not a password of anyone", s.opt.Params) })
	_, _, _ = password.Match(pw, s.dummy)
}

// lockedError is what the login page says while an account is locked.
func lockedError(left time.Duration) error {
	mins := int((left + time.Minute - 1) / time.Minute) // round up: never say 0 分钟
	return domain.Errorf(domain.EAUTH, "密码连续错误次数过多，账号已锁定，请 %d 分钟后再试，或请管理员解锁", mins)
}
