package publish

import (
	"context"
	"time"

	"gongkai/internal/submission"
)

// Feedback is one 意见建议, 办事堵点 or 好差评 a kiosk sealed, opened at the
// hub: the comments on consultations and the reports and ratings staff
// follow up. It holds personal data (the contact details a visitor chose
// to give): for staff pages only, never logs or published documents.
type Feedback struct {
	Tracking string
	KioskID  string
	Received time.Time
	submission.Feedback
	State string // the status given so far (已受理, 已答复, 已办结), "" for none
	Note  string // its note, as the kiosk shows it
	Error string // why it could not be opened
}

// Inbox is the hub's received feedback (publish/pubhub over
// sync/hub.Submissions).
type Inbox interface {
	// Feedback returns every feedback submission, decrypted, in arrival
	// order.
	Feedback(ctx context.Context) ([]Feedback, error)
	// Reply records a status for a feedback submission and queues it for
	// the kiosk that issued the number (its 办理进度查询).
	Reply(ctx context.Context, tracking, state, note string) error
}

// Statuses a feedback submission gets, as the hub knows them.
const (
	StatusAccepted = "已受理"
	StatusAnswered = "已答复"
	StatusClosed   = "已办结"
)
