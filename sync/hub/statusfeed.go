package hub

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/sync/protocol"
)

// Exchange answers a kiosk's feed request: with returns (POST), it first
// takes the seats the kiosk handed back, promotes waitlists and tops up
// the kiosk's blocks, all in one transaction; then it reads the feed after
// req.Since. readOnly (GET) only reads.
func (s *Submissions) Exchange(ctx context.Context, k *Kiosk, req protocol.FeedRequest, readOnly bool) (*protocol.Feed, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, err
	}
	f := &protocol.Feed{Protocol: protocol.Version, KeyID: s.hub.Keys.KeyID(), KioskID: k.ID, From: req.Since, To: req.Since, Items: []protocol.FeedItem{}}
	read := func(q interface {
		QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	}) error {
		rows, err := q.QueryContext(ctx, `SELECT seq, tracking, state, outcome, deadline, provisional, note, updated, event_id, seats
			FROM feed WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?`, k.ID, req.Since, protocol.MaxFeedItems+1)
		if err != nil {
			return fmt.Errorf("feed: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var it protocol.FeedItem
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
	if len(f.Items) > protocol.MaxFeedItems {
		f.Items, f.More = f.Items[:protocol.MaxFeedItems], true
	}
	if n := len(f.Items); n > 0 {
		f.To = f.Items[n-1].Seq
	}
	return f, nil
}

// SignFeed returns the feed's bytes and the hub's signature over them.
func (s *Submissions) SignFeed(f *protocol.Feed) (protocol.SignedPayload, error) {
	return protocol.SignFeed(s.hub.Keys.Sign, f)
}
