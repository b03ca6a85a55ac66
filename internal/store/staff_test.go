package store_test

import (
	"context"
	"slices"
	"testing"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

const hashA = "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// TestStaffList: the staff changes of a hub batch fill the list internal/staff
// reads; the first one, even a withdrawal, marks the list received for
// good; a disabled member stays listed but not active; the digest counts
// the members as the hub's does; a member whose data is bad refuses the
// whole batch.
func TestStaffList(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	hub := hubCatalogue()
	mustApply(t, s, hub.all(domain.SourceHub))
	if got, n, err := s.StaffRoster(ctx); got || n != 0 || err != nil {
		t.Fatalf("before any staff change: received %v, %d active, %v", got, n, err)
	}
	if _, ok, err := s.StaffMember(ctx, "0123"); ok || err != nil {
		t.Fatalf("member before any list: %v, %v", ok, err)
	}

	from := int64(len(hub.changes))
	zhang := protocol.StaffMember{ID: "0123", Name: "张前台", PINHash: hashA}
	hub.add(domain.KindStaff, "0123", zhang).add(domain.KindStaff, "0456", protocol.StaffMember{ID: "0456", Name: "李前台", Disabled: true})
	mustApply(t, s, hub.batch(domain.SourceHub, from, int64(len(hub.changes))))
	if got, n, err := s.StaffRoster(ctx); !got || n != 1 || err != nil {
		t.Fatalf("after the list: received %v, %d active, %v; want received, 1", got, n, err)
	}
	if m, ok, err := s.StaffMember(ctx, "0123"); !ok || err != nil || m != zhang {
		t.Fatalf("StaffMember(0123) = %+v, %v, %v", m, ok, err)
	}
	if m, ok, _ := s.StaffMember(ctx, "0456"); !ok || !m.Disabled {
		t.Fatalf("StaffMember(0456) = %+v, %v; want disabled", m, ok)
	}
	objs, _ := s.Objects(ctx)
	digest, _ := s.Digest(ctx)
	if want := domain.CatalogueDigest(objs); digest != want {
		t.Errorf("Digest %s != CatalogueDigest %s", digest, want)
	}
	var staff []string
	for _, o := range objs {
		if o.Kind == domain.KindStaff {
			staff = append(staff, o.ID)
		}
	}
	if !slices.Equal(staff, []string{"0123", "0456"}) {
		t.Errorf("Objects lists staff members %q, want 0123 and 0456 (the hub's digest counts them)", staff)
	}

	// Withdrawing both leaves an empty list that is still the hub's.
	from = int64(len(hub.changes))
	hub.del(domain.KindStaff, "0123").del(domain.KindStaff, "0456")
	mustApply(t, s, hub.batch(domain.SourceHub, from, int64(len(hub.changes))))
	if got, n, _ := s.StaffRoster(ctx); !got || n != 0 {
		t.Fatalf("after withdrawing all: received %v, %d active; want received, 0", got, n)
	}

	// Bad data (a plain PIN instead of a hash) refuses the batch.
	from = int64(len(hub.changes))
	hub.add(domain.KindStaff, "0789", map[string]string{"id": "0789", "pin_hash": "246810"})
	err := s.Apply(ctx, hub.batch(domain.SourceHub, from, int64(len(hub.changes))))
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("batch with a bad staff member: %v, want invalid", err)
	}
	if st, _ := s.State(ctx); st.Version != from {
		t.Errorf("cursor moved to %d on a refused batch", st.Version)
	}
}

// TestFirstWithdrawalMarksReceived: a kiosk whose first staff change is a
// tombstone (the only member was removed before it synced) has still
// received the hub's list.
func TestFirstWithdrawalMarksReceived(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c := tree(&catalogue{}).del(domain.KindStaff, "0123")
	mustApply(t, s, c.all(domain.SourceHub))
	if got, n, _ := s.StaffRoster(ctx); !got || n != 0 {
		t.Fatalf("received %v, %d active; want received, 0", got, n)
	}
}
