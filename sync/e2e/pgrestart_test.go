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

	// Each kiosk runs its background sync worker (uploads, status feed,
	// catalogue) on a short interval, and visitors submit feedback and
	// sign up for the small event. Stopping cancels the workers' syncs
	// and uploads half-way, as a kiosk shut down does; the kiosks are then
	// opened again and finish.
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	signups := make([]int, len(ks)) // attendees each kiosk signed up
	workers := make([]*workerLog, len(ks))
	for i, k := range ks {
		workers[i] = &workerLog{}
		// The worker's schedule runs on the real clock (the kiosks' and
		// the hub's stands still).
		w := client.NewWorker(k.cl, client.WorkerOptions{Interval: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond,
			Now: wallclock.Now, Uplink: k.up.Sync, OnStatus: workers[i].note})
		wg.Add(2)
		go func() {
			defer wg.Done()
			w.Run(wctx)
		}()
		go func() {
			defer wg.Done()
			for n := range 10 {
				for j := range 3 {
					var p submission.Payload = feedback(fmt.Sprintf("重启测试 %d-%d-%d", i, n, j))
					if j == 2 {
						p = signup(Small, 2)
						signups[i] += 2
					}
					if _, err := k.svc.Submit(ctx, p); err != nil {
						t.Errorf("kiosk %d: submit: %v", i, err)
					}
				}
				select {
				case <-wctx.Done():
					return
				case <-time.After(300 * time.Millisecond):
				}
			}
		}()
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
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		waiting := 0
		for _, l := range workers {
			l.mu.Lock()
			if l.hubError && !l.recovered {
				waiting++
			}
			l.mu.Unlock()
		}
		if waiting == 0 {
			break
		}
	}
	stop()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	retried := 0
	for i, l := range workers {
		for p, n := range l.problems {
			if p != client.Problem(client.ErrHubError) && p != client.Problem(client.ErrUnreachable) {
				t.Errorf("kiosk %d's worker showed staff %q (%d times)", i, p, n)
			}
		}
		if l.hubError && !l.recovered {
			t.Errorf("kiosk %d's worker showed %v and never synced again", i, l.problems)
		}
		if l.recovered {
			retried++
		}
		t.Logf("kiosk %d's worker showed %v", i, l.problems)
	}
	if retried == 0 {
		t.Errorf("no kiosk's worker met the hub's 503 and synced again")
	}

	phase("kiosks stopped")
	// The kiosks finish: every one at the hub's digest, its outbox sent.
	want, err := second.hub.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]bool{}
	ks[0].clock.Advance(outbox.MaxBackoff) // uploads that failed are due again
	for i, k := range ks {
		if k.ob, err = outbox.Open(ctx, k.st.DB(), k.clock.Now); err != nil { // an upload cut off is sent again
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
		if got := k.digest(t); got != want {
			t.Errorf("kiosk %d has catalogue digest %s, the hub %s", i, got, want)
		}
		for id, state := range k.ids() {
			queued[id] = true
			if state != outbox.StateSent {
				t.Errorf("kiosk %d: %s is %s after the faults", i, id, state)
			}
		}
	}
	phase("kiosks converged")
	checkExactlyOnce(t, th, queued)

	// No seat granted twice: within capacity, each sign-up counted once.
	total := 0
	for _, n := range signups {
		total += n
	}
	s, err := th.Subs().Seats(ctx, Small)
	if err != nil {
		t.Fatal(err)
	}
	if s.Confirmed > SmallCapacity || s.Free < 0 || s.Confirmed+s.Blocks+s.Free != SmallCapacity {
		t.Errorf("seats of %s: %+v, capacity %d", Small, s, SmallCapacity)
	}
	if s.Confirmed+s.Waiting != total {
		t.Errorf("seats of %s: %d confirmed and %d waiting, but the kiosks signed up %d", Small, s.Confirmed, s.Waiting, total)
	}

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
