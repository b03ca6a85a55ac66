package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/calendar/calendartest"
	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// TestTwoHubProcesses: two hub processes' worth of Submissions (two
// Hubs opened on one data directory, so on one database, each with its
// own stores: for PostgreSQL its own pools) take the same and different
// records of several kiosks and hand out seats of one event at once,
// while readers follow each kiosk's feed and the records by their
// cursors. Afterwards every record is stored exactly once and every
// acknowledgement of it names the same receipt; the seats held never
// exceed the capacity and no kiosk holds more than a block beyond the
// seats it confirmed; each kiosk's feed has strictly increasing sequence
// numbers, and the readers that followed feeds and records while they
// grew saw all of them.
func TestTwoHubProcesses(t *testing.T) { eachStore(t, testTwoHubProcesses) }

func testTwoHubProcesses(t *testing.T, st storeMaker) {
	const (
		kiosks    = 6
		apps      = 6 // applications per kiosk
		signups   = 4 // sign-ups per kiosk, one seat each
		capacity  = 7 // fewer than kiosks × block
		block     = 2
		exchanges = 4 // feed exchanges with grants per kiosk and hub
	)
	ctx := context.Background()
	base := time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)
	var tick atomic.Int64
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * time.Microsecond) }
	dir := t.TempDir()
	ha, err := Init(ctx, dir, Options{Now: now, DatabaseURL: st.url(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ha.Close() })
	cat := []domain.Object{
		obj(t, domain.KindCalendar, "2025", calendartest.Year(t, 2025)),
		obj(t, domain.KindEvent, "ev", domain.Event{ID: "ev", Title: "开放日", Start: time.Date(2025, 12, 1, 9, 0, 0, 0, calendar.Beijing),
			Capacity: capacity, MaxAttendees: 2}),
	}
	mustImport(t, ha, &Catalogue{Objects: cat}, false)
	hb, err := Open(ctx, dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hb.Close() })
	var procs []*Submissions
	for _, h := range []*Hub{ha, hb} {
		p, err := OpenSubmissions(ctx, h, SubmissionOptions{SeatBlock: block})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		procs = append(procs, p)
	}

	// Kiosks enrolled at process A, their device keys registered at both
	// at once: the same key at both is fine; of two keys, the first wins.
	ks := make([]*subsKiosk, kiosks)
	recs := make([][]protocol.SealedRecord, kiosks)
	for i := range ks {
		sk := enrolled(t, ha)
		k, key := sk.k, sk.key
		pub := key.Public().(ed25519.PublicKey)
		pubs, keys := []ed25519.PublicKey{pub, pub}, []ed25519.PrivateKey{key, key}
		if i == 0 {
			pubs[1], keys[1], _ = ed25519.GenerateKey(rand.Reader)
		}
		errs := make([]error, len(procs))
		var wg sync.WaitGroup
		for pi, p := range procs {
			wg.Go(func() { errs[pi] = p.RegisterDeviceKey(ctx, k.ID, pubs[pi]) })
		}
		wg.Wait()
		if i == 0 { // two keys at once: one wins, both processes agree which
			ka, _ := procs[0].DeviceKey(ctx, k.ID)
			kb, _ := procs[1].DeviceKey(ctx, k.ID)
			won := slices.IndexFunc(pubs, func(p ed25519.PublicKey) bool { return ka.Equal(p) })
			if won < 0 || !ka.Equal(kb) || errs[won] != nil || !errors.Is(errs[1-won], ErrDeviceKey) {
				t.Fatalf("two keys at once: %v registered, errors %v", won, errs)
			}
			sk.key = keys[won]
		} else if errs[0] != nil || errs[1] != nil {
			t.Fatalf("register %s: %v", k.ID, errs)
		}
		ks[i] = sk
		for j := range apps + signups {
			kind := protocol.KindApplication
			if j >= apps {
				kind = protocol.KindSignup
			}
			r := ks[i].record(kind, base.Add(time.Duration(j)*time.Minute))
			if kind == protocol.KindSignup && j%2 == 0 {
				r.SeatState = protocol.SeatConfirmed // from its block, if it has one by then
				ks[i].seal(&r, `{}`)
			}
			recs[i] = append(recs[i], r)
		}
	}

	var (
		mu      sync.Mutex
		acks    = map[string][]protocol.Ack{}
		writers sync.WaitGroup
		readers sync.WaitGroup
		done    = make(chan struct{})
		seen    = make([][]protocol.FeedItem, kiosks) // what each cursor reader saw
	)
	for i, sk := range ks {
		for pi, p := range procs {
			writers.Go(func() { // uploads every record of the kiosk, in batches, shuffled
				rs := append([]protocol.SealedRecord(nil), recs[i]...)
				mrand.New(mrand.NewPCG(uint64(i), uint64(pi))).Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
				for len(rs) > 0 {
					n := min(3, len(rs))
					got, err := p.Receive(ctx, sk.k, rs[:n], ViaNetwork)
					if err != nil {
						t.Errorf("upload %s: %v", sk.k.ID, err)
						return
					}
					mu.Lock()
					for _, a := range got {
						acks[a.ID] = append(acks[a.ID], a)
					}
					mu.Unlock()
					rs = rs[n:]
				}
			})
			writers.Go(func() { // syncs, asking for seats
				for range exchanges {
					if _, err := p.Exchange(ctx, sk.k, protocol.FeedRequest{Returned: []protocol.SeatReturn{}}, false); err != nil {
						t.Errorf("exchange %s: %v", sk.k.ID, err)
						return
					}
				}
			})
		}
		readers.Go(func() { // follows the feed by its cursor, alternating processes
			var cursor int64
			for n := 0; ; n++ {
				finished := false
				select {
				case <-done:
					finished = true // one more read after the last write
				default:
				}
				f, err := procs[n%2].Exchange(ctx, sk.k, protocol.FeedRequest{Since: cursor}, true)
				if err != nil {
					t.Errorf("feed %s: %v", sk.k.ID, err)
					return
				}
				seen[i] = append(seen[i], f.Items...)
				cursor = f.To
				if finished && !f.More {
					return
				}
			}
		})
	}
	var followed []int64 // record numbers, as the case register takes them (AfterSeq)
	readers.Go(func() {
		var after int64
		for n := 0; ; n++ {
			finished := false
			select {
			case <-done:
				finished = true
			default:
			}
			var recs []StoredRecord
			if err := procs[n%2].store.View(ctx, func(tx SubmissionTx) error {
				var err error
				recs, err = tx.Records(ctx, ListOptions{AfterSeq: after})
				return err
			}); err != nil {
				t.Errorf("records after %d: %v", after, err)
				return
			}
			for _, r := range recs {
				followed = append(followed, r.Seq)
				after = r.Seq
			}
			if finished {
				return
			}
		}
	})
	writers.Wait()
	close(done)
	readers.Wait()
	if t.Failed() {
		return
	}

	// Every record stored once; every ack of it the same.
	total := 0
	for i := range ks {
		for _, r := range recs[i] {
			total++
			as := acks[r.ID]
			if len(as) != len(procs) {
				t.Errorf("%s: %d acks, want %d", r.ID, len(as), len(procs))
				continue
			}
			for _, a := range as {
				if a.Result != protocol.AckOK || !a.Received.Equal(as[0].Received) {
					t.Errorf("%s: acks %+v, want OK with one receipt time", r.ID, as)
					break
				}
			}
		}
	}
	for _, p := range procs {
		if n, err := p.Count(ctx); err != nil || n != total {
			t.Errorf("store holds %d records (%v), want %d", n, err, total)
		}
	}
	var all []int64
	for _, r := range storedRecords(t, procs[0]) {
		all = append(all, r.Seq)
	}
	if !slices.Equal(followed, all) {
		t.Errorf("records followed by number %v, stored %v", followed, all)
	}

	// Seats: within capacity; each kiosk's grants, all in its feed, are
	// its block (no kiosk hands any back here), at most a block unused.
	var h EventHolding
	var confirmed, waiting int
	if err := procs[1].store.View(ctx, func(tx SubmissionTx) error {
		var err error
		if h, err = tx.Holding(ctx, "ev"); err != nil {
			return err
		}
		confirmed, waiting, err = tx.SeatCounts(ctx, "ev")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	held := h.Promoted
	for _, sk := range ks {
		held += max(h.Blocks[sk.k.ID], h.Confirmed[sk.k.ID])
	}
	if held > capacity || confirmed > capacity {
		t.Errorf("seats held %d, confirmed %d, of %d: %+v", held, confirmed, capacity, h)
	}
	if confirmed+waiting != kiosks*signups {
		t.Errorf("%d confirmed + %d waiting, want %d sign-ups", confirmed, waiting, kiosks*signups)
	}
	t.Logf("%s: %d seats held, %d confirmed (%d of them promoted), %d waiting", st.name, held, confirmed, h.Promoted, waiting)

	// Feeds: strictly increasing, the same from both processes, and what
	// each reader saw while they grew.
	for i, sk := range ks {
		var all [2][]protocol.FeedItem
		for pi, p := range procs {
			f, err := p.Exchange(ctx, sk.k, protocol.FeedRequest{}, true)
			if err != nil {
				t.Fatal(err)
			}
			if f.More {
				t.Fatalf("feed of %s longer than one answer", sk.k.ID)
			}
			all[pi] = f.Items
		}
		grants := 0
		for j, it := range all[0] {
			if j > 0 && it.Seq <= all[0][j-1].Seq {
				t.Errorf("%s: feed seq %d after %d", sk.k.ID, it.Seq, all[0][j-1].Seq)
			}
			grants += it.Seats
		}
		if used := h.Confirmed[sk.k.ID]; grants != h.Blocks[sk.k.ID] || grants-used > block {
			t.Errorf("%s: granted %d in its feed, block %d with %d used, at most %d unused", sk.k.ID, grants, h.Blocks[sk.k.ID], used, block)
		}
		if a, b, c := feedSeqs(all[0]), feedSeqs(all[1]), feedSeqs(seen[i]); a != b || a != c {
			t.Errorf("%s: feed %s from A, %s from B, %s followed by cursor", sk.k.ID, a, b, c)
		}
	}
}

func feedSeqs(items []protocol.FeedItem) string {
	s := make([]int64, len(items))
	for i, it := range items {
		s[i] = it.Seq
	}
	return fmt.Sprint(s)
}
