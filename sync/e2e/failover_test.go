package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/sync/client"
	"gongkai/sync/hub"
)

// hubProcess is a second hub on the same data directory as a testHub (its
// own store connections, submissions service and API), as a second hub
// process on one database is.
type hubProcess struct {
	URL   string
	hub   *hub.Hub
	srv   *http.Server
	mu    sync.Mutex
	fail  bool // answer every request with 503
	calls atomic.Int64
}

func startSecond(t *testing.T, th *testHub) *hubProcess {
	t.Helper()
	ctx := context.Background()
	h, err := hub.Open(ctx, th.dir, hub.Options{Now: th.clock.Now, Logger: hubLog()})
	if err != nil {
		t.Fatal(err)
	}
	subs, err := hub.OpenSubmissions(ctx, h, th.opt)
	if err != nil {
		t.Fatal(err)
	}
	api := hub.NewServer(h, hub.ServerOptions{})
	subs.Register(api)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &hubProcess{URL: "http://" + ln.Addr().String(), hub: h}
	p.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.calls.Add(1)
		p.mu.Lock()
		fail := p.fail
		p.mu.Unlock()
		if fail {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		api.ServeHTTP(w, r)
	})}
	go p.srv.Serve(ln)
	t.Cleanup(func() {
		p.srv.Close()
		subs.Close()
		h.Close()
	})
	return p
}

func (p *hubProcess) setFail(v bool) {
	p.mu.Lock()
	p.fail = v
	p.mu.Unlock()
}

// failoverKiosk enrols a kiosk with th and gives it more hub addresses.
func failoverKiosk(t *testing.T, th *testHub, urls []string, pageSize int) *testKiosk {
	t.Helper()
	k := newKiosk(t, th)
	k.cl = client.New(k.dir, client.NewStoreCatalogue(k.st), client.Options{Now: k.clock.Now, HubURLs: urls, PageSize: pageSize})
	k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{})
	return k
}

func categoryObjects(n int, rev string) []domain.Object {
	var out []domain.Object
	for i := range n {
		id := fmt.Sprintf("fo-%03d", i)
		out = append(out, domain.Object{Kind: domain.KindCategory, ID: id,
			Data: []byte(fmt.Sprintf(`{"id":%q,"name":"分类%s%d","order":%d}`, id, rev, i, 100+i))})
	}
	return out
}

// TestKioskFailsOverBetweenHubs runs a kiosk given two hub addresses: the
// first hub is stopped in the middle of a sync, and the kiosk finishes
// the sync, uploads and pulls its status feed from the second and stays
// there; when the second answers 5xx it goes back to the first.
func TestKioskFailsOverBetweenHubs(t *testing.T) {
	ctx := context.Background()
	th := startHub(t, newClock(), hub.SubmissionOptions{})
	second := startSecond(t, th)
	k := failoverKiosk(t, th, []string{second.URL}, 5)
	want := map[string]bool{}
	for i := range 3 {
		want[k.submit(feedback(fmt.Sprintf("第%d条意见", i))).ID] = true
	}
	if dr, _ := k.exchange(); dr.Sent != 3 || second.calls.Load() != 0 {
		t.Fatalf("first upload: %+v, second hub called %d times", dr, second.calls.Load())
	}

	// 60 changes in pages of 5; the first hub dies at its third page.
	if _, err := second.hub.ImportCatalogue(ctx, &hub.Catalogue{Objects: categoryObjects(60, "")}, hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var pages atomic.Int64
	th.setWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/changes" && pages.Add(1) == 3 {
				go th.stop()
				panic(http.ErrAbortHandler) // the connection drops mid-page
			}
			next.ServeHTTP(w, r)
		})
	})
	res, err := k.cl.SyncOnce(ctx)
	if err != nil {
		t.Fatalf("sync with the first hub stopped: %v", err)
	}
	if pages.Load() != 3 {
		t.Fatalf("the first hub served %d page requests, want 3 (stopped at the third)", pages.Load())
	}
	hd, _ := second.hub.Digest(ctx)
	if got := must.Call(t, k.st.Digest); got != hd || res.Changes != 60 {
		t.Fatalf("kiosk digest %s after %d changes, hub %s", got, res.Changes, hd)
	}
	if h, _ := k.cl.Hub(ctx); h.URL != second.URL {
		t.Fatalf("kiosk now uses %s, want the second hub %s", h.URL, second.URL)
	}

	// Uploads and the status feed go to the second hub from the start.
	for i := range 3 {
		want[k.submit(feedback(fmt.Sprintf("停机后第%d条意见", i))).ID] = true
	}
	before := second.calls.Load()
	dr, sr := k.exchange()
	if dr.Sent != 3 || second.calls.Load() == before {
		t.Fatalf("upload after the stop: %+v, status %+v", dr, sr)
	}
	checkExactlyOnce(t, th, want)

	// The first hub comes back; the second fails with 503: back to the first.
	th.restart()
	second.setFail(true)
	if _, err := second.hub.ImportCatalogue(ctx, &hub.Catalogue{Objects: categoryObjects(60, "改")}, hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatalf("sync with the second hub failing: %v", err)
	}
	hd, _ = second.hub.Digest(ctx)
	if got := must.Call(t, k.st.Digest); got != hd {
		t.Fatalf("kiosk digest %s, hub %s", got, hd)
	}
	if h, _ := k.cl.Hub(ctx); h.URL != th.URL {
		t.Fatalf("kiosk now uses %s, want the first hub %s", h.URL, th.URL)
	}
}

// TestKioskWithOneHubAddress checks that a kiosk with no more addresses
// reports the hub unreachable as before (old configurations).
func TestKioskWithOneHubAddress(t *testing.T) {
	th := startHub(t, newClock(), hub.SubmissionOptions{})
	k := failoverKiosk(t, th, nil, 0)
	th.stop()
	if _, err := k.cl.SyncOnce(context.Background()); err == nil || client.Problem(err) != "无法连接目录中心" {
		t.Fatalf("sync with the only hub stopped: %v (%q)", err, client.Problem(err))
	}
}
