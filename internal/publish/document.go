package publish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// Document states as the pages show them.
const (
	StatePublished = "已发布"
	StateChanged   = "已发布，有未发布的修改"
	StateDraft     = "草稿"
	StateWithdrawn = "已撤回"
	StateHeld      = "不发往终端"
)

// States lists them in the order a filter offers them.
var States = []string{StatePublished, StateChanged, StateDraft, StateWithdrawn, StateHeld}

// Link is another document a page links to.
type Link struct {
	ID, Title string
	Live      bool
}

// Entry is a document as the desk shows it.
type Entry struct {
	Doc      domain.Document // as it would be published next: the draft, else the live one
	Source   string          // its body as Markdown
	State    string
	Live     bool // kiosks have a version of it now
	Draft    *Draft
	Category string // path of names
	Readings []Link // the 解读 explaining it (published ones)
	Explains *Link  // for a 解读: the document it explains
	// Policy documents (行政规范性文件, 政策性文件) need a 解读 (三同步);
	// Missing says one is needed and none is published, Exemption why not.
	Policy    bool
	Missing   bool
	Exemption *Exemption
}

func (sn *snapshot) entry(id string) (*Entry, bool) {
	d, live := sn.document(id)
	if d == nil {
		return nil, false
	}
	e := &Entry{Doc: *d, Live: live, Draft: sn.drafts[id], Category: sn.path(d.CategoryID)}
	switch {
	case e.Draft == nil:
		e.State = StatePublished
	case e.Draft.State == DraftWithdrawn:
		e.State = StateWithdrawn
	case e.Draft.State == DraftHeld:
		e.State = StateHeld
	case live:
		e.State = StateChanged
	default:
		e.State = StateDraft
	}
	if e.Draft != nil && e.Draft.Source != "" {
		e.Source = e.Draft.Source
	} else {
		e.Source = catalog.BodyMarkdown(d.Body)
	}
	for _, r := range sn.readings[id] {
		e.Readings = append(e.Readings, Link{ID: r, Title: sn.live[r].Title, Live: true})
	}
	if d.Interprets != "" {
		if t, ok := sn.document(d.Interprets); ok {
			e.Explains = &Link{ID: t.ID, Title: t.Title, Live: true}
		} else if t != nil {
			e.Explains = &Link{ID: t.ID, Title: t.Title}
		}
	}
	if ex, ok := sn.exempt[id]; ok {
		e.Exemption = &ex
	}
	e.Policy = sn.isPolicy(d.CategoryID) && d.Interprets == ""
	e.Missing = e.Policy && live && e.State != StateWithdrawn && len(e.Readings) == 0 &&
		sn.live[id].Validity == domain.ValidityValid
	return e, true
}

// Document returns one document, ENOTFOUND when the desk and the
// catalogue know no such id.
func (s *Service) Document(ctx context.Context, id string) (*Entry, error) {
	_, e, err := lookup(ctx, s, (*snapshot).entry, "文件", id)
	return e, err
}

// Filter narrows the document list.
type Filter struct {
	Query  string // in the title, 文号, 索引号 or id
	State  string // one of States; "" for all
	Offset int
	Limit  int // 0: 50
}

// DocumentPage is one page of the document list.
type DocumentPage struct {
	Entries []*Entry
	Total   int
	Counts  map[string]int // documents in each state, whatever the filter
}

// Documents lists documents, drafts first, then by 发布日期, newest first.
func (s *Service) Documents(ctx context.Context, f Filter) (*DocumentPage, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for id := range sn.live {
		ids[id] = true
	}
	for id := range sn.drafts {
		ids[id] = true
	}
	page := &DocumentPage{Counts: map[string]int{}}
	q := strings.TrimSpace(f.Query)
	var all []*Entry
	for id := range ids {
		e, _ := sn.entry(id)
		page.Counts[e.State]++
		if f.State != "" && e.State != f.State {
			continue
		}
		if q != "" && !strings.Contains(e.Doc.Title, q) && !strings.Contains(e.Doc.DocNo, q) &&
			!strings.Contains(e.Doc.IndexNo, q) && !strings.Contains(e.Doc.ID, q) {
			continue
		}
		all = append(all, e)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if (a.State == StateDraft || a.State == StateChanged) != (b.State == StateDraft || b.State == StateChanged) {
			return a.State == StateDraft || a.State == StateChanged
		}
		if a.Doc.Published != b.Doc.Published {
			return a.Doc.Published > b.Doc.Published
		}
		return a.Doc.ID < b.Doc.ID
	})
	page.Total = len(all)
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if f.Offset < len(all) {
		page.Entries = all[max(f.Offset, 0):min(max(f.Offset, 0)+limit, len(all))]
	}
	return page, nil
}

// Input is the document form: every field of the catalogue format but the
// attachments, which are uploaded one by one.
type Input struct {
	Orig   string          // the id of the document edited; "" for a new one
	Doc    domain.Document // Body and Attachments are ignored
	Source string          // the body as Markdown
}

// SplitKeywords reads keywords typed with any of the usual separators.
func SplitKeywords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '　' || r == '\n' || r == '\r' || r == '\t'
	})
	var out []string
	for _, k := range f {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// MaxSourceBytes bounds a document body.
const MaxSourceBytes = 512 << 10

// Save checks the form by the catalogue's rules and keeps it as a draft;
// nothing reaches a kiosk until it is published.
func (s *Service) Save(ctx context.Context, a Actor, in Input) (*Entry, error) {
	sn, err := s.loadFor(ctx, a.mayWrite(), errWrite)
	if err != nil {
		return nil, err
	}
	d := in.Doc
	d.ID = strings.TrimSpace(d.ID)
	var base *domain.Document
	if in.Orig != "" {
		if base, _ = sn.document(in.Orig); base == nil {
			return nil, notFound("文件 " + in.Orig)
		}
		d.ID = in.Orig // an id is never changed once made: kiosks and 解读 refer to it
	} else {
		if d.ID == "" {
			d.ID = newID(s.now().Format("20060102"))
		}
		if old, _ := sn.document(d.ID); old != nil {
			return nil, fieldErrors([]catalog.FieldProblem{{Key: "id", Message: "文件 id " + d.ID + " 已被使用，请换一个"}})
		}
	}
	if len(in.Source) > MaxSourceBytes || !utf8.ValidString(in.Source) {
		return nil, fieldErrors([]catalog.FieldProblem{{Key: "body", Message: "正文过长（最多 512 KB）或不是有效的文字"}})
	}
	d.Sample = false
	d.Attachments = nil
	if base != nil {
		d.Attachments, d.Sample = base.Attachments, base.Sample
	}
	d.Body = catalog.ParseBody(in.Source)
	ps := catalog.CheckDocument(&d, catalog.Refs{
		Category: func(id string) bool { _, ok := sn.catByID[id]; return ok },
		Document: func(id string) bool { x, _ := sn.document(id); return x != nil && id != d.ID },
	})
	if err := fieldErrors(ps); err != nil {
		return nil, err
	}
	if err := s.keepDraft(ctx, a, Draft{Doc: d, Source: in.Source, State: DraftEditing}, "保存文件草稿", d.ID, d.Title); err != nil {
		return nil, err
	}
	return s.Document(ctx, d.ID)
}

// keepDraft stores a document's draft as a's work of now, and records
// action on target in the audit log.
func (s *Service) keepDraft(ctx context.Context, a Actor, dr Draft, action, target, detail string) error {
	dr.Updated, dr.By = s.now(), a.Login
	if err := s.Store.PutDraft(ctx, dr); err != nil {
		return err
	}
	return s.audit(ctx, a, action, target, detail)
}

// newID makes an id for a document staff did not name: the day and six
// random hex digits.
func newID(day string) string {
	b := make([]byte, 3)
	rand.Read(b)
	return "doc-" + day + "-" + hex.EncodeToString(b)
}

// Discard drops a document's draft: a new document is gone, a published
// one stays as the kiosks have it.
func (s *Service) Discard(ctx context.Context, a Actor, id string) error {
	dr, err := s.draftOf(ctx, a, id, true, "文件 %s 没有未发布的草稿")
	if err != nil {
		return err
	}
	if err := s.Store.DeleteDraft(ctx, id); err != nil {
		return err
	}
	return s.audit(ctx, a, "删除文件草稿", id, dr.Doc.Title)
}

// Outcome says what Publish did.
type Outcome struct {
	Published
	Held       bool   // not 主动公开: kept at the hub (and taken off kiosks if it was there)
	Propagated []Link // 解读 whose 有效性 followed the document's
}

// Publish publishes a document's draft into the hub's catalogue: a new
// signed version that kiosks pick up on their next sync, after the same
// checks as an import (a 解读 must explain a published document). A
// document that is not 主动公开 never leaves the hub: it is kept here and
// taken off the kiosks if it was there. When a document becomes 失效 or
// 废止, its published 解读 follow, so no kiosk presents a 解读 of a
// repealed policy as in force.
func (s *Service) Publish(ctx context.Context, a Actor, id string) (*Outcome, error) {
	sn, err := s.loadFor(ctx, a.mayPublish(), errPublish)
	if err != nil {
		return nil, err
	}
	dr := sn.drafts[id]
	if dr == nil {
		if sn.live[id] == nil {
			return nil, notFound("文件 " + id)
		}
		return nil, invalidf("文件 %s 没有未发布的修改", id)
	}
	d := dr.Doc
	ps := catalog.CheckDocument(&d, catalog.Refs{
		Category: func(id string) bool { _, ok := sn.catByID[id]; return ok },
		Document: func(id string) bool { return sn.live[id] != nil && id != d.ID },
	})
	if err := fieldErrors(ps); err != nil {
		return nil, err
	}
	key := Key{Kind: domain.KindDocument, ID: id}
	out := &Outcome{}
	if d.Disclosure != domain.DisclosureProactive {
		if sn.live[id] != nil {
			if out.Published, err = s.Catalogue.Publish(ctx, nil, []Key{key}); err != nil {
				return nil, err
			}
		}
		held := *dr
		held.Doc, held.State, held.Updated, held.By = d, DraftHeld, s.now(), a.Login
		if err := s.Store.PutDraft(ctx, held); err != nil {
			return nil, err
		}
		out.Held = true
		return out, s.audit(ctx, a, "保存不公开文件", id, d.Title+"（"+d.Disclosure+"，不发往终端）")
	}
	objects := []domain.Object{object(domain.KindDocument, id, d)}
	if d.Validity != domain.ValidityValid {
		for _, rid := range sn.readings[id] {
			r := *sn.live[rid]
			if r.Validity != domain.ValidityValid {
				continue
			}
			r.Validity = d.Validity
			objects = append(objects, object(domain.KindDocument, rid, r))
			out.Propagated = append(out.Propagated, Link{ID: rid, Title: r.Title, Live: true})
		}
	}
	linked, err := s.linkedObjects(ctx, sn, id)
	if err != nil {
		return nil, err
	}
	objects = append(objects, linked...)
	if out.Published, err = s.Catalogue.Publish(ctx, objects, nil); err != nil {
		return nil, err
	}
	if err := s.Store.DeleteDraft(ctx, id); err != nil {
		return nil, err
	}
	if err := s.tellCommenters(ctx, id); err != nil {
		return nil, err
	}
	detail := d.Title + "；目录版本 " + itoa(out.To)
	for _, p := range out.Propagated {
		detail += "；解读 " + p.ID + " 随之" + d.Validity
	}
	return out, s.audit(ctx, a, "发布文件", id, detail)
}

// MaxReason bounds a withdrawal's or an exemption's reason.
const MaxReason = 200

// Withdraw takes a published document off the kiosks (a tombstone at a
// new version) and keeps it here with the reason.
func (s *Service) Withdraw(ctx context.Context, a Actor, id, reason string) (*Outcome, error) {
	if !a.mayPublish() {
		return nil, errPublish
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: "请填写撤回原因"}})
	} else if msg := catalog.CheckText("撤回原因", reason, MaxReason); msg != "" {
		return nil, fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: msg}})
	}
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	live := sn.live[id]
	if live == nil {
		return nil, invalidf("文件 %s 不在终端上，无需撤回", id)
	}
	out := &Outcome{}
	if out.Published, err = s.Catalogue.Publish(ctx, nil, []Key{{Kind: domain.KindDocument, ID: id}}); err != nil {
		return nil, err
	}
	dr := Draft{Doc: *live, Source: catalog.BodyMarkdown(live.Body), State: DraftWithdrawn, Note: reason, Updated: s.now(), By: a.Login}
	if err := s.Store.PutDraft(ctx, dr); err != nil {
		return nil, err
	}
	return out, s.audit(ctx, a, "撤回文件", id, live.Title+"；原因："+reason)
}

// Reopen makes a withdrawn or held document a draft again, to edit
// and publish.
func (s *Service) Reopen(ctx context.Context, a Actor, id string) error {
	dr, err := s.draftOf(ctx, a, id, false, "文件 %s 不是已撤回或不发往终端的文件")
	if err != nil {
		return err
	}
	dr.State, dr.Note = DraftEditing, ""
	return s.keepDraft(ctx, a, *dr, "重新编辑文件", id, dr.Doc.Title)
}

// draftOf returns the draft of document id for a to change: the one being
// edited (editing), or a withdrawn or held one (!editing). Any other is
// invalid, as notFormat (with the id) says.
func (s *Service) draftOf(ctx context.Context, a Actor, id string, editing bool, notFormat string) (*Draft, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	dr, err := s.Store.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	if dr == nil || (dr.State == DraftEditing) != editing {
		return nil, invalidf(notFormat, id)
	}
	return dr, nil
}

// RecordHeld keeps documents a directory import held back (not 主动公开,
// so never on the kiosks) on the desk as 不发往终端, where staff find them
// beside the rest; one the desk already has a record of is left alone.
// It returns how many it recorded.
func RecordHeld(ctx context.Context, st Store, docs []domain.Document, by string, now time.Time) (int, error) {
	n := 0
	for _, d := range docs {
		if d.Disclosure == "" || d.Disclosure == domain.DisclosureProactive {
			continue
		}
		old, err := st.Draft(ctx, d.ID)
		if err != nil {
			return n, err
		}
		if old != nil && old.State == DraftEditing {
			continue
		}
		if err := st.PutDraft(ctx, Draft{Doc: d, Source: catalog.BodyMarkdown(d.Body), State: DraftHeld, Updated: now, By: by}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
