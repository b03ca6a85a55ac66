package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/search"
	"gongkai/sync/protocol"
)

// Meta keys the store maintains.
const (
	MetaSource   = "source"    // domain.SourceEmpty, SourceDemo or SourceHub
	MetaCursor   = "cursor"    // highest applied change version
	MetaLastSync = "last_sync" // RFC 3339 time of the last hub batch
	// MetaStaffRoster is "received" once a front-desk staff change (domain.KindStaff)
	// has been applied: from then on only the hub's list logs into staff
	// mode (internal/staff), even when it is empty.
	MetaStaffRoster = "staff_roster"
)

// ApplyBatch is one page of catalogue changes: those with From < v <= To.
type ApplyBatch struct {
	Source   string // domain.SourceDemo or domain.SourceHub
	From, To int64
	Changes  []domain.Change
	SyncedAt time.Time // recorded as the last sync time (hub batches)
}

// Apply applies a batch in one transaction together with the new cursor,
// so a visitor never sees half a batch and an interrupted sync resumes
// from the last whole one. Versions only move forward: a hub batch that
// ends at or before the cursor, or starts after it (a gap), is refused
// with a domain.Error (code conflict); changes at or below the cursor are
// skipped. The first hub batch replaces the demo catalogue, and a demo
// batch loads only into an empty store.
func (s *Store) Apply(ctx context.Context, b ApplyBatch) error {
	if b.Source != domain.SourceDemo && b.Source != domain.SourceHub {
		return domain.Errorf(domain.EINVALID, "未知的目录来源 %q", b.Source)
	}
	if b.From < 0 || b.To < b.From {
		return domain.Errorf(domain.EINVALID, "目录版本范围无效（%d–%d）", b.From, b.To)
	}
	changes := slices.Clone(b.Changes)
	slices.SortStableFunc(changes, func(x, y domain.Change) int { return cmp.Compare(x.Version, y.Version) })
	for _, c := range changes {
		if c.Version <= b.From || c.Version > b.To {
			return domain.Errorf(domain.EINVALID, "目录变更版本 %d 不在本批范围（%d–%d）内", c.Version, b.From, b.To)
		}
	}

	s.applyWaiting.Add(1) // a running idle merge gives way (merge.go)
	s.applyMu.Lock()
	s.applyWaiting.Add(-1)
	defer s.applyMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	defer tx.Rollback()
	// Take the write lock first, so that a concurrent writer waits for
	// busy_timeout instead of failing on a read-to-write upgrade.
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		MetaSource, domain.SourceEmpty); err != nil {
		return fmt.Errorf("apply: %w", corrupt(err))
	}
	source, err := getMeta(ctx, tx, MetaSource)
	if err != nil {
		return err
	}
	cursor, err := metaInt(ctx, tx, MetaCursor)
	if err != nil {
		return err
	}
	wiped := false
	switch {
	case b.Source == domain.SourceDemo:
		n, err := countObjects(ctx, tx)
		if err != nil {
			return err
		}
		if source != domain.SourceEmpty || n > 0 {
			return domain.Errorf(domain.ECONFLICT, "本机已有目录数据，不能再载入示例目录")
		}
	case source == domain.SourceDemo:
		// The first real catalogue replaces the demo entirely.
		if err := wipe(ctx, tx); err != nil {
			return err
		}
		cursor, wiped = 0, true
	}
	if b.Source == domain.SourceHub {
		if b.To <= cursor {
			return domain.Errorf(domain.ECONFLICT, "目录版本比本机旧（本机 %d，收到至 %d），未更新", cursor, b.To)
		}
		if b.From > cursor {
			return domain.Errorf(domain.ECONFLICT, "目录版本不连续（本机 %d，收到 %d 之后的变更），请重新同步", cursor, b.From)
		}
	}

	s.builder.reset()
	a := &applier{ctx: ctx, tx: tx, b: &s.builder, delta: cacheDelta{reset: wiped}}
	var run []domain.Change // consecutive document upserts, prepared in parallel
	for _, c := range changes {
		if c.Version <= cursor {
			continue
		}
		if c.Kind == domain.KindDocument && !c.Deleted {
			run = append(run, c)
			continue
		}
		if err := a.documents(run); err != nil {
			return err
		}
		run = run[:0]
		if err := a.other(c); err != nil {
			return err
		}
	}
	if err := a.documents(run); err != nil {
		return err
	}
	if !a.b.empty() {
		if _, err := a.b.flush(ctx, tx); err != nil {
			return err
		}
	}
	if a.delta.segs, err = mergeSmall(ctx, tx); err != nil {
		return err
	}
	if err := setMeta(ctx, tx, MetaCursor, strconv.FormatInt(max(cursor, b.To), 10)); err != nil {
		return err
	}
	if a.staff {
		if err := setMeta(ctx, tx, MetaStaffRoster, "received"); err != nil {
			return err
		}
	}
	if err := setMeta(ctx, tx, MetaSource, b.Source); err != nil {
		return err
	}
	if b.Source == domain.SourceHub && !b.SyncedAt.IsZero() {
		if err := setMeta(ctx, tx, MetaLastSync, b.SyncedAt.UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("apply: commit: %w", err)
	}
	s.cache.apply(&a.delta)
	s.kickCheckpoint()
	select {
	case s.applied <- struct{}{}:
	default:
	}
	return nil
}

func metaInt(ctx context.Context, q querier, key string) (int64, error) {
	v, err := getMeta(ctx, q, key)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("meta %s: %q is not a number", key, v)
	}
	return n, nil
}

// catalogueTables are the tables that hold catalogue objects and their
// index, wiped when the demo catalogue makes way for the hub's.
var catalogueTables = []string{"document_links", "attachments", "documents", "categories", "consultations",
	"events", "calendar_years", "search_blocks", "search_segments"}

func wipe(ctx context.Context, tx *sql.Tx) error {
	for _, t := range catalogueTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return fmt.Errorf("wipe %s: %w", t, err)
		}
	}
	return nil
}

func countObjects(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM categories)
		+ (SELECT count(*) FROM consultations) + (SELECT count(*) FROM events) + (SELECT count(*) FROM calendar_years)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count objects: %w", err)
	}
	return n, nil
}

// prepared is a document change decoded and tokenised off the writer.
type prepared struct {
	change domain.Change
	doc    domain.Document
	x      *search.Extractor // holds ents and unis until the writer is done
	ents   [][2]uint64       // search.Extractor.Occurrences
	unis   []uint64
	err    error
}

// extractors are the search.Extractors of prepared documents, reused: a
// document's occurrences (about 50 KB for ten kilobytes of text) stay in
// the extractor that found them until the writer has added them to the
// segment builder, instead of being copied out of it.
var extractors = sync.Pool{New: func() any { return search.NewExtractor() }}

// prepareAhead bounds how many documents are decoded ahead of the writer.
const prepareAhead = 64

// documents applies a run of document upserts.
func (a *applier) documents(changes []domain.Change) error {
	return prepareEach(changes, a.document)
}

// prepareEach decodes and tokenises changes on all CPUs ahead of the
// single SQLite writer, which gets them from use in order.
func prepareEach(changes []domain.Change, use func(*prepared) error) error {
	if len(changes) == 0 {
		return nil
	}
	ps := make([]prepared, len(changes))
	ready := make([]chan struct{}, len(changes))
	for i := range ready {
		ready[i] = make(chan struct{})
		ps[i].change = changes[i]
	}
	jobs := make(chan int)
	slots := make(chan struct{}, prepareAhead)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(jobs)
		for i := range changes {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		go func() {
			for i := range jobs {
				ps[i].prepare(extractors.Get().(*search.Extractor))
				close(ready[i])
			}
		}()
	}
	for i := range ps {
		<-ready[i]
		err := use(&ps[i])
		extractors.Put(ps[i].x)
		ps[i] = prepared{}
		if err != nil {
			return err
		}
		<-slots
	}
	return nil
}

// prepare decodes and tokenises p's document into x, which p keeps.
func (p *prepared) prepare(x *search.Extractor) {
	p.x = x
	c := p.change
	if err := decodeDocument(c.Data, &p.doc); err != nil {
		p.err = domain.Errorf(domain.EINVALID, "文件 %s 的数据无法解析", c.ID)
		return
	}
	if p.doc.ID != c.ID {
		p.err = domain.Errorf(domain.EINVALID, "文件数据的编号 %q 与变更编号 %q 不一致", p.doc.ID, c.ID)
		return
	}
	x.Reset()
	indexDocument(x, &p.doc)
	p.ents, p.unis = x.Occurrences()
}

// textSink takes a document's searchable text field by field: the index's
// search.Extractor, and the phrase verifier's termFinder (verify.go).
type textSink interface {
	Head(text string)
	Body(text string)
}

// indexDocument feeds a document's searchable text to x: the head (title,
// 文号, 关键词) and the body (every block, the 索引号).
func indexDocument(x textSink, d *domain.Document) {
	x.Head(d.Title)
	x.Head(d.DocNo)
	for _, k := range d.Keywords {
		x.Head(k)
	}
	for _, bl := range d.Body {
		x.Body(bl.Text)
		for _, it := range bl.Items {
			x.Body(it)
		}
		for _, row := range bl.Rows {
			for _, cell := range row {
				x.Body(cell)
			}
		}
	}
	x.Body(d.IndexNo)
}

// applier applies one batch's changes inside its transaction.
type applier struct {
	ctx   context.Context
	tx    *sql.Tx
	b     *builder
	delta cacheDelta
	stmts map[string]*sql.Stmt
	staff bool // a staff change was applied
}

// stmt returns query prepared on the transaction, once per batch.
func (a *applier) stmt(query string) (*sql.Stmt, error) {
	if a.stmts == nil {
		a.stmts = map[string]*sql.Stmt{}
	}
	st, ok := a.stmts[query]
	if !ok {
		var err error
		if st, err = a.tx.PrepareContext(a.ctx, query); err != nil {
			return nil, err
		}
		a.stmts[query] = st
	}
	return st, nil
}

func (a *applier) exec(query string, args ...any) (sql.Result, error) {
	st, err := a.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(a.ctx, args...)
}

func (a *applier) document(p *prepared) error {
	if p.err != nil {
		return p.err
	}
	d, c := &p.doc, p.change
	var old int64
	var oldData []byte
	find, err := a.stmt(`SELECT dno, data FROM documents WHERE id = ?`)
	if err != nil {
		return err
	}
	err = find.QueryRowContext(a.ctx, c.ID).Scan(&old, &oldData)
	switch {
	case err == nil && bytes.Equal(oldData, c.Data):
		return nil // the same bytes again: nothing to do
	case err == nil:
		if _, err := a.exec(`DELETE FROM documents WHERE dno = ?`, old); err != nil {
			return fmt.Errorf("replace document %s: %w", c.ID, err)
		}
		a.delta.removed = append(a.delta.removed, old)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("document %s: %w", c.ID, err)
	}
	res, err := a.exec(`INSERT INTO documents (id, title, index_no, issuer, doc_no, written, published, category_id,
		topic, disclosure, validity, keywords, interprets, sample, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.ID, d.Title, d.IndexNo, d.Issuer, d.DocNo, d.Written, d.Published, d.CategoryID, d.Topic, d.Disclosure,
		d.Validity, strings.Join(d.Keywords, "、"), d.Interprets, d.Sample, []byte(c.Data))
	if err != nil {
		return fmt.Errorf("insert document %s: %w", c.ID, err)
	}
	dno, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if d.Interprets != "" {
		if _, err := a.exec(`INSERT OR IGNORE INTO document_links (from_id, to_id, kind) VALUES (?, ?, 'interprets')`,
			c.ID, d.Interprets); err != nil {
			return fmt.Errorf("link document %s: %w", c.ID, err)
		}
	}
	for i, at := range d.Attachments {
		if _, err := a.exec(`INSERT INTO attachments (document_id, seq, name, media_type, size, sha256)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, i, at.Name, at.MediaType, at.Size, strings.ToLower(at.SHA256)); err != nil {
			return fmt.Errorf("attachment of document %s: %w", c.ID, err)
		}
	}
	if a.b.full(dno) {
		if _, err := a.b.flush(a.ctx, a.tx); err != nil {
			return err
		}
	}
	a.b.add(dno, p.ents, p.unis)
	a.delta.added = append(a.delta.added, docAttrs{dno: dno, published: d.Published, category: d.CategoryID, validity: d.Validity})
	return nil
}

// other applies a change that is not a document upsert.
func (a *applier) other(c domain.Change) error {
	if c.Deleted {
		return a.remove(c)
	}
	bad := func() error {
		return domain.Errorf(domain.EINVALID, "目录对象 %s %s 的数据无法解析", c.Kind, c.ID)
	}
	var err error
	switch c.Kind {
	case domain.KindCategory:
		var v domain.Category
		if json.Unmarshal(c.Data, &v) != nil || v.ID != c.ID {
			return bad()
		}
		_, err = a.exec(`INSERT INTO categories (id, parent_id, name, ord, data) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, ord = excluded.ord,
			data = excluded.data`, c.ID, v.ParentID, v.Name, v.Order, []byte(c.Data))
		a.delta.categories = true
	case domain.KindConsultation:
		var v domain.Consultation
		if json.Unmarshal(c.Data, &v) != nil || v.ID != c.ID {
			return bad()
		}
		_, err = a.exec(`INSERT INTO consultations (id, opens, closes, data) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET opens = excluded.opens, closes = excluded.closes, data = excluded.data`,
			c.ID, v.Opens, v.Closes, []byte(c.Data))
	case domain.KindEvent:
		var v domain.Event
		if json.Unmarshal(c.Data, &v) != nil || v.ID != c.ID {
			return bad()
		}
		_, err = a.exec(`INSERT INTO events (id, start, data) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET start = excluded.start, data = excluded.data`,
			c.ID, v.Start.UTC().Format(time.RFC3339), []byte(c.Data))
	case domain.KindCalendar:
		var v domain.CalendarYear
		if json.Unmarshal(c.Data, &v) != nil || strconv.Itoa(v.Year) != c.ID {
			return bad()
		}
		_, err = a.exec(`INSERT INTO calendar_years (id, year, data) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET year = excluded.year, data = excluded.data`, c.ID, v.Year, []byte(c.Data))
	case domain.KindStaff:
		v, verr := protocol.StaffMemberOf(c)
		if verr != nil {
			return domain.Errorf(domain.EINVALID, "前台人员名单中工号 %q 的数据无效", c.ID)
		}
		_, err = a.exec(`INSERT INTO staff_members (id, disabled, data) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET disabled = excluded.disabled, data = excluded.data`, c.ID, v.Disabled, []byte(c.Data))
		a.staff = true
	default:
		return domain.Errorf(domain.EINVALID, "目录数据含本机不支持的类型 %q，请升级终端软件", c.Kind)
	}
	if err != nil {
		return fmt.Errorf("apply %s %s: %w", c.Kind, c.ID, err)
	}
	return nil
}

// remove deletes an object. Deleting what is not there is not an error:
// the hub may withdraw something this kiosk never received.
func (a *applier) remove(c domain.Change) error {
	table, ok := tableOf(c.Kind)
	if !ok {
		return domain.Errorf(domain.EINVALID, "目录数据含本机不支持的类型 %q，请升级终端软件", c.Kind)
	}
	var err error
	if c.Kind == domain.KindDocument {
		var dno int64
		err = a.tx.QueryRowContext(a.ctx, `DELETE FROM documents WHERE id = ? RETURNING dno`, c.ID).Scan(&dno)
		if err == nil {
			a.delta.removed = append(a.delta.removed, dno)
		} else if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
	} else {
		_, err = a.exec(`DELETE FROM `+table+` WHERE id = ?`, c.ID)
	}
	switch c.Kind {
	case domain.KindCategory:
		a.delta.categories = true // documents keep their category id; counts skip them
	case domain.KindStaff:
		a.staff = true
	}
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", c.Kind, c.ID, err)
	}
	return nil
}
