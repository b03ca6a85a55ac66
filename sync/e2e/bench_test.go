package e2e

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// fillQueue queues n application records sealed and signed as the
// submission service makes them (the verification-code hash is a fixed
// stand-in: the hub does not look at it on receipt), in one transaction.
func fillQueue(tb testing.TB, ob *outbox.Outbox, h *client.Hub, key ed25519.PrivateKey, at time.Time, n int) {
	tb.Helper()
	ctx := context.Background()
	payload, _ := json.Marshal(application())
	tx, err := ob.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	day := calendar.Today(at)
	for i := range n {
		seq, err := ob.NextSeqTx(ctx, tx, day)
		if err != nil {
			tb.Fatal(err)
		}
		trk, err := tracking.New(h.KioskNo, day, seq)
		if err != nil {
			tb.Fatal(err)
		}
		sub := protocol.Submission{ID: fmt.Sprintf("%s-%d-%d", h.KioskID, at.UnixNano(), i), Kind: protocol.KindApplication,
			KioskID: h.KioskID, Tracking: trk, VerifyHash: "a2id1$bench", Received: at.Add(time.Duration(i) * time.Millisecond),
			Deadline: calendar.MustParse("2026-12-29"), Payload: payload}
		plain, _ := json.Marshal(sub)
		sealed, err := submission.Seal(h.AgeRecipient, plain)
		if err != nil {
			tb.Fatal(err)
		}
		rec := protocol.SealedRecord{ID: sub.ID, Kind: sub.Kind, KioskID: sub.KioskID, Tracking: sub.Tracking,
			VerifyHash: sub.VerifyHash, Received: sub.Received, Deadline: sub.Deadline, Sealed: sealed}
		rec.Sign(key)
		if err := ob.EnqueueTx(ctx, tx, rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDrain1000 drains 1,000 queued submissions (about 4 KB sealed
// each, with a signature image) from a kiosk's outbox to a hub on
// loopback: batches of 50, each stored durably at the hub and then marked
// sent at the kiosk. Target (issue 4): at most 10 s.
func BenchmarkDrain1000(b *testing.B) {
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		b.StopTimer()
		clk := newClock()
		th := startHub(b, clk, hub.SubmissionOptions{})
		k := newKiosk(b, th)
		if err := k.up.RegisterDeviceKey(ctx); err != nil {
			b.Fatal(err)
		}
		fillQueue(b, k.ob, k.hub, k.svc.DeviceKey, clk.Now(), 1000)
		b.StartTimer()
		start := time.Now()
		dr, err := k.up.Upload(ctx)
		total += time.Since(start)
		b.StopTimer()
		if err != nil || dr.Sent != 1000 {
			b.Fatalf("drain: %+v, %v", dr, err)
		}
		if n, _ := th.Subs().Count(ctx); n != 1000 {
			b.Fatalf("hub holds %d", n)
		}
		th.stop()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/drain")
	b.ReportMetric(1000*float64(b.N)/total.Seconds(), "subs/s")
}

// latencies records how long each upload request took.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
	rt http.RoundTripper
}

func (l *latencies) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := l.rt.RoundTrip(r)
	if r.URL.Path == "/v1/submissions" {
		l.mu.Lock()
		l.d = append(l.d, time.Since(start))
		l.mu.Unlock()
	}
	return resp, err
}

// BenchmarkHundredKiosks has 100 kiosks, each with 100 queued
// submissions, drain to one hub at once. Every submission must be stored
// exactly once; it reports the throughput and the p99 latency of an
// upload request (a batch of 50).
func BenchmarkHundredKiosks(b *testing.B) {
	const kiosks, each = 100, 100
	ctx := context.Background()
	var wall time.Duration
	var all []time.Duration
	for b.Loop() {
		b.StopTimer()
		clk := newClock()
		th := startHub(b, clk, hub.SubmissionOptions{})
		lat := &latencies{rt: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 4}}
		hc := &http.Client{Transport: lat}
		ups := make([]*client.Uplink, kiosks)
		obs := make([]*outbox.Outbox, kiosks)
		for i := range kiosks {
			dir := b.TempDir()
			st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			cl := client.New(dir, client.NewStoreCatalogue(st), client.Options{Now: clk.Now, HTTP: hc})
			th.mu.Lock()
			code, _, err := th.hub.NewEnrollCode(ctx, "")
			th.mu.Unlock()
			if err != nil {
				b.Fatal(err)
			}
			h, err := cl.Enroll(ctx, th.URL, code, false)
			if err != nil {
				b.Fatal(err)
			}
			key, err := cl.DeviceKey()
			if err != nil {
				b.Fatal(err)
			}
			if obs[i], err = outbox.Open(ctx, st.DB(), clk.Now); err != nil {
				b.Fatal(err)
			}
			fillQueue(b, obs[i], h, key, clk.Now(), each)
			ups[i] = client.NewUplink(cl, obs[i], client.UplinkOptions{Timeout: time.Minute})
			if err := ups[i].RegisterDeviceKey(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, kiosks)
		for i, up := range ups {
			wg.Go(func() {
				dr, err := up.Upload(ctx)
				if err == nil && dr.Sent != each {
					err = fmt.Errorf("sent %d of %d: %+v", dr.Sent, each, dr)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		wall += time.Since(start)
		b.StopTimer()
		for i, err := range errs {
			if err != nil {
				b.Fatalf("kiosk %d: %v", i, err)
			}
		}
		stored := th.stored(b)
		for id, n := range stored {
			if n != 1 {
				b.Fatalf("%s stored %d times", id, n)
			}
		}
		if len(stored) != kiosks*each {
			b.Fatalf("hub holds %d, want %d", len(stored), kiosks*each)
		}
		all = append(all, lat.d...)
		th.stop()
		b.StartTimer()
	}
	slices.Sort(all)
	b.ReportMetric(float64(kiosks*each*b.N)/wall.Seconds(), "subs/s")
	b.ReportMetric(wall.Seconds()/float64(b.N), "s/round")
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	}
}
