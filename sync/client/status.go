package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"

	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// StatusResult says what one status exchange did.
type StatusResult struct {
	Updates  int                   // status reports applied
	Grants   int                   // seats granted
	Returned []protocol.SeatReturn // totals of seats handed back, per event
	Cursor   int64                 // the kiosk's feed position after it
}

// PullStatus brings the hub's status feed up to date: status reports of
// the numbers this kiosk issued and seat grants. It reads the feed first;
// only when the hub has answered does it hand back the seats of its blocks
// it has not used (outbox.ReturnUnusedSeats) and ask for fresh blocks, so
// an offline kiosk keeps its seats.
func (u *Uplink) PullStatus(ctx context.Context) (StatusResult, error) {
	var res StatusResult
	h, cred, err := u.credential(ctx)
	if err != nil {
		return res, err
	}
	if err := u.pullFeed(ctx, h, cred, nil, &res); err != nil {
		return res, err
	}
	returns, err := u.ob.ReturnUnusedSeats(ctx)
	if err != nil {
		return res, err
	}
	res.Returned = returns
	if returns == nil {
		returns = []protocol.SeatReturn{}
	}
	return res, u.pullFeed(ctx, h, cred, returns, &res)
}

// pullFeed reads and applies the feed until it is exhausted: with
// returns (even empty) by POST, which also grants seats; without, by GET.
func (u *Uplink) pullFeed(ctx context.Context, h *Hub, cred string, returns []protocol.SeatReturn, res *StatusResult) error {
	for range 1000 {
		cur, err := u.ob.FeedCursor(ctx)
		if err != nil {
			return err
		}
		f, err := u.fetchFeed(ctx, h, cred, cur, returns)
		if err != nil {
			return err
		}
		for _, it := range f.Items {
			if it.Grant() {
				res.Grants += it.Seats
			} else if it.Tracking != "" {
				res.Updates++
			}
		}
		if err := u.ob.ApplyFeed(ctx, f.From, f.To, f.Items); err != nil {
			return err
		}
		res.Cursor = f.To
		if !f.More {
			return nil
		}
	}
	return fmt.Errorf("%w: the status feed does not end", ErrHubError)
}

// fetchFeed gets one answer of the feed and verifies it: the hub's
// signature over the exact bytes, the pinned key, this kiosk, this cursor.
func (u *Uplink) fetchFeed(ctx context.Context, h *Hub, cred string, since int64, returns []protocol.SeatReturn) (*protocol.Feed, error) {
	ctx, cancel := context.WithTimeout(ctx, u.opt.Timeout)
	defer cancel()
	var resp *http.Response
	var err error
	if returns == nil {
		var req *http.Request
		req, err = u.c.newRequest(ctx, h, cred, fmt.Sprintf("/v1/status-updates?since=%d", since), 0)
		if err == nil {
			req.Header.Del(protocol.HeaderCatalogue)
			resp, err = u.c.do(req)
		}
	} else {
		resp, err = u.post(ctx, h, cred, "POST", "/v1/status-updates", protocol.FeedRequest{Since: since, Returned: returns})
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err := answerError(resp); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: status feed cut off: %v", ErrUnreachable, err)
	}
	sig, err := base64.StdEncoding.DecodeString(resp.Header.Get(protocol.HeaderSignature))
	if err != nil {
		return nil, fmt.Errorf("status feed: %w", protocol.ErrBadSignature)
	}
	return protocol.VerifyFeed(h.SignKey, body, sig, h.KioskID, since)
}

// Exchange is what a sync does for submissions: upload the outbox, then,
// if the hub answered, pull the status feed. A per-record problem does not
// stop it; the first error is returned (an authentication failure wraps
// outbox.ErrAuth and ErrRevoked or ErrUnauthorized, for Problem).
func (u *Uplink) Exchange(ctx context.Context) (outbox.DrainResult, StatusResult, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	dr, upErr := u.Upload(ctx)
	if upErr != nil && (errors.Is(upErr, ErrUnreachable) || errors.Is(upErr, outbox.ErrAuth) || errors.Is(upErr, ErrNotEnrolled)) {
		return dr, StatusResult{}, upErr // Drain recorded a refused credential
	}
	sr, err := u.PullStatus(ctx)
	if upErr != nil {
		err = upErr
	}
	if errors.Is(err, outbox.ErrAuth) {
		if rerr := u.ob.RecordAuthError(ctx, err, u.c.now()); rerr != nil {
			u.c.log.Warn("record auth error", "err", rerr)
		}
	}
	return dr, sr, err
}

// Sync runs Exchange for the Worker (WorkerOptions.Uplink), logging what
// it did; submissions are never named in the log beyond counts.
func (u *Uplink) Sync(ctx context.Context) error {
	dr, sr, err := u.Exchange(ctx)
	if dr.Sent+dr.Failed+dr.Rejected+dr.Requeued > 0 || sr.Updates+sr.Grants > 0 {
		u.c.log.Info("submissions synced", "sent", dr.Sent, "failed", dr.Failed, "rejected", dr.Rejected,
			"status_updates", sr.Updates, "seats_granted", sr.Grants)
	}
	if err != nil {
		u.c.log.Warn("submissions sync", "err", err)
	}
	return err
}
