package ui

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// memCatalogue is an in-memory CatalogueService over the embedded demo
// catalogue (parsed by internal/catalog), plus an optional category of
// generated documents for long-list tests. Search is a plain substring
// scan: enough to drive the screens, not a model of the store's ranking.
type memCatalogue struct {
	state   domain.CatalogueState
	cats    []domain.Category
	docs    []domain.Document // newest first
	byID    map[string]*domain.Document
	cons    []domain.Consultation
	events  []domain.Event
	bigN    int   // generated documents in category bigID
	calls   int64 // Documents and Search calls, for paging tests
	failAll error
}

const bigID = "test-big"

func newMemCatalogue(t testing.TB, bigN int) *memCatalogue {
	t.Helper()
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatalf("load demo catalogue: %v", err)
	}
	m := &memCatalogue{cats: set.Categories, docs: set.Documents, cons: set.Consultations, events: set.Events,
		byID: map[string]*domain.Document{}, bigN: bigN}
	if bigN > 0 {
		m.cats = append(m.cats, domain.Category{ID: bigID, Name: "海量文件测试", Order: len(m.cats)})
	}
	sort.SliceStable(m.docs, func(i, j int) bool { return m.docs[i].Published > m.docs[j].Published })
	for i := range m.docs {
		m.byID[m.docs[i].ID] = &m.docs[i]
	}
	m.state = domain.CatalogueState{Source: domain.SourceDemo, Documents: len(m.docs) + bigN}
	return m
}

func (m *memCatalogue) bigDoc(i int) domain.Document {
	return domain.Document{
		ID: "big-" + strconv.Itoa(i), Title: fmt.Sprintf("第%d号测试文件：关于做好教育工作的通知", i+1),
		DocNo: fmt.Sprintf("测教发〔2026〕%d号", i+1), Published: "2026-01-01", CategoryID: bigID,
		Body: []domain.Block{{Kind: domain.BlockParagraph, Text: strings.Repeat("这是一段用于测试长列表的正文。", 20)}},
	}
}

func summary(d *domain.Document) domain.DocumentSummary {
	return domain.DocumentSummary{ID: d.ID, Title: d.Title, DocNo: d.DocNo, Issuer: d.Issuer, Published: d.Published,
		Validity: d.Validity, CategoryID: d.CategoryID, Interprets: d.Interprets, Sample: d.Sample}
}

func (m *memCatalogue) State(context.Context) (domain.CatalogueState, error) {
	return m.state, m.failAll
}

// subtree returns id and its descendants.
func (m *memCatalogue) subtree(id string) map[string]bool {
	in := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, c := range m.cats {
			if in[c.ParentID] && !in[c.ID] {
				in[c.ID], changed = true, true
			}
		}
	}
	return in
}

func (m *memCatalogue) Categories(context.Context) ([]*domain.CategoryNode, error) {
	if m.failAll != nil {
		return nil, m.failAll
	}
	nodes := map[string]*domain.CategoryNode{}
	var roots []*domain.CategoryNode
	for _, c := range m.cats {
		n := &domain.CategoryNode{Category: c}
		nodes[c.ID] = n
		if p := nodes[c.ParentID]; p != nil {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for id, n := range nodes {
		sub := m.subtree(id)
		for _, d := range m.docs {
			if sub[d.CategoryID] {
				n.Count++
			}
		}
		if sub[bigID] {
			n.Count += m.bigN
		}
	}
	return roots, nil
}

func (m *memCatalogue) Documents(_ context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, int, error) {
	atomic.AddInt64(&m.calls, 1)
	if m.failAll != nil {
		return nil, 0, m.failAll
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.CategoryID == bigID {
		var out []domain.DocumentSummary
		for i := f.Offset; i < f.Offset+f.Limit && i < m.bigN; i++ {
			d := m.bigDoc(i)
			out = append(out, summary(&d))
		}
		return out, m.bigN, nil
	}
	sub := m.subtree(f.CategoryID)
	var all []domain.DocumentSummary
	for i := range m.docs {
		if f.CategoryID == "" || sub[m.docs[i].CategoryID] {
			all = append(all, summary(&m.docs[i]))
		}
	}
	return slicePage(all, f.Offset, f.Limit), len(all), nil
}

func slicePage[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return nil
	}
	return all[offset:min(len(all), offset+limit)]
}

func (m *memCatalogue) Document(_ context.Context, id string) (*domain.Document, error) {
	if m.failAll != nil {
		return nil, m.failAll
	}
	if strings.HasPrefix(id, "big-") {
		i, _ := strconv.Atoi(strings.TrimPrefix(id, "big-"))
		d := m.bigDoc(i)
		return &d, nil
	}
	d, ok := m.byID[id]
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "文件不存在")
	}
	c := *d
	return &c, nil
}

func (m *memCatalogue) Interpretations(_ context.Context, id string) ([]domain.DocumentSummary, error) {
	var out []domain.DocumentSummary
	for i := range m.docs {
		if m.docs[i].Interprets == id {
			out = append(out, summary(&m.docs[i]))
		}
	}
	return out, m.failAll
}

func docText(d *domain.Document) string {
	var b strings.Builder
	for _, bl := range d.Body {
		b.WriteString(bl.Text)
		for _, it := range bl.Items {
			b.WriteString(it)
		}
		for _, r := range bl.Rows {
			b.WriteString(strings.Join(r, ""))
		}
	}
	return b.String()
}

// snippetAround returns about 30 characters of text around the first
// match of q, with every match marked.
func snippetAround(text, q string) []domain.Span {
	r := []rune(text)
	at := strings.Index(text, q)
	if at < 0 {
		return []domain.Span{{Text: string(r[:min(len(r), 30)])}}
	}
	start := max(0, len([]rune(text[:at]))-10)
	end := min(len(r), start+30)
	window := string(r[start:end])
	var spans []domain.Span
	for window != "" {
		i := strings.Index(window, q)
		if i < 0 {
			spans = append(spans, domain.Span{Text: window})
			break
		}
		if i > 0 {
			spans = append(spans, domain.Span{Text: window[:i]})
		}
		spans = append(spans, domain.Span{Text: q, Hit: true})
		window = window[i+len(q):]
	}
	return spans
}

func (m *memCatalogue) Search(_ context.Context, f domain.SearchFilter) (*domain.SearchResult, error) {
	atomic.AddInt64(&m.calls, 1)
	if m.failAll != nil {
		return nil, m.failAll
	}
	q := strings.TrimSpace(f.Query)
	sub := m.subtree(f.CategoryID)
	res := &domain.SearchResult{}
	var hits []domain.SearchHit
	for i := range m.docs {
		d := &m.docs[i]
		if f.CategoryID != "" && !sub[d.CategoryID] {
			continue
		}
		if f.Year != 0 && !strings.HasPrefix(d.Published, strconv.Itoa(f.Year)) {
			continue
		}
		if f.Validity != "" && d.Validity != f.Validity {
			continue
		}
		text := docText(d)
		if q != "" && !strings.Contains(d.Title+d.DocNo+text, q) {
			continue
		}
		hits = append(hits, domain.SearchHit{DocumentSummary: summary(d), Snippet: snippetAround(text, q)})
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	res.Total, res.Hits = len(hits), slicePage(hits, f.Offset, f.Limit)
	return res, nil
}

func (m *memCatalogue) Years(context.Context) ([]int, error) {
	seen := map[int]bool{}
	var out []int
	for _, d := range m.docs {
		if y, err := strconv.Atoi(d.Published[:4]); err == nil && !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, m.failAll
}

func (m *memCatalogue) Consultations(context.Context) ([]domain.Consultation, error) {
	return m.cons, m.failAll
}

func (m *memCatalogue) Events(context.Context) ([]domain.Event, error) { return m.events, m.failAll }

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var _ domain.CatalogueService = (*memCatalogue)(nil)
