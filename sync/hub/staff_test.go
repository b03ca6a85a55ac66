package hub

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/sync/protocol"
)

func staffHash(t testing.TB, pin string) string {
	t.Helper()
	h, err := password.Hash(pin, password.FastParams)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// staffChanges returns the page's staff changes since version since.
func staffChanges(t *testing.T, h *Hub, since int64) []domain.Change {
	t.Helper()
	_, p, err := h.Page(context.Background(), since, protocol.MaxPageSize)
	if err != nil {
		t.Fatal(err)
	}
	var out []domain.Change
	for _, c := range p.Changes {
		if c.Kind == domain.KindStaff {
			out = append(out, c)
		}
	}
	return out
}

// TestPublishStaff: the list goes out as signed staff changes; an
// unchanged list writes nothing; a changed PIN, a disabled member and a
// removed one each reach the next page; a catalogue import, pruning or
// not, neither drops the list nor may carry staff objects.
func TestPublishStaff(t *testing.T) { eachStore(t, testPublishStaff) }

func testPublishStaff(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.baseHub(t)
	zhang := protocol.StaffMember{ID: "0123", Name: "张前台", PINHash: staffHash(t, "246810")}
	li := protocol.StaffMember{ID: "0456", Name: "李前台", PINHash: staffHash(t, "135792")}
	res, err := h.PublishStaff(ctx, []protocol.StaffMember{li, zhang})
	if err != nil || res.Added != 2 || res.From != 3 || res.To != 5 {
		t.Fatalf("first publish = %+v, %v; want 2 added at 4..5", res, err)
	}
	cs := staffChanges(t, h, 0)
	if len(cs) != 2 {
		t.Fatalf("staff changes = %+v, want 2", cs)
	}
	for _, c := range cs {
		m, err := protocol.StaffMemberOf(c)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, err := password.Match(map[string]string{"0123": "246810", "0456": "135792"}[m.ID], m.PINHash); !ok || err != nil {
			t.Errorf("the hash sent for %s does not verify its PIN: %v", m.ID, err)
		}
		if strings.Contains(string(c.Data), "246810") || strings.Contains(string(c.Data), "135792") {
			t.Errorf("a PIN is in the page: %s", c.Data)
		}
	}

	if res, err := h.PublishStaff(ctx, []protocol.StaffMember{zhang, li}); err != nil || res.To != res.From {
		t.Fatalf("same list again = %+v, %v; want nothing written", res, err)
	}

	// A catalogue import with --prune keeps the list.
	mustImport(t, h, &Catalogue{Objects: baseCatalogue(t).Objects[:1]}, true)
	objs, _ := h.Store.Objects(ctx)
	n := 0
	for _, o := range objs {
		if o.Kind == domain.KindStaff {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("after a pruning import %d staff objects are live, want 2", n)
	}
	_, err = h.ImportCatalogue(ctx, &Catalogue{Objects: []domain.Object{obj(t, domain.KindStaff, "0999", zhang)}}, ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "staff") {
		t.Fatalf("a catalogue with a staff object imported: %v", err)
	}

	// Zhang's PIN changes, Li is disabled: two changes, Li without a hash.
	head, _ := h.Store.Head(ctx)
	zhang2 := zhang
	zhang2.PINHash = staffHash(t, "975310")
	liOff := protocol.StaffMember{ID: li.ID, Name: li.Name, Disabled: true}
	if res, err := h.PublishStaff(ctx, []protocol.StaffMember{zhang2, liOff}); err != nil || res.Updated != 2 {
		t.Fatalf("changed list = %+v, %v; want 2 updated", res, err)
	}
	cs = staffChanges(t, h, head)
	if len(cs) != 2 {
		t.Fatalf("changes after the update = %+v", cs)
	}
	for _, c := range cs {
		m, _ := protocol.StaffMemberOf(c)
		if m.ID == li.ID && (!m.Disabled || m.PINHash != "") {
			t.Errorf("disabled member sent as %+v", m)
		}
	}

	// Li leaves the list: a tombstone.
	head, _ = h.Store.Head(ctx)
	if res, err := h.PublishStaff(ctx, []protocol.StaffMember{zhang2}); err != nil || res.Deleted != 1 {
		t.Fatalf("shorter list = %+v, %v; want 1 withdrawn", res, err)
	}
	if cs = staffChanges(t, h, head); len(cs) != 1 || cs[0].ID != li.ID || !cs[0].Deleted {
		t.Fatalf("changes after the withdrawal = %+v", cs)
	}
}

func TestPublishStaffRefusesBadLists(t *testing.T) { eachStore(t, testPublishStaffRefusesBadLists) }

func testPublishStaffRefusesBadLists(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.init(t)
	hash := staffHash(t, "246810")
	for name, list := range map[string][]protocol.StaffMember{
		"twice":     {{ID: "0123", PINHash: hash}, {ID: "0123", PINHash: hash}},
		"a PIN":     {{ID: "0123", PINHash: "246810"}},
		"bad 工号":    {{ID: "张三", PINHash: hash}},
		"no hash":   {{ID: "0123"}},
		"bidi name": {{ID: "0123", Name: "张\u202e三", PINHash: hash}},
	} {
		if _, err := h.PublishStaff(ctx, list); !errors.Is(err, protocol.ErrMalformed) {
			t.Errorf("%s: PublishStaff = %v, want ErrMalformed", name, err)
		}
	}
	if head, _ := h.Store.Head(ctx); head != 0 {
		t.Errorf("refused lists wrote up to version %d", head)
	}
}
