package hub

import (
	"context"
	"database/sql"
)

// PromoteWaitlist runs the seat rules for an event now, for staff who
// freed seats (a larger capacity, a cancellation by phone): expired kiosk
// blocks go back to the pool and waiting sign-ups are confirmed in order
// of receipt while the free seats cover the next one (promote). Nobody is
// confirmed around the rules: there is no way to pick a sign-up out of
// turn or to confirm beyond the free seats. It returns how many sign-ups
// were confirmed.
func (s *Submissions) PromoteWaitlist(ctx context.Context, eventID string) (int, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return 0, err
	}
	now := s.hub.Now().UTC()
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var before, after int
		count := `SELECT count(*) FROM signups WHERE event_id = ? AND seat = 'promoted'`
		if err := tx.QueryRowContext(ctx, count, eventID).Scan(&before); err != nil {
			return err
		}
		if err := s.expireBlocks(ctx, tx, now); err != nil {
			return err
		}
		if err := s.promote(ctx, tx, eventID, now); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, count, eventID).Scan(&after); err != nil {
			return err
		}
		n = after - before
		return nil
	})
	return n, err
}
