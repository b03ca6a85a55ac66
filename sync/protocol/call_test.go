package protocol

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStaffCallCheck(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		screen string
		at     time.Time
		ok     bool
	}{
		{"依申请公开·申请人信息", at, true},
		{"政府信息公开指南（2024年版）", at, true},
		{"", at, false},
		{"  ", at, false},
		{"首页", time.Time{}, false},
		{strings.Repeat("页", MaxCallScreen+1), at, false},
		{"首页\u202e", at, false},
		{"首页\n", at, false},
		{"依申请公开·13912345678", at, false},
		{"依申请公开·a@b.cn", at, false},
	} {
		err := StaffCall{Screen: tc.screen, At: tc.at}.Check()
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrMalformed)) {
			t.Errorf("Check(%q, %v) = %v, want ok %v", tc.screen, tc.at, err, tc.ok)
		}
	}
}
