package publish

import (
	"context"
	"time"

	"gongkai/internal/domain"
)

// Draft states: what the desk keeps of a document that is not (or not in
// this form) on the kiosks.
const (
	DraftEditing   = "draft"     // written, not published yet (or a change to a published one)
	DraftWithdrawn = "withdrawn" // taken off the kiosks, with the reason
	DraftHeld      = "held"      // 公开属性 not 主动公开: kept at the hub only
)

// Draft is the desk's copy of a document.
type Draft struct {
	Doc     domain.Document
	Source  string // the body as Markdown, as staff typed it
	State   string // DraftEditing, DraftWithdrawn or DraftHeld
	Note    string // why it was withdrawn
	Updated time.Time
	By      string // login
}

// Exemption is the reason recorded for a policy document published
// without its 政策解读 (三同步).
type Exemption struct {
	DocID  string
	Reason string
	By     string
	At     time.Time
}

// Store keeps the desk's drafts and exemptions (publish/pubsqlite).
type Store interface {
	Drafts(ctx context.Context) ([]Draft, error)
	// Draft returns the draft of id, nil when there is none.
	Draft(ctx context.Context, id string) (*Draft, error)
	PutDraft(ctx context.Context, d Draft) error
	DeleteDraft(ctx context.Context, id string) error

	Exemptions(ctx context.Context) ([]Exemption, error)
	// PutExemption records e; an empty Reason removes the exemption.
	PutExemption(ctx context.Context, e Exemption) error

	// Decisions returns the decisions on a consultation's comments.
	Decisions(ctx context.Context, consultationID string) ([]Decision, error)
	PutDecision(ctx context.Context, d Decision) error

	// PutLink records that document docID, once published, is the
	// feedback of the object kind/targetID (a consultation or an event).
	PutLink(ctx context.Context, docID, kind, targetID string) error
	// Link returns what document docID is the feedback of; kind is "" when
	// nothing.
	Link(ctx context.Context, docID string) (kind, targetID string, err error)
	// LinkedDocument returns the feedback document of kind/targetID, "" if
	// none was drafted.
	LinkedDocument(ctx context.Context, kind, targetID string) (string, error)

	// Works returns the follow-up of every report and rating worked on.
	Works(ctx context.Context) ([]Work, error)
	PutWork(ctx context.Context, w Work) error

	// CheckIns returns the check-ins of an event.
	CheckIns(ctx context.Context, eventID string) ([]CheckIn, error)
	// CheckIn records c unless its sign-up was checked in before; it
	// returns the check-in that counts and whether it is c.
	CheckIn(ctx context.Context, c CheckIn) (CheckIn, bool, error)
}
