package pubsqlite

import (
	"context"
	"time"

	"gongkai/internal/publish"
)

const workColumns = `tracking, assignee, reply, replied_at, replied_by, rectification, rectified_at, rectified_by, callback, called_at, called_by`

// Works returns every follow-up record.
func (s *Store) Works(ctx context.Context) ([]publish.Work, error) {
	rows, err := s.db.R().QueryContext(ctx, `SELECT `+workColumns+` FROM works ORDER BY tracking`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []publish.Work
	for rows.Next() {
		var w publish.Work
		var replied, rectified, called string
		if err := rows.Scan(&w.Tracking, &w.Assignee, &w.Reply, &replied, &w.RepliedBy, &w.Rectification, &rectified,
			&w.RectifiedBy, &w.Callback, &called, &w.CalledBy); err != nil {
			return nil, err
		}
		w.RepliedAt, w.RectifiedAt, w.CalledAt = parseTime(replied), parseTime(rectified), parseTime(called)
		out = append(out, w)
	}
	return out, rows.Err()
}

// PutWork writes a follow-up record.
func (s *Store) PutWork(ctx context.Context, w publish.Work) error {
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO works (`+workColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tracking) DO UPDATE SET assignee = excluded.assignee, reply = excluded.reply,
			replied_at = excluded.replied_at, replied_by = excluded.replied_by, rectification = excluded.rectification,
			rectified_at = excluded.rectified_at, rectified_by = excluded.rectified_by, callback = excluded.callback,
			called_at = excluded.called_at, called_by = excluded.called_by`,
		w.Tracking, w.Assignee, w.Reply, optTime(w.RepliedAt), w.RepliedBy, w.Rectification, optTime(w.RectifiedAt),
		w.RectifiedBy, w.Callback, optTime(w.CalledAt), w.CalledBy)
	return err
}

func optTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timeText(t)
}
