package kioskcli

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/kiosk"
	"gongkai/internal/staff"
)

// runKiosk runs the kiosk command line with stdin and returns the exit
// status and what it wrote.
func runKiosk(t *testing.T, stdin string, args ...string) (int, string, string) {
	return cmdlinetest.Run(context.Background(), Main, cliNow, stdin, args...)
}

// openStaff opens the kiosk data directory dir the way the app does and
// returns its staff mode.
func openStaff(t *testing.T, dir string) *staff.Staff {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dir
	k, err := kiosk.Open(context.Background(), cfg, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	s, err := staff.Open(context.Background(), k.Store.DB(), k.Store, staff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSetPIN(t *testing.T) {
	const pin = "246810"
	for _, tc := range []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string // substring
	}{
		{"two lines", pin + "\n" + pin + "\n", nil, 0, ""},
		{"CRLF and no final newline", pin + "\r\n" + pin, nil, 0, ""},
		{"mismatch", pin + "\n135790\n", nil, 1, "两次输入的密码不一致"},
		{"weak", "123456\n123456\n", nil, 1, "连续的数字"},
		{"too short", "2468\n2468\n", nil, 1, "6 到 12 位"},
		{"one line", pin + "\n", nil, 1, "需要输入两遍密码"},
		{"nothing", "", nil, 1, "没有读到密码"},
		{"PIN as an argument", "", []string{pin}, 2, "takes no arguments"},
		{"unknown flag", "", []string{"--pin", pin}, 2, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"set-pin", "--data", dir}, tc.args...)
			code, stdout, stderr := runKiosk(t, tc.stdin, args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.stderr)
			}
			if tc.name != "PIN as an argument" && tc.name != "unknown flag" && strings.Contains(stdout+stderr, pin) {
				t.Errorf("output shows the PIN: %q %q", stdout, stderr)
			}
			s := openStaff(t, dir)
			st, err := s.Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.PINSet != (tc.code == 0) {
				t.Fatalf("PIN set = %v after exit %d", st.PINSet, code)
			}
			if tc.code != 0 {
				return
			}
			if !strings.Contains(stdout, "已设置工作人员密码") {
				t.Errorf("stdout = %q", stdout)
			}
			if ok, err := s.Verify(context.Background(), pin); !ok || err != nil {
				t.Errorf("Verify(new PIN) = %v, %v", ok, err)
			}
			log, err := s.Recent(context.Background(), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 1 || log[0].Action != staff.ActionSetPIN || log[0].StaffID != staff.ConsoleStaffID {
				t.Errorf("audit log = %+v, want one 设置密码 by console", log)
			}
		})
	}
}

// TestSetPINClearsLockout: the way out of a lockout at a terminal.
func TestSetPINClearsLockout(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runKiosk(t, "246810\n246810\n", "set-pin", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	s := openStaff(t, dir)
	for i := 0; i < staff.DefaultMaxFailures; i++ {
		s.Verify(context.Background(), "135790")
	}
	if _, err := s.Verify(context.Background(), "246810"); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("not locked: %v", err)
	}
	if code, _, stderr := runKiosk(t, "975310\n975310\n", "set-pin", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	if ok, err := openStaff(t, dir).Verify(context.Background(), "975310"); !ok || err != nil {
		t.Errorf("Verify after set-pin = %v, %v", ok, err)
	}
}
