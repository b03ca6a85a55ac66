package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/pgdb"
	"gongkai/internal/validate"
)

// Cases is what the console needs of the case service (internal/foi's
// Service): every rule about who may see or do what lives there, the
// console only shows it.
type Cases interface {
	List(ctx context.Context, a foi.Actor, f foi.Filter) (foi.Page, error)
	Get(ctx context.Context, a foi.Actor, id string) (*foi.Case, error)
	Do(ctx context.Context, a foi.Actor, id string, act foi.Action) (*foi.Case, error)
	Register(ctx context.Context, a foi.Actor, r foi.Registration) (*foi.Case, error)
	ImportKiosk(ctx context.Context) (int, error)
	Queue(ctx context.Context, a foi.Actor) ([]foi.QueueItem, error)
	Applicant(ctx context.Context, a foi.Actor, id string) (*foi.ApplicantView, error)

	Letter(ctx context.Context, a foi.Actor, id string) ([]byte, error)
	LetterFile(ctx context.Context, a foi.Actor, id string, letterID int64) (*foi.LetterFile, error)
	Templates(ctx context.Context) ([]foi.Template, error)
	Template(ctx context.Context, key string) (foi.Template, error)
	SaveTemplate(ctx context.Context, a foi.Actor, t foi.Template) error
	ResetTemplate(ctx context.Context, a foi.Actor, key string) error
	PreviewTemplate(ctx context.Context, a foi.Actor, t foi.Template, id string) ([]byte, error)
	Settings(ctx context.Context) (foi.Settings, error)
	SaveSettings(ctx context.Context, a foi.Actor, set foi.Settings) error

	AddFile(ctx context.Context, a foi.Actor, id, name, mediaType string, data []byte) (*foi.File, error)
	Files(ctx context.Context, a foi.Actor, id string) ([]foi.File, error)
	File(ctx context.Context, a foi.Actor, id string, fileID int64) (*foi.File, error)

	AnnualReport(ctx context.Context, year int) (*foi.Report, error)
}

// actor is the account as the case service knows it.
func (c *call) actor() foi.Actor {
	a := c.me()
	return foi.Actor{Login: a.Login, Name: a.Name, Role: string(a.Role), Dept: a.Dept}
}

// caseRoles may open the register: everyone but 前台.
var caseRoles = roles(accounts.RoleRegistrar, accounts.RoleHandler, accounts.RoleReviewer, accounts.RoleAdmin)

// deskRoles register applications.
var deskRoles = roles(accounts.RoleRegistrar, accounts.RoleAdmin)

// registerQuery is the register's filter form as typed, kept in the page
// and the export links.
type registerQuery struct {
	Stage, Dept, Channel, Text, Sort string
	Year                             int
	Overdue, DueSoon, Open           bool
	Page                             int
}

func parseRegisterQuery(q url.Values) registerQuery {
	rq := registerQuery{Stage: q.Get("stage"), Dept: q.Get("dept"), Channel: q.Get("channel"),
		Text: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"),
		Overdue: q.Get("overdue") == "1", DueSoon: q.Get("soon") == "1", Open: q.Get("open") == "1"}
	rq.Year, _ = strconv.Atoi(q.Get("year"))
	rq.Page, _ = strconv.Atoi(q.Get("page"))
	rq.Page = max(rq.Page, 1)
	return rq
}

// values is the query string of rq without its page.
func (rq registerQuery) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("stage", rq.Stage)
	set("dept", rq.Dept)
	set("channel", rq.Channel)
	set("q", rq.Text)
	set("sort", rq.Sort)
	if rq.Year != 0 {
		v.Set("year", strconv.Itoa(rq.Year))
	}
	for k, on := range map[string]bool{"overdue": rq.Overdue, "soon": rq.DueSoon, "open": rq.Open} {
		if on {
			v.Set(k, "1")
		}
	}
	return v
}

// Query is rq's query string without the page, for links.
func (rq registerQuery) Query() string { return rq.values().Encode() }

// PageQuery is rq's query string on page n.
func (rq registerQuery) PageQuery(n int) string {
	v := rq.values()
	v.Set("page", strconv.Itoa(n))
	return v.Encode()
}

func (rq registerQuery) filter(limit int) foi.Filter {
	return foi.Filter{Stage: foi.Stage(rq.Stage), Dept: rq.Dept, Channel: rq.Channel, Text: rq.Text, Sort: rq.Sort,
		Year: rq.Year, Overdue: rq.Overdue, DueSoon: rq.DueSoon, Open: rq.Open,
		Offset: (rq.Page - 1) * limit, Limit: limit}
}

// registerData is the 台账 page.
type registerData struct {
	Q        registerQuery
	Page     foi.Page
	Rows     []caseRow
	Stages   []foi.Stage
	Channels []string
	Depts    []string
	Years    []int
	Prev     int
	Next     int
	First    int // the row number of the first row shown
	Last     int
	CanAdd   bool
	Handler  bool // a 承办人: the 科室 filter is theirs alone
}

// caseRow is a case as a line of the register.
type caseRow struct {
	*foi.Case
	Class string // "overdue", "soon" or ""
}

func rowsOf(cases []*foi.Case) []caseRow {
	out := make([]caseRow, len(cases))
	for i, c := range cases {
		out[i] = caseRow{Case: c}
		switch {
		case c.Deadline.Overdue:
			out[i].Class = "overdue"
		case c.Deadline.DueSoon:
			out[i].Class = "soon"
		}
	}
	return out
}

// registerLimit is how many rows one page of the register shows.
const registerLimit = foi.DefaultLimit

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request, c *call) {
	rq := parseRegisterQuery(r.URL.Query())
	a := c.me()
	if a.Role == accounts.RoleHandler {
		rq.Dept = a.Dept
	}
	// Opening the register brings in what kiosks sent since; a kiosk
	// record the hub cannot open is reported, the register still shows.
	var notice string
	if _, err := s.opt.Cases.ImportKiosk(r.Context()); err != nil {
		var de *domain.Error
		if !errors.As(err, &de) {
			s.fail(w, r, c, err)
			return
		}
		notice = de.Message
	}
	page, err := s.opt.Cases.List(r.Context(), c.actor(), rq.filter(registerLimit))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	depts, err := s.acc.Depts(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	d := registerData{Q: rq, Page: page, Rows: rowsOf(page.Cases), Stages: foi.Stages, Channels: foi.Channels,
		Depts: depts, Years: s.years(), CanAdd: deskRoles(a), Handler: a.Role == accounts.RoleHandler}
	if len(page.Cases) > 0 {
		d.First, d.Last = page.Offset+1, page.Offset+len(page.Cases)
	}
	if rq.Page > 1 {
		d.Prev = rq.Page - 1
	}
	if page.Offset+len(page.Cases) < page.Total {
		d.Next = rq.Page + 1
	}
	s.render(w, r, c, http.StatusOK, "cases", view{Title: "台账", Error: notice, Data: d})
}

// years offers the receipt years from the console's first year of use
// (2019, the 条例's revision) to this one.
func (s *Server) years() []int {
	this := calendar.Today(s.opt.Now()).Year
	var out []int
	for y := this; y >= max(2019, this-9); y-- {
		out = append(out, y)
	}
	return out
}

// importKiosk registers the kiosk applications not yet in the register.
func (s *Server) importKiosk(w http.ResponseWriter, r *http.Request, c *call) {
	n, err := s.opt.Cases.ImportKiosk(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	done := "imported0"
	if n > 0 {
		done = "imported"
	}
	redirect(w, r, "/cases?done="+done)
}

// fieldErrors returns the per-field errors of a form the service refused,
// nil for any other error.
func fieldErrors(err error) validate.FieldErrors {
	var fe validate.FieldErrors
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}

// message is what a page says of err: the domain message, or for a form
// with field errors each field's message in turn.
func message(err error) string {
	if pgdb.Transient(err) {
		return errDatabase.Message
	}
	if fe := fieldErrors(err); fe != nil {
		msgs := make([]string, 0, len(fe))
		for _, k := range fe.Fields() {
			msgs = append(msgs, fe[k].Message)
		}
		return "请修改后再提交：" + strings.Join(msgs, "；")
	}
	return domain.ErrorMessage(err)
}
