package hub

import (
	"context"
	"errors"
	"testing"
	"time"

	"gongkai/internal/pgdb/pgtest"
)

// TestStaffCalls: a kiosk's 呼叫工作人员 is one open call per kiosk (a
// second call updates it), seen by every hub process on the store; only
// one process can mark it handled, and a handled call is no longer open.
func TestStaffCalls(t *testing.T) { eachStore(t, testStaffCalls) }

func testStaffCalls(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b, at := st.pairWithCode(t)
	if _, err := a.Enroll(ctx, []byte("code"), "kid", []byte("token"), nil, at); err != nil {
		t.Fatal(err)
	}
	id, err := a.AddCall(ctx, "kid", "依申请公开 · 申请人信息", at, at.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.AddCall(ctx, "kid", "依申请公开 · 所需信息", at.Add(time.Minute), at.Add(time.Minute+time.Second))
	if err != nil || again != id {
		t.Fatalf("second call = %d, %v; want the open call %d updated", again, err, id)
	}
	open, err := b.OpenCalls(ctx)
	if err != nil || len(open) != 1 {
		t.Fatalf("OpenCalls = %+v, %v; want one", open, err)
	}
	if c := open[0]; c.ID != id || c.KioskNo != 1 || c.KioskName != "一楼大厅" || c.Screen != "依申请公开 · 所需信息" ||
		!c.Called.Equal(at.Add(time.Minute)) || !c.Received.Equal(at.Add(time.Minute+time.Second)) {
		t.Errorf("open call = %+v", c)
	}
	c, err := a.HandleCall(ctx, id, "zhang", at.Add(2*time.Minute))
	if err != nil || c.HandledBy != "zhang" || !c.Handled.Equal(at.Add(2*time.Minute)) || c.Screen != "依申请公开 · 所需信息" {
		t.Fatalf("HandleCall = %+v, %v", c, err)
	}
	if _, err := b.HandleCall(ctx, id, "li", at.Add(3*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Errorf("handling a handled call = %v, want ErrNotFound", err)
	}
	if open, err := b.OpenCalls(ctx); err != nil || len(open) != 0 {
		t.Errorf("OpenCalls after handling = %+v, %v; want none", open, err)
	}
	next, err := b.AddCall(ctx, "kid", "首页", at.Add(4*time.Minute), at.Add(4*time.Minute))
	if err != nil || next == id {
		t.Errorf("a call after the handled one = %d, %v; want a new call", next, err)
	}
}

// TestPGHandleCallRidesThrough: on PostgreSQL, marking a call handled
// rides through a lost connection: after the server ended every session
// of the hub's pool (a restart) the next HandleCall succeeds, and a run
// again after a commit whose answer was lost (here: simply twice, by the
// same person at the same time) returns the stored call instead of the
// console's 503 or "not found"; another person's later try is still
// ErrNotFound.
func TestPGHandleCallRidesThrough(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	st, err := OpenPG(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := st.AddEnrollCode(ctx, []byte("code"), "一楼大厅", at, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enroll(ctx, []byte("code"), "kid", []byte("token"), nil, at); err != nil {
		t.Fatal(err)
	}
	first, err := st.AddCall(ctx, "kid", "首页", at, at)
	if err != nil {
		t.Fatal(err)
	}
	pgtest.IdleConns(t, st.db, 4)
	pgtest.EndSessions(t, url)
	handled := at.Add(time.Minute + 123456789*time.Nanosecond) // finer than PostgreSQL keeps
	c, err := st.HandleCall(ctx, first, "zhang", handled)
	if err != nil || c.ID != first || c.HandledBy != "zhang" || c.Screen != "首页" {
		t.Fatalf("HandleCall after the sessions ended = %+v, %v", c, err)
	}
	again, err := st.HandleCall(ctx, first, "zhang", handled)
	if err != nil || *again != *c {
		t.Fatalf("HandleCall run again = %+v, %v; want %+v", again, err, c)
	}
	if _, err := st.HandleCall(ctx, first, "li", handled); !errors.Is(err, ErrNotFound) {
		t.Errorf("another person handling the handled call = %v, want ErrNotFound", err)
	}
	if _, err := st.HandleCall(ctx, first, "zhang", handled.Add(time.Second)); !errors.Is(err, ErrNotFound) {
		t.Errorf("the same person handling it again later = %v, want ErrNotFound", err)
	}
}
