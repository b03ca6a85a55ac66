package staff

import (
	"context"
	"fmt"

	"gongkai/sync/protocol"
)

// Roster is the front-desk staff list the hub publishes through the signed
// sync (internal/store's StaffMember and StaffRoster): each member's 工号,
// display name and the Argon2id hash of their own kiosk PIN, or that the
// account is disabled.
type Roster interface {
	// StaffMember returns the member with 工号 id and whether there is one.
	StaffMember(ctx context.Context, id string) (protocol.StaffMember, bool, error)
	// StaffRoster reports whether a list has ever arrived (even one since
	// emptied) and how many of its members may log in.
	StaffRoster(ctx context.Context) (received bool, active int, err error)
}

// roster reports whether the hub's list has arrived, and its active
// members.
func (s *Staff) roster(ctx context.Context) (bool, int, error) {
	if s.opt.Roster == nil {
		return false, 0, nil
	}
	received, active, err := s.opt.Roster.StaffRoster(ctx)
	if err != nil {
		return false, 0, fmt.Errorf("staff list: %w", err)
	}
	return received, active, nil
}

// memberLockout is the meta key of one 工号's lockout. Only members of the
// hub's list get one, so a stranger typing made-up 工号 cannot fill the
// meta table; their tries count in the overall lockout.
func memberLockout(id string) string { return metaLockout + "." + id }

// Why a personal login failed besides a wrong PIN, for the audit log.
var (
	reasonNotListed = Detail{text: "工号不在前台人员名单"}
	reasonDisabled  = Detail{text: "账号已停用"}
)

// credential is the detail of a login: which PIN let the staff member in.
func credential(personal bool) Detail {
	if personal {
		return Detail{text: "本人终端密码"}
	}
	return Detail{text: "共用密码"}
}

// verifyMember checks pin against the own PIN of the member with 工号 id,
// under s.mu. Every wrong try counts toward the overall lockout and, for a
// listed 工号, toward that 工号's own: reaching the limit in either locks.
// A 工号 not on the list, or disabled, is checked against a dummy hash so
// the answer takes as long, and refused as a wrong PIN would be.
func (s *Staff) verifyMember(ctx context.Context, id, pin string) (verifyResult, error) {
	now := s.opt.Now()
	allStored, all, err := s.gate(ctx, metaLockout, now)
	if err != nil {
		return verifyResult{failures: all.failures}, err
	}
	m, listed, err := s.opt.Roster.StaffMember(ctx, id)
	if err != nil {
		return verifyResult{}, fmt.Errorf("staff list: %w", err)
	}
	key := memberLockout(id)
	var mineStored, mine lockState
	if listed {
		if mineStored, mine, err = s.gate(ctx, key, now); err != nil {
			return verifyResult{failures: mine.failures}, err
		}
	}
	var match bool
	var why Detail
	switch {
	case !listed:
		why = reasonNotListed
		s.dummyCheck(pin)
	case m.Disabled || m.PINHash == "":
		why = reasonDisabled
		s.dummyCheck(pin)
	default:
		if match, _, err = matchPIN(pin, m.PINHash); err != nil {
			return verifyResult{}, fmt.Errorf("staff pin of %s: %w", id, err)
		}
	}
	if match {
		if allStored != (lockState{}) {
			err = s.setLockout(ctx, metaLockout, lockState{})
		}
		if mineStored != (lockState{}) && err == nil {
			err = s.setLockout(ctx, key, lockState{})
		}
		return verifyResult{ok: true, checked: true, personal: true, name: m.Name}, err
	}
	all, err = s.fail(ctx, metaLockout, all, now)
	r := verifyResult{checked: true, failures: all.failures, why: why}
	if err == nil && listed {
		mine, err = s.fail(ctx, key, mine, now)
		r.failures = max(r.failures, mine.failures)
	}
	r.locked = !all.until.IsZero() || !mine.until.IsZero()
	if err != nil {
		return r, err
	}
	if r.locked {
		return r, lockedError(s.opt.Lockout)
	}
	return r, nil
}

// dummyCheck hashes pin against a hash of no one's PIN, so a 工号 that
// cannot log in takes as long to refuse as a wrong PIN.
func (s *Staff) dummyCheck(pin string) {
	s.dummyOnce.Do(func() { s.dummy, _ = hashPIN("dummy-pin", s.opt.Params) })
	if s.dummy != "" {
		_, _, _ = matchPIN(pin, s.dummy)
	}
}
