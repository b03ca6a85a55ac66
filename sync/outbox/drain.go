package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gongkai/sync/protocol"
)

// ErrAuth reports that the hub refused the kiosk's credential. A Sender
// returns it (wrapped) for a whole batch; Drain stops and records it for
// staff (Stats.AuthError) until a later send succeeds.
var ErrAuth = errors.New("outbox: the hub refused this kiosk's credential")

// Sender delivers sealed records to the hub. Send returns one Ack per
// record it got an answer for; an error means no answer for the rest of
// the batch (the hub is down, timed out, or the connection broke) and
// wraps ErrAuth when the credential was refused (the hub refuses a whole
// request, never one record of it: the acks returned with ErrAuth are
// for requests answered before). The uploader in sync/client implements
// it over HTTP.
type Sender interface {
	Send(ctx context.Context, recs []protocol.SealedRecord) ([]protocol.Ack, error)
}

// DrainResult counts what one Drain did.
type DrainResult struct {
	Sent, Failed, Rejected, Requeued int
}

// BatchSize is how many records Drain sends per request.
const BatchSize = 50

// Drain sends every due record, oldest first, in batches: each record is
// marked sending before its batch goes out and sent only after the hub
// acknowledged it. One record's failure does not stop the others; an
// error for the whole batch (the hub unreachable) stops the drain, with
// the batch marked failed; an authentication error stops it with the
// records the hub did not answer put back in the queue untouched. Each record is tried at most once
// per Drain. When the hub answers at all, the backoff of earlier failures
// is reset, so they are retried in the same drain.
func (q *Queue) Drain(ctx context.Context, sender Sender, now time.Time) (DrainResult, error) {
	var res DrainResult
	tried := map[string]bool{}
	for {
		due, err := q.Next(ctx, now, BatchSize+len(tried))
		if err != nil {
			return res, err
		}
		var batch []protocol.SealedRecord
		for _, r := range due {
			if !tried[r.ID] && len(batch) < BatchSize {
				batch = append(batch, r)
				tried[r.ID] = true
			}
		}
		if len(batch) == 0 {
			return res, nil
		}
		ids := make([]string, len(batch))
		for i, r := range batch {
			ids[i] = r.ID
		}
		if err := q.MarkSending(ctx, ids...); err != nil {
			return res, err
		}
		acks, sendErr := sender.Send(ctx, batch)
		if errors.Is(sendErr, ErrAuth) && len(acks) == 0 {
			return res, q.stopOnAuth(ctx, ids, sendErr, now, &res)
		}
		stop, err := q.apply(ctx, ids, acks, sendErr, now, &res)
		if err != nil {
			return res, err
		}
		if stop != nil {
			return res, stop
		}
	}
}

// apply records a batch's answers in one transaction (one commit per
// batch, not per record). It returns stop, the error that ends the drain:
// the batch's transport error, or the refused credential of a request
// after others were answered (the records it carried are requeued).
func (q *Queue) apply(ctx context.Context, ids []string, acks []protocol.Ack, sendErr error, now time.Time, res *DrainResult) (stop error, err error) {
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("outbox: begin: %w", err)
	}
	defer tx.Rollback()
	var requeue []string
	authErr := errors.Is(sendErr, ErrAuth)
	if sendErr != nil && !authErr {
		// No answer: the hub may or may not hold the batch. Retry later;
		// the hub's idempotence makes the resend harmless.
		for _, id := range ids {
			if err := q.markFailed(ctx, tx, id, sendErr, true, now); err != nil {
				return nil, err
			}
			res.Failed++
		}
		stop = fmt.Errorf("outbox: send: %w", sendErr)
	} else {
		// The hub answered: clear an old credential alert and let records
		// that failed while it was unreachable retry now, not after their
		// backoff. (Before this batch's own answers are recorded.)
		if err := clearAuthErrorTx(ctx, tx); err != nil {
			return nil, err
		}
		if err := resetBackoff(ctx, tx, now); err != nil {
			return nil, err
		}
		byID := make(map[string]protocol.Ack, len(acks))
		for _, a := range acks {
			byID[a.ID] = a
		}
		for _, id := range ids {
			a, ok := byID[id]
			var err error
			switch {
			case !ok && authErr:
				requeue = append(requeue, id)
			case !ok:
				err = q.markFailed(ctx, tx, id, errors.New("no acknowledgement from the hub"), false, now)
				res.Failed++
			case a.Result == protocol.AckOK:
				err = markSent(ctx, tx, id, a.Received, now)
				res.Sent++
			case a.Result == protocol.AckConflict:
				err = markRejected(ctx, tx, id, "conflict: the hub holds a different submission with this id: "+a.Error)
				res.Rejected++
			case a.Result == protocol.AckRejected:
				err = markRejected(ctx, tx, id, "rejected by the hub: "+a.Error)
				res.Rejected++
			default: // protocol.AckRetry and anything unknown
				err = q.markFailed(ctx, tx, id, fmt.Errorf("hub: %s", a.Error), false, now)
				res.Failed++
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("outbox: commit: %w", err)
	}
	if authErr {
		return q.stopOnAuth(ctx, requeue, sendErr, now, res), nil
	}
	return stop, nil
}

// stopOnAuth puts the not-yet-answered records back in the queue, records
// the authentication failure for staff and returns it.
func (q *Queue) stopOnAuth(ctx context.Context, ids []string, cause error, now time.Time, res *DrainResult) error {
	for _, id := range ids {
		if err := q.MarkQueued(ctx, id); err != nil {
			return err
		}
		res.Requeued++
	}
	if err := q.setMeta(ctx, "auth_error", now.UTC().Format(time.RFC3339)+" "+errorText(cause)); err != nil {
		return err
	}
	return cause
}
