package outbox_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// fakeHub is an idempotent hub in memory: the same id with the same
// sealed bytes is acknowledged again with the original receipt time; the
// same id with other bytes is a conflict. Faults are scripted per call.
type fakeHub struct {
	stored    map[string][]byte
	received  map[string]time.Time
	calls     int
	delivered int // records received over all calls, resends included

	down      bool            // no answer at all
	auth      bool            // credential refused for the whole batch
	authAt    string          // credential refused from this id on (a later request of the batch)
	retry     map[string]bool // ids answered with a passing error
	cutAfter  bool            // store the batch, then lose the answer
	panicCall int             // panic (the kiosk "crashes") on this call, after storing
}

func newHub() *fakeHub {
	return &fakeHub{stored: map[string][]byte{}, received: map[string]time.Time{}, retry: map[string]bool{}}
}

// queued is a fresh outbox holding n records, and a fake hub to drain it to.
func queued(t *testing.T, n int) (*outbox.Outbox, *fakeHub) {
	t.Helper()
	ob, _ := mustOpen(t)
	enqueue(t, ob, records(n)...)
	return ob, newHub()
}

func (h *fakeHub) Send(ctx context.Context, recs []protocol.SealedRecord) ([]protocol.Ack, error) {
	h.calls++
	if h.down {
		return nil, errors.New("dial tcp 127.0.0.1:9: connection refused")
	}
	if h.auth {
		return nil, fmt.Errorf("%w: 401 unauthorized", outbox.ErrAuth)
	}
	var acks []protocol.Ack
	for _, r := range recs {
		if r.ID == h.authAt {
			// The hub refuses a whole request: the records before were
			// answered by an earlier one (client.Uplink splits batches).
			return acks, fmt.Errorf("%w: 401 revoked", outbox.ErrAuth)
		}
		h.delivered++
		switch {
		case h.retry[r.ID]:
			acks = append(acks, protocol.Ack{ID: r.ID, Result: protocol.AckRetry, Error: "database is locked"})
		case h.stored[r.ID] != nil && !bytes.Equal(h.stored[r.ID], r.Sealed):
			acks = append(acks, protocol.Ack{ID: r.ID, Result: protocol.AckConflict, Error: "different content"})
		default:
			if h.stored[r.ID] == nil {
				h.stored[r.ID] = r.Sealed
				h.received[r.ID] = t0.Add(time.Duration(len(h.stored)) * time.Millisecond)
			}
			acks = append(acks, protocol.Ack{ID: r.ID, Result: protocol.AckOK, Received: h.received[r.ID]})
		}
	}
	if h.calls == h.panicCall {
		panic("kiosk killed")
	}
	if h.cutAfter {
		return nil, errors.New("read tcp: connection reset by peer")
	}
	return acks, nil
}

func records(n int) []protocol.SealedRecord {
	out := make([]protocol.SealedRecord, n)
	for i := range out {
		out[i] = record(i+1, protocol.KindFeedback)
	}
	return out
}

func count(tb testing.TB, ob *outbox.Outbox, state string) int {
	n := 0
	for _, s := range states(tb, ob) {
		if s == state {
			n++
		}
	}
	return n
}

func TestDrainSendsEverythingOnce(t *testing.T) {
	ctx := context.Background()
	ob, hub := queued(t, 120) // three batches
	res, err := ob.Drain(ctx, hub, t0)
	if err != nil || res.Sent != 120 || hub.calls != 3 || len(hub.stored) != 120 || hub.delivered != 120 {
		t.Fatalf("Drain = %+v, %v; calls %d, stored %d", res, err, hub.calls, len(hub.stored))
	}
	if n := count(t, ob, "sent"); n != 120 {
		t.Errorf("%d sent", n)
	}
	// Nothing left: a second drain sends nothing.
	if res, err := ob.Drain(ctx, hub, t0); err != nil || res != (outbox.DrainResult{}) || hub.calls != 3 {
		t.Errorf("second Drain = %+v, %v", res, err)
	}
	list, _ := ob.List(ctx)
	if list[0].HubReceived == "" {
		t.Error("hub receipt time not kept")
	}
}

func TestDrainKeepsGoingPastOneError(t *testing.T) {
	ctx := context.Background()
	ob, hub := queued(t, 5)
	hub.retry["id-0003"] = true
	res, err := ob.Drain(ctx, hub, t0)
	if err != nil || res.Sent != 4 || res.Failed != 1 {
		t.Fatalf("Drain = %+v, %v", res, err)
	}
	if got := states(t, ob)["id-0003"]; got != "failed" {
		t.Errorf("id-0003 is %s", got)
	}
	// Tried once per drain: not again at the same moment.
	if res, _ := ob.Drain(ctx, hub, t0); res.Sent+res.Failed != 0 {
		t.Errorf("failed record retried before its next try: %+v", res)
	}
	delete(hub.retry, "id-0003")
	if res, _ := ob.Drain(ctx, hub, t0.Add(outbox.MaxBackoff)); res.Sent != 1 {
		t.Errorf("later Drain = %+v", res)
	}
	if len(hub.stored) != 5 {
		t.Errorf("hub stored %d", len(hub.stored))
	}
}

func TestDrainHubDownThenBack(t *testing.T) {
	ctx := context.Background()
	ob, hub := queued(t, 3)
	hub.down = true
	res, err := ob.Drain(ctx, hub, t0)
	if err == nil || res.Failed != 3 || count(t, ob, "failed") != 3 {
		t.Fatalf("Drain with hub down = %+v, %v", res, err)
	}
	st, _ := ob.Stats(ctx, t0)
	if st.LastError == "" || st.Failed != 3 {
		t.Errorf("Stats = %+v", st)
	}
	// The hub answers again (e.g. a catalogue pull succeeded): ResetBackoff
	// makes everything due at once instead of after the backoff.
	hub.down = false
	if res, _ := ob.Drain(ctx, hub, t0.Add(time.Second)); res.Sent != 0 {
		t.Fatalf("sent before backoff: %+v", res)
	}
	must(t, ob.ResetBackoff(ctx, t0.Add(time.Second)))
	if res, err := ob.Drain(ctx, hub, t0.Add(time.Second)); err != nil || res.Sent != 3 {
		t.Fatalf("Drain after reset = %+v, %v", res, err)
	}
}

func TestDrainStopsOnAuthError(t *testing.T) {
	ctx := context.Background()
	ob, hub := queued(t, 5)
	hub.auth = true
	res, err := ob.Drain(ctx, hub, t0)
	if !errors.Is(err, outbox.ErrAuth) || res.Requeued != 5 || hub.calls != 1 {
		t.Fatalf("Drain = %+v, %v; calls %d", res, err, hub.calls)
	}
	if n := count(t, ob, "queued"); n != 5 {
		t.Errorf("%d queued after auth failure, want 5 (untouched)", n)
	}
	st, _ := ob.Stats(ctx, t0)
	if st.AuthError == "" || !st.AuthErrorAt.Equal(t0) {
		t.Errorf("auth failure not shown to staff: %+v", st)
	}

	// Mid-batch: the hub stops accepting from id-0003 on.
	hub.auth, hub.authAt = false, "id-0003"
	res, err = ob.Drain(ctx, hub, t0)
	if !errors.Is(err, outbox.ErrAuth) || res.Sent != 2 || res.Requeued != 3 {
		t.Fatalf("Drain = %+v, %v", res, err)
	}
	// Once the hub accepts the kiosk again, the alert clears.
	hub.authAt = ""
	if res, err := ob.Drain(ctx, hub, t0); err != nil || res.Sent != 3 {
		t.Fatalf("Drain = %+v, %v", res, err)
	}
	if st, _ := ob.Stats(ctx, t0); st.AuthError != "" {
		t.Errorf("auth alert not cleared: %q", st.AuthError)
	}
}

func TestDrainConflictIsRejected(t *testing.T) {
	ctx := context.Background()
	ob, hub := queued(t, 2)
	hub.stored["id-0002"] = []byte("something else")
	res, err := ob.Drain(ctx, hub, t0)
	if err != nil || res.Sent != 1 || res.Rejected != 1 {
		t.Fatalf("Drain = %+v, %v", res, err)
	}
	if states(t, ob)["id-0002"] != "rejected" {
		t.Error("conflict not rejected")
	}
	must(t, ob.ResetBackoff(ctx, t0.Add(time.Hour)))
	if res, _ := ob.Drain(ctx, hub, t0.Add(2*time.Hour)); res != (outbox.DrainResult{}) {
		t.Errorf("rejected record sent again: %+v", res)
	}
	list, _ := ob.List(ctx)
	if list[1].LastError == "" {
		t.Error("rejection reason not visible to staff")
	}
}

// TestDrainCrashPoints "kills" the kiosk at each point of a drain, reopens
// the database as a restarted kiosk would, and drains again: every record
// reaches the hub exactly once and ends sent.
func TestDrainCrashPoints(t *testing.T) {
	for _, tc := range []struct {
		name  string
		crash func(ctx context.Context, ob *outbox.Outbox, hub *fakeHub)
	}{
		{"after marking sending, before sending", func(ctx context.Context, ob *outbox.Outbox, hub *fakeHub) {
			due, _ := ob.Next(ctx, t0, 100)
			for _, r := range due[:30] {
				must(t, ob.MarkSending(ctx, r.ID))
			}
		}},
		{"after the hub stored, before the ack arrived", func(ctx context.Context, ob *outbox.Outbox, hub *fakeHub) {
			hub.panicCall = 1
			func() {
				defer func() { recover() }()
				ob.Drain(ctx, hub, t0)
			}()
		}},
		{"in the second batch", func(ctx context.Context, ob *outbox.Outbox, hub *fakeHub) {
			hub.panicCall = 2
			func() {
				defer func() { recover() }()
				ob.Drain(ctx, hub, t0)
			}()
		}},
		{"connection cut after the hub stored", func(ctx context.Context, ob *outbox.Outbox, hub *fakeHub) {
			hub.cutAfter = true
			ob.Drain(ctx, hub, t0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			ob, path := mustOpen(t)
			enqueue(t, ob, records(70)...)
			hub := newHub()
			tc.crash(ctx, ob, hub)
			if count(t, ob, "sent") == 70 {
				t.Fatal("the crash point was never reached")
			}

			// Restart: a new connection pool and Open's recovery.
			hub.panicCall, hub.cutAfter = 0, false
			ob2, err := outbox.Open(ctx, openDB(t, path), func() time.Time { return t0 })
			if err != nil {
				t.Fatal(err)
			}
			if n := count(t, ob2, "sending"); n != 0 {
				t.Fatalf("%d records still sending after Open", n)
			}
			must(t, ob2.ResetBackoff(ctx, t0)) // the hub answers again
			if _, err := ob2.Drain(ctx, hub, t0); err != nil {
				t.Fatal(err)
			}
			if n := count(t, ob2, "sent"); n != 70 {
				t.Errorf("%d of 70 sent after restart", n)
			}
			if len(hub.stored) != 70 {
				t.Errorf("hub holds %d distinct submissions, want 70", len(hub.stored))
			}
		})
	}
}

// BenchmarkDrain1000 drains 1,000 queued records to an in-memory hub: the
// outbox's own cost of the "1,000 submissions in at most 10 s"
// (the HTTP hop is measured with the real uploader).
func BenchmarkDrain1000(b *testing.B) {
	ctx := context.Background()
	recs := records(1000)
	for b.Loop() {
		b.StopTimer()
		ob, _ := mustOpen(b)
		enqueue(b, ob, recs...)
		hub := newHub()
		b.StartTimer()
		res, err := ob.Drain(ctx, hub, t0)
		if err != nil || res.Sent != 1000 {
			b.Fatalf("Drain = %+v, %v", res, err)
		}
	}
}
