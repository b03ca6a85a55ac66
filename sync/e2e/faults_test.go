package e2e

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/submission"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// submitSome queues n submissions of mixed kinds, adds their ids to ids
// and returns it.
func submitSome(k *testKiosk, n int, round int, ids map[string]bool) map[string]bool {
	k.t.Helper()
	for i := range n {
		var p submission.Payload
		switch i % 3 {
		case 0:
			p = feedback(fmt.Sprintf("第%d轮第%d条意见", round, i))
		case 1:
			p = application()
		default:
			p = signup("kfr-2027-03", 1)
		}
		ids[k.submit(p).ID] = true
		k.clock.Advance(time.Second)
	}
	return ids
}

// settle runs exchanges without faults until the queue is empty, and
// checks that every record the kiosk queued is at the hub exactly once.
func settle(t *testing.T, th *testHub, k *testKiosk, ids map[string]bool) {
	t.Helper()
	th.setWrap(nil)
	for range 5 {
		k.clock.Advance(2 * time.Hour) // past every backoff
		if _, _, err := k.up.Exchange(context.Background()); err == nil {
			break
		}
	}
	for id, state := range k.ids() {
		if state != outbox.StateSent {
			t.Errorf("%s left %s", id, state)
		}
	}
	checkExactlyOnce(t, th, ids)
}

// TestIdempotentResend: the same records sent again get the original
// acknowledgement (the hub's first receipt time); a record changed under
// the same id is a conflict, and the kiosk puts it in rejected.
func TestIdempotentResend(t *testing.T) {
	ctx := context.Background()
	clk, th, k := startEnrolled(t)
	ids := submitSome(k, 3, 0, map[string]bool{})
	recs, err := k.ob.Queued(ctx)
	if err != nil || len(recs) != 3 {
		t.Fatalf("queued %d, %v", len(recs), err)
	}
	first, err := k.up.Send(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	again, err := k.up.Send(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if first[i].Result != protocol.AckOK || again[i].Result != protocol.AckOK || !again[i].Received.Equal(first[i].Received) {
			t.Errorf("record %d: first %+v, again %+v", i, first[i], again[i])
		}
	}
	k.exchange() // the outbox sends them once more and marks them sent
	checkExactlyOnce(t, th, ids)

	// The same id with other content, properly signed: a conflict that
	// lands in rejected and is never sent again.
	key, _ := k.cl.DeviceKey()
	changed := recs[0]
	changed.Sealed, err = submission.Seal(k.hub.AgeRecipient, []byte(`{"id":"`+changed.ID+`","changed":true}`))
	if err != nil {
		t.Fatal(err)
	}
	changed.Sign(key)
	if _, err := k.st.DB().Exec(`UPDATE outbox_records SET sealed = ?, sig = ?, state = 'queued' WHERE id = ?`,
		changed.Sealed, changed.Sig, changed.ID); err != nil {
		t.Fatal(err)
	}
	dr, _ := k.exchange()
	if dr.Rejected != 1 {
		t.Fatalf("drain after a changed record: %+v, want 1 rejected", dr)
	}
	if got := k.ids()[changed.ID]; got != outbox.StateRejected {
		t.Fatalf("changed record is %s, want rejected", got)
	}
	// Tampered readable fields: the signature no longer verifies.
	tampered := recs[1]
	tampered.Attendees = 9
	acks, err := k.up.Send(ctx, []protocol.SealedRecord{tampered})
	if err != nil || acks[0].Result != protocol.AckRejected {
		t.Fatalf("tampered record: %+v, %v", acks, err)
	}
	checkExactlyOnce(t, th, ids)
}

// TestFaultHubDown: while the hub is down every upload fails and waits
// with backoff; once it is back everything arrives, once.
func TestFaultHubDown(t *testing.T) {
	ctx := context.Background()
	clk, th, k := startEnrolled(t)
	ids := map[string]bool{}
	for round := range 5 {
		submitSome(k, 3, round, ids)
		th.stop()
		_, _, err := k.up.Exchange(ctx)
		if !errors.Is(err, client.ErrUnreachable) {
			t.Fatalf("round %d: exchange with the hub down = %v, want unreachable", round, err)
		}
		st, _ := k.ob.Stats(ctx, clk.Now())
		if st.Failed == 0 || st.Pending() != len(ids)-st.Sent {
			t.Fatalf("round %d: queue %+v after a failed upload", round, st)
		}
		th.restart()
		clk.Advance(10 * time.Minute)
		// The hub answers again: records that waited for it are retried at
		// once, not after their backoff.
		if _, _, err := k.up.Exchange(ctx); err != nil {
			t.Fatalf("round %d: exchange after restart: %v", round, err)
		}
	}
	settle(t, th, k, ids)
}

// faultyAPI answers some requests with 500 or too late, before or after
// the hub did the work, at random.
func faultyAPI(rng *mrand.Rand, mu *sync.Mutex, delay time.Duration, count *atomic.Int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			f := rng.IntN(6)
			mu.Unlock()
			if f > 0 {
				count.Add(1)
			}
			switch f {
			case 1: // 500 before anything happens
				http.Error(w, "injected", http.StatusInternalServerError)
			case 2: // the work is done, the answer lost in a 500
				next.ServeHTTP(httptest.NewRecorder(), r)
				http.Error(w, "injected", http.StatusInternalServerError)
			case 3: // too late: the kiosk gave up before the hub looked
				time.Sleep(delay)
				next.ServeHTTP(w, r)
			case 4: // too late: done, but the answer comes after the kiosk gave up
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				time.Sleep(delay)
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.WriteHeader(rec.Code)
				w.Write(rec.Body.Bytes())
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// TestFaultHubErrorsAndTimeouts: the hub answers 500 or too late, before
// or after storing; every record still ends at the hub exactly once.
func TestFaultHubErrorsAndTimeouts(t *testing.T) {
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{})
	k := newKiosk(t, th)
	k.up = client.NewUplink(k.cl, k.ob, client.UplinkOptions{Timeout: 150 * time.Millisecond})
	k.exchange()
	rng := mrand.New(mrand.NewPCG(1, 2))
	var mu sync.Mutex
	var faults atomic.Int64
	th.setWrap(faultyAPI(rng, &mu, 200*time.Millisecond, &faults))
	ids := map[string]bool{}
	for round := range 12 {
		submitSome(k, 4, round, ids)
		k.up.Exchange(context.Background()) // may fail: that is the point
		clk.Advance(2 * time.Hour)
	}
	if faults.Load() < 5 {
		t.Fatalf("only %d faults injected", faults.Load())
	}
	settle(t, th, k, ids)
}

// cuttingProxy forwards TCP connections to target and cuts some of them
// after a random number of bytes in either direction.
type cuttingProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	rng    *mrand.Rand
	cuts   atomic.Int64
}

func startProxy(t *testing.T, target string, seed uint64) *cuttingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttingProxy{ln: ln, target: target, rng: mrand.New(mrand.NewPCG(seed, 7))}
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *cuttingProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *cuttingProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		limit := int64(-1)
		if p.rng.IntN(10) < 6 {
			limit = p.rng.Int64N(6000)
		}
		p.mu.Unlock()
		go p.pipe(c, limit)
	}
}

// pipe copies both ways; with limit >= 0 it closes both connections once
// that many bytes went through in total.
func (p *cuttingProxy) pipe(c net.Conn, limit int64) {
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	var left atomic.Int64
	left.Store(limit)
	var once sync.Once
	cut := func() {
		once.Do(func() {
			p.cuts.Add(1)
			c.Close()
			u.Close()
		})
	}
	copyN := func(dst, src net.Conn) {
		buf := make([]byte, 512)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				if limit >= 0 {
					if rest := left.Add(-int64(n)); rest < 0 {
						dst.Write(buf[:n+int(rest)])
						cut()
						return
					}
				}
				if _, werr := dst.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		c.Close()
		u.Close()
	}
	go copyN(u, c)
	copyN(c, u)
}

// TestFaultConnectionCut: connections cut mid-request or mid-answer by a
// TCP proxy; every record still ends at the hub exactly once.
func TestFaultConnectionCut(t *testing.T) {
	clk, th, k := startEnrolled(t)
	p := startProxy(t, th.addr, 3)
	k.setHubURL(p.URL())
	// A fresh connection per request, so that each may be cut.
	k.useHTTP(&http.Client{Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true}},
		client.UplinkOptions{Timeout: 2 * time.Second})
	ids := map[string]bool{}
	for round := range 15 {
		submitSome(k, 3, round, ids)
		k.up.Exchange(context.Background())
		clk.Advance(2 * time.Hour)
	}
	if p.cuts.Load() < 5 {
		t.Fatalf("only %d connections cut", p.cuts.Load())
	}
	k.setHubURL(th.URL)
	settle(t, th, k, ids)
}

// TestFaultHubRestarted: the hub is restarted while kiosks upload, in a
// loop; every record ends at the hub exactly once.
func TestFaultHubRestarted(t *testing.T) {
	clk, th, k := startEnrolled(t)
	rng := mrand.New(mrand.NewPCG(4, 5))
	ids := map[string]bool{}
	for round := range 10 {
		submitSome(k, 6, round, ids)
		done := make(chan struct{})
		go func() {
			defer close(done)
			k.up.Exchange(context.Background())
		}()
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		th.restart()
		<-done
		clk.Advance(2 * time.Hour)
	}
	settle(t, th, k, ids)
}
