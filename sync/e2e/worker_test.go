package e2e

import (
	"context"
	"testing"
	"time"

	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
)

// TestWorkerUploads runs the kiosk's background sync worker with the
// uplink: a submission reaches the hub without anyone asking; once the hub
// revokes the kiosk, the worker stops uploading, leaves the queue intact
// and tells staff plainly.
func TestWorkerUploads(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{})
	k := newKiosk(t, th)
	statuses := make(chan client.Status, 100)
	w := client.NewWorker(k.cl, client.WorkerOptions{
		Interval: time.Hour, Uplink: k.up.Sync, Now: clk.Now,
		OnStatus: func(s client.Status) {
			select {
			case statuses <- s:
			default:
			}
		},
	})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (status %+v)", what, w.Status())
			}
			w.SyncNow()
			time.Sleep(20 * time.Millisecond)
		}
	}
	r := k.submit(feedback("后台上传"))
	waitFor("the upload", func() bool { return k.ids()[r.ID] == outbox.StateSent })
	if got := th.stored(t); got[r.ID] != 1 {
		t.Fatalf("hub holds %v", got)
	}

	th.mu.Lock()
	if _, err := th.hub.Store.Revoke(ctx, k.hub.KioskID, clk.Now()); err != nil {
		th.mu.Unlock()
		t.Fatal(err)
	}
	th.mu.Unlock()
	r2 := k.submit(feedback("停用之后"))
	// Staff see it on the status line and in the queue's statistics.
	waitFor("the revocation to show", func() bool {
		st, err := k.ob.Stats(ctx, clk.Now())
		return err == nil && st.AuthError != "" && w.Status().Problem == "本机已被中心停用"
	})
	if got := k.ids()[r2.ID]; got != outbox.StateQueued {
		t.Fatalf("after the revocation the record is %s, want still queued", got)
	}
}
