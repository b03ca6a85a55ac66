package pubsqlite

import (
	"context"
	"time"

	"gongkai/internal/publish"
	"gongkai/internal/sqlrows"
)

const workColumns = `tracking, assignee, reply, replied_at, replied_by, rectification, rectified_at, rectified_by, callback, called_at, called_by`

// Works returns every follow-up record.
func (s *Store) Works(ctx context.Context) ([]publish.Work, error) {
	return sqlrows.Query(ctx, s.db.R(), "follow-ups", func(row sqlrows.Scanner) (w publish.Work, err error) {
		var replied, rectified, called string
		err = row.Scan(&w.Tracking, &w.Assignee, &w.Reply, &replied, &w.RepliedBy, &w.Rectification, &rectified,
			&w.RectifiedBy, &w.Callback, &called, &w.CalledBy)
		w.RepliedAt, w.RectifiedAt, w.CalledAt = parseTime(replied), parseTime(rectified), parseTime(called)
		return w, err
	}, `SELECT `+workColumns+` FROM works ORDER BY tracking`)
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
