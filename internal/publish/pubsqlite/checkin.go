package pubsqlite

import (
	"context"

	"gongkai/internal/publish"
	"gongkai/internal/sqlrows"
)

// CheckIns returns an event's check-ins.
func (s *Store) CheckIns(ctx context.Context, eventID string) ([]publish.CheckIn, error) {
	return sqlrows.Query(ctx, s.db.R(), "check-ins", func(row sqlrows.Scanner) (c publish.CheckIn, err error) {
		var at string
		err = row.Scan(&c.Tracking, &c.EventID, &at, &c.By)
		c.At = parseTime(at)
		return c, err
	}, `SELECT tracking, event_id, at, by_login FROM checkins WHERE event_id = ? ORDER BY at`, eventID)
}

// CheckIn records a check-in once: the first one counts, in one statement,
// so two doors scanning the same receipt at once cannot both succeed.
func (s *Store) CheckIn(ctx context.Context, c publish.CheckIn) (publish.CheckIn, bool, error) {
	res, err := s.db.W().ExecContext(ctx, `INSERT INTO checkins (tracking, event_id, at, by_login) VALUES (?, ?, ?, ?)
		ON CONFLICT (tracking) DO NOTHING`, c.Tracking, c.EventID, timeText(c.At), c.By)
	if err != nil {
		return c, false, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return c, true, nil
	}
	var at string
	err = s.db.W().QueryRowContext(ctx, `SELECT event_id, at, by_login FROM checkins WHERE tracking = ?`, c.Tracking).Scan(&c.EventID, &at, &c.By)
	c.At = parseTime(at)
	return c, false, err
}
