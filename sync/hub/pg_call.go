package hub

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/pgdb"
)

// AddCall records kiosk id's call, or updates its open one.
func (s *PGStore) AddCall(ctx context.Context, id, screen string, called, received time.Time) (int64, error) {
	var n int64
	err := pgdb.Retry(ctx, func() error { // a second run updates the open call the first made
		return s.db.QueryRow(ctx, `INSERT INTO staff_calls (kiosk_id, screen, called, received) VALUES ($1, $2, $3, $4)
			ON CONFLICT (kiosk_id) WHERE handled IS NULL DO UPDATE SET screen = excluded.screen, called = excluded.called, received = excluded.received
			RETURNING id`, id, screen, called.UTC(), received.UTC()).Scan(&n)
	})
	return n, err
}

// OpenCalls lists the calls not yet handled, oldest first.
func (s *PGStore) OpenCalls(ctx context.Context) (list []Call, err error) {
	err = pgdb.Retry(ctx, func() error {
		rows, err := s.db.Query(ctx, `SELECT c.id, c.kiosk_id, k.no, k.name, c.screen, c.called, c.received
			FROM staff_calls c JOIN kiosks k ON k.id = c.kiosk_id WHERE c.handled IS NULL ORDER BY c.received, c.id`)
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Call, error) {
			var c Call
			err := row.Scan(&c.ID, &c.KioskID, &c.KioskNo, &c.KioskName, &c.Screen, &c.Called, &c.Received)
			c.Called, c.Received = c.Called.UTC(), c.Received.UTC()
			return c, err
		})
		return err
	})
	return list, err
}

// HandleCall marks open call id handled by a member of staff; a call
// another hub process handled first is ErrNotFound, as an unknown one.
// It rides through a lost connection (pgdb.Retry): a run whose commit
// happened but whose answer was lost leaves the call handled by the same
// person at the same time, which the next run finds and returns as its
// own.
func (s *PGStore) HandleCall(ctx context.Context, id int64, by string, at time.Time) (*Call, error) {
	var c Call
	scan := func(row pgx.Row) error {
		return row.Scan(&c.ID, &c.KioskID, &c.KioskNo, &c.KioskName, &c.Screen, &c.Called, &c.Received, &c.Handled, &c.HandledBy)
	}
	err := pgdb.Retry(ctx, func() error {
		err := scan(s.db.QueryRow(ctx, `UPDATE staff_calls c SET handled = $1, handled_by = $2
			FROM kiosks k WHERE c.id = $3 AND c.handled IS NULL AND k.id = c.kiosk_id
			RETURNING c.id, c.kiosk_id, k.no, k.name, c.screen, c.called, c.received, c.handled, c.handled_by`, at.UTC(), by, id))
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		// Handled already: by this very request if by the same person at
		// the same time (the parameter is converted as the UPDATE's was).
		return scan(s.db.QueryRow(ctx, `SELECT c.id, c.kiosk_id, k.no, k.name, c.screen, c.called, c.received, c.handled, c.handled_by
			FROM staff_calls c JOIN kiosks k ON k.id = c.kiosk_id WHERE c.id = $3 AND c.handled = $1 AND c.handled_by = $2`, at.UTC(), by, id))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("call %d: %w", id, ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	c.Called, c.Received, c.Handled = c.Called.UTC(), c.Received.UTC(), c.Handled.UTC()
	return &c, nil
}
