package client

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/must"
	"gongkai/sync/hub"
)

// stepper drives a Worker's clock: each wait the worker asks for is
// reported on waits and ends when the test calls next.
type stepper struct {
	mu    sync.Mutex
	now   time.Time
	waits chan wait
}

type wait struct {
	d  time.Duration
	ch chan time.Time
}

func newStepper() *stepper {
	return &stepper{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), waits: make(chan wait)}
}

func (s *stepper) Now() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now }

func (s *stepper) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	s.waits <- wait{d, ch}
	return ch
}

// await returns the wait the worker is blocked in: its pass is over and
// its status can be read.
func (s *stepper) await(t *testing.T) wait {
	t.Helper()
	return must.Receive(t, s.waits, 10*time.Second, "the worker did not wait")
}

// release lets the waited time pass; the worker runs its next pass.
func (s *stepper) release(w wait) {
	s.mu.Lock()
	s.now = s.now.Add(w.d)
	s.mu.Unlock()
	w.ch <- s.Now()
}

func runWorker(t *testing.T, k *testKiosk, opt WorkerOptions) (*Worker, *stepper) {
	t.Helper()
	st := newStepper()
	opt.Now, opt.After = st.Now, st.After
	opt.Jitter = func() float64 { return 0 }
	w := NewWorker(k.Client, opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() {
		cancel()
		// A worker woken with its context done may pick the timer and
		// run one more pass before it sees the context: answer each
		// wait until it has returned.
		for {
			select {
			case w := <-st.waits:
				w.ch <- time.Time{}
			case <-done:
				return
			}
		}
	})
	return w, st
}

// firstPass runs a worker (every 5 minutes, backing off up to 4) for a
// kiosk enrolled with a hub holding docs documents, and returns the wait
// after the worker's first pass.
func firstPass(t *testing.T, docs int) (*testHub, *Worker, *stepper, wait) {
	t.Helper()
	th := startHub(t)
	th.load(docs, "通知", false)
	w, st := runWorker(t, enrolledKiosk(t, th), WorkerOptions{Interval: 5 * time.Minute, MaxBackoff: 4 * time.Minute})
	return th, w, st, st.await(t)
}

func TestWorkerBacksOffAndResets(t *testing.T) {
	th, w, st, wt := firstPass(t, 10)
	s := w.Status()
	if wt.d != 5*time.Minute || !s.Online || s.Version != 11 || s.Problem != "" || !s.LastSync.Equal(st.Now()) {
		t.Fatalf("after a good sync: wait %s, status %+v", wt.d, s)
	}
	th.kill()
	// Equal jitter with a zero draw waits half of 30 s, 60 s, 120 s, 240 s, 240 s.
	for i, want := range []time.Duration{15 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 2 * time.Minute} {
		st.release(wt)
		if wt = st.await(t); wt.d != want {
			t.Fatalf("wait after failure %d = %s, want %s", i+1, wt.d, want)
		}
	}
	if s := w.Status(); s.Online || s.Problem != "无法连接目录中心" || s.Version != 11 {
		t.Fatalf("status with the hub down = %+v", s)
	}
	th.restart()
	st.release(wt)
	if wt = st.await(t); wt.d != 5*time.Minute {
		t.Fatalf("after the hub came back the worker waits %s, want the interval again", wt.d)
	}
	if s := w.Status(); !s.Online || s.Problem != "" {
		t.Fatalf("status after recovery = %+v", s)
	}
	if _, err := th.Hub.Store.Revoke(context.Background(), "1", time.Now()); err != nil {
		t.Fatal(err)
	}
	st.release(wt)
	wt = st.await(t)
	if s := w.Status(); !s.Online || s.Problem != "本机已被中心停用" {
		t.Fatalf("status when revoked = %+v", s)
	}
	st.release(wt)
}

func TestWorkerPicksUpBundlesOnce(t *testing.T) {
	th := startHub(t)
	th.load(50, "通知", false)
	k := usbKiosk(t, th)
	drive := t.TempDir()
	var mu sync.Mutex
	var statuses []Status
	w, st := runWorker(t, k, WorkerOptions{USBGlob: filepath.Join(drive, "gongkai-*.bundle"), USBEvery: 15 * time.Second,
		OnStatus: func(s Status) { mu.Lock(); statuses = append(statuses, s); mu.Unlock() }})

	wt := st.await(t)
	if wt.d != 15*time.Second {
		t.Fatalf("USB check every %s, want 15s", wt.d)
	}
	if _, err := th.Hub.WriteBundle(context.Background(), filepath.Join(drive, "gongkai-1.bundle"), hub.BundleOptions{}); err != nil {
		t.Fatal(err)
	}
	st.release(wt)
	wt = st.await(t)
	if s := w.Status(); s.Version != 51 || s.Problem != "" || s.LastSync.IsZero() {
		t.Fatalf("status after the bundle = %+v", s)
	}
	// A tampered newer bundle appears: refused, shown to staff, catalogue kept.
	th.load(60, "公告", false)
	newer := filepath.Join(t.TempDir(), "gongkai-2.bundle")
	if _, err := th.Hub.WriteBundle(context.Background(), newer, hub.BundleOptions{Since: 51}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(newer)
	b[len(b)/2] ^= 1
	os.WriteFile(filepath.Join(drive, "gongkai-2.bundle"), b, 0o644)
	before := k.cat.Digest(t)
	st.release(wt)
	wt = st.await(t)
	if s := w.Status(); s.Version != 51 || s.Problem != "目录签名校验失败，已拒绝" {
		t.Fatalf("status after a tampered bundle = %+v", s)
	}
	if k.cat.Digest(t) != before {
		t.Fatal("a tampered bundle changed the catalogue")
	}
	mu.Lock()
	n := len(statuses)
	mu.Unlock()
	for range 2 {
		st.release(wt)
		wt = st.await(t)
	}
	mu.Lock()
	if len(statuses) != n {
		t.Errorf("the worker read the same bundles again (%d status changes after %d)", len(statuses), n)
	}
	mu.Unlock()
	st.release(wt)
}

// TestWorkerHonoursRetryAfter: a hub that answers 503 with Retry-After
// (its database restarting) is tried again when it asked, not on the
// growing backoff, within the worker's own bounds: no sooner than its
// shortest wait after a failure, no later than MaxBackoff.
func TestWorkerHonoursRetryAfter(t *testing.T) {
	th, w, st, wt := firstPass(t, 3)
	if wt.d != 5*time.Minute {
		t.Fatalf("after a good sync the worker waits %s", wt.d)
	}
	var retryAfter atomic.Value
	th.setWrap(func(http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Retry-After", retryAfter.Load().(string))
			http.Error(rw, `{"code":"unavailable","message":"try again later"}`, http.StatusServiceUnavailable)
		})
	})
	// Without the header the backoff's first step would be 15 s, then
	// 30 s, 60 s, 120 s: each wait here is the hub's, bounded.
	for i, c := range []struct {
		header string
		want   time.Duration
	}{
		{"90", 90 * time.Second},
		{"5", 15 * time.Second},   // the worker's own minimum
		{"0", 15 * time.Second},   // likewise
		{"3600", 4 * time.Minute}, // MaxBackoff
		{"70", 70 * time.Second},
		{"soon", 2 * time.Minute}, // unreadable: the backoff of the 6th failure (240 s), equal jitter with a zero draw
	} {
		retryAfter.Store(c.header)
		st.release(wt)
		if wt = st.await(t); wt.d != c.want {
			t.Fatalf("step %d: Retry-After %q: the worker waits %s, want %s", i, c.header, wt.d, c.want)
		}
		if s := w.Status(); !s.Online || s.Problem == "" {
			t.Fatalf("step %d: status while the hub is busy = %+v", i, s)
		}
	}
	th.setWrap(nil)
	st.release(wt)
	if wt = st.await(t); wt.d != 5*time.Minute {
		t.Fatalf("after the hub served again the worker waits %s, want the interval", wt.d)
	}
	st.release(wt)
}

func TestIntervalSpreadsKiosksThatSyncedTogether(t *testing.T) {
	w := &Worker{opt: WorkerOptions{Interval: 5 * time.Minute}}
	for _, c := range []struct {
		jitter float64
		want   time.Duration
	}{{0, 5 * time.Minute}, {0.5, 5*time.Minute + 15*time.Second}, {0.999, 5*time.Minute + 29970*time.Millisecond}} {
		w.opt.Jitter = func() float64 { return c.jitter }
		if got := w.interval(); got != c.want {
			t.Errorf("interval with jitter %v = %s, want %s", c.jitter, got, c.want)
		}
	}
	// Two kiosks in step part after one good pass each: one drew low, one high.
	th, w1, st, wt := firstPass(t, 3)
	draws := []float64{0.9}
	w2 := NewWorker(enrolledKiosk(t, th).Client, WorkerOptions{Interval: 5 * time.Minute, MaxBackoff: 4 * time.Minute,
		Now: st.Now, Jitter: func() float64 { return draws[0] }})
	if got := w2.syncHub(context.Background()); got != 5*time.Minute+27*time.Second || wt.d != 5*time.Minute {
		t.Fatalf("two kiosks synced together wait %s and %s; want 5m0s and 5m27s", wt.d, got)
	}
	if !w1.Status().Online || !w2.Status().Online {
		t.Fatalf("statuses %+v, %+v", w1.Status(), w2.Status())
	}
}

func TestRetryAfterBounds(t *testing.T) {
	w := &Worker{opt: WorkerOptions{Interval: 5 * time.Minute, MaxBackoff: 4 * time.Minute}}
	for _, c := range []struct {
		after  time.Duration
		jitter float64
		want   time.Duration
	}{
		{10 * time.Second, 0, 15 * time.Second},
		{10 * time.Second, 0.5, 15*time.Second + 3750*time.Millisecond},
		{100 * time.Second, 0.5, 125 * time.Second},
		{200 * time.Second, 0.99, 4 * time.Minute}, // the jitter never passes MaxBackoff
		{time.Hour, 0.5, 4 * time.Minute},
	} {
		w.opt.Jitter = func() float64 { return c.jitter }
		if got := w.retryAfter(c.after); got != c.want {
			t.Errorf("retryAfter(%s) with jitter %v = %s, want %s", c.after, c.jitter, got, c.want)
		}
	}
	// A short interval lowers the floor with the backoff: half its first step.
	w.opt.Interval, w.opt.Jitter = 10*time.Second, func() float64 { return 0 }
	if got := w.retryAfter(0); got != 5*time.Second {
		t.Errorf("retryAfter(0) with a 10 s interval = %s, want 5s", got)
	}
}
