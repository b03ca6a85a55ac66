// Package uitest provides test doubles for screen tests: an in-memory
// CatalogueService over the embedded demo catalogue (with optional
// generated documents for long lists) and a settable clock. Screens added
// by later issues can use it in their headless Fyne tests.
package uitest

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

// Catalogue is an in-memory domain.CatalogueService over the embedded demo
// catalogue (parsed by internal/catalog), plus an optional category of
// generated documents for long-list tests. Search is a plain substring
// scan: enough to drive screens, not a model of the store's ranking.
// Use it from one goroutine (Fyne tests are single-threaded).
type Catalogue struct {
	Status domain.CatalogueState // what State returns
	Cats   []domain.Category
	Docs   []domain.Document // newest first
	ByID   map[string]*domain.Document
	Cons   []domain.Consultation
	Evts   []domain.Event
	BigN   int   // generated documents in category BigID
	Calls  int64 // Documents and Search calls, for paging tests
	Fail   error // when set, every method fails with it
}

// BigID is the id of the category of generated documents; its name is
// BigName.
const (
	BigID   = "test-big"
	BigName = "海量文件测试"
)

// NewCatalogue loads the demo catalogue and adds bigN generated documents
// in category BigID (none when bigN is 0).
func NewCatalogue(bigN int) (*Catalogue, error) {
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		return nil, fmt.Errorf("load demo catalogue: %w", err)
	}
	m := &Catalogue{Cats: set.Categories, Docs: set.Documents, Cons: set.Consultations, Evts: set.Events,
		ByID: map[string]*domain.Document{}, BigN: bigN}
	if bigN > 0 {
		m.Cats = append(m.Cats, domain.Category{ID: BigID, Name: BigName, Order: len(m.Cats)})
	}
	sort.SliceStable(m.Docs, func(i, j int) bool { return m.Docs[i].Published > m.Docs[j].Published })
	m.reindex()
	m.Status = domain.CatalogueState{Source: domain.SourceDemo, Documents: len(m.Docs) + bigN}
	return m, nil
}

// MustCatalogue is NewCatalogue for tests.
func MustCatalogue(tb testing.TB, bigN int) *Catalogue {
	tb.Helper()
	m, err := NewCatalogue(bigN)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// Add adds documents (kept newest first).
func (m *Catalogue) Add(docs ...domain.Document) {
	m.Docs = append(m.Docs, docs...)
	sort.SliceStable(m.Docs, func(i, j int) bool { return m.Docs[i].Published > m.Docs[j].Published })
	m.reindex()
}

func (m *Catalogue) reindex() {
	m.ByID = make(map[string]*domain.Document, len(m.Docs))
	for i := range m.Docs {
		m.ByID[m.Docs[i].ID] = &m.Docs[i]
	}
}

// BigDoc returns generated document i.
func (m *Catalogue) BigDoc(i int) domain.Document {
	return domain.Document{
		ID: "big-" + strconv.Itoa(i), Title: fmt.Sprintf("第%d号测试文件：关于做好教育工作的通知", i+1),
		DocNo: fmt.Sprintf("测教发〔2026〕%d号", i+1), Published: "2026-01-01", CategoryID: BigID,
		Body: []domain.Block{{Kind: domain.BlockParagraph, Text: strings.Repeat("这是一段用于测试长列表的正文。", 20)}},
	}
}

func summary(d *domain.Document) domain.DocumentSummary {
	return domain.DocumentSummary{ID: d.ID, Title: d.Title, DocNo: d.DocNo, Issuer: d.Issuer, Published: d.Published,
		Validity: d.Validity, CategoryID: d.CategoryID, Interprets: d.Interprets, Sample: d.Sample}
}

// State returns Status.
func (m *Catalogue) State(context.Context) (domain.CatalogueState, error) {
	return m.Status, m.Fail
}

// subtree returns id and its descendants.
func (m *Catalogue) subtree(id string) map[string]bool {
	in := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, c := range m.Cats {
			if in[c.ParentID] && !in[c.ID] {
				in[c.ID], changed = true, true
			}
		}
	}
	return in
}

// Categories builds the tree with subtree document counts.
func (m *Catalogue) Categories(context.Context) ([]*domain.CategoryNode, error) {
	if m.Fail != nil {
		return nil, m.Fail
	}
	nodes := map[string]*domain.CategoryNode{}
	var roots []*domain.CategoryNode
	for _, c := range m.Cats {
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
		for _, d := range m.Docs {
			if sub[d.CategoryID] {
				n.Count++
			}
		}
		if sub[BigID] {
			n.Count += m.BigN
		}
	}
	return roots, nil
}

// Documents lists a category's subtree, newest first.
func (m *Catalogue) Documents(_ context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, int, error) {
	atomic.AddInt64(&m.Calls, 1)
	if m.Fail != nil {
		return nil, 0, m.Fail
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.CategoryID == BigID {
		var out []domain.DocumentSummary
		for i := f.Offset; i < f.Offset+f.Limit && i < m.BigN; i++ {
			d := m.BigDoc(i)
			out = append(out, summary(&d))
		}
		return out, m.BigN, nil
	}
	sub := m.subtree(f.CategoryID)
	var all []domain.DocumentSummary
	for i := range m.Docs {
		if f.CategoryID == "" || sub[m.Docs[i].CategoryID] {
			all = append(all, summary(&m.Docs[i]))
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

// Document returns a copy of document id, or ENOTFOUND.
func (m *Catalogue) Document(_ context.Context, id string) (*domain.Document, error) {
	if m.Fail != nil {
		return nil, m.Fail
	}
	if strings.HasPrefix(id, "big-") {
		i, _ := strconv.Atoi(strings.TrimPrefix(id, "big-"))
		d := m.BigDoc(i)
		return &d, nil
	}
	d, ok := m.ByID[id]
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, "文件不存在")
	}
	c := *d
	return &c, nil
}

// Interpretations returns the 解读 of document id.
func (m *Catalogue) Interpretations(_ context.Context, id string) ([]domain.DocumentSummary, error) {
	var out []domain.DocumentSummary
	for i := range m.Docs {
		if m.Docs[i].Interprets == id {
			out = append(out, summary(&m.Docs[i]))
		}
	}
	return out, m.Fail
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

// Search scans titles, 文号 and bodies for the query as a substring.
func (m *Catalogue) Search(_ context.Context, f domain.SearchFilter) (*domain.SearchResult, error) {
	atomic.AddInt64(&m.Calls, 1)
	if m.Fail != nil {
		return nil, m.Fail
	}
	q := strings.TrimSpace(f.Query)
	sub := m.subtree(f.CategoryID)
	res := &domain.SearchResult{}
	var hits []domain.SearchHit
	for i := range m.Docs {
		d := &m.Docs[i]
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

// Years returns the publication years, newest first.
func (m *Catalogue) Years(context.Context) ([]int, error) {
	seen := map[int]bool{}
	var out []int
	for _, d := range m.Docs {
		if y, err := strconv.Atoi(d.Published[:4]); err == nil && !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out, m.Fail
}

// Consultations returns Cons.
func (m *Catalogue) Consultations(context.Context) ([]domain.Consultation, error) {
	return m.Cons, m.Fail
}

// Events returns Evts.
func (m *Catalogue) Events(context.Context) ([]domain.Event, error) { return m.Evts, m.Fail }

// Clock is a settable clock for Deps.Now.
type Clock struct{ T time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

var _ domain.CatalogueService = (*Catalogue)(nil)
