package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/internal/pgdb"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/search/corpus"
	"gongkai/internal/submission"
	"gongkai/internal/wallclock"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// TestPostgresRestartedDuringSync: two hub processes on a PostgreSQL
// server of the test's own, four kiosks (two on each process, two of them
// with the other process's address to fail over to) running their sync
// workers, pulling a catalogue of a few hundred documents in small
// pages, uploading sealed feedback and sign-ups for a small event, and
// exchanging status feeds, while the server is restarted with a fast
// shutdown, then with an immediate one (crash recovery), then stopped for
// longer than the hub waits for it. New catalogue versions are imported
// between the restarts. Afterwards every kiosk has the hub's catalogue
// digest, every submission its outbox holds was acknowledged and is
// stored at the hub exactly once, no seat is granted twice (confirmed
// seats within capacity, every sign-up counted once), every failure a
// kiosk was answered was a 503 with Retry-After and a plain message, and
// the workers that met one told staff the hub would be tried again, and
// synced once it was back.
func TestPostgresRestartedDuringSync(t *testing.T) {
	ctx := context.Background()
	began := time.Now()
	phase := func(what string) { t.Logf("%s at %s", what, time.Since(began).Round(time.Millisecond)) }
	cluster := pgtest.StartCluster(t)
	phase("cluster started")
	th := startHubOn(t, newClock(), hub.SubmissionOptions{SeatBlock: 2}, cluster.URL)
	second := startSecond(t, th)
	var pages atomic.Int64
	th.setWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/changes" {
				pages.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	})
	seen := &answers{next: http.DefaultTransport.(*http.Transport).Clone()}
	seen.next.(*http.Transport).DisableCompression = true
	ks := make([]*testKiosk, 4)
	for i := range ks {
		k := newKiosk(t, th)
		var others []string // kiosks 0 and 1 know one address, 2 and 3 both
		switch i {
		case 1:
			k.setHubURL(second.URL)
		case 2:
			others = []string{second.URL}
		case 3:
			k.setHubURL(second.URL)
			others = []string{th.URL}
		}
		k.cl = client.New(k.dir, client.NewStoreCatalogue(k.st), client.Options{Now: k.clock.Now, PageSize: 10,
			HubURLs: others, HTTP: &http.Client{Transport: seen}})
		k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{Timeout: 20 * time.Second})
		k.exchange() // registers the device key
		ks[i] = k
	}
	gen := corpus.New(14, []string{"pg-a", "pg-b"})
	importDocs(t, second.hub, gen, 300, "")
	phase("kiosks enrolled, catalogue imported")

	// Stopping the kiosks cancels their syncs and uploads half-way, as
	// a kiosk shut down does; they are then opened again and finish.
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	kiosks := make([]*kioskAtWork, len(ks))
	for i, k := range ks {
		kiosks[i] = startWork(t, wctx, &wg, i, k)
	}

	// Each fault falls in the middle of the kiosks' paging: after a few
	// more pages were asked for.
	midSync := func() {
		t.Helper()
		from := pages.Load()
		for deadline := time.Now().Add(20 * time.Second); pages.Load() < from+4 && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
	}
	midSync()
	cluster.Restart(t, "fast")
	phase("restarted (fast)")
	importDocs(t, second.hub, gen, 100, "（修订）")
	midSync()
	cluster.Restart(t, "immediate")
	phase("restarted (immediate)")
	importDocs(t, th.Hub(), gen, 100, "（再次修订）")
	midSync()
	cluster.Stop(t, "fast")
	time.Sleep(pgdb.RetryFor + 2*time.Second) // requests the hub took in the first seconds are answered 503
	cluster.Start(t)
	phase("started after a stop")
	importDocs(t, second.hub, gen, 100, "（终稿）")
	// The workers that told staff the hub had a problem try again, and
	// sync, once the database is back.
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline) && !allRecovered(kiosks); {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	phase("kiosks stopped")
	retried := checkWorkers(t, kiosks)
	want, err := second.hub.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queued := finish(t, ks, want)
	phase("kiosks converged")
	checkExactlyOnce(t, th, queued)

	total := checkSeatsGranted(t, th, kiosks)

	seen.mu.Lock()
	defer seen.mu.Unlock()
	for _, b := range seen.bad {
		t.Errorf("a kiosk was answered %s", b)
	}
	if seen.unavailable.Load() == 0 {
		t.Errorf("no kiosk was answered 503 while the database was down for %s", pgdb.RetryFor+2*time.Second)
	}
	t.Logf("%d pages asked of the first hub process, %d answers 503, %d workers retried after one, %d submissions, %d seats asked for",
		pages.Load(), seen.unavailable.Load(), retried, len(queued), total)
}

// kioskAtWork is a kiosk running its sync worker while visitors submit.
type kioskAtWork struct {
	log     workerLog
	signups []submission.Result // its visitors' sign-ups, as the kiosk answered them
}

// startWork runs kiosk i's background sync worker (uploads, status feed,
// catalogue) on a short interval, and its visitors: 30 submissions, a
// third of them sign-ups of two for the small event, until ctx ends.
func startWork(t *testing.T, ctx context.Context, wg *sync.WaitGroup, i int, k *testKiosk) *kioskAtWork {
	a := &kioskAtWork{}
	// The worker's schedule runs on the real clock (the kiosks' and the
	// hub's stands still).
	w := client.NewWorker(k.cl, client.WorkerOptions{Interval: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond,
		Now: wallclock.Now, Uplink: k.up.Sync, OnStatus: a.log.note})
	wg.Add(2)
	go func() {
		defer wg.Done()
		w.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		for n := range 10 {
			for j := range 3 {
				var p submission.Payload = feedback(fmt.Sprintf("重启测试 %d-%d-%d", i, n, j))
				if j == 2 {
					p = signup(Small, 2)
				}
				// Not cancelled with ctx: a visitor's submission is whole.
				r, err := k.svc.Submit(context.WithoutCancel(ctx), p)
				if err != nil {
					t.Errorf("kiosk %d: submit: %v", i, err)
				} else if j == 2 {
					a.signups = append(a.signups, r)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
		}
	}()
	return a
}

// allRecovered says every worker that showed the hub's temporary error
// has synced since.
func allRecovered(kiosks []*kioskAtWork) bool {
	for _, a := range kiosks {
		a.log.mu.Lock()
		waiting := a.log.hubError && !a.log.recovered
		a.log.mu.Unlock()
		if waiting {
			return false
		}
	}
	return true
}

// checkWorkers asserts the stopped workers showed staff only that the
// hub was unreachable or would be tried again, and synced after it; it
// returns how many met the hub's 503 and synced again, at least one.
func checkWorkers(t *testing.T, kiosks []*kioskAtWork) (retried int) {
	t.Helper()
	for i, a := range kiosks {
		for p, n := range a.log.problems {
			if p != client.Problem(client.ErrHubError) && p != client.Problem(client.ErrUnreachable) {
				t.Errorf("kiosk %d's worker showed staff %q (%d times)", i, p, n)
			}
		}
		if a.log.hubError && !a.log.recovered {
			t.Errorf("kiosk %d's worker showed %v and never synced again", i, a.log.problems)
		}
		if a.log.recovered {
			retried++
		}
	}
	if retried == 0 {
		t.Errorf("no kiosk's worker met the hub's 503 and synced again")
	}
	return retried
}

// finish opens the kiosks' outboxes again (an upload cut off is sent
// again), lets the time of the failed uploads' retries come, syncs and
// uploads until done, and asserts each kiosk has the catalogue digest
// want and an outbox all sent. It returns the ids of every submission.
func finish(t *testing.T, ks []*testKiosk, want string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	queued := map[string]bool{}
	ks[0].clock.Advance(outbox.MaxBackoff) // one clock for all
	for i, k := range ks {
		var err error
		if k.ob, err = outbox.Open(ctx, k.st.DB(), k.clock.Now); err != nil {
			t.Fatal(err)
		}
		k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{Timeout: 20 * time.Second})
		for range 20 {
			if _, err = k.cl.SyncOnce(ctx); err == nil {
				if _, _, err = k.up.Exchange(ctx); err == nil {
					break
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("kiosk %d after the faults: %v", i, err)
		}
		if got := must.Call(t, k.st.Digest); got != want {
			t.Errorf("kiosk %d has catalogue digest %s, the hub %s", i, got, want)
		}
		for id, state := range k.ids() {
			queued[id] = true
			if state != outbox.StateSent {
				t.Errorf("kiosk %d: %s is %s after the faults", i, id, state)
			}
		}
	}
	return queued
}

// checkSeatsGranted asserts no seat of the small event was granted
// twice: the hub confirms no more than its capacity and counts every
// sign-up once, and the seats kiosks told visitors were confirmed (from
// the blocks the hub granted them) are within the capacity and among the
// hub's confirmed ones. It returns the seats asked for.
func checkSeatsGranted(t *testing.T, th *testHub, kiosks []*kioskAtWork) (asked int) {
	t.Helper()
	told := 0
	for _, a := range kiosks {
		for _, r := range a.signups {
			asked += 2
			if r.SeatState == protocol.SeatConfirmed {
				told += 2
			}
		}
	}
	s, err := th.Subs().Seats(context.Background(), Small)
	if err != nil {
		t.Fatal(err)
	}
	if s.Confirmed > SmallCapacity || s.Free < 0 || s.Confirmed+s.Blocks+s.Free != SmallCapacity {
		t.Errorf("seats of %s: %+v, capacity %d", Small, s, SmallCapacity)
	}
	if s.Confirmed+s.Waiting != asked {
		t.Errorf("seats of %s: %d confirmed and %d waiting, but the kiosks' visitors asked for %d", Small, s.Confirmed, s.Waiting, asked)
	}
	if told > s.Confirmed {
		t.Errorf("kiosks told visitors %d seats were confirmed, the hub confirmed %d (capacity %d)", told, s.Confirmed, SmallCapacity)
	}
	t.Logf("seats: %d asked for, %d confirmed by kiosks from their blocks, %+v at the hub", asked, told, s)
	return asked
}

// Hub returns the hub as now open.
func (th *testHub) Hub() *hub.Hub {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.hub
}

// workerLog keeps what a kiosk's sync worker told staff: the problems it
// showed, and whether it synced again after the hub's "try later".
type workerLog struct {
	mu        sync.Mutex
	problems  map[string]int
	hubError  bool // showed the hub's temporary error
	recovered bool // synced after showing it
}

func (l *workerLog) note(s client.Status) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.Syncing {
		return
	}
	if s.Problem != "" {
		if l.problems == nil {
			l.problems = map[string]int{}
		}
		l.problems[s.Problem]++
		l.hubError = l.hubError || s.Problem == client.Problem(client.ErrHubError)
	} else if l.hubError && s.Online {
		l.recovered = true
	}
}

// importDocs imports the first n documents of gen, each cut to its first
// two blocks and its title ending in rev (so a new rev changes each), into
// h's catalogue.
func importDocs(t *testing.T, h *hub.Hub, gen *corpus.Generator, n int, rev string) {
	t.Helper()
	objs := []domain.Object{
		jsonObject(t, domain.KindCategory, "pg-a", domain.Category{ID: "pg-a", Name: "重启测试甲", Order: 90}),
		jsonObject(t, domain.KindCategory, "pg-b", domain.Category{ID: "pg-b", Name: "重启测试乙", Order: 91}),
	}
	for i := range n {
		d := gen.Document(i)
		d.Title += rev
		d.Body = d.Body[:min(len(d.Body), 2)] // short: the kiosks' indexing is not what is tested
		objs = append(objs, jsonObject(t, domain.KindDocument, d.ID, d))
	}
	if _, err := h.ImportCatalogue(context.Background(), &hub.Catalogue{Objects: objs}, hub.ImportOptions{}); err != nil {
		t.Fatalf("import %q: %v", rev, err)
	}
}

func jsonObject(t *testing.T, kind, id string, v any) domain.Object {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return domain.Object{Kind: kind, ID: id, Data: b}
}

// answers passes the kiosks' requests on and checks every failure they
// are answered: a 503 with Retry-After and an error body whose code says
// unavailable and whose message is the hub's own, not a database's.
type answers struct {
	next        http.RoundTripper
	unavailable atomic.Int64
	mu          sync.Mutex
	bad         []string
}

func (a *answers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(r)
	if err != nil || resp.StatusCode < 500 {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var e protocol.ErrorBody
	if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" &&
		json.Unmarshal(body, &e) == nil && e.Code == protocol.CodeUnavailable && strings.HasPrefix(e.Message, "the hub could not") &&
		!strings.Contains(e.Message, "SQLSTATE") && !strings.Contains(e.Message, "dial") {
		a.unavailable.Add(1)
		return resp, nil
	}
	a.mu.Lock()
	a.bad = append(a.bad, fmt.Sprintf("%s %s: %d %q", r.Method, r.URL.Path, resp.StatusCode, body))
	a.mu.Unlock()
	return resp, nil
}
