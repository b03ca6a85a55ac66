package console_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"gongkai/internal/accounts"
	"gongkai/internal/console"
	"gongkai/internal/password"
)

// publisher records what the console asks the kiosks to be told.
type publisher struct {
	acc   *accounts.Store
	mu    sync.Mutex
	calls int
	last  []accounts.KioskStaff
	fail  bool
}

func (p *publisher) publish(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.fail {
		return errors.New("hub.db is busy")
	}
	list, err := p.acc.KioskStaff(ctx)
	p.last = list
	return err
}

func (p *publisher) list() (int, []accounts.KioskStaff) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls, p.last
}

const (
	deskPW  = "front-desk-2026"
	deskPIN = "381957"
)

func kioskPINFixture(t *testing.T) (*fixture, *publisher) {
	t.Helper()
	pub := &publisher{}
	f := newFixture(t, console.Options{PublishStaff: func(ctx context.Context) error { return pub.publish(ctx) }})
	pub.acc = f.acc
	if _, err := f.acc.Add(t.Context(), accounts.ActorCLI, accounts.NewAccount{Login: "zhang", Name: "张前台",
		Role: accounts.RoleFrontDesk, Password: deskPW}); err != nil {
		t.Fatal(err)
	}
	return f, pub
}

// TestAdminSetsKioskPIN: on a 前台 account's page a 管理员 sets its 工号
// and kiosk PIN through the form (session and CSRF token), the console
// publishes the kiosks' list with the new hash, the page never shows the
// PIN again, and neither the log nor the page holds it; other roles'
// pages have no such form; a disabled account is published disabled.
func TestAdminSetsKioskPIN(t *testing.T) {
	f, pub := kioskPINFixture(t)
	admin := f.browser(t)
	admin.Login("admin", adminPW)
	if p := admin.get("/users/li"); strings.Contains(p.body, `id="kiosk-pin"`) {
		t.Error("a 承办人's page offers a kiosk PIN")
	}
	p := admin.get("/users/zhang")
	if !strings.Contains(p.body, `id="kiosk-pin"`) || !strings.Contains(p.body, "未设置") {
		t.Fatalf("the 前台 account's page has no kiosk PIN form:\n%s", p.body)
	}
	if p := admin.post("/users/zhang/kiosk-pin", url.Values{"staff_no": {"0123"}, "pin": {deskPIN}, "again": {"381958"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "不一致") {
		t.Errorf("mismatched PINs = %d", p.status)
	}
	if p := admin.post("/users/zhang/kiosk-pin", url.Values{"staff_no": {"0123"}, "pin": {"123456"}, "again": {"123456"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "连续的数字") {
		t.Errorf("a run of digits = %d", p.status)
	}
	if n, _ := pub.list(); n != 0 {
		t.Errorf("refused forms published %d times", n)
	}
	p = admin.post("/users/zhang/kiosk-pin", url.Values{"staff_no": {"0123"}, "pin": {deskPIN}, "again": {deskPIN}})
	if p.status != http.StatusSeeOther || p.location() != "/users/zhang?done=kiosk-pin" {
		t.Fatalf("set kiosk PIN = %d → %q\n%s", p.status, p.location(), p.body)
	}
	n, list := pub.list()
	if n != 1 || len(list) != 1 || list[0].StaffNo != "0123" || list[0].Name != "张前台" {
		t.Fatalf("published %d times: %+v", n, list)
	}
	if ok, _, err := password.Match(deskPIN, list[0].PINHash); !ok || err != nil {
		t.Errorf("the published hash does not verify the PIN: %v", err)
	}
	p = admin.get("/users/zhang?done=kiosk-pin")
	if !strings.Contains(p.body, "终端密码已设置") || !strings.Contains(p.body, "已设置（") || !strings.Contains(p.body, `id="staff-no">0123`) {
		t.Errorf("the page after setting:\n%s", p.body)
	}
	if strings.Contains(p.body, deskPIN) || strings.Contains(p.body, list[0].PINHash) {
		t.Error("the page shows the PIN or its hash")
	}

	if p := admin.get("/users"); !strings.Contains(p.body, "<td>0123</td>") {
		t.Error("the account list does not show the 工号")
	}
	admin.get("/users/zhang")
	admin.post("/users/zhang/disable", nil)
	if _, list := pub.list(); len(list) != 1 || !list[0].Disabled || list[0].PINHash != "" {
		t.Errorf("after disabling: %+v", list)
	}
	admin.post("/users/zhang/enable", nil)
	admin.get("/users/zhang")
	if p := admin.post("/users/zhang/clear-kiosk-pin", nil); p.location() != "/users/zhang?done=kiosk-pin-cleared" {
		t.Fatalf("clear = %d → %q", p.status, p.location())
	}
	if _, list := pub.list(); len(list) != 0 {
		t.Errorf("after clearing: %+v", list)
	}

	// A failed publish says so; the change is still saved.
	pub.mu.Lock()
	pub.fail = true
	pub.mu.Unlock()
	admin.get("/users/zhang")
	if p := admin.post("/users/zhang/kiosk-pin", url.Values{"staff_no": {"0123"}, "pin": {deskPIN}, "again": {deskPIN}}); p.location() != "/users/zhang?done=unpublished" {
		t.Fatalf("set with the hub busy → %q", p.location())
	}
	if p := admin.get("/users/zhang?done=unpublished"); !strings.Contains(p.body, "暂未能通知各终端") {
		t.Error("the page does not say the kiosks were not told")
	}
	if a, _ := f.acc.Get(t.Context(), "zhang"); a.KioskPINSet.IsZero() {
		t.Error("the PIN was not saved")
	}

	p = admin.get("/audit")
	for _, want := range []string{"设置终端密码", "清除终端密码", "工号 0123"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if logs := f.logs.String(); strings.Contains(logs, deskPIN) || strings.Contains(logs, "$argon2id$") {
		t.Errorf("the log holds the PIN or a hash:\n%s", logs)
	}
}

// TestOwnKioskPIN: a 前台 account sets its own kiosk PIN on /kiosk-pin
// with its console password; a wrong password counts toward its lockout;
// other roles may not open the page; without a 工号 there is no form.
func TestOwnKioskPIN(t *testing.T) {
	f, pub := kioskPINFixture(t)
	zhang := f.browser(t)
	zhang.Login("zhang", deskPW)
	if p := zhang.get("/"); !strings.Contains(p.body, `href="/kiosk-pin"`) {
		t.Error("the menu of a 前台 account lacks 终端密码")
	}
	if p := zhang.get("/kiosk-pin"); p.status != http.StatusOK || strings.Contains(p.body, `id="kiosk-pin-form"`) || !strings.Contains(p.body, "尚未为您分配工号") {
		t.Fatalf("without a 工号: %d\n%s", p.status, p.body)
	}
	if err := f.acc.SetKioskPIN(t.Context(), "admin", "zhang", "0123", "602841"); err != nil {
		t.Fatal(err)
	}
	zhang.get("/kiosk-pin")
	if p := zhang.post("/kiosk-pin", url.Values{"current": {"wrong-password"}, "pin": {deskPIN}, "again": {deskPIN}}); p.status != http.StatusUnauthorized {
		t.Errorf("a wrong console password = %d\n%s", p.status, p.body)
	}
	if a, _ := f.acc.Get(t.Context(), "zhang"); a.Failures != 1 {
		t.Errorf("the wrong password did not count: %d failures", a.Failures)
	}
	p := zhang.post("/kiosk-pin", url.Values{"current": {deskPW}, "pin": {deskPIN}, "again": {deskPIN}})
	if p.location() != "/kiosk-pin?done=kiosk-pin" {
		t.Fatalf("own PIN = %d → %q\n%s", p.status, p.location(), p.body)
	}
	_, list := pub.list()
	if len(list) != 1 || list[0].StaffNo != "0123" {
		t.Fatalf("published %+v", list)
	}
	if ok, _, _ := password.Match(deskPIN, list[0].PINHash); !ok {
		t.Error("the published hash is not the new PIN's")
	}
	es, _ := f.acc.Audit(t.Context(), 1, 0)
	if es[0].Actor != "zhang" || es[0].Action != "设置终端密码" {
		t.Errorf("newest audit entry %+v", es[0])
	}

	li := f.browser(t)
	li.Login("li", handlerPW)
	if p := li.get("/kiosk-pin"); p.status != http.StatusForbidden {
		t.Errorf("a 承办人 opens /kiosk-pin: %d", p.status)
	}
	if p := li.post("/kiosk-pin", url.Values{"current": {handlerPW}, "pin": {deskPIN}, "again": {deskPIN}}); p.status != http.StatusForbidden {
		t.Errorf("a 承办人 posts /kiosk-pin: %d", p.status)
	}
}
