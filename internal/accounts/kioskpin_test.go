package accounts_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
	"gongkai/internal/password"
)

const zhangPIN = "381957"

// TestKioskPIN: a 前台 account gets a 工号 and its own kiosk PIN, kept only
// as a hash that verifies the PIN; KioskStaff lists it for the kiosks, a
// disabled account without its hash; a changed PIN, a cleared one and a
// role taken away each change the list; every step is audited without the
// PIN.
func TestKioskPIN(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, _, _ := newStore(t, b)
		ctx := context.Background()
		for _, n := range []accounts.NewAccount{
			{Login: "zhang", Name: "张前台", Role: accounts.RoleFrontDesk, Password: adminPW},
			{Login: "li", Name: "李前台", Role: accounts.RoleFrontDesk, Password: adminPW},
			{Login: "deng", Name: "邓登记", Role: accounts.RoleRegistrar, Password: adminPW},
		} {
			if _, err := s.Add(ctx, accounts.ActorCLI, n); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name, login, no, pin string
			code                 string
		}{
			{"not 前台", "deng", "0001", zhangPIN, domain.EINVALID},
			{"no 工号 yet", "zhang", "", zhangPIN, domain.EINVALID},
			{"letters in 工号", "zhang", "A-01", zhangPIN, domain.EINVALID},
			{"a phone as 工号", "zhang", "13912345678", zhangPIN, domain.EINVALID},
			{"short PIN", "zhang", "0123", "2468", domain.EINVALID},
			{"a run", "zhang", "0123", "123456", domain.EINVALID},
			{"no account", "nobody", "0123", zhangPIN, domain.ENOTFOUND},
		} {
			if err := s.SetKioskPIN(ctx, "admin", tc.login, tc.no, tc.pin); domain.ErrorCode(err) != tc.code {
				t.Errorf("%s: SetKioskPIN = %v, want %s", tc.name, err, tc.code)
			}
		}
		if list, err := s.KioskStaff(ctx); err != nil || len(list) != 0 {
			t.Fatalf("KioskStaff before any PIN = %+v, %v", list, err)
		}

		if err := s.SetKioskPIN(ctx, "admin", "zhang", "0123", zhangPIN); err != nil {
			t.Fatal(err)
		}
		if err := s.SetKioskPIN(ctx, "admin", "li", "0123", "602841"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a 工号 taken twice: %v", err)
		}
		if err := s.SetKioskPIN(ctx, "admin", "li", "0456", "602841"); err != nil {
			t.Fatal(err)
		}
		a, _ := s.Get(ctx, "zhang")
		if a.StaffNo != "0123" || a.KioskPINSet.IsZero() {
			t.Errorf("account after SetKioskPIN: %+v", a)
		}
		list, err := s.KioskStaff(ctx)
		if err != nil || len(list) != 2 || list[0].StaffNo != "0123" || list[0].Name != "张前台" || list[1].StaffNo != "0456" {
			t.Fatalf("KioskStaff = %+v, %v", list, err)
		}
		if ok, p, err := password.Match(zhangPIN, list[0].PINHash); !ok || err != nil || p != password.FastParams {
			t.Errorf("the listed hash does not verify the PIN: %v, %v, %v", ok, p, err)
		}

		// The holder changes their own PIN, keeping the 工号.
		if err := s.SetKioskPIN(ctx, "zhang", "zhang", "", "975310"); err != nil {
			t.Fatal(err)
		}
		after, _ := s.KioskStaff(ctx)
		if after[0].PINHash == list[0].PINHash || after[0].StaffNo != "0123" {
			t.Errorf("after a change: %+v", after[0])
		}

		// Disabled: listed without a hash. Enabled again: the hash is back.
		if err := s.SetDisabled(ctx, "admin", "li", true); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.KioskStaff(ctx); !got[1].Disabled || got[1].PINHash != "" {
			t.Errorf("disabled account listed as %+v", got[1])
		}
		if err := s.SetKioskPIN(ctx, "admin", "li", "", "602841"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a PIN set on a disabled account: %v", err)
		}
		if err := s.SetDisabled(ctx, "admin", "li", false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.KioskStaff(ctx); got[1].Disabled || got[1].PINHash == "" {
			t.Errorf("enabled again: %+v", got[1])
		}

		// Another role takes the PIN away; cleared, the account leaves the list.
		if err := s.SetRole(ctx, "admin", "li", accounts.RoleRegistrar, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ClearKioskPIN(ctx, "admin", "zhang"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.KioskStaff(ctx); len(got) != 0 {
			t.Errorf("after clear and role change: %+v", got)
		}
		if err := s.SetRole(ctx, "admin", "li", accounts.RoleFrontDesk, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.KioskStaff(ctx); len(got) != 0 {
			t.Errorf("the PIN came back with the role: %+v", got)
		}
		if err := s.ClearKioskPIN(ctx, "admin", "zhang"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("clearing twice: %v", err)
		}

		want := []string{"命令行:新建账号", "命令行:新建账号", "命令行:新建账号", "命令行:新建账号",
			"admin:设置终端密码", "admin:设置终端密码", "zhang:设置终端密码",
			"admin:停用账号", "admin:启用账号", "admin:修改角色", "admin:清除终端密码", "admin:修改角色"}
		wantActions(t, s, want)
		es, _ := s.Audit(ctx, 100, 0)
		cleared := false
		for _, e := range es {
			if e.Action == string(accounts.ActionSetKioskPIN) && e.Detail != "账号 zhang；工号 0123" && e.Detail != "账号 li；工号 0456" {
				t.Errorf("设置终端密码 detail %q", e.Detail)
			}
			cleared = cleared || e.Action == string(accounts.ActionSetRole) && e.Detail == "账号 li；角色 登记员；终端密码已清除"
		}
		if !cleared {
			t.Error("the role change does not say it cleared the kiosk PIN")
		}

		// Neither PIN is anywhere in the database in the clear.
		db := accounts.Raw(s)
		for _, pin := range []string{zhangPIN, "975310", "602841"} {
			var n int
			// The hashes are random base64 that may hold any six digits: they
			// must be Argon2id strings, not the PIN.
			if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM accounts WHERE kiosk_pin_hash <> '' AND kiosk_pin_hash NOT LIKE '$argon2id$%')
			+ (SELECT count(*) FROM accounts WHERE login || name || staff_no || kiosk_pin_set LIKE '%' || CAST(? AS TEXT) || '%')
			+ (SELECT count(*) FROM console_audit WHERE detail LIKE '%' || CAST(? AS TEXT) || '%')`, pin, pin).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("PIN %s is stored in the clear in %d rows", pin, n)
			}
		}
	})
}

// TestWithKioskStaffSerialises: publishers in two processes, many at
// once (more than a connection pool holds), each see the list whole and
// never overlap, while account changes go on; none waits forever.
func TestWithKioskStaffSerialises(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s, c, open := newStore(t, b)
		other := open(t, c)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a deadlock fails, not hangs
		defer cancel()
		var inside atomic.Int32
		var wg sync.WaitGroup
		for i := range 12 {
			st := []*accounts.Store{s, other}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.WithKioskStaff(ctx, func([]accounts.KioskStaff) error {
					if n := inside.Add(1); n != 1 {
						t.Errorf("%d publishers at once", n)
					}
					time.Sleep(time.Millisecond)
					inside.Add(-1)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				if err := st.Record(ctx, "admin", "答复", "第 "+strconv.Itoa(i)+" 次"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	})
}
