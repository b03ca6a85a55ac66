package pubhub

import (
	"context"
	"encoding/json"

	"gongkai/internal/publish"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// Seats is the hub's sign-ups and seat rules as publish.Seats.
type Seats struct{ Subs *hub.Submissions }

var _ publish.Seats = Seats{}

// seatNames are the hub's seat states as staff see them.
var seatNames = map[string]string{"block": publish.SeatConfirmed, "promoted": publish.SeatConfirmed,
	"waiting": publish.SeatWaiting, "cancelled": publish.SeatCancelled}

// Signups returns an event's sign-ups, decrypted, in arrival order.
func (s Seats) Signups(ctx context.Context, eventID string) ([]publish.Signup, error) {
	es, err := s.Subs.List(ctx, hub.ListOptions{Kind: protocol.KindSignup})
	if err != nil {
		return nil, err
	}
	var out []publish.Signup
	for _, e := range es {
		if e.EventID != eventID {
			continue
		}
		su := publish.Signup{Tracking: e.Tracking, KioskID: e.KioskID, Received: e.Received, Seat: seatNames[e.Seat], Error: e.Error}
		if e.Status != nil {
			su.Note = e.Status.Note
		}
		if e.Error == "" {
			if err := json.Unmarshal(e.Payload, &su.Signup); err != nil {
				su.Error = "内容无法读取"
			}
		}
		su.Attendees = e.Attendees // the hub's seat count is what counts
		out = append(out, su)
	}
	return out, nil
}

// Summary returns the hub's seat summary of an event.
func (s Seats) Summary(ctx context.Context, eventID string) (publish.SeatSummary, error) {
	es, err := s.Subs.Seats(ctx, eventID)
	return publish.SeatSummary{Capacity: es.Capacity, Confirmed: es.Confirmed, Waiting: es.Waiting, Blocks: es.Blocks, Free: es.Free}, err
}

// Promote runs the hub's waitlist rule.
func (s Seats) Promote(ctx context.Context, eventID string) (int, error) {
	return s.Subs.PromoteWaitlist(ctx, eventID)
}

// Cancel cancels a sign-up through the hub's seat rules.
func (s Seats) Cancel(ctx context.Context, tracking, note string) error {
	_, err := s.Subs.SetStatus(ctx, tracking, hub.StatusChange{State: protocol.StatusCancelled, Note: note})
	return err
}

// Verify checks a sign-up's verification code.
func (s Seats) Verify(ctx context.Context, tracking, code string) (bool, error) {
	_, ok, err := s.Subs.Lookup(ctx, tracking, code)
	return ok, err
}
