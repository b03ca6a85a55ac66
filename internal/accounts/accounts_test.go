package accounts_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
)

func TestAddChecksItsInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, _, _ := newStore(t, b)
		ctx := context.Background()
		for _, tc := range []struct {
			n    accounts.NewAccount
			code string
			want string
		}{
			{accounts.NewAccount{Login: "li.si", Role: accounts.RoleHandler, Dept: "办公室", Password: "long-enough-1"}, "", ""},
			{accounts.NewAccount{Login: "li.si", Role: accounts.RoleRegistrar, Password: "long-enough-1"}, domain.ECONFLICT, "已被使用"},
			{accounts.NewAccount{Login: "Zhang", Role: accounts.RoleRegistrar, Password: "long-enough-1"}, domain.EINVALID, "小写"},
			{accounts.NewAccount{Login: "张三", Role: accounts.RoleRegistrar, Password: "long-enough-1"}, domain.EINVALID, "用户名"},
			{accounts.NewAccount{Login: "zhang", Role: "局长", Password: "long-enough-1"}, domain.EINVALID, "角色"},
			{accounts.NewAccount{Login: "zhang", Role: accounts.RoleHandler, Password: "long-enough-1"}, domain.EINVALID, "科室"},
			{accounts.NewAccount{Login: "zhang", Role: accounts.RoleReviewer, Password: "short"}, domain.EINVALID, "10 到 128"},
			{accounts.NewAccount{Login: "zhang", Role: accounts.RoleReviewer, Password: "aaaaaaaaaaaa"}, domain.EINVALID, "同一个字符"},
			{accounts.NewAccount{Login: "zhang", Role: accounts.RoleReviewer, Password: "zhang-2026-pass"}, domain.EINVALID, "用户名"},
			{accounts.NewAccount{Login: "zhang", Role: accounts.RoleReviewer, Password: "密码是十个汉字组成的"}, "", ""},
		} {
			_, err := s.Add(ctx, "admin", tc.n)
			if got := domain.ErrorCode(err); got != tc.code || !strings.Contains(domain.ErrorMessage(err), tc.want) {
				t.Errorf("Add(%+v) = %v, want code %q mentioning %q", tc.n, err, tc.code, tc.want)
			}
		}
		a, err := s.Get(ctx, "li.si")
		if err != nil || a.Role != accounts.RoleHandler || a.Dept != "办公室" || a.Disabled || a.MustChange {
			t.Fatalf("Get(li.si) = %+v, %v", a, err)
		}
		if d, _ := s.Depts(ctx); !slices.Equal(d, []string{"办公室"}) {
			t.Errorf("Depts = %v, want the 科室 created with the account", d)
		}
		want := []string{"命令行:新建账号", "admin:新建科室", "admin:新建账号", "admin:新建账号"}
		wantActions(t, s, want)
	})
}

// TestLockout: five wrong passwords in a row lock the account for 15
// minutes, during which even the right password is refused; afterwards it
// works and the count starts afresh.
func TestLockout(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, _ := newStore(t, b)
		ctx := context.Background()
		for i := 1; i <= 4; i++ {
			if _, err := s.Authenticate(ctx, "admin", "wrong-password"); domain.ErrorMessage(err) != "用户名或密码不正确" {
				t.Fatalf("wrong password %d: %v", i, err)
			}
		}
		_, err := s.Authenticate(ctx, "admin", "wrong-password")
		if domain.ErrorCode(err) != domain.EAUTH || !strings.Contains(domain.ErrorMessage(err), "请 15 分钟后再试") {
			t.Fatalf("fifth wrong password = %v, want the lockout", err)
		}
		c.Advance(14 * time.Minute)
		if _, err := s.Authenticate(ctx, "admin", adminPW); !strings.Contains(domain.ErrorMessage(err), "请 1 分钟后再试") {
			t.Fatalf("right password while locked = %v", err)
		}
		if a, _ := s.Get(ctx, "admin"); !a.Locked(c.Now()) || a.Failures != 5 {
			t.Fatalf("account while locked = %+v", a)
		}
		c.Advance(time.Minute)
		if a, err := s.Authenticate(ctx, "admin", adminPW); err != nil || a.Failures != 0 {
			t.Fatalf("right password after the lockout = %+v, %v", a, err)
		}
		want := []string{"命令行:新建账号",
			"admin:登录失败", "admin:登录失败", "admin:登录失败", "admin:登录失败", "admin:登录失败", "admin:锁定",
			"admin:登录"}
		wantActions(t, s, want)
	})
}

func TestLockoutExpiresAndCountRestarts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, _ := newStore(t, b)
		ctx := context.Background()
		lockOut(s, "admin")
		c.Advance(16 * time.Minute)
		if _, err := s.Authenticate(ctx, "admin", "wrong-password"); domain.ErrorMessage(err) != "用户名或密码不正确" {
			t.Fatalf("wrong password after the lockout = %v, want a fresh count", err)
		}
		if a, _ := s.Get(ctx, "admin"); a.Failures != 1 || a.Locked(c.Now()) {
			t.Errorf("account = %+v, want 1 failure and unlocked", a)
		}
	})
}

func TestClockSetBackDoesNotStretchLockout(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, _ := newStore(t, b)
		ctx := context.Background()
		lockOut(s, "admin")
		c.Advance(-24 * time.Hour)
		if _, err := s.Authenticate(ctx, "admin", adminPW); !strings.Contains(domain.ErrorMessage(err), "15 分钟") {
			t.Fatalf("after the clock went back: %v", err)
		}
		c.Advance(15 * time.Minute)
		if _, err := s.Authenticate(ctx, "admin", adminPW); err != nil {
			t.Fatalf("15 minutes after the clock went back: %v", err)
		}
	})
}

func TestUnknownLoginLooksLikeAWrongPassword(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, _, _ := newStore(t, b)
		ctx := context.Background()
		_, err := s.Authenticate(ctx, "13800138000", "whatever-pass")
		if domain.ErrorMessage(err) != "用户名或密码不正确" {
			t.Fatalf("unknown login = %v", err)
		}
		es, _ := s.Audit(ctx, 1, 0)
		if es[0].Actor != accounts.ActorUnknown || strings.Contains(es[0].Detail, "138") {
			t.Errorf("audit row = %+v: the typed name must not be kept", es[0])
		}
	})
}

func TestAdminActions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, _ := newStore(t, b)
		ctx := context.Background()
		if _, err := s.Add(ctx, "admin", accounts.NewAccount{Login: "li", Role: accounts.RoleHandler, Dept: "一科", Password: "first-pass-01"}); err != nil {
			t.Fatal(err)
		}
		lockOut(s, "li")
		if err := s.Unlock(ctx, "admin", "li"); err != nil {
			t.Fatal(err)
		}
		a, err := s.Authenticate(ctx, "li", "first-pass-01")
		if err != nil {
			t.Fatalf("after unlock: %v", err)
		}
		sess, err := s.NewSession(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, "admin", "li", accounts.RoleReviewer, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, sess.Token); err != accounts.ErrNoSession {
			t.Errorf("session after a role change = %v, want ended", err)
		}
		if err := s.ResetPassword(ctx, "admin", "li", "temporary-pass-9"); err != nil {
			t.Fatal(err)
		}
		if a, err := s.Authenticate(ctx, "li", "temporary-pass-9"); err != nil || !a.MustChange {
			t.Fatalf("after reset: %+v, %v; want MustChange", a, err)
		}
		if err := s.ChangePassword(ctx, "li", "wrong-password", "my-own-pass-22", ""); domain.ErrorCode(err) != domain.EAUTH {
			t.Errorf("change with a wrong current password = %v", err)
		}
		if err := s.ChangePassword(ctx, "li", "temporary-pass-9", "my-own-pass-22", ""); err != nil {
			t.Fatal(err)
		}
		if a, err := s.Authenticate(ctx, "li", "my-own-pass-22"); err != nil || a.MustChange {
			t.Fatalf("after change: %+v, %v", a, err)
		}
		if err := s.SetDisabled(ctx, "admin", "li", true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "li", "my-own-pass-22"); !strings.Contains(domain.ErrorMessage(err), "停用") {
			t.Errorf("disabled account = %v", err)
		}
		if _, err := s.Authenticate(ctx, "li", "wrong-password"); domain.ErrorMessage(err) != "用户名或密码不正确" {
			t.Errorf("disabled account, wrong password = %v: must not tell it is disabled", err)
		}
		// The only administrator cannot be disabled or demoted.
		if err := s.SetDisabled(ctx, "admin", "admin", true); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("disable the last admin = %v", err)
		}
		if err := s.SetRole(ctx, "admin", "admin", accounts.RoleRegistrar, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("demote the last admin = %v", err)
		}
		if err := s.Unlock(ctx, "admin", "nobody"); err != accounts.ErrNoAccount {
			t.Errorf("unlock unknown = %v", err)
		}
		_ = c
		got := actions(t, s)
		for _, want := range []string{"admin:解锁账号", "admin:修改角色", "admin:重置密码", "li:修改密码", "admin:停用账号"} {
			if !slices.Contains(got, want) {
				t.Errorf("audit %v lacks %s", got, want)
			}
		}
	})
}

// TestSessions: a session lives 30 minutes after its last request, is
// shared by every process on the same data directory, and ends on logout.
func TestSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, open := newStore(t, b)
		ctx := context.Background()
		a, err := s.Authenticate(ctx, "admin", adminPW)
		if err != nil {
			t.Fatal(err)
		}
		sess, err := s.NewSession(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		other := open(t, c) // a second hub process
		for i := 0; i < 3; i++ {
			c.Advance(29 * time.Minute)
			got, err := other.Session(ctx, sess.Token)
			if err != nil || got.Account.Login != "admin" || got.CSRF != sess.CSRF {
				t.Fatalf("after %d×29 min of use: %+v, %v", i+1, got, err)
			}
		}
		c.Advance(30*time.Minute + time.Second)
		if _, err := s.Session(ctx, sess.Token); err != accounts.ErrNoSession {
			t.Fatalf("after 30 idle minutes = %v, want ErrNoSession", err)
		}
		if _, err := s.Session(ctx, sess.Token); err != accounts.ErrNoSession {
			t.Fatalf("expired session came back: %v", err)
		}
		sess2, _ := s.NewSession(ctx, a)
		if err := other.EndSession(ctx, sess2.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, sess2.Token); err != accounts.ErrNoSession {
			t.Errorf("after logout = %v", err)
		}
		if _, err := s.Session(ctx, "made-up"); err != accounts.ErrNoSession {
			t.Errorf("unknown token = %v", err)
		}
		wantActions(t, s, []string{"命令行:新建账号", "admin:登录", "admin:会话过期", "admin:退出"})
	})
}

// TestNoSecretsStored: neither passwords nor session tokens are in the
// database file in the clear.
func TestNoSecretsStored(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, _, _ := newStore(t, b)
		ctx := context.Background()
		a, _ := s.Authenticate(ctx, "admin", adminPW)
		sess, _ := s.NewSession(ctx, a)
		var n int
		if err := accounts.Raw(s).QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM accounts WHERE password_hash LIKE '%' || CAST(? AS TEXT) || '%') +
		(SELECT count(*) FROM sessions WHERE token_hash = ? OR csrf = ?) +
		(SELECT count(*) FROM console_audit WHERE detail LIKE '%' || CAST(? AS TEXT) || '%')`,
			adminPW, sess.Token, sess.Token, adminPW).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows hold a password or token in the clear", n)
		}
	})
}

func TestAuditChainAndDetails(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, _, _ := newStore(t, b)
		ctx := context.Background()
		if err := s.Record(ctx, "admin", "答复", "受理编号 GK-20260302-0001-7"); err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ctx, "admin", "答复", "申请人电话 13800138000"); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("a phone number in a detail = %v, want refused", err)
		}
		h, err := s.VerifyAudit(ctx)
		if err != nil || h.Rows != 2 {
			t.Fatalf("VerifyAudit = %+v, %v", h, err)
		}
		db := accounts.Raw(s)
		if _, err := db.ExecContext(ctx, `UPDATE console_audit SET detail = 'x' WHERE seq = 1`); err == nil {
			t.Error("UPDATE of the audit log was allowed")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM console_audit WHERE seq = 1`); err == nil {
			t.Error("DELETE from the audit log was allowed")
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO console_audit (seq, at, login, action, detail, prev_hash, hash)
		VALUES (7, 'x', 'eve', 'x', '', 'x', 'x')`); err == nil {
			t.Error("an INSERT that does not extend the chain was allowed")
		}
		drop := `DROP TRIGGER console_audit_no_update`
		if accounts.OnPostgres(s) {
			drop += ` ON console_audit`
		}
		for _, q := range []string{drop, `UPDATE console_audit SET login = 'eve' WHERE seq = 1`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.VerifyAudit(ctx); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "第 1 条") {
			t.Errorf("VerifyAudit after tampering = %v", err)
		}
	})
}

// TestAuditChainWithTwoProcessesAppending: two hub processes (two stores,
// two connection pools) on one database record at once, each from
// several goroutines; the log stays one unbroken chain holding every
// entry once.
func TestAuditChainWithTwoProcessesAppending(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, open := newStore(t, b)
		other := open(t, c)
		ctx := context.Background()
		const perWriter = 15
		var wg sync.WaitGroup
		errs := make(chan error, 4*perWriter)
		for w, st := range []*accounts.Store{s, other, s, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					errs <- st.Record(ctx, "admin", "答复", fmt.Sprintf("写入者 %d 第 %d 条", w, i))
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range []*accounts.Store{s, other} {
			h, err := st.VerifyAudit(ctx)
			if want := int64(1 + 4*perWriter); err != nil || h.Rows != want {
				t.Fatalf("VerifyAudit = %+v, %v; want %d rows", h, err, want)
			}
		}
		es, err := other.Audit(ctx, 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range es {
			if seen[e.Detail] {
				t.Errorf("entry %q twice", e.Detail)
			}
			seen[e.Detail] = true
		}
	})
}

// TestCopyToPostgres: a hub's console.db copied into PostgreSQL (moving
// the hub) keeps every account with its password, lockout and kiosk PIN,
// and the audit log verifies to the same head. Run again onto its own
// copy (a migration cut off after it committed) it copies nothing and
// succeeds; onto a database whose accounts have changed since, it is
// refused.
func TestCopyToPostgres(t *testing.T) {
	var sqlite, postgres backend
	for _, b := range backends() {
		switch b.name {
		case "sqlite":
			sqlite = b
		case "postgres":
			postgres = b
		}
	}
	from, c, _ := newStore(t, sqlite)
	ctx := context.Background()
	if _, err := from.Add(ctx, "admin", accounts.NewAccount{Login: "li", Name: "李前台", Role: accounts.RoleFrontDesk, Password: "first-pass-01"}); err != nil {
		t.Fatal(err)
	}
	if err := from.SetKioskPIN(ctx, "admin", "li", "0123", "381957"); err != nil {
		t.Fatal(err)
	}
	if _, err := from.Add(ctx, "admin", accounts.NewAccount{Login: "zhao", Role: accounts.RoleHandler, Dept: "一科", Password: "first-pass-02"}); err != nil {
		t.Fatal(err)
	}
	lockOut(from, "zhao")
	want, err := from.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}

	to := postgres.setup(t)(t, c)
	n, err := from.CopyTo(ctx, to)
	if err != nil || n != (accounts.Copied{Depts: 1, Accounts: 3, Audit: int(want.Rows)}) {
		t.Fatalf("CopyTo = %+v, %v", n, err)
	}
	if again, err := from.CopyTo(ctx, to); err != nil || again != n {
		t.Fatalf("CopyTo run again = %+v, %v; want %+v", again, err, n)
	}
	if got, err := to.VerifyAudit(ctx); err != nil || got != want {
		t.Errorf("copied audit log = %+v, %v; want %+v", got, err, want)
	}
	if _, err := to.Authenticate(ctx, "admin", adminPW); err != nil {
		t.Errorf("admin's password after the copy: %v", err)
	}
	if _, err := to.Authenticate(ctx, "zhao", "first-pass-02"); !strings.Contains(domain.ErrorMessage(err), "锁定") {
		t.Errorf("zhao's lockout after the copy: %v", err)
	}
	staffFrom, _ := from.KioskStaff(ctx)
	staffTo, err := to.KioskStaff(ctx)
	if err != nil || !slices.Equal(staffFrom, staffTo) || len(staffTo) != 1 {
		t.Errorf("kiosk staff after the copy = %+v, %v; want %+v", staffTo, err, staffFrom)
	}
	accsFrom, _ := from.List(ctx)
	accsTo, _ := to.List(ctx)
	for i := range accsFrom {
		if a, b := *accsFrom[i], *accsTo[i]; a.Login != b.Login || a.Role != b.Role || a.Dept != b.Dept ||
			a.Failures != b.Failures || !a.LockedUntil.Equal(b.LockedUntil) || !a.Created.Equal(b.Created) || a.StaffNo != b.StaffNo {
			t.Errorf("account %d after the copy = %+v, want %+v", i, b, a)
		}
	}
	if _, err := from.CopyTo(ctx, to); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a second copy = %v, want refused", err)
	}
}
