// Package foisqlite is the store of the case register (internal/foi):
// foi.db in the hub's data directory (migrations/, component "foi"), or,
// for a hub on PostgreSQL, the hub's database (pgmigrations/, applied
// under pgdb's advisory lock). The queries are written once with `?`
// placeholders over internal/sqldb; every write that reads first (a
// register number, a case's version) holds the store's write lock, so
// several hub processes sharing the database number cases without gaps
// or doubles and see each other's cases.
//
// The register holds applicants' personal data in plain text, because
// staff must search it by name; on SQLite it is a file of its own, beside
// the sealed submissions.db, so that it can be backed up, restricted and
// purged on the agency's own schedule, and so that case work never waits
// on a kiosk upload's write lock. It never leaves the hub.
package foisqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/sqldb"
	"gongkai/internal/sqlrows"
	"gongkai/internal/store"
	"gongkai/internal/tracking"
	"gongkai/internal/wallclock"
)

// File is the store's file name in the hub's data directory.
const File = "foi.db"

// component names the store's migrations (schema_migrations) and its
// write lock on PostgreSQL.
const component = "foi"

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed pgmigrations/*.sql
var pgMigrations embed.FS

// Store is a foi.Store on SQLite or PostgreSQL.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

var _ foi.Store = (*Store)(nil)

// Open opens (creating and migrating) dir/foi.db. now stamps letters,
// files and template edits.
func Open(ctx context.Context, dir string, now func() time.Time) (*Store, error) {
	w, r, err := store.OpenDir(ctx, dir, File, component, migrations)
	if err != nil {
		return nil, err
	}
	return newStore(sqldb.SQLite(w, r), now), nil
}

// OpenStore opens the register where the hub's stores are: in the
// PostgreSQL database at databaseURL (on a pool of its own, closed by
// Close), or, when it is "", in dir/foi.db.
func OpenStore(ctx context.Context, dir, databaseURL string, now func() time.Time) (*Store, error) {
	if databaseURL == "" {
		return Open(ctx, dir, now)
	}
	db, err := sqldb.OpenPostgres(ctx, databaseURL, pgMigrations, "pgmigrations", component)
	if err != nil {
		return nil, fmt.Errorf("case register: %w", err)
	}
	return newStore(db, now), nil
}

func newStore(db *sqldb.DB, now func() time.Time) *Store {
	if now == nil {
		now = wallclock.Now
	}
	return &Store{db: db, now: now}
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// columnNames are a case's columns after id, year and seq, in the order
// values returns them; the JSON goes to case_data.
var columnNames = []string{"tracking", "channel", "received", "category", "applicant_key", "stage", "dept", "handler",
	"due", "clock", "outcome", "signed", "search", "version", "publish"}

var (
	columns   = strings.Join(columnNames, ", ")
	setClause = strings.Join(columnNames, " = ?, ") + " = ?"
)

func values(c *foi.Case, idx foi.Index) ([]any, error) {
	var trk any
	if c.Tracking != "" {
		trk = c.Tracking
	}
	due, signed := "", ""
	if !idx.Due.IsZero() {
		due = idx.Due.String()
	}
	if c.Answered() {
		signed = c.Reply.Signed.String()
	}
	return []any{trk, c.Channel, c.Received.String(), c.Applicant.Category, c.Applicant.Key(), string(c.Stage), c.Dept,
		c.Handler, due, idx.Clock, c.Outcome(), signed, searchText(c), c.Version, idx.Publish}, nil
}

// putData writes a case's JSON.
func putData(ctx context.Context, tx sqldb.Q, c *foi.Case) error {
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("case %s: %w", c.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO case_data (id, data) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data`, c.ID, string(data))
	return err
}

// searchText is what the register's search box matches: the numbers in
// printed and compact form, the applicant and the request, lower case.
func searchText(c *foi.Case) string {
	parts := []string{c.ID, c.Tracking, tracking.Normalize(c.Tracking), c.Applicant.Name, c.Applicant.ContactName,
		c.Request.InfoName, c.Request.DocNo, c.Request.Description}
	return strings.ToLower(strings.Join(parts, "\x1f"))
}

// Create implements foi.Store.
func (s *Store) Create(ctx context.Context, c *foi.Case, idx foi.Index) error {
	return s.db.Write(ctx, func(tx sqldb.Q) error {
		if c.Tracking != "" {
			var id string
			err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE tracking = ?`, c.Tracking).Scan(&id)
			if err == nil {
				return domain.Errorf(domain.ECONFLICT, "终端受理编号 %s 已登记为案件 %s", c.Tracking, id)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		year := c.Received.Year
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE year = ?`, year).Scan(&seq); err != nil {
			return fmt.Errorf("next register number: %w", err)
		}
		c.ID = fmt.Sprintf("%d-%05d", year, seq)
		vals, err := values(c, idx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO cases (id, year, seq, `+columns+`)
			VALUES (?, ?, ?`+strings.Repeat(", ?", len(columnNames))+`)`, append([]any{c.ID, year, seq}, vals...)...)
		if err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		return putData(ctx, tx, c)
	})
}

// Update implements foi.Store.
func (s *Store) Update(ctx context.Context, c *foi.Case, idx foi.Index, letters []foi.LetterFile) error {
	return s.db.Write(ctx, func(tx sqldb.Q) error {
		created := s.now().UTC().Format(time.RFC3339)
		for _, l := range letters {
			if l.N < 1 || l.N > len(c.Correspondence) {
				return fmt.Errorf("letter for correspondence entry %d of %d", l.N, len(c.Correspondence))
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO letters (case_id, n, kind, title, created, pdf) VALUES (?, ?, ?, ?, ?, ?)
				RETURNING id`, c.ID, l.N, l.Kind, l.Title, created, l.PDF).Scan(&c.Correspondence[l.N-1].LetterID)
			if err != nil {
				return fmt.Errorf("insert letter: %w", err)
			}
		}
		vals, err := values(c, idx)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE cases SET `+setClause+` WHERE id = ? AND version = ?`, append(vals, c.ID, c.Version-1)...)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.Errorf(domain.ECONFLICT, "案件 %s 已被他人更新，请刷新后再操作", c.ID)
		}
		return putData(ctx, tx, c)
	})
}

// SetIndex implements foi.Store.
func (s *Store) SetIndex(ctx context.Context, id string, idx foi.Index) error {
	due := ""
	if !idx.Due.IsZero() {
		due = idx.Due.String()
	}
	_, err := s.db.W().ExecContext(ctx, `UPDATE cases SET due = ?, clock = ?, publish = ? WHERE id = ?`, due, idx.Clock, idx.Publish, id)
	return err
}

// Unsent implements foi.Store.
func (s *Store) Unsent(ctx context.Context) ([]foi.Unsent, error) {
	return sqlrows.Query(ctx, s.db.R(), "unsent", func(row sqlrows.Scanner) (u foi.Unsent, err error) {
		err = row.Scan(&u.ID, &u.Tracking, &u.Publish)
		return u, err
	}, `SELECT id, COALESCE(tracking, ''), publish FROM cases WHERE publish <> published ORDER BY id`)
}

// SetPublished implements foi.Store.
func (s *Store) SetPublished(ctx context.Context, id, publish string) error {
	_, err := s.db.W().ExecContext(ctx, `UPDATE cases SET published = ? WHERE id = ?`, publish, id)
	return err
}

// Case implements foi.Store.
func (s *Store) Case(ctx context.Context, id string) (*foi.Case, error) {
	id = strings.TrimSpace(id)
	var data string
	err := s.db.R().QueryRowContext(ctx, `SELECT d.data FROM cases c JOIN case_data d ON d.id = c.id
		WHERE c.id = ? OR c.tracking = ?`, id, normalTracking(id)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "没有编号为 %s 的案件", id)
	} else if err != nil {
		return nil, fmt.Errorf("case %s: %w", id, err)
	}
	return decode(data)
}

// normalTracking returns a typed tracking number in printed form, or s.
func normalTracking(s string) string {
	if n, err := tracking.Parse(s); err == nil {
		return n.String()
	}
	return s
}

func decode(data string) (*foi.Case, error) {
	var c foi.Case
	if err := json.Unmarshal([]byte(data), &c); err != nil {
		return nil, fmt.Errorf("decode case: %w", err)
	}
	return &c, nil
}

// where builds the WHERE clause of a register query.
func where(q foi.Query) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if q.Stage != "" {
		add("stage = ?", string(q.Stage))
	}
	if q.Dept != "" {
		add("dept = ?", q.Dept)
	}
	if q.Handler != "" {
		add("handler = ?", q.Handler)
	}
	if q.Year != 0 {
		add("year = ?", q.Year)
	}
	if q.Channel != "" {
		add("channel = ?", q.Channel)
	}
	if q.Applicant != "" {
		add("applicant_key = ?", q.Applicant)
	}
	if q.Open {
		add("signed = ''")
	}
	if q.Overdue || q.DueSoon {
		var or []string
		orArgs := []any{foi.ClockRunning}
		if q.Overdue {
			or = append(or, "due < ?")
			orArgs = append(orArgs, q.Today.String())
		}
		if q.DueSoon {
			or = append(or, "(due >= ? AND due <= ?)")
			orArgs = append(orArgs, q.Today.String(), q.SoonBy.String())
		}
		add("clock = ? AND due <> '' AND ("+strings.Join(or, " OR ")+")", orArgs...)
	}
	if t := strings.TrimSpace(q.Text); t != "" {
		add(`search LIKE ? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(t))+"%")
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// List implements foi.Store. It picks the page's ids on the narrow cases
// table and reads the JSON of those rows only.
func (s *Store) List(ctx context.Context, q foi.Query) ([]*foi.Case, int, error) {
	w, args := where(q)
	limit := q.Limit
	if limit <= 0 {
		limit = foi.DefaultLimit
	}
	order := ` ORDER BY received DESC, id DESC`
	switch {
	case q.Sort == foi.SortDue && q.Open:
		order = ` ORDER BY due, received, id` // cases_open_due
	case q.Sort == foi.SortDue:
		order = ` ORDER BY signed <> '', due, received, id`
	}
	if strings.TrimSpace(q.Text) != "" {
		// A text search scans every row: scan once, for the count and the
		// page together, and sort the matches (few) here.
		ids, err := s.search(ctx, w, args, q.Sort)
		if err != nil {
			return nil, 0, err
		}
		page := ids[min(max(q.Offset, 0), len(ids)):]
		cases, err := s.read(ctx, page[:min(limit, len(page))])
		return cases, len(ids), err
	}
	var total int
	if err := s.db.R().QueryRowContext(ctx, `SELECT count(*) FROM cases`+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count cases: %w", err)
	}
	cases, err := s.query(ctx, `SELECT id FROM cases`+w+order+` LIMIT ? OFFSET ?`, append(args, limit, max(q.Offset, 0))...)
	return cases, total, err
}

// search returns the ids matching a text search, in the register's order.
func (s *Store) search(ctx context.Context, w string, args []any, sortBy string) ([]any, error) {
	// On SQLite the text filter is cheapest as one scan of the table, not
	// a walk of an index the other filters would pick.
	from := "cases NOT INDEXED"
	if s.db.Postgres() {
		from = "cases"
	}
	type hit struct{ id, received, due, signed string }
	hits, err := sqlrows.Query(ctx, s.db.R(), "search cases", func(row sqlrows.Scanner) (h hit, err error) {
		err = row.Scan(&h.id, &h.received, &h.due, &h.signed)
		return h, err
	}, `SELECT id, received, due, signed FROM `+from+w, args...)
	if err != nil {
		return nil, err
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if sortBy == foi.SortDue {
			if (a.signed != "") != (b.signed != "") {
				return a.signed == ""
			}
			if a.due != b.due {
				return a.due < b.due
			}
			if a.received != b.received {
				return a.received < b.received
			}
			return a.id < b.id
		}
		if a.received != b.received {
			return a.received > b.received
		}
		return a.id > b.id
	})
	ids := make([]any, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids, nil
}

// query runs a query of case ids and returns those cases in its order.
func (s *Store) query(ctx context.Context, q string, args ...any) ([]*foi.Case, error) {
	ids, err := s.ids(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return s.read(ctx, ids)
}

// ids runs a query of case ids.
func (s *Store) ids(ctx context.Context, q string, args ...any) ([]any, error) {
	return sqlrows.Query(ctx, s.db.R(), "list cases", func(row sqlrows.Scanner) (any, error) {
		return sqlrows.Value[string](row)
	}, q, args...)
}

// read returns the cases of ids, in that order.
func (s *Store) read(ctx context.Context, ids []any) ([]*foi.Case, error) {
	out := make([]*foi.Case, 0, len(ids))
	byID := make(map[string]*foi.Case, len(ids))
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		cases, err := sqlrows.Query(ctx, s.db.R(), "read cases", func(row sqlrows.Scanner) (*foi.Case, error) {
			data, err := sqlrows.Value[string](row)
			if err != nil {
				return nil, err
			}
			return decode(data)
		}, `SELECT data FROM case_data WHERE id IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, batch...)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			byID[c.ID] = c
		}
	}
	for _, id := range ids {
		if c := byID[id.(string)]; c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// ByApplicant implements foi.Store.
func (s *Store) ByApplicant(ctx context.Context, key string) ([]*foi.Case, error) {
	return s.query(ctx, `SELECT id FROM cases WHERE applicant_key = ? ORDER BY received, id`, key)
}

// OpenCases implements foi.Store.
func (s *Store) OpenCases(ctx context.Context) ([]*foi.Case, error) {
	return s.query(ctx, `SELECT id FROM cases WHERE signed = '' ORDER BY id`)
}

// Trackings implements foi.Store.
func (s *Store) Trackings(ctx context.Context, trk []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(trk); start += 500 {
		batch := trk[start:min(start+500, len(trk))]
		args := make([]any, len(batch))
		for i, t := range batch {
			args[i] = t
		}
		found, err := sqlrows.Query(ctx, s.db.R(), "trackings", sqlrows.Value[string],
			`SELECT tracking FROM cases WHERE tracking IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, t := range found {
			out[t] = true
		}
	}
	return out, nil
}

// ReportItems implements foi.Store.
func (s *Store) ReportItems(ctx context.Context, from, to calendar.Date) ([]foi.ReportItem, error) {
	return sqlrows.Query(ctx, s.db.R(), "report", func(row sqlrows.Scanner) (it foi.ReportItem, err error) {
		var received, signed string
		err = row.Scan(&it.Category, &received, &signed, &it.Outcome)
		it.Received, _ = calendar.Parse(received)
		if signed != "" {
			it.Signed, _ = calendar.Parse(signed)
		}
		return it, err
	}, `SELECT category, received, signed, outcome FROM cases
		WHERE received <= ? AND (signed = '' OR signed >= ?)`, to.String(), from.String())
}
