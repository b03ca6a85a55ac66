package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gongkai/internal/domain"
)

// Object returns one live object.
func (s *SQLiteStore) Object(ctx context.Context, kind, id string) (domain.Object, error) {
	o := domain.Object{Kind: kind, ID: id}
	err := s.r.QueryRowContext(ctx, `SELECT data FROM objects WHERE kind = ? AND id = ? AND deleted = 0`, kind, id).Scan(&o.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("%s %s: %w", kind, id, ErrNotFound)
	}
	return o, err
}
