package client

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai/sync/hub"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// TestCallStaffReachesHub: a visitor's 呼叫工作人员 goes from the kiosk's
// uplink to a real hub over loopback, which lists it with the kiosk on
// the staff's kiosk view (one open call per kiosk, the latest screen)
// until staff mark it handled; an unreachable hub, a kiosk without one
// and a screen holding a number are errors, never a queued call.
func TestCallStaffReachesHub(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	k := enrolledKiosk(t, th)
	up := NewUplink(k.Client, nil, UplinkOptions{})
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

	if err := up.CallStaff(ctx, "依申请公开·申请人信息", at); err != nil {
		t.Fatalf("call: %v", err)
	}
	if err := up.CallStaff(ctx, "依申请公开·所需信息", at.Add(time.Minute)); err != nil {
		t.Fatalf("second call: %v", err)
	}
	calls, err := th.Hub.Store.OpenCalls(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 {
		t.Fatalf("open calls %+v, want one for the kiosk", calls)
	}
	c := calls[0]
	h, _ := k.Hub(ctx)
	if c.KioskID != h.KioskID || c.KioskNo != 1 || c.Screen != "依申请公开·所需信息" || !c.Called.Equal(at.Add(time.Minute)) || c.Received.IsZero() {
		t.Errorf("call %+v, want kiosk %s's second call", c, h.KioskID)
	}
	views, _, err := hub.KioskAdmin{Hub: th.Hub}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 1 || views[0].Call == nil || len(views[0].Warnings) == 0 || !strings.Contains(views[0].Warnings[0], "依申请公开·所需信息") {
		t.Errorf("kiosk view %+v, want the open call among what needs attention", views)
	}

	done, err := hub.KioskAdmin{Hub: th.Hub}.HandleCall(ctx, c.ID, "zhang")
	if err != nil || done.HandledBy != "zhang" || done.Handled.IsZero() {
		t.Fatalf("handle: %+v, %v", done, err)
	}
	if _, err := (hub.KioskAdmin{Hub: th.Hub}).HandleCall(ctx, c.ID, "li"); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("handling twice: %v, want ErrNotFound", err)
	}
	if calls, _ := th.Hub.Store.OpenCalls(ctx); len(calls) != 0 {
		t.Errorf("open calls after handling: %+v", calls)
	}
	// A new call after that is a new open call.
	if err := up.CallStaff(ctx, "意见建议·联系方式", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if calls, _ := th.Hub.Store.OpenCalls(ctx); len(calls) != 1 || calls[0].ID == c.ID {
		t.Errorf("open calls after a new call: %+v", calls)
	}

	if err := up.CallStaff(ctx, "查询码 110101199003070034", at); !errors.Is(err, protocol.ErrMalformed) {
		t.Errorf("a screen with an ID number: %v, want refused before sending", err)
	}
	lone := newKiosk(t)
	if err := NewUplink(lone.Client, nil, UplinkOptions{}).CallStaff(ctx, "首页", at); !errors.Is(err, ErrNotEnrolled) {
		t.Errorf("kiosk without a hub: %v, want ErrNotEnrolled", err)
	}
	if _, err := th.Hub.Store.Revoke(ctx, "1", at); err != nil {
		t.Fatal(err)
	}
	if err := up.CallStaff(ctx, "首页", at); !errors.Is(err, outbox.ErrAuth) {
		t.Errorf("revoked kiosk: %v, want refused", err)
	}
	th.kill()
	if err := up.CallStaff(ctx, "首页", at); !errors.Is(err, ErrUnreachable) {
		t.Errorf("hub down: %v, want ErrUnreachable", err)
	}
}
