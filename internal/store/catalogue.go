package store

import (
	"bytes"
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
	"gongkai/internal/sqlrows"
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
	nodes, err := sqlrows.Query(ctx, s.db, "categories", func(row sqlrows.Scanner) (*domain.CategoryNode, error) {
		n := &domain.CategoryNode{}
		err := row.Scan(&n.ID, &n.ParentID, &n.Name, &n.Order)
		return n, err
	}, `SELECT id, parent_id, name, ord FROM categories ORDER BY ord, id`)
	if err != nil {
		return nil, corrupt(err)
	}
	byID := make(map[string]*domain.CategoryNode, len(nodes))
	for _, n := range nodes {
		byID[n.ID] = n
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
	counts := map[string]int{}
	err := sqlrows.Each(ctx, s.db, "category counts", func(row sqlrows.Scanner) error {
		var id string
		var n int
		err := row.Scan(&id, &n)
		counts[id] = n
		return err
	}, `SELECT category_id, count(*) FROM documents GROUP BY category_id`)
	if err != nil {
		return nil, corrupt(err)
	}
	return counts, nil
}

// subtreeIDs returns id and the ids of all its descendants.
func (s *Store) subtreeIDs(ctx context.Context, id string) ([]string, error) {
	return sqlrows.Query(ctx, s.db, "category subtree", sqlrows.Value[string], `WITH RECURSIVE sub(id, depth) AS (
			SELECT ?, 0
			UNION SELECT c.id, sub.depth + 1 FROM categories c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 64)
		SELECT DISTINCT id FROM sub`, id)
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
	list, err := s.summaries(ctx, "documents", `SELECT `+summaryColumns+` FROM documents`+where+`
		ORDER BY published DESC, dno DESC LIMIT ? OFFSET ?`, append(args, pageSize(f.Limit), max(f.Offset, 0))...)
	return list, total, err
}

// summaries reads the rows of summaryColumns query selects; none is an
// empty list, not nil.
func (s *Store) summaries(ctx context.Context, what, query string, args ...any) ([]domain.DocumentSummary, error) {
	list, err := sqlrows.Query(ctx, s.db, what, func(row sqlrows.Scanner) (d domain.DocumentSummary, err error) {
		err = row.Scan(summaryDest(&d)...)
		return d, err
	}, query, args...)
	if err != nil {
		return nil, corrupt(err)
	}
	return nonNil(list), nil
}

// nonNil is list, or an empty list for nil (a list the kiosk shows or
// sends as JSON is [] when there is nothing).
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
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
	return s.summaries(ctx, "interpretations", `SELECT `+summaryColumns+` FROM documents
		WHERE id IN (SELECT from_id FROM document_links WHERE to_id = ? AND kind = 'interprets')
		ORDER BY published DESC, dno DESC`, id)
}

// Years returns the publication years that have documents, newest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	years := []int{}
	err := sqlrows.Each(ctx, s.db, "years", func(row sqlrows.Scanner) error {
		y, err := sqlrows.Value[string](row)
		if n, nerr := strconv.Atoi(y); err == nil && nerr == nil {
			years = append(years, n)
		}
		return err
	}, `SELECT DISTINCT substr(published, 1, 4) FROM documents
		WHERE published <> '' ORDER BY 1 DESC`)
	if err != nil {
		return nil, corrupt(err)
	}
	return years, nil
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
	out, err := sqlrows.Query(ctx, s.db, "catalogue", func(row sqlrows.Scanner) (v T, err error) {
		var b []byte
		if err := row.Scan(&b); err != nil {
			return v, err
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return v, fmt.Errorf("stored object: %w", err)
		}
		return v, nil
	}, query)
	if err != nil {
		return nil, corrupt(err)
	}
	return nonNil(out), nil
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
	err := s.eachObject(ctx, "objects", func(kind, id string, data []byte) {
		out = append(out, domain.Object{Kind: kind, ID: id, Data: bytes.Clone(data)})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// eachObject calls fn with every live catalogue object, table by table;
// data is the row's own buffer, valid only during the call.
func (s *Store) eachObject(ctx context.Context, what string, fn func(kind, id string, data []byte)) error {
	for _, t := range objectTables {
		err := sqlrows.Each(ctx, s.db, what, func(row sqlrows.Scanner) error {
			var id string
			var data sql.RawBytes
			if err := row.Scan(&id, &data); err != nil {
				return err
			}
			fn(t.kind, id, data)
			return nil
		}, `SELECT id, data FROM `+t.table)
		if err != nil {
			return corrupt(err)
		}
	}
	return nil
}

// Digest returns domain.CatalogueDigest of the stored catalogue. It
// streams the objects rather than holding them all, so it is the same
// computation as domain.CatalogueDigest(Objects()) in bounded memory.
func (s *Store) Digest(ctx context.Context) (string, error) {
	var lines []string
	err := s.eachObject(ctx, "digest", func(kind, id string, data []byte) {
		sum := sha256.Sum256(data)
		lines = append(lines, kind+"\t"+id+"\t"+hex.EncodeToString(sum[:])+"\n")
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
