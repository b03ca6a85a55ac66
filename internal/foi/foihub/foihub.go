// Package foihub connects the case register (internal/foi) to the hub
// (sync/hub): kiosk applications come in from the hub's received
// submissions (Inbox), and the register's public statuses go out through
// the hub's per-kiosk status feed and public status page (Sink).
package foihub

import (
	"context"
	"encoding/json"

	"gongkai/internal/foi"
	"gongkai/internal/foi/foisqlite"
	"gongkai/internal/submission"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// Inbox is a foi.Inbox over the hub's submissions.
type Inbox struct{ Subs *hub.Submissions }

// Applications implements foi.Inbox: the applications received after the
// cursor, decrypted with the hub's key.
func (in Inbox) Applications(ctx context.Context, after int64) ([]foi.KioskApplication, int64, error) {
	list, err := in.Subs.List(ctx, hub.ListOptions{Kind: protocol.KindApplication, AfterSeq: after})
	if err != nil {
		return nil, after, err
	}
	out := make([]foi.KioskApplication, 0, len(list))
	next := after
	for _, e := range list {
		next = max(next, e.Seq)
		k := foi.KioskApplication{Tracking: e.Tracking, KioskID: e.KioskID, Received: e.Received, Err: e.Error}
		if e.Error == "" {
			var app submission.Application
			if err := json.Unmarshal(e.Payload, &app); err != nil {
				k.Err = "payload: " + err.Error()
			} else {
				k.Application = &app
			}
		}
		out = append(out, k)
	}
	return out, next, nil
}

// Sink is a foi.StatusSink over the hub's status feed.
type Sink struct{ Subs *hub.Submissions }

// Publish implements foi.StatusSink.
func (s Sink) Publish(ctx context.Context, tracking string, st foi.PublicStatus) error {
	return s.Subs.PublishStatus(ctx, tracking, protocol.StatusReport{State: st.State, Outcome: st.Outcome, Deadline: st.Deadline,
		Provisional: st.Provisional, Extended: st.Extended, Note: st.Note})
}

// Open opens the case register of hub h (foi.db in its data directory, or
// the hub's PostgreSQL database when it has one) wired to its submissions: kiosk applications come in, public statuses
// go out to the kiosks' feed, the calendar is the hub's. Close the store
// with the returned function. `hub report`, `hub serve` and tests use it.
func Open(ctx context.Context, h *hub.Hub, subs *hub.Submissions) (*foi.Service, func() error, error) {
	st, err := foisqlite.OpenStore(ctx, h.Dir, h.DatabaseURL, h.Now)
	if err != nil {
		return nil, nil, err
	}
	svc := &foi.Service{Store: st, Calendar: subs.Calendar, Now: h.Now, Status: Sink{Subs: subs},
		Inbox: Inbox{Subs: subs}, Log: h.Log}
	return svc, st.Close, nil
}
