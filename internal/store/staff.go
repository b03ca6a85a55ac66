package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// StaffMember returns the front-desk staff member with 工号 id from the
// hub's list, and whether the list has one (internal/staff's Roster).
func (s *Store) StaffMember(ctx context.Context, id string) (protocol.StaffMember, bool, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM staff_members WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return protocol.StaffMember{}, false, nil
	} else if err != nil {
		return protocol.StaffMember{}, false, fmt.Errorf("staff member: %w", corrupt(err))
	}
	m, err := protocol.StaffMemberOf(domain.Change{Kind: domain.KindStaff, ID: id, Data: data})
	if err != nil {
		return protocol.StaffMember{}, false, fmt.Errorf("staff member %s: %w", id, err)
	}
	return m, true, nil
}

// StaffRoster reports whether a staff list has ever arrived from the hub
// and how many of its members may log in (not disabled).
func (s *Store) StaffRoster(ctx context.Context) (received bool, active int, err error) {
	v, err := getMeta(ctx, s.db, MetaStaffRoster)
	if err != nil {
		return false, 0, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM staff_members WHERE disabled = 0`).Scan(&active); err != nil {
		return false, 0, fmt.Errorf("staff list: %w", corrupt(err))
	}
	return v != "", active, nil
}
