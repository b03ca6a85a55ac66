package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

func demoCatalogue() *catalogue {
	c := tree(&catalogue{})
	c.doc(domain.Document{ID: "demo-1", Title: "示例：招生工作通知", Published: "2024-06-01", CategoryID: "yw-zsgl-zszc", Sample: true})
	c.doc(domain.Document{ID: "demo-2", Title: "示例：校园安全", Published: "2025-03-01", CategoryID: "yw", Sample: true})
	c.add(domain.KindCalendar, "2026", domain.CalendarYear{Year: 2026, Off: []string{"2026-01-01"}, Work: []string{"2026-01-04"}})
	return c
}

func hubCatalogue() *catalogue {
	c := tree(&catalogue{})
	for i, title := range []string{"关于做好2026年招生工作的通知", "校园安全检查通报", "政务公开工作要点", "教师招聘公告"} {
		c.doc(domain.Document{ID: "hub-" + string(rune('a'+i)), Title: title, Published: "2026-0" + string(rune('1'+i)) + "-10",
			CategoryID: "gsgg", Body: []domain.Block{para("正文：" + title)}})
	}
	return c
}

func TestApplyRules(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	demo := demoCatalogue()
	mustApply(t, s, demo.all(domain.SourceDemo))
	st, _ := s.State(ctx)
	if st.Source != domain.SourceDemo || st.Documents != 2 || st.Version != int64(len(demo.changes)) {
		t.Fatalf("after demo: %+v", st)
	}
	// A demo batch never loads over an existing catalogue.
	if err := s.Apply(ctx, demo.all(domain.SourceDemo)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("second demo load: %v", err)
	}

	hub := hubCatalogue() // versions 1..11
	n := int64(len(hub.changes))
	// The first hub batch replaces the demo, although its versions are
	// below the demo's cursor.
	mustApply(t, s, hub.batch(domain.SourceHub, 0, 9))
	st, _ = s.State(ctx)
	if st.Source != domain.SourceHub || st.Version != 9 || st.Documents != 2 || !st.LastSync.Equal(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("after first hub batch: %+v", st)
	}
	if _, err := s.Document(ctx, "demo-1"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("demo document still there: %v", err)
	}
	if years, _ := s.CalendarYears(ctx); len(years) != 0 {
		t.Errorf("demo calendar still there: %v", years)
	}
	if r, _ := s.Search(ctx, domain.SearchFilter{Query: "示例"}); r.Total != 0 {
		t.Errorf("search still finds the demo: %v", ids(r))
	}
	before, _ := s.Digest(ctx)

	for _, tc := range []struct {
		name     string
		from, to int64
	}{
		{"older", 0, 9},
		{"older, partly", 3, 8},
		{"same end", 8, 9},
		{"gap", 10, n},
	} {
		err := s.Apply(ctx, hub.batch(domain.SourceHub, tc.from, tc.to))
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.ECONFLICT || de.Message == "" {
			t.Errorf("%s batch %d-%d: %v, want a conflict", tc.name, tc.from, tc.to, err)
		}
	}
	if after, _ := s.Digest(ctx); after != before {
		t.Error("a refused batch changed the catalogue")
	}
	if err := s.Apply(ctx, hub.batch(domain.SourceDemo, 9, n)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("demo batch over the hub's catalogue: %v", err)
	}

	// Overlap: 5..n repeats 6..9, which are skipped.
	mustApply(t, s, hub.batch(domain.SourceHub, 5, n))
	if st, _ = s.State(ctx); st.Version != n || st.Documents != 4 {
		t.Fatalf("after overlap: %+v", st)
	}

	// Updates and deletions, including a category that still has documents.
	hub.doc(domain.Document{ID: "hub-a", Title: "关于做好2026年秋季招生工作的补充通知", Published: "2026-01-12", CategoryID: "gsgg"})
	hub.del(domain.KindDocument, "hub-b")
	hub.del(domain.KindCategory, "gsgg")
	hub.del(domain.KindDocument, "never-sent")
	mustApply(t, s, hub.batch(domain.SourceHub, n, int64(len(hub.changes))))
	if d, err := s.Document(ctx, "hub-a"); err != nil || d.Title != "关于做好2026年秋季招生工作的补充通知" {
		t.Errorf("updated document: %+v, %v", d, err)
	}
	if _, err := s.Document(ctx, "hub-b"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("deleted document: %v", err)
	}
	if r, _ := s.Search(ctx, domain.SearchFilter{Query: "秋季"}); !slices.Equal(ids(r), []string{"hub-a"}) {
		t.Errorf("search after update = %v", ids(r))
	}
	if r, _ := s.Search(ctx, domain.SearchFilter{Query: "校园安全"}); r.Total != 0 {
		t.Errorf("search finds a deleted document: %v", ids(r))
	}
	if r, _ := s.Search(ctx, domain.SearchFilter{Query: "通知"}); r.Total != 1 {
		t.Errorf("search finds an old version: %v", ids(r))
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		if c.ID == "gsgg" {
			t.Error("deleted category still listed")
		}
	}
	if list, total, err := s.Documents(ctx, domain.DocumentFilter{CategoryID: "gsgg"}); err != nil || total != 3 || len(list) != 3 {
		t.Errorf("documents of a deleted category: %d %v", total, err)
	}
}

func TestApplyInvalid(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c := tree(&catalogue{})
	bad := []store.ApplyBatch{
		{Source: "usb", From: 0, To: 1},
		{Source: domain.SourceHub, From: 5, To: 2},
		{Source: domain.SourceHub, From: 0, To: 2, Changes: []domain.Change{{Version: 3, Kind: domain.KindCategory, ID: "x", Data: []byte(`{"id":"x"}`)}}},
		{Source: domain.SourceHub, From: 0, To: 1, Changes: []domain.Change{{Version: 1, Kind: "widget", ID: "x", Data: []byte(`{}`)}}},
		{Source: domain.SourceHub, From: 0, To: 1, Changes: []domain.Change{{Version: 1, Kind: domain.KindDocument, ID: "x", Data: []byte(`{not json`)}}},
		{Source: domain.SourceHub, From: 0, To: 1, Changes: []domain.Change{{Version: 1, Kind: domain.KindDocument, ID: "x", Data: []byte(`{"id":"y","title":"t"}`)}}},
		{Source: domain.SourceHub, From: 0, To: 1, Changes: []domain.Change{{Version: 1, Kind: domain.KindCalendar, ID: "2026", Data: []byte(`{"year":2025}`)}}},
	}
	for i, b := range bad {
		if err := s.Apply(ctx, b); domain.ErrorCode(err) != domain.EINVALID || domain.ErrorMessage(err) == "" {
			t.Errorf("bad batch %d: %v", i, err)
		}
	}
	if cur, _ := s.Cursor(ctx); cur != 0 {
		t.Errorf("cursor moved to %d", cur)
	}
	mustApply(t, s, c.all(domain.SourceHub))
}

func TestDigest(t *testing.T) {
	ctx := context.Background()
	hub := hubCatalogue()
	hub.add(domain.KindEvent, "kfr", domain.Event{ID: "kfr", Title: "政府开放日", Place: "一楼",
		Start: time.Date(2026, 12, 18, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)), Capacity: 30})
	hub.add(domain.KindConsultation, "zj", domain.Consultation{ID: "zj", Title: "征求意见", Opens: "2026-11-10", Closes: "2026-12-10"})
	// The same catalogue in one batch and in pages of two, with bytes kept
	// exactly as received (odd spacing included).
	hub.changes = append(hub.changes, domain.Change{Version: int64(len(hub.changes) + 1), Kind: domain.KindCalendar, ID: "2026",
		Data: []byte(`{ "year": 2026, "off": ["2026-01-01"],  "work": [] }`)})
	one, paged := mustOpen(t), mustOpen(t)
	mustApply(t, one, hub.all(domain.SourceHub))
	for from := int64(0); from < int64(len(hub.changes)); from += 2 {
		mustApply(t, paged, hub.batch(domain.SourceHub, from, min(from+2, int64(len(hub.changes)))))
	}
	d1, err := one.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := paged.Digest(ctx)
	objs, _ := one.Objects(ctx)
	if d1 != d2 || d1 != domain.CatalogueDigest(objs) {
		t.Errorf("digests differ: %s %s %s", d1, d2, domain.CatalogueDigest(objs))
	}
	// What the hub would compute from its own copies.
	var hubObjs []domain.Object
	for _, c := range hub.changes {
		hubObjs = append(hubObjs, domain.Object{Kind: c.Kind, ID: c.ID, Data: c.Data})
	}
	if want := domain.CatalogueDigest(hubObjs); d1 != want {
		t.Errorf("digest %s, hub's %s", d1, want)
	}
	if len(objs) != len(hub.changes) {
		t.Errorf("%d objects, want %d", len(objs), len(hub.changes))
	}
	// Stable across reopening.
	path := one.Path()
	one.Close()
	again, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if d3, _ := again.Digest(ctx); d3 != d1 {
		t.Error("digest changed after reopening")
	}
}

func TestOpenCorrupt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	junk := make([]byte, 64<<10)
	rand.Read(junk)
	sqliteHeaderThenJunk := append([]byte("SQLite format 3\x00"), junk...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"random bytes", junk},
		{"text", []byte("this is not a database\n")},
		{"short", []byte("SQLite")},
		{"header then junk", sqliteHeaderThenJunk},
	} {
		path := filepath.Join(dir, tc.name+".db")
		if err := os.WriteFile(path, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(ctx, path)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("%s: Open = %v, want ErrCorrupt", tc.name, err)
		}
	}
	// An empty file is a new database.
	path := filepath.Join(dir, "empty.db")
	os.WriteFile(path, nil, 0o600)
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("empty file: %v", err)
	}
	s.Close()
}

// TestPageSize checks that a new store has pages of 16 KiB and that one
// made with SQLite's 4 KiB pages (by earlier versions) keeps them and
// still takes a catalogue.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	pageSize := func(s *store.Store) (n int) {
		t.Helper()
		if err := s.DB().QueryRowContext(ctx, "PRAGMA page_size").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	s := mustOpen(t)
	if n := pageSize(s); n != 16384 {
		t.Errorf("a new store has pages of %d bytes, want 16384", n)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA page_size = 4096", "PRAGMA journal_mode = WAL", "CREATE TABLE before (x)"} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	applyPages(t, s, benchChanges(30), 10)
	if n := pageSize(s); n != 4096 {
		t.Errorf("an old store's pages became %d bytes", n)
	}
	if r, err := s.Search(ctx, domain.SearchFilter{Query: "教育"}); err != nil || r.Total == 0 {
		t.Errorf("search in the old store: %v hits, %v", r, err)
	}
}

func TestMeta(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if v, err := s.Meta(ctx, "hub_url"); v != "" || err != nil {
		t.Errorf("unset = %q, %v", v, err)
	}
	s.SetMeta(ctx, "hub_url", "https://hub.example")
	if v, _ := s.Meta(ctx, "hub_url"); v != "https://hub.example" {
		t.Errorf("set = %q", v)
	}
	s.SetMeta(ctx, "hub_url", "")
	if v, _ := s.Meta(ctx, "hub_url"); v != "" {
		t.Errorf("cleared = %q", v)
	}
}

// TestApplyReplacedWithinBatch checks the search's document table when a
// batch adds a document and replaces or deletes it again, with the table
// already loaded (as the store loads it in the background on opening):
// only the last version is found.
func TestApplyReplacedWithinBatch(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	c := tree(&catalogue{})
	c.doc(domain.Document{ID: "a", Title: "春季招生通知", Published: "2026-01-10", CategoryID: "gsgg"})
	mustApply(t, s, c.all(domain.SourceHub))
	if r, err := s.Search(ctx, domain.SearchFilter{Query: "招生"}); err != nil || r.Total != 1 {
		t.Fatalf("first search: %+v, %v", r, err)
	}
	from := int64(len(c.changes))
	c.doc(domain.Document{ID: "b", Title: "秋季招生通知", Published: "2026-02-10", CategoryID: "gsgg"})
	c.doc(domain.Document{ID: "b", Title: "秋季招生通知（修订）", Published: "2026-02-11", CategoryID: "gsgg"})
	c.doc(domain.Document{ID: "d", Title: "冬季招生通知", Published: "2026-02-12", CategoryID: "gsgg"})
	c.del(domain.KindDocument, "d")
	mustApply(t, s, c.batch(domain.SourceHub, from, int64(len(c.changes))))
	r, err := s.Search(ctx, domain.SearchFilter{Query: "招生"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	if r.Total != 2 || !slices.Equal(ids, []string{"b", "a"}) {
		t.Errorf("after replacing and deleting within a batch: total %d, hits %v; want 2, [b a]", r.Total, ids)
	}
}
