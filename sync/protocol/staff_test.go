package protocol

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gongkai/internal/domain"
)

const someHash = "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

func TestStaffMemberCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    StaffMember
		ok   bool
	}{
		{"enabled with hash", StaffMember{ID: "0123", Name: "张前台", PINHash: someHash}, true},
		{"disabled without hash", StaffMember{ID: "0123", Name: "张前台", Disabled: true}, true},
		{"no name", StaffMember{ID: "7", PINHash: someHash}, true},
		{"no id", StaffMember{Name: "张前台", PINHash: someHash}, false},
		{"phone as id", StaffMember{ID: "13912345678", PINHash: someHash}, false},
		{"id with space", StaffMember{ID: "01 23", PINHash: someHash}, false},
		{"enabled without hash", StaffMember{ID: "0123"}, false},
		{"not argon2id", StaffMember{ID: "0123", PINHash: "$2y$10$abc"}, false},
		{"a plain PIN", StaffMember{ID: "0123", PINHash: "246810"}, false},
		{"disabled with hash", StaffMember{ID: "0123", PINHash: someHash, Disabled: true}, false},
		{"long name", StaffMember{ID: "0123", Name: strings.Repeat("张", MaxStaffName+1), PINHash: someHash}, false},
		{"name with newline", StaffMember{ID: "0123", Name: "张\n前台", PINHash: someHash}, false},
		{"name with bidi override", StaffMember{ID: "0123", Name: "张\u202e前台", PINHash: someHash}, false},
	} {
		err := tc.m.Check()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Check = %v, want ok %v", tc.name, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v is not ErrMalformed", tc.name, err)
		}
	}
}

func TestStaffMemberOf(t *testing.T) {
	m := StaffMember{ID: "0123", Name: "张前台", PINHash: someHash}
	data, _ := json.Marshal(m)
	got, err := StaffMemberOf(domain.Change{Version: 5, Kind: domain.KindStaff, ID: "0123", Data: data})
	if err != nil || got != m {
		t.Fatalf("StaffMemberOf = %+v, %v; want %+v", got, err, m)
	}
	for name, c := range map[string]domain.Change{
		"other id":   {Kind: domain.KindStaff, ID: "0124", Data: data},
		"other kind": {Kind: domain.KindEvent, ID: "0123", Data: data},
		"deleted":    {Kind: domain.KindStaff, ID: "0123", Deleted: true},
		"not json":   {Kind: domain.KindStaff, ID: "0123", Data: []byte(`{"id":`)},
	} {
		if _, err := StaffMemberOf(c); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}
