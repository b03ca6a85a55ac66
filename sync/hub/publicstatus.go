package hub

import (
	"context"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// PublicStatus is what the public status page (and anyone holding the
// tracking number and verification code) may see: dates, state, deadline,
// the event of a sign-up. Nothing that names or identifies a person.
type PublicStatus struct {
	Tracking    string
	Kind        string // in Chinese
	Received    time.Time
	HubReceived time.Time
	State       string // "" when staff have not set one yet
	Outcome     string // label of the outcome code
	Note        string
	Deadline    calendar.Date
	Provisional bool
	EventTitle  string
	EventStart  time.Time
	EventPlace  string
}

// unknownHash makes a look-up of an unknown number cost what a real check
// costs, so timing does not tell which numbers exist.
const unknownHash = "a2id1$"

// Lookup returns the public status of trk for the holder of its
// verification code. A wrong code, an unknown or malformed number all give
// ok false, after the same work.
func (s *Submissions) Lookup(ctx context.Context, trk, code string) (PublicStatus, bool, error) {
	n, err := tracking.Parse(trk)
	if err != nil {
		tracking.VerifyCode("000000000000000", code, unknownHash)
		return PublicStatus{}, false, nil
	}
	if err := s.refreshCatalogue(ctx); err != nil {
		return PublicStatus{}, false, err
	}
	var t TrackedRecord
	var found bool
	err = s.store.View(ctx, func(tx SubmissionTx) error {
		t, found, err = tx.Tracked(ctx, n.String())
		return err
	})
	if err != nil {
		return PublicStatus{}, false, err
	}
	if !found {
		tracking.VerifyCode(n.String(), code, unknownHash)
		return PublicStatus{}, false, nil
	}
	if !tracking.VerifyCode(t.Tracking, code, t.VerifyHash) {
		return PublicStatus{}, false, nil
	}
	p := PublicStatus{Tracking: t.Tracking, Kind: protocol.KindName(t.Kind), Received: t.Received, HubReceived: t.HubReceived,
		State: t.Status.State, Outcome: domain.OutcomeLabel(t.Status.Outcome), Note: t.Status.Note}
	p.Deadline, p.Provisional = s.deadline(t)
	if t.Kind == protocol.KindSignup {
		if ev, ok := s.event(t.EventID); ok {
			p.EventTitle, p.EventStart, p.EventPlace = ev.Title, ev.Start, ev.Place
		}
	}
	return p, true, nil
}
