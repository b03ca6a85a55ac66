package staff

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
)

const goodPIN = "246810"

// wrong types n wrong PINs, each of which must be refused without an
// error (the last one may lock: lastLocks).
func wrong(t *testing.T, s *Staff, n int, lastLocks bool) {
	t.Helper()
	for i := 1; i <= n; i++ {
		ok, err := s.Verify(context.Background(), "135790")
		if ok {
			t.Fatalf("wrong PIN %d accepted", i)
		}
		if i == n && lastLocks {
			if domain.ErrorCode(err) != domain.EAUTH || !strings.Contains(domain.ErrorMessage(err), "请 5 分钟后再试") {
				t.Fatalf("wrong PIN %d: err = %v, want the lockout", i, err)
			}
		} else if err != nil {
			t.Fatalf("wrong PIN %d: err = %v, want nil", i, err)
		}
	}
}

// assertLocked checks Verify refuses even the right PIN, saying wait.
func assertLocked(t *testing.T, s *Staff, wait string) {
	t.Helper()
	ok, err := s.Verify(context.Background(), goodPIN)
	if ok {
		t.Fatal("right PIN accepted while locked")
	}
	if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 "+wait+"后再试" {
		t.Fatalf("while locked: %q, want wait %q", msg, wait)
	}
}

// setPIN sets the shared PIN to goodPIN.
func setPIN(t testing.TB, s *Staff) {
	t.Helper()
	if err := s.SetPIN(context.Background(), goodPIN); err != nil {
		t.Fatal(err)
	}
}

// withPIN is a fixture whose shared PIN is goodPIN.
func withPIN(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, fastParams)
	setPIN(t, f.s)
	return f
}

func assertOpen(t *testing.T, s *Staff) {
	t.Helper()
	if ok, err := s.Verify(context.Background(), goodPIN); !ok || err != nil {
		t.Fatalf("Verify(right PIN) = %v, %v; want true", ok, err)
	}
}

func TestVerify(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if ok, err := f.s.Verify(ctx, goodPIN); ok || domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("Verify with no PIN set = %v, %v; want not_found", ok, err)
	}
	setPIN(t, f.s)
	for _, tc := range []struct {
		pin  string
		want bool
	}{
		{goodPIN, true},
		{"246811", false},
		{"2468100", false},
		{"24681", false},
		{"", false},
		{goodPIN, true},
	} {
		if ok, err := f.s.Verify(ctx, tc.pin); ok != tc.want || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want %v", tc.pin, ok, err, tc.want)
		}
	}
}

func TestLockoutAndExpiry(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 4, false)
	if st, _ := f.s.Status(context.Background()); st.Failures != 4 || !st.LockedUntil.IsZero() {
		t.Fatalf("after 4 wrong: %+v", st)
	}
	wrong(t, f.s, 1, true)
	assertLocked(t, f.s, "5 分钟")
	f.clock.Advance(30 * time.Second)
	assertLocked(t, f.s, "4 分 30 秒")
	if st, _ := f.s.Status(context.Background()); !st.LockedUntil.Equal(f.clock.Now().Add(270 * time.Second)) {
		t.Fatalf("Status.LockedUntil = %v", st.LockedUntil)
	}
	f.clock.Advance(270*time.Second - time.Millisecond)
	assertLocked(t, f.s, "1 秒")
	f.clock.Advance(time.Millisecond)
	if st, _ := f.s.Status(context.Background()); st.Failures != 0 || !st.LockedUntil.IsZero() {
		t.Fatalf("Status after the lockout ran out = %+v", st)
	}
	// Expired: the count starts again from zero, so four more wrong PINs
	// do not lock, and the right one opens.
	wrong(t, f.s, 4, false)
	assertOpen(t, f.s)
}

func TestExpiredLockoutStartsFreshCount(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 5, true)
	f.clock.Advance(DefaultLockout)
	wrong(t, f.s, 4, false)
	wrong(t, f.s, 1, true)
	assertLocked(t, f.s, "5 分钟")
}

func TestRightPINResetsCount(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 4, false)
	assertOpen(t, f.s)
	wrong(t, f.s, 4, false)
	assertOpen(t, f.s)
}

func TestLockoutSurvivesRestart(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 3, false)
	f.open(t, fastParams) // the count survives too
	wrong(t, f.s, 2, true)
	f.clock.Advance(time.Minute)
	f.open(t, fastParams)
	assertLocked(t, f.s, "4 分钟")
	f.clock.Advance(4 * time.Minute)
	f.open(t, fastParams)
	assertOpen(t, f.s)
}

// TestClockSetBack: a clock moved back an hour while locked must not turn
// five minutes into sixty-five.
func TestClockSetBack(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 5, true)
	f.clock.Advance(-time.Hour)
	assertLocked(t, f.s, "5 分钟")
	f.clock.Advance(5 * time.Minute)
	assertOpen(t, f.s)
}

func TestSetPINClearsLockout(t *testing.T) {
	f := withPIN(t)
	wrong(t, f.s, 5, true)
	setPIN(t, f.s)
	assertOpen(t, f.s)
}

// TestUnreadableLockoutFailsClosed: a lockout value nobody can parse
// locks login rather than opening it; set-pin clears it.
func TestUnreadableLockoutFailsClosed(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	setPIN(t, f.s)
	if err := (sqlMeta{f.db}).SetMeta(ctx, metaLockout, "garbage"); err != nil {
		t.Fatal(err)
	}
	assertLocked(t, f.s, "5 分钟")
	setPIN(t, f.s)
	assertOpen(t, f.s)
}

func TestLoginSession(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	if _, err := f.s.Login(ctx, "0123", goodPIN); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("Login with no PIN set: %v", err)
	}
	setPIN(t, f.s)
	for _, id := range []string{"", "张三", "13812345678", "a b", "12345678901"} {
		if _, err := f.s.Login(ctx, id, goodPIN); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("Login(%q) = %v, want invalid staff id", id, err)
		}
	}
	_, err := f.s.Login(ctx, "0123", "111222")
	if msg := domain.ErrorMessage(err); domain.ErrorCode(err) != domain.EAUTH || msg != "密码不正确，还可再试 4 次" {
		t.Fatalf("Login with wrong PIN: %v", err)
	}
	if f.s.Current() != nil {
		t.Fatal("session open after a wrong PIN")
	}
	sess, err := f.s.Login(ctx, "0123", goodPIN)
	if err != nil {
		t.Fatal(err)
	}
	if sess.StaffID != "0123" || !sess.Started.Equal(f.clock.Now()) {
		t.Errorf("session = %+v", sess)
	}
	if cur := f.s.Current(); cur == nil || *cur != *sess {
		t.Errorf("Current() = %+v, want %+v", cur, sess)
	}
	f.clock.Advance(time.Minute)
	if _, err := f.s.Login(ctx, "A-07", goodPIN); err != nil {
		t.Fatal(err)
	}
	if err := f.s.End(ctx, EndIdle); err != nil {
		t.Fatal(err)
	}
	if f.s.Current() != nil {
		t.Error("session still open after End")
	}
	if err := f.s.End(ctx, EndIdle); err != nil { // idle reset with nobody logged in
		t.Fatal(err)
	}
	// A session is memory only: a restart starts logged out.
	if _, err := f.s.Login(ctx, "0123", goodPIN); err != nil {
		t.Fatal(err)
	}
	f.open(t, fastParams)
	if f.s.Current() != nil {
		t.Error("session survived a restart")
	}

	assertLog(t, f.s, []string{
		"console 设置密码 ",
		"0123 登录失败 连续错误 1 次",
		"0123 登录 共用密码",
		"0123 退出 其他工作人员登录",
		"A-07 登录 共用密码",
		"A-07 退出 空闲超时",
		"0123 登录 共用密码",
	})
}

func TestLoginLockout(t *testing.T) {
	f := newFixture(t, fastParams)
	ctx := context.Background()
	setPIN(t, f.s)
	for i := 1; i <= 4; i++ {
		if _, err := f.s.Login(ctx, "0123", "999888"); domain.ErrorCode(err) != domain.EAUTH {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
	}
	_, err := f.s.Login(ctx, "0123", "999888")
	if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 5 分钟后再试" {
		t.Fatalf("fifth wrong PIN: %q", msg)
	}
	f.clock.Advance(time.Minute)
	_, err = f.s.Login(ctx, "0123", goodPIN)
	if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 4 分钟后再试" {
		t.Fatalf("right PIN while locked: %q", msg)
	}
	f.clock.Advance(4 * time.Minute)
	if _, err := f.s.Login(ctx, "0123", goodPIN); err != nil {
		t.Fatal(err)
	}
	if err := f.s.End(ctx, EndSignOut); err != nil {
		t.Fatal(err)
	}
	assertLog(t, f.s, []string{
		"console 设置密码 ",
		"0123 登录失败 连续错误 1 次",
		"0123 登录失败 连续错误 2 次",
		"0123 登录失败 连续错误 3 次",
		"0123 登录失败 连续错误 4 次",
		"0123 登录失败 连续错误 5 次",
		"0123 锁定 锁定 5 分钟",
		"0123 登录 共用密码",
		"0123 退出 主动退出",
	})
}

// assertLog checks the whole audit log, oldest first, as "who action
// detail", and that its chain verifies.
func assertLog(t *testing.T, s *Staff, want []string) {
	t.Helper()
	entries, err := s.Recent(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		got = append(got, e.StaffID+" "+string(e.Action)+" "+e.Detail)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := s.VerifyChain(context.Background()); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
}
