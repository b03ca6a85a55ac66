package hub

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// TestWithdrawAndNotPublic: a console publication withdraws a document as
// a tombstone at a new version in the same transaction as its other
// objects; a document that is not 主动公开 is refused and changes nothing;
// withdrawing what is not live changes nothing.
func TestWithdrawAndNotPublic(t *testing.T) { eachStore(t, testWithdrawAndNotPublic) }

func testWithdrawAndNotPublic(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.baseHub(t)
	res, err := h.ImportCatalogue(ctx, &Catalogue{Objects: []domain.Object{doc(t, "d3", "新文件")},
		Withdraw: []ObjectKey{{domain.KindDocument, "d2"}, {domain.KindDocument, "never"}}}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := *res, (ImportResult{From: 3, To: 5, Added: 1, Deleted: 1}); got != want {
		t.Fatalf("publish with a withdrawal = %+v, want %+v", got, want)
	}
	if _, err := h.Store.Object(ctx, domain.KindDocument, "d2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("withdrawn d2 still live: %v", err)
	}
	if o, err := h.Store.Object(ctx, domain.KindDocument, "d3"); err != nil || o.ID != "d3" {
		t.Errorf("d3: %+v %v", o, err)
	}

	var d domain.Document
	json.Unmarshal(doc(t, "d4", "依申请公开的文件").Data, &d)
	d.Disclosure = domain.DisclosureOnRequest
	_, err = h.ImportCatalogue(ctx, &Catalogue{Objects: []domain.Object{obj(t, domain.KindDocument, "d4", d), doc(t, "d5", "x")}}, ImportOptions{})
	if !errors.Is(err, ErrNotPublic) {
		t.Fatalf("a 依申请公开 document was accepted: %v", err)
	}
	if head, _ := h.Store.Head(ctx); head != 5 {
		t.Errorf("a refused publication moved the head to %d", head)
	}
}

// TestFromCatalogHoldsBack: the directory import leaves documents that are
// not 主动公开 at the hub, with their attachments, and takes one off the
// kiosks when it stops being 主动公开.
func TestFromCatalogHoldsBack(t *testing.T) { eachStore(t, testFromCatalogHoldsBack) }

func testFromCatalogHoldsBack(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _ := st.init(t)
	f, a := file("plan.txt", "内部方案")
	set := &catalog.Set{
		Categories: []domain.Category{{ID: "c1", Name: "政策文件"}},
		Documents: []domain.Document{
			{ID: "pub", Title: "公开", CategoryID: "c1", Published: "2026-01-05", Disclosure: domain.DisclosureProactive},
			{ID: "req", Title: "依申请", CategoryID: "c1", Published: "2026-01-05", Disclosure: domain.DisclosureOnRequest, Attachments: []domain.Attachment{a}},
		},
		Files: map[string]catalog.File{a.SHA256: {Path: f.Path, Size: f.Size, MediaType: f.MediaType}},
	}
	cat := FromCatalog(set, nil)
	if len(cat.Files) != 0 || len(cat.Withdraw) != 1 || cat.Withdraw[0].ID != "req" {
		t.Fatalf("files %v, withdraw %v", cat.Files, cat.Withdraw)
	}
	for _, o := range cat.Objects {
		if o.ID == "req" {
			t.Fatal("the 依申请公开 document is among the objects for kiosks")
		}
	}
	// Published first as 主动公开, then changed: the next import takes it off.
	set.Documents[1].Disclosure, set.Documents[1].Attachments = domain.DisclosureProactive, nil
	mustImport(t, h, FromCatalog(set, nil), false)
	set.Documents[1].Disclosure = domain.DisclosureNone
	res, err := h.ImportCatalogue(ctx, FromCatalog(set, nil), ImportOptions{})
	if err != nil || res.Deleted != 1 {
		t.Fatalf("re-import after 不予公开: %+v %v", res, err)
	}
}
