package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/sqldb"
)

// Session is a logged-in account in the console.
type Session struct {
	Token   string // the cookie value; only its SHA-256 is stored
	CSRF    string // the token every form of this session carries
	Account *Account
	Created time.Time
	Seen    time.Time // the last request
}

// ErrNoSession is the unauthorized error for a missing, ended or expired
// session: the console sends the browser to the login page.
var ErrNoSession = &domain.Error{Code: domain.EAUTH, Message: "登录已过期或已退出，请重新登录"}

// touchEvery limits how often a session's last request is written: a page
// and its stylesheet should not be two writes.
const touchEvery = 30 * time.Second

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("session token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSession starts a session for an account Authenticate let in, and
// removes sessions that have run out.
func (s *Store) NewSession(ctx context.Context, a *Account) (*Session, error) {
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return nil, err
	}
	now := s.opt.Now()
	if _, err := s.db.W().ExecContext(ctx, `DELETE FROM sessions WHERE seen < ?`, now.Add(-s.opt.Idle).UnixMilli()); err != nil {
		return nil, fmt.Errorf("prune sessions: %w", err)
	}
	if _, err := s.db.W().ExecContext(ctx, `INSERT INTO sessions (token_hash, login, csrf, created, seen) VALUES (?, ?, ?, ?, ?)`,
		tokenHash(token), a.Login, csrf, now.UnixMilli(), now.UnixMilli()); err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	return &Session{Token: token, CSRF: csrf, Account: a, Created: now, Seen: now}, nil
}

// Session returns the live session of token and marks it used now. A
// session idle for longer than the idle timeout is ended (recorded as 会话
// 过期) and, like an unknown token or a disabled account's, answered with
// ErrNoSession.
func (s *Store) Session(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, ErrNoSession
	}
	h := tokenHash(token)
	var login, csrf string
	var created, seen int64
	err := s.db.R().QueryRowContext(ctx, `SELECT login, csrf, created, seen FROM sessions WHERE token_hash = ?`, h).
		Scan(&login, &csrf, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoSession
	} else if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	now := s.opt.Now()
	last := time.UnixMilli(seen)
	if now.Sub(last) > s.opt.Idle {
		err := s.write(ctx, func(c sqldb.Q) error {
			res, err := c.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, h)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another request ended it first
			}
			return record(ctx, c, now, login, ActionExpired, fmt.Sprintf("空闲超过 %d 分钟", int(s.opt.Idle/time.Minute)))
		})
		if err != nil {
			return nil, fmt.Errorf("end session: %w", err)
		}
		return nil, ErrNoSession
	}
	a, err := s.Get(ctx, login)
	if err != nil {
		return nil, err
	}
	if a.Disabled {
		return nil, ErrNoSession
	}
	if now.Sub(last) >= touchEvery || now.Before(last) {
		if _, err := s.db.W().ExecContext(ctx, `UPDATE sessions SET seen = ? WHERE token_hash = ?`, now.UnixMilli(), h); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
		last = now
	}
	return &Session{Token: token, CSRF: csrf, Account: a, Created: time.UnixMilli(created), Seen: last}, nil
}

// EndSession ends the session of token (退出) and records it. Ending a
// session that is already gone does nothing.
func (s *Store) EndSession(ctx context.Context, token string) error {
	h := tokenHash(token)
	now := s.opt.Now()
	return s.write(ctx, func(c sqldb.Q) error {
		var login string
		err := c.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING login`, h).Scan(&login)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return record(ctx, c, now, login, ActionLogout, "")
	})
}
