// Package staff is the non-visual core of the kiosk's staff mode: who may
// log in (each front-desk staff member with their own PIN, or the shared
// PIN before the hub's list arrives), the lockout after repeated wrong
// PINs, the in-memory staff session, and the append-only, hash-chained
// audit log of staff actions. The staff screen in internal/ui drives it;
// `kiosk set-pin` sets the shared PIN from a terminal.
//
// The hub publishes its front-desk staff (console accounts of the role 前台
// with a kiosk PIN) through the signed sync: each member's 工号, display
// name and the Argon2id hash of their PIN (see Roster). From the first
// staff change a kiosk receives, Login checks 工号 + PIN against that list,
// so the audit log names who really acted; the shared PIN then no longer
// logs in. Only a kiosk that has never received the list uses it.
//
// The shared PIN's hash and the lockout state live in the kiosk store's
// meta table (through MetaStore) so a restart does not reset a lockout;
// the audit log lives in the kiosk database in this package's own staff_*
// tables.
package staff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/wallclock"
	"gongkai/sync/protocol"
)

// MetaStore is the key/value part of the kiosk store (internal/store's
// Meta and SetMeta). Meta returns "" (or an error that is sql.ErrNoRows or
// has code not_found) for a key never set.
type MetaStore interface {
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Meta keys this package owns.
const (
	metaPINHash = "staff.pin_hash"
	metaLockout = "staff.lockout" // "failures,lockedUntilUnixMilli" in one value, so one write
)

// Lockout defaults: five wrong PINs in a row lock staff login for five
// minutes.
const (
	DefaultMaxFailures = 5
	DefaultLockout     = 5 * time.Minute
)

// ConsoleStaffID is the actor recorded for actions taken outside a staff
// session, such as `kiosk set-pin` at a terminal.
const ConsoleStaffID = "console"

// Options tune a Staff. The zero value is the production setting.
type Options struct {
	Now         func() time.Time // default wallclock.Now (time.Now, or faketime's)
	MaxFailures int              // default DefaultMaxFailures
	Lockout     time.Duration    // default DefaultLockout
	Params      Params           // default DefaultParams
	// Roster is the hub's front-desk staff list (internal/store keeps it).
	// Once it has arrived only its members log in, each with their own
	// PIN; until then, or when nil, the shared PIN does.
	Roster Roster
}

// Staff is staff mode's state: the PIN and lockout in meta, the audit log
// in db, and who is logged in (in memory only). It is safe for concurrent
// use.
type Staff struct {
	db   *sql.DB
	meta MetaStore
	opt  Options

	mu      sync.Mutex // serialises PIN checks, so the failure count is exact
	session *Session

	auditMu sync.Mutex // serialises audit appends within this process

	dummyOnce sync.Once
	dummy     string // a hash to check a 工号 not on the list against, so it takes as long
}

// Session is a logged-in staff member. It ends on idle like any visitor's
// session: the UI's idle reset calls End.
type Session struct {
	StaffID string
	// Name is the member's display name from the hub's list; "" for a
	// login with the shared PIN.
	Name    string
	Started time.Time
	// Personal is true when the staff member logged in with their own PIN
	// from the hub's list, false with the shared PIN.
	Personal bool
}

// Open returns the staff mode over the kiosk database db and its meta
// store, creating or upgrading the staff_* tables.
func Open(ctx context.Context, db *sql.DB, meta MetaStore, opt Options) (*Staff, error) {
	if opt.Now == nil {
		opt.Now = wallclock.Now
	}
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = DefaultMaxFailures
	}
	if opt.Lockout <= 0 {
		opt.Lockout = DefaultLockout
	}
	if opt.Params == (Params{}) {
		opt.Params = DefaultParams
	}
	if err := migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("staff migrate: %w", err)
	}
	return &Staff{db: db, meta: meta, opt: opt}, nil
}

// Status is what the PIN pad shows before anyone types: who may log in
// and whether login is locked.
type Status struct {
	PINSet bool // the shared PIN (kiosk set-pin) is set
	// Roster is true once the hub's front-desk staff list has arrived: only
	// its members log in, each with their own PIN; the shared PIN no
	// longer does.
	Roster      bool
	Members     int       // members of that list who may log in
	Failures    int       // wrong PINs in a row so far (any 工号)
	LockedUntil time.Time // zero when not locked
}

// Status returns who may log in and the lockout state.
func (s *Staff) Status(ctx context.Context) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hash, err := s.getMeta(ctx, metaPINHash)
	if err != nil {
		return Status{}, err
	}
	roster, members, err := s.roster(ctx)
	if err != nil {
		return Status{}, err
	}
	l, err := s.lockout(ctx, metaLockout)
	if err != nil {
		return Status{}, err
	}
	st := Status{PINSet: hash != "", Roster: roster, Members: members, Failures: l.failures}
	switch {
	case s.opt.Now().Before(l.until):
		st.LockedUntil = l.until
	case !l.until.IsZero():
		st.Failures = 0 // the lockout has run out: the next try starts afresh
	}
	return st, nil
}

// SetPIN checks pin against CheckPIN, stores only its Argon2id hash as the
// shared PIN, clears any lockout and records 设置密码 in the audit log, by
// the logged-in staff member or ConsoleStaffID when nobody is. The shared
// PIN logs in only until the hub's staff list arrives (Status.Roster).
func (s *Staff) SetPIN(ctx context.Context, pin string) error {
	if err := CheckPIN(pin); err != nil {
		return err
	}
	hash, err := hashPIN(pin, s.opt.Params)
	if err != nil {
		return err
	}
	s.mu.Lock()
	who := ConsoleStaffID
	if s.session != nil {
		who = s.session.StaffID
	}
	err = s.meta.SetMeta(ctx, metaPINHash, hash)
	if err == nil {
		err = s.setLockout(ctx, metaLockout, lockState{})
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("store pin hash: %w", err)
	}
	return s.Record(ctx, who, ActionSetPIN, Detail{})
}

// Verify reports whether pin is the shared staff PIN. A wrong PIN returns
// false and a nil error, except the one that reaches the limit, which
// returns the lockout error. While locked, Verify refuses without hashing
// and returns a *domain.Error (unauthorized) saying how long to wait. With
// no PIN set it returns a *domain.Error (not_found); once the hub's staff
// list has arrived, a *domain.Error (unauthorized) saying the shared PIN is
// retired. A correct PIN resets the count; so does the end of a lockout.
func (s *Staff) Verify(ctx context.Context, pin string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if roster, _, err := s.roster(ctx); err != nil {
		return false, err
	} else if roster {
		return false, errSharedRetired
	}
	r, err := s.verify(ctx, pin)
	return r.ok, err
}

// errSharedRetired: the hub's list has arrived, the shared PIN is retired.
var errSharedRetired = domain.Errorf(domain.EAUTH, "本机已收到管理平台的前台人员名单，共用密码已停用，请用本人工号和终端密码登录")

// verifyResult is what Login needs to know about one PIN check.
type verifyResult struct {
	ok       bool
	checked  bool   // the PIN was hashed (not refused by a lockout or no PIN)
	failures int    // wrong PINs in a row, this one included
	locked   bool   // this attempt set off the lockout
	personal bool   // checked against the member's own PIN (the hub's list)
	name     string // the member's display name, when personal
	why      Detail // why a personal check failed besides a wrong PIN
}

// verify checks the shared PIN, under s.mu.
func (s *Staff) verify(ctx context.Context, pin string) (verifyResult, error) {
	now := s.opt.Now()
	written, l, err := s.gate(ctx, metaLockout, now)
	if err != nil {
		return verifyResult{failures: l.failures}, err
	}
	stored, err := s.getMeta(ctx, metaPINHash)
	if err != nil {
		return verifyResult{}, err
	} else if stored == "" {
		return verifyResult{}, domain.Errorf(domain.ENOTFOUND, "尚未设置工作人员密码，请在终端运行 kiosk set-pin 设置")
	}
	match, params, err := matchPIN(pin, stored)
	if err != nil {
		return verifyResult{}, fmt.Errorf("staff pin: %w", err)
	}
	if match {
		if params != s.opt.Params {
			if h, err := hashPIN(pin, s.opt.Params); err == nil {
				_ = s.meta.SetMeta(ctx, metaPINHash, h) // best effort: the old hash still works
			}
		}
		if written != (lockState{}) {
			return verifyResult{ok: true, checked: true}, s.setLockout(ctx, metaLockout, lockState{})
		}
		return verifyResult{ok: true, checked: true}, nil
	}
	l, err = s.fail(ctx, metaLockout, l, now)
	r := verifyResult{checked: true, failures: l.failures, locked: !l.until.IsZero()}
	if err != nil {
		return r, err
	}
	if r.locked {
		return r, lockedError(s.opt.Lockout)
	}
	return r, nil
}

// gate reads the lockout under key at now. stored is as read; cur is what
// counts: a fresh start once a lockout has run out, and never longer than
// the lockout's length (a clock set back must not stretch it). While
// locked it returns the lockout error.
func (s *Staff) gate(ctx context.Context, key string, now time.Time) (stored, cur lockState, err error) {
	if stored, err = s.lockout(ctx, key); err != nil {
		return stored, stored, err
	}
	cur = stored
	if cur.until.IsZero() {
		return stored, cur, nil
	}
	if !now.Before(cur.until) {
		return stored, lockState{}, nil
	}
	if max := now.Add(s.opt.Lockout); cur.until.After(max) {
		cur.until = max
		if err := s.setLockout(ctx, key, cur); err != nil {
			return stored, cur, err
		}
	}
	return stored, cur, lockedError(cur.until.Sub(now))
}

// fail counts one more wrong PIN under key, locking at the limit.
func (s *Staff) fail(ctx context.Context, key string, l lockState, now time.Time) (lockState, error) {
	l.failures++
	if l.failures >= s.opt.MaxFailures {
		l.until = now.Add(s.opt.Lockout)
	}
	return l, s.setLockout(ctx, key, l)
}

// lockedError is the message the PIN pad shows while login is locked.
func lockedError(left time.Duration) error {
	secs := int((left + time.Second - 1) / time.Second) // round up: never say 0 秒
	var wait string
	switch m, sec := secs/60, secs%60; {
	case m == 0:
		wait = fmt.Sprintf("%d 秒", sec)
	case sec == 0:
		wait = fmt.Sprintf("%d 分钟", m)
	default:
		wait = fmt.Sprintf("%d 分 %d 秒", m, sec)
	}
	return domain.Errorf(domain.EAUTH, "密码错误次数过多，请 %s后再试", wait)
}

// Login checks staffID (a work number such as "0123"; see CheckStaffID)
// and pin and, if right, starts a session for staffID, ending any session
// already open. Once the hub's staff list has arrived, pin must be that
// member's own PIN and a wrong one counts against the 工号 as well as
// overall (five in a row lock either for five minutes); before, it is the
// shared PIN. It records 登录 (with which PIN), 登录失败 or 锁定. A wrong PIN
// is a *domain.Error (unauthorized) saying how many tries are left.
func (s *Staff) Login(ctx context.Context, staffID, pin string) (*Session, error) {
	if err := CheckStaffID(staffID); err != nil {
		return nil, err
	}
	s.mu.Lock()
	roster, _, err := s.roster(ctx)
	var r verifyResult
	switch {
	case err != nil:
	case roster:
		r, err = s.verifyMember(ctx, staffID, pin)
	default:
		r, err = s.verify(ctx, pin)
	}
	var prev, sess *Session
	if r.ok {
		prev = s.session
		sess = &Session{StaffID: staffID, Name: r.name, Started: s.opt.Now(), Personal: r.personal}
		s.session = sess
	}
	s.mu.Unlock()

	switch {
	case r.ok:
		if prev != nil {
			if rerr := s.Record(ctx, prev.StaffID, ActionLogout, reasonReplaced); rerr != nil {
				return nil, rerr
			}
		}
		if rerr := s.Record(ctx, staffID, ActionLogin, credential(r.personal)); rerr != nil {
			return nil, rerr
		}
		c := *sess
		return &c, err // a failure to clear the count is worth reporting
	case !r.checked:
		return nil, err // locked already, no PIN set, or storage trouble
	case r.locked:
		return nil, errors.Join(err,
			s.Record(ctx, staffID, ActionLoginFailed, Join(attempts(r.failures), r.why)),
			s.Record(ctx, staffID, ActionLocked, lockedFor(s.opt.Lockout)))
	default:
		if rerr := s.Record(ctx, staffID, ActionLoginFailed, Join(attempts(r.failures), r.why)); rerr != nil {
			return nil, rerr
		}
		if err != nil {
			return nil, err
		}
		if roster {
			return nil, domain.Errorf(domain.EAUTH, "工号或密码不正确，还可再试 %d 次", s.opt.MaxFailures-r.failures)
		}
		return nil, domain.Errorf(domain.EAUTH, "密码不正确，还可再试 %d 次", s.opt.MaxFailures-r.failures)
	}
}

// End ends the staff session, if any, and records 退出 with why. The UI's
// idle reset calls it unconditionally; with nobody logged in it does
// nothing.
func (s *Staff) End(ctx context.Context, why EndReason) error {
	s.mu.Lock()
	prev := s.session
	s.session = nil
	s.mu.Unlock()
	if prev == nil {
		return nil
	}
	return s.Record(ctx, prev.StaffID, ActionLogout, why.detail())
}

// Current returns a copy of the open session, or nil.
func (s *Staff) Current() *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session == nil {
		return nil
	}
	c := *s.session
	return &c
}

// CheckStaffID reports whether id can identify a staff member in the
// audit log: 1–10 letters, digits, '-' or '_' (a 工号, never a name; short
// and ASCII so a phone number or an ID number cannot be one), as the hub's
// staff list spells them (protocol.ValidStaffID).
func CheckStaffID(id string) error {
	if !protocol.ValidStaffID(id) {
		return domain.Errorf(domain.EINVALID, "工号须为 1 到 10 位字母、数字、“-”或“_”，请核对")
	}
	return nil
}

// lockState is the persisted lockout: wrong PINs in a row and, once they
// reach the limit, when login opens again.
type lockState struct {
	failures int
	until    time.Time
}

// lockout reads the lockout state under key: metaLockout for all logins,
// memberLockout(id) for one 工号 of the hub's list.
func (s *Staff) lockout(ctx context.Context, key string) (lockState, error) {
	v, err := s.getMeta(ctx, key)
	if err != nil || v == "" {
		return lockState{}, err
	}
	a, b, _ := strings.Cut(v, ",")
	n, err1 := strconv.Atoi(a)
	ms, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || n < 0 {
		// Unreadable state fails closed: locked (the five minutes restart on
		// every try) until SetPIN writes a fresh state.
		return lockState{failures: s.opt.MaxFailures, until: s.opt.Now().Add(s.opt.Lockout)}, nil
	}
	l := lockState{failures: n}
	if ms != 0 {
		l.until = time.UnixMilli(ms)
	}
	return l, nil
}

func (s *Staff) setLockout(ctx context.Context, key string, l lockState) error {
	var ms int64
	if !l.until.IsZero() {
		ms = l.until.UnixMilli()
	}
	if err := s.meta.SetMeta(ctx, key, strconv.Itoa(l.failures)+","+strconv.FormatInt(ms, 10)); err != nil {
		return fmt.Errorf("store staff lockout: %w", err)
	}
	return nil
}

// getMeta reads key, treating the store's "not set" answers as "".
func (s *Staff) getMeta(ctx context.Context, key string) (string, error) {
	v, err := s.meta.Meta(ctx, key)
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, sql.ErrNoRows) || domain.ErrorCode(err) == domain.ENOTFOUND:
		return "", nil
	default:
		return "", fmt.Errorf("read %s: %w", key, err)
	}
}
