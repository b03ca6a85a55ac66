package store

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"gongkai/internal/domain"
	"gongkai/internal/search"
)

// Page sizes for lists and search results.
const (
	DefaultPageSize = 20
	MaxPageSize     = 500
	snippetWidth    = 80
)

func pageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}

// Search finds the documents containing every term of f.Query in their
// title, 文号, 关键词, body or 索引号, within f's filters. Documents where
// every term is in the title, 文号 or 关键词 come first; within each group,
// newer 发布日期 first. Nothing in f.Query can make it fail: input without
// letters or digits gives an empty result.
func (s *Store) Search(ctx context.Context, f domain.SearchFilter) (*domain.SearchResult, error) {
	res := &domain.SearchResult{Hits: []domain.SearchHit{}}
	q := search.Parse(f.Query)
	if q.Empty() {
		return res, nil
	}
	s.searching.Add(1)
	defer s.searching.Add(-1)
	s.mu.RLock()
	defer s.mu.RUnlock()
	arena := arenas.Get().(*listArena)
	defer func() { arena.reset(); arenas.Put(arena) }()
	c, err := s.ensureCache(ctx)
	if err != nil {
		return nil, err
	}
	all := c.filter(f.CategoryID, f.Year, f.Validity)
	head := make(bitset, len(all))
	copy(head, all)
	inBody := make(bitset, len(all)) // some term is in the body: the snippet marks it
	for _, t := range q.Terms {
		h, b, err := s.termSets(ctx, c, arena, t, all)
		if err != nil {
			return nil, err
		}
		inBody.or(b)
		b.or(h)
		all.and(b)
		head.and(h)
	}
	head.and(all)
	res.Total = all.count()
	offset, limit := max(f.Offset, 0), pageSize(f.Limit)
	dnos := topDocs(c, all, head, offset+limit)
	if offset >= len(dnos) {
		return res, nil
	}
	dnos = dnos[offset:]
	hits, err := s.hits(ctx, dnos, q, inBody)
	if err != nil {
		return nil, err
	}
	res.Hits = hits
	return res, nil
}

// termSets returns the documents (among restrict) containing term in the
// head and in the body. A term of one or two units is its unigram's or
// bigram's document list. A longer one is matched from the cheapest set
// of its trigrams (and numbers) that covers it, by positions, driven by
// the rarest list: so a phrase costs what its rarest parts cost, whatever
// its length.
func (s *Store) termSets(ctx context.Context, c *docCache, arena *listArena, term string, restrict bitset) (head, body bitset, err error) {
	grams := search.TermGrams(term)
	n := utf8.RuneCountInString(term)
	var sets [2]bitset
	for ns := range sets {
		sets[ns] = make(bitset, len(restrict))
	}
	// The fewest grams that cover the term first: when their lists are all
	// short, as a rare phrase's are, they are the cover; otherwise all of
	// them, for the cheapest cover, unless only the grams at the term's
	// ends are long: no other gram covers its first or last unit.
	ones := make([]int64, len(grams))
	for i := range ones {
		ones[i] = 1
	}
	fewest := search.Cover(grams, n, ones)
	grams = pick(grams, fewest)
	p := newProber(s, c, arena)
	ls, err := p.lists(ctx, gramKeys(grams))
	if err != nil {
		return nil, nil, err
	}
	for i, l := range ls {
		end := grams[i].Offset == 0 || int(grams[i].Offset+grams[i].Span) == n
		if !end && l.size(0)+l.size(search.GramHead) > shortLists {
			grams = search.TermGrams(term)
			if ls, err = p.lists(ctx, gramKeys(grams)); err != nil {
				return nil, nil, err
			}
			break
		}
	}
	for ns := range sets {
		cost := make([]int64, len(grams))
		for i := range ls {
			if cost[i] = ls[i].size(uint64(ns)); cost[i] == 0 {
				cost = nil // a gram of the term is nowhere in this part
				break
			}
		}
		if cost == nil {
			continue
		}
		cover := search.Cover(grams, n, cost)
		if set, ok, err := s.verified(ctx, term, uint64(ns), grams, ls, cover, restrict); err != nil {
			return nil, nil, err
		} else if ok {
			sets[ns] = set
			continue
		}
		cursors := make([]*cursor, len(cover))
		offsets := make([]int64, len(cover))
		for j, i := range cover {
			if err := readLists(ctx, s.db, arena, ls[i][ns]); err != nil {
				return nil, nil, err
			}
			cursors[j] = newCursor(ls[i][ns], search.HasPositions(grams[i].Key))
			offsets[j] = int64(grams[i].Offset)
		}
		sets[ns] = match(cursors, offsets, restrict)
	}
	return sets[search.GramHead], sets[0], nil
}

// prober looks a term's grams up one at a time, each only in the segments
// where every gram looked up before it has a list: a document holding the
// term holds all of them, so a segment lacking one holds no match. A rare
// gram found early spares the lookups of the others in most segments, and
// a gram found nowhere ends the term's lookups.
type prober struct {
	s     *Store
	c     *docCache
	arena *listArena
	live  []int64 // segments that can still hold a match
	seen  map[uint64]gramLists
}

func newProber(s *Store, c *docCache, arena *listArena) *prober {
	p := &prober{s: s, c: c, arena: arena, seen: map[uint64]gramLists{}}
	for id := range c.segByID {
		p.live = append(p.live, id)
	}
	return p
}

// lists returns the lists of each key in the segments still live, then
// narrows them to those where the key has a list.
func (p *prober) lists(ctx context.Context, keys []uint64) ([]gramLists, error) {
	if len(p.live) == 1 {
		// One segment (as the idle merge leaves a large catalogue): one
		// at a time would spare nothing but the lookups after a gram
		// found nowhere; all of them in one statement.
		var miss []uint64
		for _, k := range keys {
			if _, ok := p.seen[k]; !ok && !slices.Contains(miss, k) {
				miss = append(miss, k)
			}
		}
		if len(miss) > 1 {
			dirs, err := p.c.dirs.get(ctx, p.s.db, p.live)
			if err != nil {
				return nil, err
			}
			ls, err := lists(ctx, p.s.db, p.arena, p.c.segByID, p.live, dirs, miss)
			if err != nil {
				return nil, err
			}
			for j, k := range miss {
				p.seen[k] = ls[j]
			}
		}
	}
	out := make([]gramLists, len(keys))
	for i, k := range keys {
		if l, ok := p.seen[k]; ok {
			out[i] = l
			continue
		}
		if len(p.live) > 0 {
			dirs, err := p.c.dirs.get(ctx, p.s.db, p.live)
			if err != nil {
				return nil, err
			}
			ls, err := lists(ctx, p.s.db, p.arena, p.c.segByID, p.live, dirs, []uint64{k})
			if err != nil {
				return nil, err
			}
			out[i] = ls[0]
		}
		p.seen[k] = out[i]
		p.live = slices.DeleteFunc(p.live, func(seg int64) bool {
			first := p.c.segByID[seg]
			for ns := range out[i] {
				for _, pt := range out[i][ns] {
					if pt.first == first {
						return false
					}
				}
			}
			return true
		})
	}
	return out, nil
}

// shortLists is the size of a gram's lists up to which a cover of the
// fewest grams is taken as it is. A variable so that the tests can send
// every phrase down the other path too (export_test.go).
var shortLists int64 = 32 << 10

func pick(gs []search.Gram, idx []int) []search.Gram {
	out := make([]search.Gram, len(idx))
	for j, i := range idx {
		out[j] = gs[i]
	}
	return out
}

func gramKeys(gs []search.Gram) []uint64 {
	keys := make([]uint64, len(gs))
	for i, g := range gs {
		keys[i] = g.Key
	}
	return keys
}

// match returns the documents in restrict where the grams occur at their
// offsets from one common position.
func match(cs []*cursor, offsets []int64, restrict bitset) bitset {
	out := make(bitset, len(restrict))
	if len(cs) == 1 {
		for cs[0].next() {
			if restrict.has(cs[0].dno) {
				out.set(cs[0].dno)
			}
		}
		return out
	}
	// Drive by the shortest list.
	lead := 0
	for i := range cs {
		if cs[i].size() < cs[lead].size() {
			lead = i
		}
	}
	its := make([]posIter, len(cs))
	for cs[lead].next() {
		d := cs[lead].dno
		if !restrict.has(d) {
			continue
		}
		all := true
		for i, c := range cs {
			if i == lead {
				continue
			}
			if !c.seek(d) {
				return out // a list ended: no later document has every gram
			}
			if c.dno != d {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		for i, c := range cs {
			its[i] = posIter{b: c.cur}
		}
		if aligned(its, offsets) {
			out.set(d)
		}
	}
	return out
}

// posIter decodes a position list lazily: most phrase checks succeed on
// the first few positions.
type posIter struct {
	b   []byte
	i   int
	cur int64
	ok  bool
}

// advance moves to the first position >= want; false when there is none.
func (p *posIter) advance(want int64) bool {
	for !p.ok || p.cur < want {
		if p.i >= len(p.b) {
			p.ok = false
			return false
		}
		d, n := uvarint(p.b[p.i:])
		p.i += n
		p.cur += int64(d)
		p.ok = true
	}
	return true
}

// aligned reports whether some p has gram i at p + offsets[i] for all i.
func aligned(its []posIter, offsets []int64) bool {
	want := int64(0)
	for {
		// Find the smallest start p >= want at which gram 0 can begin, then
		// check the others, moving the start up to whatever they need.
		if !its[0].advance(want + offsets[0]) {
			return false
		}
		start := its[0].cur - offsets[0]
		ok := true
		for i := 1; i < len(its); i++ {
			if !its[i].advance(start + offsets[i]) {
				return false
			}
			if got := its[i].cur - offsets[i]; got != start {
				want, ok = got, false
				break
			}
		}
		if ok {
			return true
		}
	}
}

// topDocs returns the first n documents of all in result order: those in
// head first, then newer publication date, then higher dno.
func topDocs(c *docCache, all, head bitset, n int) []int64 {
	key := func(d int64) uint64 {
		k := uint64(c.pub[d])<<32 | uint64(d)
		if head.has(d) {
			k |= 1 << 63
		}
		return k
	}
	// A bounded min-heap of the best n keys.
	h := make([]uint64, 0, min(n, 1024))
	all.each(func(d int64) {
		k := key(d)
		if len(h) < n {
			h = append(h, k)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if h[p] <= h[i] {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			return
		}
		if k <= h[0] {
			return
		}
		h[0] = k
		for i := 0; ; {
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(h) && h[l] < h[m] {
				m = l
			}
			if r < len(h) && h[r] < h[m] {
				m = r
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	})
	slices.SortFunc(h, func(a, b uint64) int {
		if a > b {
			return -1
		} else if a < b {
			return 1
		}
		return 0
	})
	out := make([]int64, len(h))
	for i, k := range h {
		out[i] = int64(k & (1<<32 - 1))
	}
	return out
}

// hits loads the summaries of dnos, in that order, with snippets: around
// the first match of q for the documents in inBody, the start of the body
// for the others.
func (s *Store) hits(ctx context.Context, dnos []int64, q search.Query, inBody bitset) ([]domain.SearchHit, error) {
	args := make([]any, len(dnos))
	for i, d := range dnos {
		args[i] = d
	}
	rows, err := s.db.QueryContext(ctx, `SELECT dno, `+summaryColumns+`, data FROM documents
		WHERE dno IN (?`+strings.Repeat(",?", len(dnos)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search results: %w", err)
	}
	defer rows.Close()
	byDno := make(map[int64]*domain.SearchHit, len(dnos))
	var texts [][]byte
	var order []*domain.SearchHit
	var queries []search.Query
	for rows.Next() {
		var dno int64
		h := &domain.SearchHit{}
		var data []byte
		dest := append([]any{&dno}, summaryDest(&h.DocumentSummary)...)
		if err := rows.Scan(append(dest, &data)...); err != nil {
			return nil, fmt.Errorf("search results: %w", err)
		}
		byDno[dno] = h
		texts = append(texts, data)
		order = append(order, h)
		if inBody.has(dno) {
			queries = append(queries, q)
		} else {
			queries = append(queries, search.Query{})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search results: %w", err)
	}
	// Snippets on every CPU: each needs the body scanned and folded.
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(order))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(order); i += workers {
				order[i].Snippet = search.Snippet(documentText(texts[i]), queries[i], snippetWidth)
			}
		}()
	}
	wg.Wait()
	out := make([]domain.SearchHit, 0, len(dnos))
	for _, d := range dnos {
		if h, ok := byDno[d]; ok {
			out = append(out, *h)
		}
	}
	return out, nil
}

// documentText returns the body text of a stored document's JSON.
func documentText(data []byte) string {
	if text, ok := bodyTextJSON(data); ok {
		return text
	}
	var d struct {
		Body []domain.Block `json:"body"`
	}
	if json.Unmarshal(data, &d) != nil {
		return ""
	}
	return bodyText(d.Body)
}

// bodyText flattens a body for snippets; blocks are joined by a space,
// which the matcher treats as a break, like the index does.
func bodyText(blocks []domain.Block) string {
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	for _, bl := range blocks {
		add(bl.Text)
		for _, it := range bl.Items {
			add(it)
		}
		for _, row := range bl.Rows {
			add(strings.Join(row, " "))
		}
	}
	return b.String()
}

// summaryColumns and summaryDest read a domain.DocumentSummary.
const summaryColumns = `id, title, doc_no, issuer, published, validity, category_id, interprets, sample`

func summaryDest(d *domain.DocumentSummary) []any {
	return []any{&d.ID, &d.Title, &d.DocNo, &d.Issuer, &d.Published, &d.Validity, &d.CategoryID, &d.Interprets, &d.Sample}
}
