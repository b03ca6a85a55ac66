package hubcli

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/accounts"
	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/sync/protocol"
)

// staffObjects returns the hub's live staff members by 工号.
func staffObjects(t *testing.T, dir string) map[string]protocol.StaffMember {
	t.Helper()
	h := openHub(t, dir)
	defer h.Close()
	objs, err := h.Store.Objects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]protocol.StaffMember{}
	for _, o := range objs {
		if o.Kind == domain.KindStaff {
			m, err := protocol.StaffMemberOf(domain.Change{Kind: o.Kind, ID: o.ID, Data: o.Data})
			if err != nil {
				t.Fatal(err)
			}
			out[m.ID] = m
		}
	}
	return out
}

// TestServePublishesKioskStaff: a kiosk PIN saved while no hub was serving
// (the console's publish failed, or the hub was down) goes out when `hub
// serve` starts; a display name with characters the kiosks refuse is
// cleaned rather than holding the whole list back.
func TestServePublishesKioskStaff(t *testing.T) {
	ctx := context.Background()
	dir := newHub(t)
	acc, err := accounts.Open(ctx, dir, accounts.Options{Params: password.FastParams})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []accounts.NewAccount{
		{Login: "zhang", Name: "张\x01前台\u202e", Role: accounts.RoleFrontDesk, Password: "front-desk-2026"},
		{Login: "li", Name: "李前台", Role: accounts.RoleFrontDesk, Password: "front-desk-2026"},
	} {
		if _, err := acc.Add(ctx, accounts.ActorCLI, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := acc.SetKioskPIN(ctx, "admin", "zhang", "0123", "381957"); err != nil {
		t.Fatal(err)
	}
	acc.Close()
	if got := staffObjects(t, dir); len(got) != 0 {
		t.Fatalf("published before serving: %+v", got)
	}

	srv := cmdlinetest.ServeHub(t, Main, dir, testClock)
	srv.Stop(t)
	logs := srv.Logs
	got := staffObjects(t, dir)
	if m, ok := got["0123"]; !ok || m.Name != "张前台" || len(got) != 1 {
		t.Fatalf("published at start: %+v", got)
	} else if match, _, _ := password.Match("381957", m.PINHash); !match {
		t.Error("the published hash does not verify the PIN")
	}
	if !strings.Contains(logs.String(), "kiosk staff published") || strings.Contains(logs.String(), "$argon2id$") {
		t.Errorf("serve's log:\n%s", logs.String())
	}
}
