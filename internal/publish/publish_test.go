package publish_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/internal/publish"
	"gongkai/internal/publish/pubhub"
	"gongkai/internal/publish/pubsqlite"
	"gongkai/internal/testclock"
	"gongkai/internal/validate"
	"gongkai/sync/hub"
)

var (
	writer   = publish.Actor{Login: "li", Name: "李承办", Role: publish.RoleHandler}
	reviewer = publish.Actor{Login: "shen", Name: "沈审核", Role: publish.RoleReviewer}
)

// desk is a publishing desk over a real hub and its real store: publish.db
// beside hub.db when url is "", else the hub's PostgreSQL database at url.
func desk(t *testing.T, url string) (*publish.Service, *hub.Hub) {
	t.Helper()
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	h, err := hub.Init(ctx, dir, hub.Options{Now: clk.Now, DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	set := &catalog.Set{Categories: []domain.Category{
		{ID: "zcfg", Name: "政策法规"}, {ID: "gfxwj", ParentID: "zcfg", Name: "行政规范性文件"},
		{ID: "jd", ParentID: "zcfg", Name: "政策解读", Order: 1}, {ID: "gz", Name: "工作动态", Order: 1}}}
	if _, err := h.Import(ctx, set, nil, hub.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := pubsqlite.OpenStore(ctx, dir, h.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &publish.Service{Catalogue: pubhub.Catalogue{Hub: h}, Store: st, Now: clk.Now}, h
}

func live(t *testing.T, h *hub.Hub, id string) *domain.Document {
	t.Helper()
	o, err := h.Store.Object(context.Background(), domain.KindDocument, id)
	if err != nil {
		return nil
	}
	var d domain.Document
	if err := json.Unmarshal(o.Data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestPublishLoop: a draft is checked by the catalogue's rules and stays
// off the kiosks until a reviewer publishes it; an upload whose content is
// not what its name says is refused and changes nothing; a policy document
// is on the 三同步 list until its 解读 is published; 废止 reaches the 解读
// too; a withdrawal is a tombstone; a 依申请公开 document never leaves the
// hub.
func TestPublishLoop(t *testing.T) {
	pgtest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, h := desk(t, url)
		in := publish.Input{Doc: domain.Document{ID: "gf-1", Title: "<b>关于规范校外培训的通知</b>", CategoryID: "gfxwj",
			Published: "2026-03-01", Written: "2026-03-02", Issuer: "县教育和体育局", Keywords: publish.SplitKeywords("校外培训、规范")},
			Source: "# 第一条\n\n为规范校外培训……\n"}
		_, err := s.Save(ctx, writer, in)
		var fe validate.FieldErrors
		if !asFields(err, &fe) || fe["written"] == nil {
			t.Fatalf("成文日期 after 发布日期 saved: %v", err)
		}
		in.Doc.Written = "2026-02-27"
		e, err := s.Save(ctx, writer, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.State != publish.StateDraft || live(t, h, "gf-1") != nil {
			t.Fatalf("a draft is on the kiosks: %s", e.State)
		}
		before := must.Call(t, h.Store.Head)
		if _, err := s.AddAttachment(ctx, writer, "gf-1", "通知.pdf", []byte("MZ\x90\x00 not a pdf")); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("fake PDF: %v", err)
		}
		if _, err := s.AddAttachment(ctx, writer, "gf-1", "../../通知.pdf", []byte("%PDF-1.4")); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("path in the name: %v", err)
		}
		if e, err = s.AddAttachment(ctx, writer, "gf-1", "通知.pdf", []byte("%PDF-1.4\n%%EOF")); err != nil || len(e.Doc.Attachments) != 1 {
			t.Fatalf("good PDF: %v", err)
		}
		if must.Call(t, h.Store.Head) != before {
			t.Fatal("uploads changed the catalogue before publication")
		}
		if _, err := s.Publish(ctx, writer, "gf-1"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("a 承办人 published: %v", err)
		}
		out, err := s.Publish(ctx, reviewer, "gf-1")
		if err != nil {
			t.Fatal(err)
		}
		d := live(t, h, "gf-1")
		if d == nil || out.To != before+1 || d.Title != in.Doc.Title || len(d.Attachments) != 1 || d.Disclosure != domain.DisclosureProactive {
			t.Fatalf("published: %+v, %+v", out, d)
		}
		r, err := s.Readings(ctx)
		if err != nil || len(r.Missing) != 1 || r.Missing[0].Doc.ID != "gf-1" {
			t.Fatalf("三同步 list: %+v %v", r, err)
		}

		// Its 解读, published: the policy leaves the list.
		if _, err := s.Save(ctx, writer, publish.Input{Doc: domain.Document{ID: "gf-1-jd", Title: "《通知》解读", CategoryID: "jd",
			Published: "2026-03-02", Interprets: "gf-1"}, Source: "答记者问"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Publish(ctx, reviewer, "gf-1-jd"); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Readings(ctx); len(r.Missing) != 0 {
			t.Fatalf("still missing after the 解读: %+v", r.Missing[0].Doc.ID)
		}

		// 废止: the 解读 follows.
		e, _ = s.Document(ctx, "gf-1")
		in = publish.Input{Orig: "gf-1", Doc: e.Doc, Source: e.Source}
		in.Doc.Validity = domain.ValidityRepealed
		if _, err := s.Save(ctx, writer, in); err != nil {
			t.Fatal(err)
		}
		if out, err = s.Publish(ctx, reviewer, "gf-1"); err != nil || len(out.Propagated) != 1 {
			t.Fatalf("废止: %+v %v", out, err)
		}
		if jd := live(t, h, "gf-1-jd"); jd.Validity != domain.ValidityRepealed {
			t.Errorf("the 解读 is %s", jd.Validity)
		}

		// Withdrawn: off the kiosks, kept with the reason.
		if _, err := s.Withdraw(ctx, reviewer, "gf-1-jd", ""); err == nil {
			t.Error("withdrawn without a reason")
		}
		if _, err := s.Withdraw(ctx, reviewer, "gf-1-jd", "内容有误，修改后重新发布"); err != nil {
			t.Fatal(err)
		}
		if live(t, h, "gf-1-jd") != nil {
			t.Error("the withdrawn 解读 is still live")
		}
		if e, _ := s.Document(ctx, "gf-1-jd"); e.State != publish.StateWithdrawn || e.Draft.Note == "" {
			t.Errorf("withdrawn: %+v", e)
		}

		// 依申请公开: published, it stays at the hub and leaves the kiosks.
		e, _ = s.Document(ctx, "gf-1")
		in = publish.Input{Orig: "gf-1", Doc: e.Doc, Source: e.Source}
		in.Doc.Disclosure = domain.DisclosureOnRequest
		if _, err := s.Save(ctx, writer, in); err != nil {
			t.Fatal(err)
		}
		if out, err = s.Publish(ctx, reviewer, "gf-1"); err != nil || !out.Held {
			t.Fatalf("依申请公开: %+v %v", out, err)
		}
		if live(t, h, "gf-1") != nil {
			t.Error("a 依申请公开 document is on the kiosks")
		}
		if e, _ := s.Document(ctx, "gf-1"); e.State != publish.StateHeld {
			t.Errorf("state %s", e.State)
		}
	})
}

// TestExemptionAndNewIDs: a reason takes a policy document off the
// missing list; an id is made when staff leave it empty and is never
// reused.
func TestExemptionAndNewIDs(t *testing.T) {
	pgtest.EachStore(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, _ := desk(t, url)
		e, err := s.Save(ctx, writer, publish.Input{Doc: domain.Document{Title: "关于调整执行日期的通知", CategoryID: "gfxwj", Published: "2026-03-01"}})
		if err != nil || !strings.HasPrefix(e.Doc.ID, "doc-20260302-") {
			t.Fatalf("new id: %+v %v", e, err)
		}
		if _, err := s.Save(ctx, writer, publish.Input{Doc: domain.Document{ID: e.Doc.ID, Title: "x", CategoryID: "gz", Published: "2026-03-01"}}); err == nil {
			t.Error("an id was used twice")
		}
		if _, err := s.Publish(ctx, reviewer, e.Doc.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Exempt(ctx, writer, e.Doc.ID, "仅调整执行日期"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a 承办人 recorded an exemption: %v", err)
		}
		if err := s.Exempt(ctx, reviewer, e.Doc.ID, "仅调整执行日期，无新增政策内容"); err != nil {
			t.Fatal(err)
		}
		r, _ := s.Readings(ctx)
		if len(r.Missing) != 0 || len(r.Exempted) != 1 {
			t.Errorf("after the reason: %+v", r)
		}
	})
}

func asFields(err error, fe *validate.FieldErrors) bool {
	f, ok := err.(validate.FieldErrors)
	if ok {
		*fe = f
	}
	return ok
}
