package e2e

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// childEnv names the kiosk data directory a child process works on;
// childNowEnv the hub's clock when it was started (RFC 3339), the child's
// own clock, so that it never reads the wall clock.
const (
	childEnv    = "GONGKAI_E2E_KIOSK_CHILD"
	childNowEnv = "GONGKAI_E2E_KIOSK_NOW"
)

// TestMain lets the test binary double as the kiosk process that
// TestKioskKilled kills.
func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(kioskChild(dir))
	}
	os.Exit(m.Run())
}

// kioskChild is a kiosk that submits and uploads in a loop until it is
// killed: it opens the data directory (recovering from the last kill),
// and tells the "visitor" that a submission was received, by a line
// "ACK <id>" on stdout, only after Submit returned.
func kioskChild(dir string) int {
	ctx := context.Background()
	fail := func(what string, err error) int {
		fmt.Fprintf(os.Stderr, "kiosk child: %s: %v\n", what, err)
		return 3
	}
	at, err := time.Parse(time.RFC3339Nano, os.Getenv(childNowEnv))
	if err != nil {
		return fail("clock", err)
	}
	now := func() time.Time { return at }
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"))
	if err != nil {
		return fail("open store", err)
	}
	cl := client.New(dir, client.NewStoreCatalogue(st), client.Options{Now: now})
	ob, err := outbox.Open(ctx, st.DB(), now)
	if err != nil {
		return fail("open outbox", err)
	}
	h, err := cl.Hub(ctx)
	if err != nil {
		return fail("hub", err)
	}
	key, err := cl.DeviceKey()
	if err != nil {
		return fail("device key", err)
	}
	svc := &submission.Service{Store: st, Outbox: ob, Now: now, Rand: rand.Reader,
		KioskNo: h.KioskNo, KioskID: h.KioskID, Recipient: h.AgeRecipient, DeviceKey: key}
	up := client.NewUplink(cl, ob, client.UplinkOptions{Timeout: 5 * time.Second})
	for i := 0; ; i++ {
		var p submission.Payload = feedback(fmt.Sprintf("第%d条", i))
		if i%3 == 1 {
			p = application()
		}
		res, err := svc.Submit(ctx, p)
		if err != nil {
			return fail("submit", err)
		}
		os.Stdout.WriteString("ACK " + res.ID + "\n")
		if i%2 == 1 {
			if _, err := up.Upload(ctx); err != nil {
				fmt.Fprintf(os.Stderr, "kiosk child: upload: %v\n", err)
			}
		}
	}
}

// TestKioskKilled kills the kiosk process with SIGKILL at random moments
// while it submits and uploads, 50 times, then lets it finish uploading.
// Every submission acknowledged to a visitor is at the hub exactly once,
// and the hub holds nothing the kiosk did not durably queue; at most one
// submission per kill was queued but not yet acknowledged when it died.
func TestKioskKilled(t *testing.T) {
	ctx := context.Background()
	clk, th, k := startEnrolled(t) // registers the device key
	k.st.Close()
	// The hub takes a while to answer after storing a batch, so that many
	// kills fall between the hub storing records and the kiosk hearing so.
	th.setWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if r.URL.Path == "/v1/submissions" {
				time.Sleep(25 * time.Millisecond)
			}
		})
	})

	const rounds = 50
	rng := mrand.New(mrand.NewPCG(uint64(time.Now().UnixNano()), 9))
	acked := map[string]bool{}
	midUpload := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+k.dir, childNowEnv+"="+clk.Now().Format(time.RFC3339Nano))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill falls at a random moment after the kiosk's first
		// acknowledgement, not after its start: on a loaded machine a
		// kiosk may take longer than the whole window to open its files.
		lines := make(chan []byte, 1)
		first := make(chan struct{})
		go func() {
			var b []byte
			buf := make([]byte, 4096)
			signalled := false
			for {
				n, err := out.Read(buf)
				b = append(b, buf[:n]...)
				if !signalled && strings.Contains(string(b), "ACK ") && strings.Contains(string(b), "\n") {
					close(first)
					signalled = true
				}
				if err != nil {
					break
				}
			}
			if !signalled {
				close(first)
			}
			lines <- b
		}()
		select {
		case <-first:
		case <-time.After(60 * time.Second):
		}
		time.Sleep(time.Duration(rng.IntN(260)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		b := <-lines
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: the kiosk exited by itself (%v): %s", round, err, stderr.String())
		}
		// Only whole lines were said to the visitor.
		parts := strings.Split(string(b), "\n")
		for _, l := range parts[:len(parts)-1] {
			if id, ok := strings.CutPrefix(l, "ACK "); ok {
				acked[id] = true
			}
		}
		if n := countSending(t, k.dir); n > 0 {
			midUpload++
		}
	}

	// The kiosk comes back for good and uploads everything.
	th.setWrap(nil)
	k.open()
	for range 3 {
		k.clock.Advance(2 * time.Hour)
		if _, _, err := k.up.Exchange(ctx); err == nil {
			break
		}
	}
	queued := map[string]bool{}
	for id, state := range k.ids() {
		queued[id] = true
		if state != outbox.StateSent {
			t.Errorf("%s left %s", id, state)
		}
	}
	for id := range acked {
		if !queued[id] {
			t.Errorf("acknowledged %s is not in the kiosk's queue", id)
		}
	}
	checkExactlyOnce(t, th, queued)
	if extra := len(queued) - len(acked); extra < 0 || extra > rounds {
		t.Errorf("%d queued but never acknowledged, more than one per kill", extra)
	}
	t.Logf("%d rounds: %d acknowledged, %d at the hub, %d kills during an upload", rounds, len(acked), len(queued), midUpload)
	if len(acked) < rounds || midUpload < rounds/10 {
		t.Errorf("%d submissions and %d kills during an upload in %d rounds: too few to test much", len(acked), midUpload, rounds)
	}
}

// countSending counts records a killed kiosk left marked as being sent.
func countSending(t *testing.T, dir string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "kiosk.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM outbox_records WHERE state = 'sending'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
