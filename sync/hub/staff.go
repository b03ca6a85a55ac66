package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"gongkai/internal/domain"
	"gongkai/sync/protocol"
)

// PublishStaff makes the kiosks' list of front-desk staff equal members:
// one signed domain.KindStaff object per member (its 工号, display name, the
// Argon2id hash of its kiosk PIN, or Disabled), written into the catalogue's
// change log so kiosks receive it with their next page, over the network or
// on a USB bundle. Members that changed get new versions; those no longer
// listed are withdrawn; an unchanged list writes nothing, so calling it
// after every console change, and again at start, is cheap.
//
// The console's accounts are the source (internal/hubcli wires them);
// members are checked with protocol.StaffMember.Check and a 工号 may appear
// once. Nothing of a member is logged.
func (h *Hub) PublishStaff(ctx context.Context, members []protocol.StaffMember) (*ImportResult, error) {
	objects := make([]domain.Object, 0, len(members))
	seen := map[string]bool{}
	for _, m := range members {
		if err := m.Check(); err != nil {
			return nil, err
		}
		if seen[m.ID] {
			return nil, fmt.Errorf("%w: 工号 %s appears twice in the staff list", protocol.ErrMalformed, m.ID)
		}
		seen[m.ID] = true
		data, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		if data, err = protocol.CanonicalJSON(data); err != nil {
			return nil, err
		}
		objects = append(objects, domain.Object{Kind: domain.KindStaff, ID: m.ID, Data: data})
	}
	sort.Slice(objects, func(i, j int) bool { return objects[i].ID < objects[j].ID })
	res, err := h.Store.ReplaceKind(ctx, domain.KindStaff, objects, h.Now())
	if err != nil {
		return nil, fmt.Errorf("publish staff: %w", err)
	}
	if res.To != res.From {
		h.pages.changed()
		h.Log.Info("kiosk staff published", "from", res.From, "to", res.To, "added", res.Added,
			"updated", res.Updated, "withdrawn", res.Deleted, "members", len(objects))
	}
	return res, nil
}
