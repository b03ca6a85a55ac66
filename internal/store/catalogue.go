package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"gongkai/internal/domain"
)

var _ domain.CatalogueService = (*Store)(nil)

// State tells what catalogue the kiosk holds and how fresh it is.
func (s *Store) State(ctx context.Context) (domain.CatalogueState, error) {
	var st domain.CatalogueState
	var err error
	if st.Source, err = s.Meta(ctx, MetaSource); err != nil {
		return st, err
	}
	if st.Source == "" {
		st.Source = domain.SourceEmpty
	}
	if st.Version, err = s.Cursor(ctx); err != nil {
		return st, err
	}
	last, err := s.Meta(ctx, MetaLastSync)
	if err != nil {
		return st, err
	}
	if last != "" {
		st.LastSync, _ = time.Parse(time.RFC3339Nano, last)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&st.Documents); err != nil {
		return st, fmt.Errorf("state: %w", corrupt(err))
	}
	return st, nil
}

// Cursor returns the highest change version applied, 0 for none.
func (s *Store) Cursor(ctx context.Context) (int64, error) { return metaInt(ctx, s.db, MetaCursor) }

// Categories returns the category tree in display order, each node with
// the number of documents in it and its subtree. A category whose parent
// is gone is shown at the top level; documents whose category is gone are
// not counted anywhere.
func (s *Store) Categories(ctx context.Context) ([]*domain.CategoryNode, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, parent_id, name, ord FROM categories ORDER BY ord, id`)
	if err != nil {
		return nil, fmt.Errorf("categories: %w", corrupt(err))
	}
	defer rows.Close()
	var nodes []*domain.CategoryNode
	byID := map[string]*domain.CategoryNode{}
	for rows.Next() {
		n := &domain.CategoryNode{}
		if err := rows.Scan(&n.ID, &n.ParentID, &n.Name, &n.Order); err != nil {
			return nil, fmt.Errorf("categories: %w", err)
		}
		nodes = append(nodes, n)
		byID[n.ID] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	counts, err := s.categoryCounts(ctx)
	if err != nil {
		return nil, err
	}
	var roots []*domain.CategoryNode
	for _, n := range nodes {
		if p, ok := byID[n.ParentID]; ok && n.ParentID != n.ID && !cycles(byID, n) {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	var total func(n *domain.CategoryNode) int
	total = func(n *domain.CategoryNode) int {
		n.Count = counts[n.ID]
		for _, c := range n.Children {
			n.Count += total(c)
		}
		return n.Count
	}
	for _, r := range roots {
		total(r)
	}
	return roots, nil
}

// cycles reports whether n's ancestors lead back to n (bad data must not
// hang the kiosk).
func cycles(byID map[string]*domain.CategoryNode, n *domain.CategoryNode) bool {
	for p, k := byID[n.ParentID], 0; p != nil; p, k = byID[p.ParentID], k+1 {
		if p == n || k > len(byID) {
			return true
		}
	}
	return false
}

func (s *Store) categoryCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT category_id, count(*) FROM documents GROUP BY category_id`)
	if err != nil {
		return nil, fmt.Errorf("category counts: %w", corrupt(err))
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	return counts, rows.Err()
}

// subtreeIDs returns id and the ids of all its descendants.
func (s *Store) subtreeIDs(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE sub(id, depth) AS (
			SELECT ?, 0
			UNION SELECT c.id, sub.depth + 1 FROM categories c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 64)
		SELECT DISTINCT id FROM sub`, id)
	if err != nil {
		return nil, fmt.Errorf("category subtree: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			return nil, err
		}
		ids = append(ids, x)
	}
	return ids, rows.Err()
}

// Documents lists a category's documents (with its subtree), newest first.
func (s *Store) Documents(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, int, error) {
	where, args := "", []any{}
	if f.CategoryID != "" {
		ids, err := s.subtreeIDs(ctx, f.CategoryID)
		if err != nil {
			return nil, 0, err
		}
		where = ` WHERE category_id IN (SELECT value FROM json_each(?))`
		b, _ := json.Marshal(ids)
		args = append(args, string(b))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("documents: %w", corrupt(err))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM documents`+where+`
		ORDER BY published DESC, dno DESC LIMIT ? OFFSET ?`, append(args, pageSize(f.Limit), max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("documents: %w", corrupt(err))
	}
	list, err := scanSummaries(rows)
	return list, total, err
}

func scanSummaries(rows *sql.Rows) ([]domain.DocumentSummary, error) {
	defer rows.Close()
	list := []domain.DocumentSummary{}
	for rows.Next() {
		var d domain.DocumentSummary
		if err := rows.Scan(summaryDest(&d)...); err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// Document returns one document; a domain.Error (not_found) if there is
// none with that id.
func (s *Store) Document(ctx context.Context, id string) (*domain.Document, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM documents WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "没有找到这份文件，可能已被撤下。")
	} else if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, corrupt(err))
	}
	var d domain.Document
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	return &d, nil
}

// Interpretations returns the 政策解读 that explain document id.
func (s *Store) Interpretations(ctx context.Context, id string) ([]domain.DocumentSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM documents
		WHERE id IN (SELECT from_id FROM document_links WHERE to_id = ? AND kind = 'interprets')
		ORDER BY published DESC, dno DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("interpretations: %w", corrupt(err))
	}
	return scanSummaries(rows)
}

// Years returns the publication years that have documents, newest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT substr(published, 1, 4) FROM documents
		WHERE published <> '' ORDER BY 1 DESC`)
	if err != nil {
		return nil, fmt.Errorf("years: %w", corrupt(err))
	}
	defer rows.Close()
	years := []int{}
	for rows.Next() {
		var y string
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		if n, err := strconv.Atoi(y); err == nil {
			years = append(years, n)
		}
	}
	return years, rows.Err()
}

// Consultations returns every consultation, latest closing first.
func (s *Store) Consultations(ctx context.Context) ([]domain.Consultation, error) {
	return decodeAll[domain.Consultation](ctx, s, `SELECT data FROM consultations ORDER BY closes DESC, id`)
}

// Events returns every event, earliest start first.
func (s *Store) Events(ctx context.Context) ([]domain.Event, error) {
	return decodeAll[domain.Event](ctx, s, `SELECT data FROM events ORDER BY start, id`)
}

// CalendarYears returns the working-day calendar, by year.
func (s *Store) CalendarYears(ctx context.Context) ([]domain.CalendarYear, error) {
	return decodeAll[domain.CalendarYear](ctx, s, `SELECT data FROM calendar_years ORDER BY year`)
}

// decodeAll decodes the stored JSON of every row query selects; none is an
// empty list, not nil.
func decodeAll[T any](ctx context.Context, s *Store, query string) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", corrupt(err))
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return out, err
		}
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return out, fmt.Errorf("catalogue: stored object: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

var objectTables = []struct{ kind, table string }{
	{domain.KindCategory, "categories"},
	{domain.KindDocument, "documents"},
	{domain.KindConsultation, "consultations"},
	{domain.KindEvent, "events"},
	{domain.KindCalendar, "calendar_years"},
	{domain.KindStaff, "staff_members"},
}

// tableOf returns the table that holds objects of kind.
func tableOf(kind string) (string, bool) {
	for _, t := range objectTables {
		if t.kind == kind {
			return t.table, true
		}
	}
	return "", false
}

// Objects returns every live catalogue object with the exact bytes the
// hub sent, for domain.CatalogueDigest.
func (s *Store) Objects(ctx context.Context) ([]domain.Object, error) {
	var out []domain.Object
	for _, t := range objectTables {
		rows, err := s.db.QueryContext(ctx, `SELECT id, data FROM `+t.table)
		if err != nil {
			return nil, fmt.Errorf("objects: %w", corrupt(err))
		}
		for rows.Next() {
			o := domain.Object{Kind: t.kind}
			if err := rows.Scan(&o.ID, &o.Data); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Digest returns domain.CatalogueDigest of the stored catalogue. It
// streams the objects rather than holding them all, so it is the same
// computation as domain.CatalogueDigest(Objects()) in bounded memory.
func (s *Store) Digest(ctx context.Context) (string, error) {
	var lines []string
	for _, t := range objectTables {
		rows, err := s.db.QueryContext(ctx, `SELECT id, data FROM `+t.table)
		if err != nil {
			return "", fmt.Errorf("digest: %w", corrupt(err))
		}
		for rows.Next() {
			var id string
			var data sql.RawBytes
			if err := rows.Scan(&id, &data); err != nil {
				rows.Close()
				return "", err
			}
			sum := sha256.Sum256(data)
			lines = append(lines, t.kind+"\t"+id+"\t"+hex.EncodeToString(sum[:])+"\n")
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
