package protocol

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"

	"gongkai/internal/calendar"
)

// MaxFeedItems is the most items one feed answer carries.
const MaxFeedItems = 500

// FeedRequest is the body of POST /v1/status-updates: the kiosk's feed
// cursor and its cumulative hand-backs of seats.
type FeedRequest struct {
	Since    int64        `json:"since"`
	Returned []SeatReturn `json:"returned,omitempty"`
}

// SeatReturn is the number of seats of an event a kiosk has handed back
// to the hub, in total: a repeated or lost report is harmless.
type SeatReturn struct {
	EventID string `json:"event_id"`
	Seats   int    `json:"seats"`
}

// Feed is a kiosk's share of the status feed after From: status changes
// of the numbers it issued and seats granted to it, in Seq order. To is
// the kiosk's new cursor once it applied the items (From when none). It is
// signed by the hub like a catalogue page ([SignFeed]) and names the
// kiosk, so one kiosk's feed cannot be passed off to another.
type Feed struct {
	Protocol string     `json:"protocol"`
	KeyID    string     `json:"key_id"`
	KioskID  string     `json:"kiosk_id"`
	From     int64      `json:"from"`
	To       int64      `json:"to"`
	Items    []FeedItem `json:"items"`
	More     bool       `json:"more"`
}

// FeedItem is a status change (Tracking set) or a seat grant (EventID
// and Seats set: add Seats to the kiosk's block of that event).
type FeedItem struct {
	Seq         int64         `json:"seq"`
	Tracking    string        `json:"tracking,omitempty"`
	State       string        `json:"state,omitempty"`
	Outcome     string        `json:"outcome,omitempty"`
	Deadline    calendar.Date `json:"deadline,omitzero"`
	Provisional bool          `json:"provisional,omitempty"`
	Note        string        `json:"note,omitempty"`
	Updated     time.Time     `json:"updated,omitzero"`
	EventID     string        `json:"event_id,omitempty"`
	Seats       int           `json:"seats,omitempty"`
	// Expires is when a grant lapses: from then on the kiosk must not
	// confirm from its block (the latest grant's expiry is the block's),
	// and the hub takes the unused seats back. Zero: never.
	Expires time.Time `json:"expires,omitzero"`
}

// Grant reports whether the item grants seats.
func (it FeedItem) Grant() bool { return it.EventID != "" && it.Seats > 0 }

// Report returns the status change an item carries.
func (it FeedItem) Report() StatusReport {
	return StatusReport{State: it.State, Outcome: it.Outcome, Deadline: it.Deadline, Provisional: it.Provisional,
		Note: it.Note, Updated: it.Updated}
}

// StatusReport is the hub's status of one tracking number: what staff or
// the seat rules set, as the feed carries it to the kiosk that issued the
// number and `hub submissions` shows it.
type StatusReport struct {
	State    string        `json:"state"` // a Status* constant
	Outcome  string        `json:"outcome,omitempty"`
	Deadline calendar.Date `json:"deadline,omitzero"` // a new deadline (补正 restart, 延期); zero keeps the old one
	// Provisional marks Deadline as counted past the hub's working-day
	// calendar; it goes with Deadline and is ignored when Deadline is zero.
	Provisional bool      `json:"provisional,omitempty"`
	Note        string    `json:"note,omitempty"`
	Updated     time.Time `json:"updated"`
	// Extended says 已延期 was used (once, 《条例》第三十三条). The hub keeps
	// it; the feed does not carry it.
	Extended bool `json:"extended,omitempty"`
}

// SignFeed encodes f and signs the bytes with the hub's key.
func SignFeed(key ed25519.PrivateKey, f *Feed) (SignedPayload, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return SignedPayload{}, fmt.Errorf("encode feed: %w", err)
	}
	return SignedPayload{Payload: b, Signature: ed25519.Sign(key, b)}, nil
}

// VerifyFeed checks sig over payload with the pinned hub key pub, then
// decodes the feed and checks that it speaks [Version], names pub's key
// id and kioskID, and starts at since.
func VerifyFeed(pub ed25519.PublicKey, payload, sig []byte, kioskID string, since int64) (*Feed, error) {
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, payload, sig) {
		return nil, fmt.Errorf("status feed: %w", ErrBadSignature)
	}
	var f Feed
	if err := json.Unmarshal(payload, &f); err != nil {
		return nil, fmt.Errorf("%w: status feed: %v", ErrMalformed, err)
	}
	switch {
	case f.Protocol != Version:
		return nil, fmt.Errorf("%w %q", ErrUnknownVersion, f.Protocol)
	case f.KeyID != Fingerprint(pub):
		return nil, fmt.Errorf("status feed: %w", ErrWrongKey)
	case f.KioskID != kioskID || f.From != since || f.To < f.From:
		return nil, fmt.Errorf("%w: status feed for %s from %d, asked for %s from %d", ErrMalformed, f.KioskID, f.From, kioskID, since)
	}
	return &f, nil
}
