package pubsqlite

import (
	"context"
	"database/sql"
	"errors"

	"gongkai/internal/publish"
	"gongkai/internal/sqlrows"
)

// Decisions returns the decisions on a consultation's comments.
func (s *Store) Decisions(ctx context.Context, consultationID string) ([]publish.Decision, error) {
	return sqlrows.Query(ctx, s.db.R(), "decisions", func(row sqlrows.Scanner) (d publish.Decision, err error) {
		var at string
		err = row.Scan(&d.Tracking, &d.ConsultationID, &d.Decision, &d.Reason, &d.By, &at)
		d.At = parseTime(at)
		return d, err
	}, `SELECT tracking, consultation_id, decision, reason, by_login, at
		FROM decisions WHERE consultation_id = ? ORDER BY tracking`, consultationID)
}

// PutDecision records a decision, replacing an earlier one.
func (s *Store) PutDecision(ctx context.Context, d publish.Decision) error {
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO decisions (tracking, consultation_id, decision, reason, by_login, at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tracking) DO UPDATE SET consultation_id = excluded.consultation_id,
		decision = excluded.decision, reason = excluded.reason, by_login = excluded.by_login, at = excluded.at`,
		d.Tracking, d.ConsultationID, d.Decision, d.Reason, d.By, timeText(d.At))
	return err
}

// PutLink records a feedback document's target.
func (s *Store) PutLink(ctx context.Context, docID, kind, targetID string) error {
	_, err := s.db.W().ExecContext(ctx, `INSERT INTO feedback_links (doc_id, kind, target_id) VALUES (?, ?, ?)`, docID, kind, targetID)
	return err
}

// Link returns what document docID is the feedback of.
func (s *Store) Link(ctx context.Context, docID string) (kind, targetID string, err error) {
	err = s.db.R().QueryRowContext(ctx, `SELECT kind, target_id FROM feedback_links WHERE doc_id = ?`, docID).Scan(&kind, &targetID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return kind, targetID, err
}

// LinkedDocument returns the feedback document of kind/targetID.
func (s *Store) LinkedDocument(ctx context.Context, kind, targetID string) (string, error) {
	return sqlrows.Optional[string](ctx, s.db.R(), `SELECT doc_id FROM feedback_links WHERE kind = ? AND target_id = ?`, kind, targetID)
}
