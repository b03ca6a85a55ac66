package staff_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/staff"
	"gongkai/internal/store"
	"gongkai/internal/testclock"
	"gongkai/sync/protocol"
)

// kiosk is staff mode over a real kiosk store that receives the hub's
// staff list as the sync applies it.
type kiosk struct {
	st    *store.Store
	s     *staff.Staff
	clock *testclock.Clock
	v     int64 // the store's cursor
}

func newKiosk(t *testing.T) *kiosk {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k := &kiosk{st: st, clock: testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))}
	k.open(t)
	return k
}

// open starts staff mode afresh on the same store, as a restart would.
func (k *kiosk) open(t *testing.T) {
	t.Helper()
	s, err := staff.Open(context.Background(), k.st.DB(), k.st, staff.Options{Now: k.clock.Now, Params: password.FastParams, Roster: k.st})
	if err != nil {
		t.Fatal(err)
	}
	k.s = s
}

// sync applies the hub's staff changes as the next batch.
func (k *kiosk) sync(t *testing.T, members []protocol.StaffMember, withdrawn ...string) {
	t.Helper()
	b := store.ApplyBatch{Source: domain.SourceHub, From: k.v, SyncedAt: k.clock.Now()}
	for _, m := range members {
		data, _ := json.Marshal(m)
		k.v++
		b.Changes = append(b.Changes, domain.Change{Version: k.v, Kind: domain.KindStaff, ID: m.ID, Data: data})
	}
	for _, id := range withdrawn {
		k.v++
		b.Changes = append(b.Changes, domain.Change{Version: k.v, Kind: domain.KindStaff, ID: id, Deleted: true})
	}
	b.To = k.v
	if err := k.st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func member(t *testing.T, id, name, pin string) protocol.StaffMember {
	t.Helper()
	h, err := password.Hash(pin, password.FastParams)
	if err != nil {
		t.Fatal(err)
	}
	return protocol.StaffMember{ID: id, Name: name, PINHash: h}
}

func (k *kiosk) login(t *testing.T, id, pin string) (*staff.Session, error) {
	t.Helper()
	return k.s.Login(context.Background(), id, pin)
}

func (k *kiosk) log(t *testing.T) []string {
	t.Helper()
	es, err := k.s.Recent(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].StaffID+" "+string(es[i].Action)+" "+es[i].Detail)
	}
	if err := k.s.VerifyChain(context.Background()); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
	return out
}

const (
	sharedPIN = "246810"
	zhangPIN  = "381957"
	liPIN     = "602841"
)

// TestRosterReplacesSharedPIN: before the hub's list arrives any 工号 logs
// in with the shared PIN (and the log says so); after, only a listed 工号
// with its own PIN does, another 工号 with that PIN is refused, the shared
// PIN no longer works, and the log names the member and the PIN used.
func TestRosterReplacesSharedPIN(t *testing.T) {
	ctx := context.Background()
	k := newKiosk(t)
	if err := k.s.SetPIN(ctx, sharedPIN); err != nil {
		t.Fatal(err)
	}
	if st, _ := k.s.Status(ctx); !st.PINSet || st.Roster {
		t.Fatalf("before the list: %+v", st)
	}
	if sess, err := k.login(t, "9999", sharedPIN); err != nil || sess.Personal {
		t.Fatalf("shared PIN before the list: %+v, %v", sess, err)
	}
	k.s.End(ctx, staff.EndSignOut)

	k.sync(t, []protocol.StaffMember{member(t, "0123", "张前台", zhangPIN), member(t, "0456", "李前台", liPIN)})
	if st, _ := k.s.Status(ctx); !st.Roster || st.Members != 2 {
		t.Fatalf("after the list: %+v", st)
	}
	sess, err := k.login(t, "0123", zhangPIN)
	if err != nil || sess.StaffID != "0123" || sess.Name != "张前台" || !sess.Personal {
		t.Fatalf("own PIN: %+v, %v", sess, err)
	}
	k.s.End(ctx, staff.EndSignOut)
	_, err = k.login(t, "0456", zhangPIN)
	if msg := domain.ErrorMessage(err); msg != "工号或密码不正确，还可再试 4 次" {
		t.Fatalf("another 工号 with Zhang's PIN: %q", msg)
	}
	if _, err := k.login(t, "9999", sharedPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("shared PIN after the list: %v", err)
	}
	if _, err := k.login(t, "0123", sharedPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("a listed 工号 with the shared PIN: %v", err)
	}
	if ok, err := k.s.Verify(ctx, sharedPIN); ok || !strings.Contains(domain.ErrorMessage(err), "共用密码已停用") {
		t.Fatalf("Verify(shared) after the list = %v, %v", ok, err)
	}
	if sess, err := k.login(t, "0456", liPIN); err != nil || sess.Name != "李前台" {
		t.Fatalf("Li's own PIN: %+v, %v", sess, err)
	}
	want := []string{
		"console 设置密码 ",
		"9999 登录 共用密码",
		"9999 退出 主动退出",
		"0123 登录 本人终端密码",
		"0123 退出 主动退出",
		"0456 登录失败 连续错误 1 次",
		"9999 登录失败 连续错误 2 次；工号不在前台人员名单",
		"0123 登录失败 连续错误 3 次",
		"0456 登录 本人终端密码",
	}
	if got := k.log(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRosterChangesReachLogin: a changed PIN, a disabled account and a
// withdrawn member take effect with the batch that brings them; an empty
// list still retires the shared PIN.
func TestRosterChangesReachLogin(t *testing.T) {
	ctx := context.Background()
	k := newKiosk(t)
	if err := k.s.SetPIN(ctx, sharedPIN); err != nil {
		t.Fatal(err)
	}
	zhang := member(t, "0123", "张前台", zhangPIN)
	k.sync(t, []protocol.StaffMember{zhang})
	if _, err := k.login(t, "0123", zhangPIN); err != nil {
		t.Fatal(err)
	}

	zhang2 := member(t, "0123", "张前台", "714285")
	k.sync(t, []protocol.StaffMember{zhang2})
	if _, err := k.login(t, "0123", zhangPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("old PIN after a change: %v", err)
	}
	if _, err := k.login(t, "0123", "714285"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}

	k.sync(t, []protocol.StaffMember{{ID: "0123", Name: "张前台", Disabled: true}})
	if _, err := k.login(t, "0123", "714285"); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("disabled member logged in: %v", err)
	}
	if st, _ := k.s.Status(ctx); !st.Roster || st.Members != 0 {
		t.Fatalf("with the only member disabled: %+v", st)
	}
	k.sync(t, nil, "0123")
	if _, err := k.login(t, "0123", sharedPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Fatalf("shared PIN with an emptied list: %v", err)
	}
	got := k.log(t)
	if last := got[len(got)-2]; last != "0123 登录失败 连续错误 1 次；账号已停用" {
		t.Errorf("disabled try logged as %q", last)
	}
	if last := got[len(got)-1]; last != "0123 登录失败 连续错误 2 次；工号不在前台人员名单" {
		t.Errorf("withdrawn member's try logged as %q", last)
	}
}

// TestRosterLockout: five wrong PINs on one 工号 lock it even when other
// members log in between (which resets only the overall count); five wrong
// PINs across 工号 lock the pad for everyone; both end after five minutes
// and survive a restart.
func TestRosterLockout(t *testing.T) {
	k := newKiosk(t)
	k.sync(t, []protocol.StaffMember{member(t, "0123", "张前台", zhangPIN), member(t, "0456", "李前台", liPIN)})
	for i := 1; i <= 4; i++ {
		if _, err := k.login(t, "0123", "111333"); domain.ErrorCode(err) != domain.EAUTH {
			t.Fatalf("wrong PIN %d: %v", i, err)
		}
		if i == 2 {
			if _, err := k.login(t, "0456", liPIN); err != nil { // resets the overall count only
				t.Fatal(err)
			}
		}
	}
	_, err := k.login(t, "0123", "111333")
	if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 5 分钟后再试" {
		t.Fatalf("fifth wrong PIN on 0123: %q", msg)
	}
	k.open(t) // a restart keeps the lockout
	if _, err := k.login(t, "0123", zhangPIN); !strings.Contains(domain.ErrorMessage(err), "请 5 分钟后再试") {
		t.Fatalf("right PIN on the locked 工号: %v", err)
	}
	if _, err := k.login(t, "0456", liPIN); err != nil {
		t.Fatalf("another 工号 while 0123 is locked: %v", err)
	}
	k.clock.Advance(5 * time.Minute)
	if _, err := k.login(t, "0123", zhangPIN); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}

	// Overall: five wrong tries over several 工号, listed or not.
	for i, id := range []string{"0123", "0456", "7777", "0123", "8888"} {
		_, err := k.login(t, id, "111333")
		if i == 4 {
			if msg := domain.ErrorMessage(err); msg != "密码错误次数过多，请 5 分钟后再试" {
				t.Fatalf("fifth wrong try overall: %q", msg)
			}
		} else if domain.ErrorCode(err) != domain.EAUTH {
			t.Fatalf("wrong try %d: %v", i+1, err)
		}
	}
	if _, err := k.login(t, "0456", liPIN); !strings.Contains(domain.ErrorMessage(err), "分钟后再试") {
		t.Fatalf("a right PIN while the pad is locked: %v", err)
	}
	if st, _ := k.s.Status(context.Background()); st.LockedUntil.IsZero() {
		t.Errorf("Status does not show the lockout: %+v", st)
	}
	k.clock.Advance(5 * time.Minute)
	if _, err := k.login(t, "0456", liPIN); err != nil {
		t.Fatalf("after the overall lockout: %v", err)
	}
}

// TestNoRosterKeepsSharedPIN: a kiosk whose staff mode has no list to read
// (Roster nil) and one whose store never received a list both use the
// shared PIN.
func TestNoRosterKeepsSharedPIN(t *testing.T) {
	ctx := context.Background()
	k := newKiosk(t)
	s, err := staff.Open(ctx, k.st.DB(), k.st, staff.Options{Now: k.clock.Now, Params: password.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPIN(ctx, sharedPIN); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "0123", sharedPIN); err != nil {
		t.Fatal(err)
	}
	if _, err := k.login(t, "0123", sharedPIN); err != nil {
		t.Fatal(err)
	}
}
