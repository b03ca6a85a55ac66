package store

import (
	"context"
	"fmt"
	"sync"

	"gongkai/internal/domain"
)

// docCache is the in-memory table of what searches filter and sort on,
// indexed by dno: whether the document is stored, its publication date,
// category and validity. With 100,000 documents it is about 1 MB and
// saves a database lookup per candidate.
type docCache struct {
	mu      sync.Mutex // guards loading; reads happen under Store.mu
	loaded  bool
	alive   bitset
	pub     []uint32 // YYYYMMDD, 0 if unknown
	cat     []int32  // index into cats, -1 for none
	val     []uint8  // validity code, see validityCode
	cats    []string
	catIdx  map[string]int32
	parent  map[string]string // category tree, for subtree filters
	segs    []segment
	segByID map[int64]int64 // segment id -> first dno
	dirs    blockDirs       // the segments' block directories (blockdir.go)
	dirty   bool            // categories changed: reload them
}

// docAttrs is what the cache keeps of one document.
type docAttrs struct {
	dno       int64
	published string
	category  string
	validity  string
}

// cacheDelta is what one applied batch changed, for the cache.
type cacheDelta struct {
	reset      bool // everything was wiped first
	removed    []int64
	added      []docAttrs
	categories bool
	segs       []segment
}

func validityCode(v string) uint8 {
	switch v {
	case domain.ValidityValid:
		return 1
	case domain.ValidityExpired:
		return 2
	case domain.ValidityRepealed:
		return 3
	case "":
		return 0
	}
	return 4
}

// dateKey turns YYYY-MM-DD into YYYYMMDD, 0 if it is not a date.
func dateKey(s string) uint32 {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0
	}
	var n uint32
	for i, c := range s[:10] {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + uint32(c-'0')
	}
	return n
}

// apply updates a loaded cache after a commit; an unloaded one stays so.
// Called with Store.mu held for writing.
func (c *docCache) apply(d *cacheDelta) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		return
	}
	if d.reset {
		c.loaded = false
		return
	}
	// Added first: a document added and then replaced or deleted within
	// the batch is gone (dnos are never reused, so nothing removed comes
	// back).
	for _, a := range d.added {
		c.put(a)
	}
	for _, dno := range d.removed {
		if dno >= 0 && int(dno>>6) < len(c.alive) {
			c.alive[dno>>6] &^= 1 << (uint(dno) & 63)
		}
	}
	c.setSegments(d.segs)
	if d.categories {
		c.dirty = true
	}
}

// invalidate makes the next search load the cache again. Called with
// Store.mu held for writing.
func (c *docCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loaded = false
}

// mergedSegments records the segments after a merge. Called with
// Store.mu held for writing.
func (c *docCache) mergedSegments(segs []segment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded {
		c.setSegments(segs)
	}
}

func (c *docCache) put(a docAttrs) {
	for int64(len(c.pub)) <= a.dno {
		c.pub = append(c.pub, 0)
		c.cat = append(c.cat, -1)
		c.val = append(c.val, 0)
	}
	for int64(len(c.alive))*64 <= a.dno {
		c.alive = append(c.alive, 0)
	}
	c.alive.set(a.dno)
	c.pub[a.dno] = dateKey(a.published)
	c.val[a.dno] = validityCode(a.validity)
	i, ok := c.catIdx[a.category]
	if !ok {
		i = int32(len(c.cats))
		c.cats = append(c.cats, a.category)
		c.catIdx[a.category] = i
	}
	c.cat[a.dno] = i
}

func (c *docCache) setSegments(segs []segment) {
	c.segs = segs
	c.dirs.keep(segs)
	c.segByID = make(map[int64]int64, len(segs))
	for _, s := range segs {
		c.segByID[s.ID] = s.FirstDno
	}
}

// size returns the number of dno slots, for bitsets.
func (c *docCache) size() int { return len(c.pub) }

// ensure loads the cache if needed. Called with Store.mu held for reading.
func (s *Store) ensureCache(ctx context.Context) (*docCache, error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		if err := c.load(ctx, s.db); err != nil {
			return nil, err
		}
	}
	if c.dirty {
		if err := c.loadCategories(ctx, s.db); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *docCache) load(ctx context.Context, q querier) error {
	c.loaded, c.dirty = false, false
	c.dirs.reset()
	c.cats, c.catIdx = nil, map[string]int32{}
	c.cat, c.val = nil, nil
	var maxDno int64
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(dno), 0) FROM documents`).Scan(&maxDno); err != nil {
		return fmt.Errorf("load documents: %w", corrupt(err))
	}
	c.pub = make([]uint32, 0, maxDno+1)
	c.alive = newBitset(int(maxDno + 1))
	rows, err := q.QueryContext(ctx, `SELECT dno, published, category_id, validity FROM documents`)
	if err != nil {
		return fmt.Errorf("load documents: %w", corrupt(err))
	}
	defer rows.Close()
	for rows.Next() {
		var a docAttrs
		if err := rows.Scan(&a.dno, &a.published, &a.category, &a.validity); err != nil {
			return fmt.Errorf("load documents: %w", err)
		}
		c.put(a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load documents: %w", corrupt(err))
	}
	segs, err := loadSegments(ctx, q)
	if err != nil {
		return err
	}
	c.setSegments(segs)
	if err := c.loadCategories(ctx, q); err != nil {
		return err
	}
	c.loaded = true
	return nil
}

func (c *docCache) loadCategories(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, `SELECT id, parent_id FROM categories`)
	if err != nil {
		return fmt.Errorf("load categories: %w", err)
	}
	defer rows.Close()
	c.parent = map[string]string{}
	for rows.Next() {
		var id, parent string
		if err := rows.Scan(&id, &parent); err != nil {
			return err
		}
		c.parent[id] = parent
	}
	c.dirty = false
	return rows.Err()
}

// subtree returns the cache indexes of category id and its descendants,
// as a set over c.cats. A category id that is no longer in the tree still
// matches its own documents.
func (c *docCache) subtree(id string) []bool {
	in := make([]bool, len(c.cats))
	for i, cat := range c.cats {
		for k, x := 0, cat; x != "" && k < 64; k, x = k+1, c.parent[x] {
			if x == id {
				in[i] = true
				break
			}
		}
	}
	return in
}

// filter returns the set of stored documents that pass f's category,
// year and validity filters.
func (c *docCache) filter(category string, year int, validity string) bitset {
	out := make(bitset, len(c.alive))
	copy(out, c.alive)
	if category == "" && year == 0 && validity == "" {
		return out
	}
	var inCat []bool
	if category != "" {
		inCat = c.subtree(category)
	}
	lo, hi := uint32(year)*10000, uint32(year)*10000+9999
	val := validityCode(validity)
	out.each(func(d int64) {
		ok := (inCat == nil || (c.cat[d] >= 0 && inCat[c.cat[d]])) &&
			(year == 0 || (c.pub[d] >= lo && c.pub[d] <= hi)) &&
			(validity == "" || c.val[d] == val)
		if !ok {
			out[d>>6] &^= 1 << (uint(d) & 63)
		}
	})
	return out
}
