package publish

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"gongkai/internal/domain"
)

// snapshot is the hub's live catalogue and the desk's drafts, read
// together for one request.
type snapshot struct {
	cats     []domain.Category // in tree order
	catByID  map[string]domain.Category
	live     map[string]*domain.Document
	drafts   map[string]*Draft
	exempt   map[string]Exemption
	readings map[string][]string // document id -> ids of the live 解读 explaining it
	consults []domain.Consultation
	events   []domain.Event
}

// loadFor is load for an action the actor may take (may); else it is
// refused with no.
func (s *Service) loadFor(ctx context.Context, may bool, no error) (*snapshot, error) {
	if !may {
		return nil, no
	}
	return s.load(ctx)
}

func (s *Service) load(ctx context.Context) (*snapshot, error) {
	objs, err := s.Catalogue.Objects(ctx)
	if err != nil {
		return nil, err
	}
	sn := &snapshot{catByID: map[string]domain.Category{}, live: map[string]*domain.Document{},
		drafts: map[string]*Draft{}, exempt: map[string]Exemption{}, readings: map[string][]string{}}
	for _, o := range objs {
		switch o.Kind {
		case domain.KindCategory:
			var c domain.Category
			if err := json.Unmarshal(o.Data, &c); err != nil {
				return nil, fmt.Errorf("category %s: %w", o.ID, err)
			}
			sn.catByID[c.ID] = c
		case domain.KindDocument:
			d := new(domain.Document)
			if err := json.Unmarshal(o.Data, d); err != nil {
				return nil, fmt.Errorf("document %s: %w", o.ID, err)
			}
			sn.live[d.ID] = d
			if d.Interprets != "" {
				sn.readings[d.Interprets] = append(sn.readings[d.Interprets], d.ID)
			}
		case domain.KindConsultation:
			var c domain.Consultation
			if err := json.Unmarshal(o.Data, &c); err != nil {
				return nil, fmt.Errorf("consultation %s: %w", o.ID, err)
			}
			sn.consults = append(sn.consults, c)
		case domain.KindEvent:
			var e domain.Event
			if err := json.Unmarshal(o.Data, &e); err != nil {
				return nil, fmt.Errorf("event %s: %w", o.ID, err)
			}
			sn.events = append(sn.events, e)
		}
	}
	sn.cats = treeOrder(sn.catByID)
	drafts, err := s.Store.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	for i := range drafts {
		sn.drafts[drafts[i].Doc.ID] = &drafts[i]
	}
	ex, err := s.Store.Exemptions(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range ex {
		sn.exempt[e.DocID] = e
	}
	for _, ids := range sn.readings {
		sort.Strings(ids)
	}
	sort.Slice(sn.consults, func(i, j int) bool { return sn.consults[i].Opens > sn.consults[j].Opens })
	sort.Slice(sn.events, func(i, j int) bool { return sn.events[i].Start.After(sn.events[j].Start) })
	return sn, nil
}

// treeOrder lists categories parents first, siblings by Order.
func treeOrder(byID map[string]domain.Category) []domain.Category {
	kids := map[string][]domain.Category{}
	for _, c := range byID {
		parent := c.ParentID
		if _, ok := byID[parent]; !ok {
			parent = ""
		}
		kids[parent] = append(kids[parent], c)
	}
	var out []domain.Category
	var walk func(string)
	walk = func(parent string) {
		cs := kids[parent]
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].Order != cs[j].Order {
				return cs[i].Order < cs[j].Order
			}
			return cs[i].ID < cs[j].ID
		})
		for _, c := range cs {
			out = append(out, c)
			walk(c.ID)
		}
	}
	walk("")
	return out
}

// path is a category's path of names from the top, "" for an unknown id.
func (sn *snapshot) path(id string) string {
	var names []string
	for seen := 0; id != "" && seen < 50; seen++ {
		c, ok := sn.catByID[id]
		if !ok {
			break
		}
		names = append([]string{c.Name}, names...)
		id = c.ParentID
	}
	return strings.Join(names, "/")
}

// policyCategories are the categories whose documents must be published
// with their 政策解读 (三同步, 2021 要点 二(一)): a document filed under one
// of them or under a category below one.
var policyCategories = []string{"行政规范性文件", "规范性文件", "政策性文件"}

// isPolicy reports whether documents of category id need a 解读.
func (sn *snapshot) isPolicy(id string) bool {
	for _, name := range strings.Split(sn.path(id), "/") {
		for _, p := range policyCategories {
			if name == p {
				return true
			}
		}
	}
	return false
}

// document returns the document id as it would be published next (the
// draft if any, else the live one) and whether it is live.
func (sn *snapshot) document(id string) (*domain.Document, bool) {
	live := sn.live[id]
	if d := sn.drafts[id]; d != nil {
		return &d.Doc, live != nil
	}
	return live, live != nil
}

// existing is document for a document that exists, as a draft or live.
func (sn *snapshot) existing(id string) (*domain.Document, bool) {
	d, _ := sn.document(id)
	return d, d != nil
}

// Category is one category as the forms list it.
type Category struct {
	ID, Path string
	Depth    int
}

// categories returns every category with its path, in tree order.
func (sn *snapshot) categories() []Category {
	out := make([]Category, len(sn.cats))
	for i, c := range sn.cats {
		p := sn.path(c.ID)
		out[i] = Category{ID: c.ID, Path: p, Depth: strings.Count(p, "/")}
	}
	return out
}

// Categories lists the catalogue's categories for a form.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	return sn.categories(), nil
}
