package staffui_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/staff"
	"gongkai/internal/store"
	"gongkai/internal/ui/staffui"
	"gongkai/sync/protocol"
)

// receiveStaff applies the hub's front-desk staff list to the kiosk store
// as a sync would.
func (e *env) receiveStaff(members ...protocol.StaffMember) {
	e.t.Helper()
	ctx := context.Background()
	st, err := e.store.State(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	b := store.ApplyBatch{Source: domain.SourceHub, From: st.Version, To: st.Version, SyncedAt: e.clk.Now()}
	for _, m := range members {
		data, _ := json.Marshal(m)
		b.To++
		b.Changes = append(b.Changes, domain.Change{Version: b.To, Kind: domain.KindStaff, ID: m.ID, Data: data})
	}
	if err := e.store.Apply(ctx, b); err != nil {
		e.t.Fatal(err)
	}
}

// TestPINPadPersonalPINs: before the hub's list the pad says it takes the
// shared PIN; after, it asks for the 工号 and the staff member's own PIN,
// refuses the shared PIN, and the staff screen names who logged in and
// how many front-desk staff the kiosk knows.
func TestPINPadPersonalPINs(t *testing.T) {
	e := newEnv(t)
	p := e.pinPad()
	if msg := p.Message(); !strings.Contains(msg, "暂用共用密码") {
		t.Fatalf("before the list the pad says %q", msg)
	}
	e.app.Back()

	hash, err := password.Hash("381957", password.FastParams)
	if err != nil {
		t.Fatal(err)
	}
	e.receiveStaff(protocol.StaffMember{ID: "0456", Name: "张前台", PINHash: hash})
	p = e.pinPad()
	if msg := p.Message(); !strings.Contains(msg, "本人工号") || !strings.Contains(msg, "终端密码") {
		t.Fatalf("after the list the pad says %q", msg)
	}
	attempt(t, p, staffID, PIN) // the shared PIN, any 工号
	if !strings.Contains(p.Message(), "工号或密码不正确") {
		t.Fatalf("the shared PIN after the list: %q", p.Message())
	}
	e.app.Back()
	attempt(t, e.pinPad(), "0456", "381957")
	s := current[*staffui.Screen](t, e.app)
	if title := s.Title(); !strings.Contains(title, "0456") || !strings.Contains(title, "张前台") {
		t.Errorf("staff screen title %q", title)
	}
	if txt := s.Text(); !strings.Contains(txt, "已同步 1 人") {
		t.Errorf("the staff screen does not show the list:\n%s", txt)
	}
	en, ok := e.lastAudit(staff.ActionLogin)
	if !ok || en.StaffID != "0456" || en.Detail != "本人终端密码" {
		t.Errorf("login recorded as %+v", en)
	}
}

// TestPINPadNobodyListed: a list whose only member is disabled leaves
// nobody to log in, and the pad says what to do.
func TestPINPadNobodyListed(t *testing.T) {
	e := newEnv(t)
	e.receiveStaff(protocol.StaffMember{ID: "0456", Name: "张前台", Disabled: true})
	p := e.pinPad()
	if msg := p.Message(); !strings.Contains(msg, "暂无可登录的人员") {
		t.Fatalf("the pad says %q", msg)
	}
}
