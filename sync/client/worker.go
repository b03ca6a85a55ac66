package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/usb"
)

// Status is what the header and the staff screen show of sync. Problem is
// for staff, never for visitors.
type Status struct {
	Enrolled  bool
	Online    bool      // the last attempt to reach the hub got an answer
	Syncing   bool      // a pass is running
	LastSync  time.Time // last successful sync, network or USB; zero if never
	Version   int64     // the kiosk's catalogue version
	Problem   string    // the last problem in plain Chinese; "" when none
	ProblemAt time.Time
	NextTry   time.Time // when the hub is tried next
}

// WorkerOptions adjust a Worker. Zero values give the defaults.
type WorkerOptions struct {
	Interval   time.Duration // between network syncs; 5 min
	MaxBackoff time.Duration // longest wait after failures; 30 min
	USBGlob    string        // bundles on mounted drives; "" for none
	USBEvery   time.Duration // how often the glob is checked; 15 s
	Now        func() time.Time
	After      func(time.Duration) <-chan time.Time // time.After
	Jitter     func() float64                       // uniform in [0,1); math/rand
	// OnStatus is called from the worker's goroutine after every change of
	// the status; a UI applies it inside fyne.Do.
	OnStatus func(Status)
	// Uplink, if set, runs before each network sync of the catalogue: it
	// uploads queued submissions and pulls their status (Uplink.Sync).
	Uplink func(ctx context.Context) error
}

// Worker syncs in the background: from the hub every Interval (backing off
// exponentially with jitter while the hub is unreachable, back to Interval
// on success) and from bundles that appear under USBGlob, each bundle file
// once.
type Worker struct {
	c   *Client
	opt WorkerOptions

	trigger  chan struct{}
	failures int

	mu     sync.Mutex
	status Status
}

// NewWorker returns a worker for c; Run starts it.
func NewWorker(c *Client, opt WorkerOptions) *Worker {
	if opt.Interval <= 0 {
		opt.Interval = 5 * time.Minute
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 30 * time.Minute
	}
	if opt.USBEvery <= 0 {
		opt.USBEvery = 15 * time.Second
	}
	if opt.Now == nil {
		opt.Now = c.now
	}
	if opt.After == nil {
		opt.After = time.After
	}
	if opt.Jitter == nil {
		opt.Jitter = rand.Float64
	}
	return &Worker{c: c, opt: opt, trigger: make(chan struct{}, 1)}
}

// Status returns the current status.
func (w *Worker) Status() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

// SyncNow asks the worker to try the hub at once (a staff button).
func (w *Worker) SyncNow() {
	select {
	case w.trigger <- struct{}{}:
	default:
	}
}

func (w *Worker) update(f func(*Status)) {
	w.mu.Lock()
	f(&w.status)
	s := w.status
	w.mu.Unlock()
	if w.opt.OnStatus != nil {
		w.opt.OnStatus(s)
	}
}

// Run syncs until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	w.refresh(ctx)
	next := w.opt.Now()
	for {
		w.scanUSB(ctx)
		if now := w.opt.Now(); !now.Before(next) {
			next = now.Add(w.syncHub(ctx))
			w.update(func(s *Status) { s.NextTry = next })
		}
		wait := next.Sub(w.opt.Now())
		if w.opt.USBGlob != "" {
			wait = min(wait, w.opt.USBEvery)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.trigger:
			next = w.opt.Now()
		case <-w.opt.After(max(wait, 0)):
		}
	}
}

// refresh loads what the store knows: enrolment, version, last sync.
func (w *Worker) refresh(ctx context.Context) {
	_, err := w.c.Hub(ctx)
	v, _ := w.c.cat.Cursor(ctx)
	last := w.c.LastSync(ctx)
	w.update(func(s *Status) { s.Enrolled, s.Version, s.LastSync = err == nil, v, last })
}

// syncHub runs one network pass and returns the wait before the next.
func (w *Worker) syncHub(ctx context.Context) time.Duration {
	h, err := w.c.Hub(ctx)
	if err != nil || h.URL == "" {
		w.refresh(ctx)
		return w.opt.Interval
	}
	w.update(func(s *Status) { s.Syncing = true })
	var upErr error
	if w.opt.Uplink != nil {
		upErr = w.opt.Uplink(ctx)
	}
	res, err := w.c.SyncOnce(ctx)
	if err == nil && upErr != nil {
		err = upErr // the catalogue is current, the submissions are not
	}
	if ctx.Err() != nil {
		w.update(func(s *Status) { s.Syncing = false })
		return w.opt.Interval
	}
	now := w.opt.Now()
	if err == nil {
		w.failures = 0
		w.update(func(s *Status) {
			s.Syncing, s.Enrolled, s.Online, s.LastSync, s.Version, s.Problem = false, true, true, now, res.To, ""
		})
		return w.interval()
	}
	w.failures++
	w.c.log.Warn("sync failed", "err", err, "failures", w.failures)
	v, _ := w.c.cat.Cursor(ctx)
	w.update(func(s *Status) {
		s.Syncing, s.Version = false, v
		s.Online = !errors.Is(err, ErrUnreachable)
		s.Problem, s.ProblemAt = Problem(err), now
	})
	if after, ok := RetryAfter(err); ok {
		return w.retryAfter(after)
	}
	return w.backoff()
}

// interval is the wait after a good pass: Interval and up to a tenth more
// at random. Kiosks that synced together (a building's, turned on at
// 8:00, or a fleet back from a network outage) would otherwise come to
// the hub together every pass from then on; this way they drift apart
// within a few passes, and a province's kiosks reach the hub spread over
// the interval instead of as a herd.
func (w *Worker) interval() time.Duration {
	return w.opt.Interval + time.Duration(w.opt.Jitter()*float64(w.opt.Interval/10))
}

// firstBackoff is the backoff after the first failure, before jitter.
func (w *Worker) firstBackoff() time.Duration { return min(30*time.Second, w.opt.Interval) }

// backoff is the wait after w.failures failures in a row: 30 s doubling up
// to MaxBackoff, with "equal jitter" (half fixed, half random) so kiosks
// that lost the hub together do not return together.
func (w *Worker) backoff() time.Duration {
	d := w.firstBackoff()
	for i := 1; i < w.failures && d < w.opt.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.opt.MaxBackoff)
	return d/2 + time.Duration(w.opt.Jitter()*float64(d/2))
}

// retryAfter is the wait after a hub's 503 that asked for after (its
// Retry-After) instead of the growing backoff: the hub knows it is
// restarting or shedding load and when it expects to serve again. It is
// bounded by the worker's own shortest wait after a failure (a hub asking
// for 0 s does not make kiosks hammer it) and by MaxBackoff (a hub asking
// for hours does not park kiosks longer than an unreachable hub would);
// up to half again is added at random so the kiosks a hub turned away
// together do not return together.
func (w *Worker) retryAfter(after time.Duration) time.Duration {
	d := min(max(after, w.firstBackoff()/2), w.opt.MaxBackoff)
	return min(d+time.Duration(w.opt.Jitter()*float64(d/2)), w.opt.MaxBackoff)
}

// scanUSB imports bundle files under the glob that it has not seen before
// (a file is known by path, size and modification time).
func (w *Worker) scanUSB(ctx context.Context) {
	if w.opt.USBGlob == "" {
		return
	}
	files, err := usb.Bundles(w.opt.USBGlob)
	if err != nil || len(files) == 0 {
		return
	}
	seen := w.seenBundles(ctx)
	changed := false
	for _, f := range files {
		p := f.Path
		key := fmt.Sprintf("%s|%d|%d", p, f.Size, f.Modified.UnixNano())
		if seen[key] {
			continue
		}
		w.update(func(s *Status) { s.Syncing = true })
		res, err := w.c.ImportBundle(ctx, p)
		if ctx.Err() != nil {
			return
		}
		now := w.opt.Now()
		switch {
		case err == nil:
			w.update(func(s *Status) { s.Syncing, s.LastSync, s.Version, s.Problem = false, now, res.To, "" })
		case errors.Is(err, ErrOlder):
			w.c.log.Info("bundle already applied", "path", p)
			w.update(func(s *Status) { s.Syncing = false })
		case errors.Is(err, ErrNotEnrolled):
			w.update(func(s *Status) { s.Syncing, s.Problem, s.ProblemAt = false, Problem(err), now })
			continue // picked up once the hub's key is pinned
		default:
			w.c.log.Warn("bundle refused", "path", p, "err", err)
			w.update(func(s *Status) { s.Syncing, s.Problem, s.ProblemAt = false, Problem(err), now })
		}
		seen[key] = true
		changed = true
	}
	if changed {
		w.saveSeen(ctx, seen)
	}
}

func (w *Worker) seenBundles(ctx context.Context) map[string]bool {
	seen := map[string]bool{}
	if v, _ := w.c.cat.Meta(ctx, MetaUSBSeen); v != "" {
		var keys []string
		json.Unmarshal([]byte(v), &keys)
		for _, k := range keys {
			seen[k] = true
		}
	}
	return seen
}

func (w *Worker) saveSeen(ctx context.Context, seen map[string]bool) {
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	if len(keys) > 200 {
		keys = keys[len(keys)-200:]
	}
	b, _ := json.Marshal(keys)
	if err := w.c.cat.SetMeta(ctx, MetaUSBSeen, string(b)); err != nil {
		w.c.log.Warn("remember bundles", "err", err)
	}
}

// ConfigOptions returns worker options from the kiosk's [sync] settings;
// the caller adds OnStatus.
func ConfigOptions(s config.Sync) WorkerOptions {
	return WorkerOptions{Interval: s.Interval.D(), MaxBackoff: s.MaxBackoff.D(), USBGlob: s.USBGlob, USBEvery: s.USBEvery.D()}
}
