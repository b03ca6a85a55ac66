package hub

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/sync/protocol"
)

// MaxFeedItems is the most items one feed answer carries.
const MaxFeedItems = 500

// FeedRequest is the body of POST /v1/status-updates: the kiosk's feed
// cursor and its cumulative hand-backs of seats.
type FeedRequest struct {
	Since    int64        `json:"since"`
	Returned []SeatReturn `json:"returned,omitempty"`
}

// Feed is a kiosk's share of the status feed after From: status changes
// of the numbers it issued and seats granted to it, in Seq order. To is
// the kiosk's new cursor once it applied the items (From when none). It is
// signed by the hub like a catalogue page and names the kiosk, so one
// kiosk's feed cannot be passed off to another.
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

// Exchange answers a kiosk's feed request: with returns (POST), it first
// takes the seats the kiosk handed back, promotes waitlists and tops up
// the kiosk's blocks, all in one transaction; then it reads the feed after
// req.Since. readOnly (GET) only reads.
func (s *Submissions) Exchange(ctx context.Context, k *Kiosk, req FeedRequest, readOnly bool) (*Feed, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, err
	}
	f := &Feed{Protocol: protocol.Version, KeyID: s.hub.Keys.KeyID(), KioskID: k.ID, From: req.Since, To: req.Since, Items: []FeedItem{}}
	read := func(q interface {
		QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	}) error {
		rows, err := q.QueryContext(ctx, `SELECT seq, tracking, state, outcome, deadline, provisional, note, updated, event_id, seats
			FROM feed WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?`, k.ID, req.Since, MaxFeedItems+1)
		if err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var it FeedItem
			var deadline, updated string
			if err := rows.Scan(&it.Seq, &it.Tracking, &it.State, &it.Outcome, &deadline, &it.Provisional, &it.Note, &updated,
				&it.EventID, &it.Seats); err != nil {
				return err
			}
			if deadline != "" {
				it.Deadline, _ = calendar.Parse(deadline)
			}
			if updated != "" {
				t, _ := time.Parse(time.RFC3339Nano, updated)
				if it.Seats > 0 {
					it.Expires = t // a grant row keeps its expiry in updated
				} else {
					it.Updated = t
				}
			}
			f.Items = append(f.Items, it)
		}
		return rows.Err()
	}
	var err error
	if readOnly {
		err = read(s.r)
	} else {
		now := s.hub.Now().UTC()
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if err := s.expireBlocks(ctx, tx, now); err != nil {
				return err
			}
			if err := s.takeReturns(ctx, tx, k.ID, req.Returned, now); err != nil {
				return err
			}
			if err := s.topUp(ctx, tx, k.ID, now); err != nil {
				return err
			}
			return read(tx)
		})
	}
	if err != nil {
		return nil, err
	}
	if len(f.Items) > MaxFeedItems {
		f.Items, f.More = f.Items[:MaxFeedItems], true
	}
	if n := len(f.Items); n > 0 {
		f.To = f.Items[n-1].Seq
	}
	return f, nil
}

// SignFeed returns the feed's bytes and the hub's signature over them.
func (s *Submissions) SignFeed(f *Feed) (protocol.SignedPayload, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return protocol.SignedPayload{}, err
	}
	return protocol.SignedPayload{Payload: b, Signature: ed25519.Sign(s.hub.Keys.Sign, b)}, nil
}
