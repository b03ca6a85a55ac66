package hub

import (
	"context"

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
	read := func(tx SubmissionTx) error {
		items, err := tx.Feed(ctx, k.ID, req.Since, protocol.MaxFeedItems+1)
		f.Items = append(f.Items[:0], items...) // a store may run fn again
		return err
	}
	var err error
	if readOnly {
		err = s.store.View(ctx, read)
	} else {
		now := s.hub.Now().UTC()
		err = s.store.Update(ctx, func(tx SubmissionTx) error {
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
