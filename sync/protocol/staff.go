package protocol

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
	"gongkai/internal/freetext"
)

// StaffMember is one front-desk staff member as the kiosks know them: the
// data of a [domain.KindStaff] change, whose ID is the member's 工号. The hub
// publishes one per 前台 account that has a kiosk PIN, from its console;
// a kiosk that has received any lets only them into staff mode, each with
// their own PIN (see package internal/staff).
//
// PINHash is the Argon2id PHC string of the PIN (internal/password's
// format, the kiosk's own staff PIN parameters); the PIN itself never
// leaves the console. A disabled account stays in the list with Disabled
// set and no hash, so kiosks refuse it on their next sync. Name is the only
// personal data: the display name the staff screen shows.
type StaffMember struct {
	ID       string `json:"id"`
	Name     string `json:"name,omitempty"`
	PINHash  string `json:"pin_hash,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// staffIDPattern: a 工号 is short ASCII, so a name, a phone number (11
// digits) or an ID number (18) cannot be one.
var staffIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,10}$`)

// ValidStaffID reports whether id can be a 工号: 1–10 ASCII letters,
// digits, '-' or '_'.
func ValidStaffID(id string) bool { return staffIDPattern.MatchString(id) }

// MaxStaffName is the longest display name, in characters.
const MaxStaffName = 32

// Check reports a member the kiosks must not accept: a bad 工号, a name
// too long or with control or format characters, an enabled member without an
// Argon2id hash or a disabled one with a hash.
func (m StaffMember) Check() error {
	switch {
	case !ValidStaffID(m.ID):
		return fmt.Errorf("%w: staff member %q: not a 工号", ErrMalformed, m.ID)
	case utf8.RuneCountInString(m.Name) > MaxStaffName || badText(m.Name):
		return fmt.Errorf("%w: staff member %s: bad name", ErrMalformed, m.ID)
	case m.Disabled && m.PINHash != "":
		return fmt.Errorf("%w: staff member %s: disabled with a PIN hash", ErrMalformed, m.ID)
	case !m.Disabled && (!strings.HasPrefix(m.PINHash, "$argon2id$") || len(m.PINHash) > 256):
		return fmt.Errorf("%w: staff member %s: no argon2id PIN hash", ErrMalformed, m.ID)
	}
	return nil
}

// badText: a name holding a control or format character (U+202E …) or
// bytes that are not UTF-8; freetext.Normalize makes one that passes.
func badText(s string) bool {
	_, _, bad := freetext.Invalid(s, false)
	return bad
}

// StaffMemberOf decodes and checks the data of a live KindStaff change.
func StaffMemberOf(c domain.Change) (StaffMember, error) {
	var m StaffMember
	if c.Kind != domain.KindStaff || c.Deleted {
		return m, fmt.Errorf("%w: %s %s is not a staff member", ErrMalformed, c.Kind, c.ID)
	}
	if err := json.Unmarshal(c.Data, &m); err != nil {
		return m, fmt.Errorf("%w: staff member %s: %v", ErrMalformed, c.ID, err)
	}
	if m.ID != c.ID {
		return m, fmt.Errorf("%w: staff member %q under id %q", ErrMalformed, m.ID, c.ID)
	}
	return m, m.Check()
}
