package pubsqlite

import (
	"context"

	"gongkai/internal/publish"
)

// CheckIns returns an event's check-ins.
func (s *Store) CheckIns(ctx context.Context, eventID string) ([]publish.CheckIn, error) {
	rows, err := s.db.R().QueryContext(ctx, `SELECT tracking, event_id, at, by_login FROM checkins WHERE event_id = ? ORDER BY at`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []publish.CheckIn
	for rows.Next() {
		var c publish.CheckIn
		var at string
		if err := rows.Scan(&c.Tracking, &c.EventID, &at, &c.By); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
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
