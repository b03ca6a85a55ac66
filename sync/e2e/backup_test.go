package e2e

import (
	"context"
	"fmt"
	"maps"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/submission"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
)

// TestBackupOfLiveHubRestores backs up a hub with `hub backup` while a
// kiosk keeps uploading submissions to it, restores the backup with `hub
// restore` into a new directory, and serves the restored hub: it has the
// same keys, every submission the hub had acknowledged before the backup
// began (each once), decrypts them, and takes the kiosk's next upload.
func TestBackupOfLiveHubRestores(t *testing.T) {
	ctx := context.Background()
	clk, th, k := startEnrolled(t)

	// The kiosk: submit two, upload, note what the hub acknowledged, again.
	var mu sync.Mutex
	sent := map[string]bool{} // acknowledged by the hub
	queued := map[string]bool{}
	exchanges := 0
	var stop atomic.Bool
	done := make(chan error, 1)
	go func() {
		for round := 0; !stop.Load(); round++ {
			for i := range 2 {
				var p submission.Payload = feedback(fmt.Sprintf("备份测试第%d轮第%d条", round, i))
				if i == 1 && round%3 == 0 {
					p = application()
				}
				res, err := k.svc.Submit(ctx, p)
				if err != nil {
					done <- err
					return
				}
				mu.Lock()
				queued[res.ID] = true
				mu.Unlock()
			}
			if _, _, err := k.up.Exchange(ctx); err != nil {
				done <- err
				return
			}
			list, err := k.ob.List(ctx)
			if err != nil {
				done <- err
				return
			}
			mu.Lock()
			for _, e := range list {
				if e.State == outbox.StateSent {
					sent[e.ID] = true
				}
			}
			exchanges++
			mu.Unlock()
		}
		done <- nil
	}()
	snapshot := func() (map[string]bool, int) {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(sent), exchanges
	}

	// Back up until a backup overlapped with at least one upload.
	dir := t.TempDir()
	var file string
	var before map[string]bool
	for try := 0; try < 20 && file == ""; try++ {
		time.Sleep(20 * time.Millisecond)
		b, n0 := snapshot()
		out := filepath.Join(dir, fmt.Sprintf("hub-%d.tar.gz", try))
		if msg, err := hubCLI(t, th, "backup", "--out", out); err != nil || !strings.Contains(msg, "submissions.db") {
			t.Fatalf("hub backup: %v\n%s", err, msg)
		}
		if _, n1 := snapshot(); n1 > n0 && len(b) > 0 {
			file, before = out, b
		}
	}
	stop.Store(true)
	if err := <-done; err != nil {
		t.Fatalf("the kiosk: %v", err)
	}
	if file == "" {
		t.Fatal("no backup overlapped with an upload")
	}

	restored := &testHub{t: t, dir: filepath.Join(t.TempDir(), "restored"), clock: clk, opt: hub.SubmissionOptions{}}
	if msg, err := hubCLI(t, restored, "restore", "--from", file); err != nil || !strings.Contains(msg, "完整性检查通过") {
		t.Fatalf("hub restore: %v\n%s", err, msg)
	}
	if _, err := hubCLI(t, restored, "restore", "--from", file); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a restore over a restored hub: %v", err)
	}
	restored.open()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	restored.URL = "http://" + ln.Addr().String()
	restored.serve(ln)
	t.Cleanup(restored.stop)

	if got, want := restored.hub.Keys.KeyID(), th.hub.Keys.KeyID(); got != want {
		t.Fatalf("restored signing key %s, want %s", got, want)
	}
	got := restored.stored(t)
	for id := range before {
		if got[id] != 1 {
			t.Errorf("%s, acknowledged before the backup, is in the restored hub %d times", id, got[id])
		}
	}
	for id := range got {
		if !queued[id] {
			t.Errorf("the restored hub holds %s, which the kiosk never queued", id)
		}
	}
	t.Logf("backup %s: %d acknowledged before it, %d in it, %d queued in all", filepath.Base(file), len(before), len(got), len(queued))

	// The restored hub decrypts (the age key came back) and serves the
	// kiosk (its credential came back in hub.db).
	if out, err := hubCLI(t, restored, "submissions"); err != nil || !strings.Contains(out, "备份测试第0轮第0条") {
		t.Fatalf("hub submissions on the restored hub: %v\n%s", err, out)
	}
	k.setHubURL(restored.URL)
	last := k.submit(feedback("恢复以后的第一条意见"))
	if dr, _ := k.exchange(); dr.Sent == 0 {
		t.Fatalf("the kiosk sent nothing to the restored hub: %+v", dr)
	}
	if restored.stored(t)[last.ID] != 1 {
		t.Fatal("the restored hub did not store the kiosk's next submission")
	}
}
