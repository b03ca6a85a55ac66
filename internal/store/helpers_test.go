package store_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

// mustOpen opens a store on a fresh file in a temporary directory.
func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "kiosk.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// catalogue builds numbered changes for objects, versions from 1.
type catalogue struct {
	changes []domain.Change
}

func (c *catalogue) add(kind, id string, v any) *catalogue {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c.changes = append(c.changes, domain.Change{Version: int64(len(c.changes) + 1), Kind: kind, ID: id, Data: data})
	return c
}

func (c *catalogue) del(kind, id string) *catalogue {
	c.changes = append(c.changes, domain.Change{Version: int64(len(c.changes) + 1), Kind: kind, ID: id, Deleted: true})
	return c
}

func (c *catalogue) category(id, parent, name string) *catalogue {
	return c.add(domain.KindCategory, id, domain.Category{ID: id, ParentID: parent, Name: name, Order: len(c.changes)})
}

func (c *catalogue) doc(d domain.Document) *catalogue { return c.add(domain.KindDocument, d.ID, d) }

// batch returns the changes with From < v <= To.
func (c *catalogue) batch(source string, from, to int64) store.ApplyBatch {
	b := store.ApplyBatch{Source: source, From: from, To: to, SyncedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	for _, ch := range c.changes {
		if ch.Version > from && ch.Version <= to {
			b.Changes = append(b.Changes, ch)
		}
	}
	return b
}

func (c *catalogue) all(source string) store.ApplyBatch {
	return c.batch(source, 0, int64(len(c.changes)))
}

func mustApply(tb testing.TB, s *store.Store, b store.ApplyBatch) {
	tb.Helper()
	if err := s.Apply(context.Background(), b); err != nil {
		tb.Fatalf("apply %d-%d: %v", b.From, b.To, err)
	}
}

// tree is the fixture category tree.
func tree(c *catalogue) *catalogue {
	return c.category("zcfg", "", "政策法规").
		category("zcfg-gfxwj", "zcfg", "行政规范性文件").
		category("zcfg-zcxwj", "zcfg", "政策性文件").
		category("yw", "", "义务教育").
		category("yw-zsgl", "yw", "招生管理").
		category("yw-zsgl-zszc", "yw-zsgl", "招生政策").
		category("gsgg", "", "公示公告")
}

func para(text string) domain.Block { return domain.Block{Kind: domain.BlockParagraph, Text: text} }

// ids returns the ids of a result's hits.
func ids(r *domain.SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func year(d domain.Document) string { return d.Published[:4] }

func mustUnmarshal(tb testing.TB, data []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		tb.Fatal(err)
	}
}
