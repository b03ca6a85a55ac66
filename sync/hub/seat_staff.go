package hub

import "context"

// PromoteWaitlist runs the seat rules for an event now, for staff who
// freed seats (a larger capacity, a cancellation by phone): expired kiosk
// blocks go back to the pool and waiting sign-ups are confirmed in order
// of receipt while the free seats cover the next one (promote). Nobody is
// confirmed around the rules: there is no way to pick a sign-up out of
// turn or to confirm beyond the free seats. It returns how many people
// (attendees) were confirmed.
func (s *Submissions) PromoteWaitlist(ctx context.Context, eventID string) (int, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return 0, err
	}
	now := s.hub.Now().UTC()
	n := 0
	err := s.store.Update(ctx, func(tx SubmissionTx) error {
		before, err := tx.Holding(ctx, eventID)
		if err != nil {
			return err
		}
		if err := s.expireBlocks(ctx, tx, now); err != nil {
			return err
		}
		if err := s.promote(ctx, tx, eventID, now); err != nil {
			return err
		}
		after, err := tx.Holding(ctx, eventID)
		if err != nil {
			return err
		}
		n = after.Promoted - before.Promoted
		return nil
	})
	return n, err
}
