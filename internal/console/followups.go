package console

import (
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/accounts"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/submission"
)

// Pages of 办事堵点 and 好差评: the reports and ratings kiosks sealed, who
// handles each, the reply that reaches the visitor's kiosk, and for every
// 不满意 or 非常不满意 the 整改 and the 回访 that clear its flag; the
// monthly statistics by rating.

func (s *Server) followUpRoutes() []route {
	return []route{
		{"GET /feedback", staffRoles, s.followUpsPage},
		{"GET /feedback/stats", staffRoles, s.ratingStatsPage},
		{"GET /feedback/{trk}", staffRoles, s.followUpPage},
		{"POST /feedback/{trk}/{step}", staffRoles, s.followUp},
	}
}

type followUpsData struct {
	Rows    []publish.Report
	Kind    string
	Flagged bool
	Mine    bool
	Open    bool
	Kinds   []string
	Names   map[string]string // login -> name
}

// names maps logins to names for the assignee column.
func (s *Server) names(r *http.Request) (map[string]string, []*accounts.Account, error) {
	list, err := s.acc.List(r.Context())
	if err != nil {
		return nil, nil, err
	}
	m := map[string]string{}
	var staff []*accounts.Account
	for _, a := range list {
		m[a.Login] = a.Name
		if caseRoles(a) && !a.Disabled {
			staff = append(staff, a)
		}
	}
	return m, staff, nil
}

func (s *Server) followUpsPage(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	d := followUpsData{Kind: q.Get("kind"), Flagged: q.Get("flagged") == "1", Mine: q.Get("mine") == "1", Open: q.Get("open") == "1",
		Kinds: []string{submission.TargetObstacle, "评价"}}
	f := publish.ReportFilter{Kind: d.Kind, Flagged: d.Flagged, Open: d.Open}
	if d.Mine {
		f.Assignee = c.login()
	}
	var err error
	if d.Rows, err = s.opt.Publish.Reports(r.Context(), f); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if d.Names, _, err = s.names(r); err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "reports", view{Title: "办事堵点与好差评", Data: d})
}

type followUpData struct {
	R         *publish.Report
	Staff     []*accounts.Account
	Names     map[string]string
	CanAssign bool
	Form      form
}

func (s *Server) followUpPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showFollowUp(w, r, c, http.StatusOK, form{}, "")
}

func (s *Server) showFollowUp(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string) {
	rep, err := s.opt.Publish.Report(r.Context(), r.PathValue("trk"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	names, staff, err := s.names(r)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	a := c.me()
	s.render(w, r, c, status, "report-item", view{Title: rep.Kind() + " " + rep.Tracking, Error: msg, Data: followUpData{R: rep, Staff: staff,
		Names: names, Form: f, CanAssign: a.Role == accounts.RoleRegistrar || a.Role == accounts.RoleReviewer || a.Role == accounts.RoleAdmin}})
}

func (s *Server) followUp(w http.ResponseWriter, r *http.Request, c *call) {
	trk, step := r.PathValue("trk"), r.PathValue("step")
	_, err := s.opt.Publish.FollowUp(r.Context(), c.publisher(), trk, step, r.PostFormValue("text"))
	s.saved(w, r, c, err, "/feedback/"+url.PathEscape(trk)+"?done=saved", s.showFollowUp)
}

type ratingStatsData struct {
	Year    int
	Years   []int
	Ratings []string
	Months  []publish.MonthStats
	Total   publish.MonthStats
}

func (s *Server) ratingStatsPage(w http.ResponseWriter, r *http.Request, c *call) {
	this := calendar.Today(s.opt.Now()).Year
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > this+1 {
		year = this
	}
	months, total, err := s.opt.Publish.RatingStats(r.Context(), year)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	var years []int
	for y := this; y > this-5; y-- {
		years = append(years, y)
	}
	s.render(w, r, c, http.StatusOK, "ratingstats", view{Title: "好差评统计 " + strconv.Itoa(year) + " 年",
		Data: ratingStatsData{Year: year, Years: years, Ratings: submission.Ratings, Months: months, Total: total}})
}
