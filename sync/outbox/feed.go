package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/sync/protocol"
)

// The hub feeds each kiosk status changes of the numbers it issued and
// grants of seats, in order; the kiosk keeps its position in that feed
// (feedCursor) and applies each answer in one transaction with the new
// position, so every grant is added exactly once. Seats the kiosk hands
// back are taken off its own grant first, durably, and reported to the
// hub as a running total per event: a report lost or repeated never lets
// the hub think the kiosk holds fewer seats than it may still confirm.
const (
	metaFeedCursor = "feed_cursor"
	metaReturned   = "seats_returned:" // + event id: seats handed back, ever
)

// StatusFeed is the kiosk's position in the hub's status feed and what
// applying an answer does: grants go to the seat blocks, status reports
// to the queue's records.
type StatusFeed struct {
	*base
	queue *Queue
	seats *SeatBlocks
}

// FeedCursor returns the kiosk's position in the hub's status feed.
func (f *StatusFeed) FeedCursor(ctx context.Context) (int64, error) {
	v, err := f.meta(ctx, f.db, metaFeedCursor)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// ErrFeedCursor reports a feed answer that does not start at the kiosk's
// position (another sync applied it meanwhile); it is fetched again.
var ErrFeedCursor = errors.New("outbox: status feed does not start at this kiosk's position")

// ApplyFeed applies a feed answer that runs from position from to to, in
// one durable transaction with the new position. A grant adds to the
// kiosk's block of the event and sets the block's expiry to the grant's.
// A report of 已取消 for a sign-up this kiosk confirmed from its block
// gives those seats back to the block, as a cancellation at this kiosk
// does, unless it was already cancelled here. A report of 候补 for such a
// sign-up (the hub found the block expired) takes its seats off the
// block's used count once, so the kiosk's hand-backs agree with the hub.
// Reports for numbers this kiosk does not hold are ignored.
func (f *StatusFeed) ApplyFeed(ctx context.Context, from, to int64, items []protocol.FeedItem) error {
	return f.durably(ctx, func(tx *sql.Tx) error {
		v, err := f.meta(ctx, tx, metaFeedCursor)
		if err != nil {
			return err
		}
		cur, _ := strconv.ParseInt(v, 10, 64)
		if cur != from {
			return fmt.Errorf("%w: at %d, answer from %d", ErrFeedCursor, cur, from)
		}
		for _, it := range items {
			switch {
			case it.Grant():
				if err := f.seats.grantTx(ctx, tx, it.EventID, it.Seats, it.Expires); err != nil {
					return err
				}
			case it.Tracking != "" && it.State != "":
				if err := f.applyStatus(ctx, tx, it.Tracking, it.Report()); err != nil {
					return err
				}
			}
		}
		// The hub answered this kiosk: its credential is good again.
		if err := clearAuthErrorTx(ctx, tx); err != nil {
			return err
		}
		if to != from {
			return setMetaTx(ctx, tx, metaFeedCursor, strconv.FormatInt(to, 10))
		}
		return nil
	})
}

// RecordAuthError notes for staff (Stats.AuthError) that the hub refused
// the kiosk's credential outside a drain, e.g. on the status feed while
// nothing was queued. It stays until the hub answers again.
func (f *StatusFeed) RecordAuthError(ctx context.Context, cause error, now time.Time) error {
	return f.setMeta(ctx, "auth_error", now.UTC().Format(time.RFC3339)+" "+errorText(cause))
}

// applyStatus records a report on the queue and gives the block back the
// seats of a sign-up cancelled or waitlisted at the hub.
func (f *StatusFeed) applyStatus(ctx context.Context, tx *sql.Tx, trk string, u protocol.StatusReport) error {
	eventID, seats, err := f.queue.reportTx(ctx, tx, trk, u)
	if err != nil || seats == 0 {
		return err
	}
	return f.seats.releaseTx(ctx, tx, eventID, seats)
}
