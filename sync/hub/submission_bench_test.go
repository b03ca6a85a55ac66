package hub

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/calendar/calendartest"
	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// BenchmarkExchange is one kiosk's feed exchange (expire blocks, take
// returns, top up, read the feed) at a hub where 300 kiosks hold blocks
// of one event, on each store. go test -bench Exchange -run '^$'.
func BenchmarkExchange(b *testing.B) {
	for _, st := range storeMakers {
		b.Run(st.name, func(b *testing.B) {
			ctx := context.Background()
			h, clk := st.init(b)
			clk.t = time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)
			cat := []domain.Object{
				obj(b, domain.KindCalendar, "2025", calendartest.Year(b, 2025)),
				obj(b, domain.KindEvent, "ev", domain.Event{ID: "ev", Title: "开放日",
					Start: time.Date(2025, 12, 1, 9, 0, 0, 0, calendar.Beijing), Capacity: 100000, MaxAttendees: 2}),
			}
			if _, err := h.ImportCatalogue(ctx, &Catalogue{Objects: cat}, ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			s, err := OpenSubmissions(ctx, h, SubmissionOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			var ks []*Kiosk
			for range 300 {
				k := enrolled(b, h).k
				if _, err := s.Exchange(ctx, k, protocol.FeedRequest{Returned: []protocol.SeatReturn{}}, false); err != nil {
					b.Fatal(err)
				}
				ks = append(ks, k)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := s.Exchange(ctx, ks[i%len(ks)], protocol.FeedRequest{Since: 1 << 40, Returned: []protocol.SeatReturn{}}, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReceive is one upload of 10 applications, 8 kiosks uploading at
// once through two hub processes (two Submissions on one database), on
// each store. go test -bench Receive -run '^$' -benchtime 100x.
func BenchmarkReceive(b *testing.B) {
	for _, st := range storeMakers {
		b.Run(st.name, func(b *testing.B) {
			ctx := context.Background()
			h, clk, s := newSubs(b, st)
			s2 := secondProcess(b, h, clk.Now, SubmissionOptions{})
			const kiosks, batch = 8, 10
			ks := make([]*subsKiosk, kiosks)
			for i := range ks {
				ks[i] = enrolKiosk(b, h, s)
			}
			batches := make([][]protocol.SealedRecord, b.N)
			for i := range batches {
				for range batch {
					batches[i] = append(batches[i], ks[i%kiosks].record(protocol.KindApplication, clk.Now()))
				}
			}
			var next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for g := range kiosks {
				wg.Go(func() {
					for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
						k := ks[i%kiosks]
						acks, err := []*Submissions{s, s2}[g%2].Receive(ctx, k.k, batches[i], ViaNetwork)
						if err != nil || acks[0].Result != protocol.AckOK {
							b.Errorf("upload: %+v %v", acks, err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			if n, err := s.Count(ctx); err != nil || n != b.N*batch {
				b.Errorf("%d records stored (%v), want %d", n, err, b.N*batch)
			}
		})
	}
}
