package hub

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gongkai/internal/sqlrows"
)

// AddCall records kiosk id's call, or updates its open one.
func (s *SQLiteStore) AddCall(ctx context.Context, id, screen string, called, received time.Time) (int64, error) {
	var n int64
	err := s.w.QueryRowContext(ctx, `INSERT INTO staff_calls (kiosk_id, screen, called, received) VALUES (?, ?, ?, ?)
		ON CONFLICT (kiosk_id) WHERE handled IS NULL DO UPDATE SET screen = excluded.screen, called = excluded.called, received = excluded.received
		RETURNING id`, id, screen, timeText(called), timeText(received)).Scan(&n)
	return n, err
}

// OpenCalls lists the calls not yet handled, oldest first.
func (s *SQLiteStore) OpenCalls(ctx context.Context) ([]Call, error) {
	return sqlrows.Query(ctx, s.r, "open calls", func(row sqlrows.Scanner) (c Call, err error) {
		var called, received string
		err = row.Scan(&c.ID, &c.KioskID, &c.KioskNo, &c.KioskName, &c.Screen, &called, &received)
		c.Called = parseTime(sql.NullString{String: called, Valid: true})
		c.Received = parseTime(sql.NullString{String: received, Valid: true})
		return c, err
	}, `SELECT c.id, c.kiosk_id, k.no, k.name, c.screen, c.called, c.received
		FROM staff_calls c JOIN kiosks k ON k.id = c.kiosk_id WHERE c.handled IS NULL ORDER BY c.received, c.id`)
}

// HandleCall marks open call id handled by a member of staff.
func (s *SQLiteStore) HandleCall(ctx context.Context, id int64, by string, at time.Time) (*Call, error) {
	calls, err := s.OpenCalls(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range calls {
		if c.ID != id {
			continue
		}
		res, err := s.w.ExecContext(ctx, `UPDATE staff_calls SET handled = ?, handled_by = ? WHERE id = ? AND handled IS NULL`, timeText(at), by, id)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			break // handled meanwhile
		}
		c.Handled, c.HandledBy = at.UTC(), by
		return &c, nil
	}
	return nil, fmt.Errorf("call %d: %w", id, ErrNotFound)
}
