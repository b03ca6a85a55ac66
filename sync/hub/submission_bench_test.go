package hub

import (
	"context"
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
				code, _, err := h.NewEnrollCode(ctx, "")
				if err != nil {
					b.Fatal(err)
				}
				er, err := h.Enroll(ctx, code)
				if err != nil {
					b.Fatal(err)
				}
				k, err := h.Store.Kiosk(ctx, er.KioskID)
				if err != nil {
					b.Fatal(err)
				}
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
