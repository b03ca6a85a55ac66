package pubhub

import (
	"context"
	"encoding/json"

	"gongkai/internal/publish"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// Inbox is the hub's received feedback as publish.Inbox.
type Inbox struct{ Subs *hub.Submissions }

var _ publish.Inbox = Inbox{}

// Feedback returns every feedback submission, decrypted.
func (in Inbox) Feedback(ctx context.Context) ([]publish.Feedback, error) {
	es, err := in.Subs.List(ctx, hub.ListOptions{Kind: protocol.KindFeedback})
	if err != nil {
		return nil, err
	}
	out := make([]publish.Feedback, 0, len(es))
	for _, e := range es {
		f := publish.Feedback{Tracking: e.Tracking, KioskID: e.KioskID, Received: e.Received, Error: e.Error}
		if e.Status != nil {
			f.State, f.Note = e.Status.State, e.Status.Note
		}
		if e.Error == "" {
			if err := json.Unmarshal(e.Payload, &f.Feedback); err != nil {
				f.Error = "内容无法读取"
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// Reply records a status through the hub's rules (SetStatus) and queues
// it for the issuing kiosk.
func (in Inbox) Reply(ctx context.Context, tracking, state, note string) error {
	_, err := in.Subs.SetStatus(ctx, tracking, hub.StatusChange{State: state, Note: note})
	return err
}
