package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gongkai/internal/benchstat"
	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/internal/wallclock"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
)

// submitPart is part 6: o.submitKiosks real kiosks (store, outbox,
// sealing) each queue o.submissions feedback submissions, then all upload
// at once; every submission must then be stored at the hub exactly once,
// and a second upload must send nothing. On a SQLite hub and, with -db, a
// PostgreSQL one.
func submitPart(ctx context.Context, o options, root string) error {
	stores, drop, err := benchStores(ctx, o)
	if err != nil {
		return err
	}
	defer drop()
	small := o
	small.docs = 0
	for i, st := range stores {
		dir := filepath.Join(root, fmt.Sprintf("submit-hub-%d", i))
		h, _, err := newHub(ctx, small, dir, st.url)
		if err != nil {
			return err
		}
		err = submitRound(ctx, o, h, filepath.Join(root, fmt.Sprintf("submit-kiosks-%d", i)), st.name)
		h.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

type submitKiosk struct {
	st  *store.Store
	up  *client.Uplink
	ids []string
}

func submitRound(ctx context.Context, o options, h *hub.Hub, kdir, storeName string) error {
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		return err
	}
	defer subs.Close()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	url, err := serve(sctx, h, hub.ServerOptions{}, subs.Register)
	if err != nil {
		return err
	}
	t0 := time.Now()
	kiosks := make([]*submitKiosk, o.submitKiosks)
	defer func() {
		for _, k := range kiosks {
			if k != nil {
				k.st.Close()
			}
		}
	}()
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range kiosks {
		code, _, err := h.NewEnrollCode(ctx, "")
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			k, err := queueKiosk(ctx, filepath.Join(kdir, fmt.Sprint(i)), url, code, o.submissions)
			mu.Lock()
			defer mu.Unlock()
			kiosks[i] = k
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("   %s: %d kiosks enrolled with %d sealed submissions queued each in %s\n", storeName, len(kiosks), o.submissions, time.Since(t0).Round(time.Millisecond))

	lat := make([]float64, len(kiosks))
	gate := make(chan struct{})
	load := benchstat.LoadAverage()
	t0 = time.Now()
	for i, k := range kiosks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			t := time.Now()
			dr, _, err := k.up.Exchange(ctx)
			lat[i] = float64(time.Since(t).Microseconds()) / 1000
			mu.Lock()
			defer mu.Unlock()
			if err == nil && dr.Sent != len(k.ids) {
				err = fmt.Errorf("kiosk %d sent %d of %d (%+v)", i, dr.Sent, len(k.ids), dr)
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	close(gate)
	wg.Wait()
	total := time.Since(t0)
	if firstErr != nil {
		return firstErr
	}
	// Exactly once: every id stored, as many records as ids, nothing left to send.
	ss, err := hub.OpenSubmissionStore(ctx, h.Dir, h.DatabaseURL)
	if err != nil {
		return err
	}
	defer ss.Close()
	want, missing, n := 0, 0, 0
	err = ss.View(ctx, func(tx hub.SubmissionTx) error {
		var err error
		if n, err = tx.CountRecords(ctx); err != nil {
			return err
		}
		for _, k := range kiosks {
			for _, id := range k.ids {
				want++
				if _, _, found, err := tx.Record(ctx, id); err != nil {
					return err
				} else if !found {
					missing++
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	again := 0
	for _, k := range kiosks {
		dr, _, err := k.up.Exchange(ctx)
		if err != nil {
			return err
		}
		again += dr.Sent
	}
	fmt.Printf("6. %d kiosks × %d submissions uploaded at once (%s): all done in %s (%.0f submissions/s); per kiosk p50 %.0f ms, p99 %.0f ms; "+
		"stored %d records for %d submissions, %d missing, %d sent again (target: each stored exactly once); load average %s\n",
		len(kiosks), o.submissions, storeName, total.Round(time.Millisecond), float64(want)/total.Seconds(), pct(lat, 50), pct(lat, 99),
		n, want, missing, again, load)
	if n != want || missing != 0 || again != 0 {
		return fmt.Errorf("%s: %d records stored for %d submissions, %d missing, %d sent again", storeName, n, want, missing, again)
	}
	return nil
}

// queueKiosk enrols a kiosk in dir with the hub at url and queues n
// anonymous feedback submissions, sealed to the hub.
func queueKiosk(ctx context.Context, dir, url, code string, n int) (*submitKiosk, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"))
	if err != nil {
		return nil, err
	}
	k := &submitKiosk{st: st}
	cl := client.New(dir, client.NewStoreCatalogue(st), client.Options{})
	hb, err := cl.Enroll(ctx, url, code, false)
	if err != nil {
		return k, err
	}
	ob, err := outbox.Open(ctx, st.DB(), wallclock.Now)
	if err != nil {
		return k, err
	}
	k.up = client.NewUplink(cl, ob, client.UplinkOptions{})
	key, err := cl.DeviceKey()
	if err != nil {
		return k, err
	}
	svc := &submission.Service{Store: st, Outbox: ob, Now: wallclock.Now, Rand: rand.Reader,
		KioskNo: hb.KioskNo, KioskID: hb.KioskID, Recipient: hb.AgeRecipient, DeviceKey: key}
	for i := range n {
		res, err := svc.Submit(ctx, &submission.Feedback{Target: submission.TargetDisclosure,
			Text: fmt.Sprintf("第%d条意见：希望公开更多信息。", i+1), Rating: "满意", Anonymous: true})
		if err != nil {
			return k, err
		}
		k.ids = append(k.ids, res.ID)
	}
	return k, nil
}
