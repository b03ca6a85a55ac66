package console

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
	"gongkai/internal/publish"
	"gongkai/internal/validate"
	"gongkai/internal/xlsx"
)

// Pages of events: events written and published, their sign-ups with the
// seat each holds (by the hub's seat rules), the waitlist promoted by
// those rules, the roster to print or export, the door's check-in page,
// and after the event the 意见建议 and the response published as a
// document linked to it.

func (s *Server) eventRoutes() []route {
	return append(editRoutes("/events", s.eventsPage, s.newEventPage, s.eventPage, s.saveEvent), []route{
		{"POST /events/{id}/promote", staffRoles, s.promoteWaitlist},
		{"POST /events/{id}/cancel/{trk}", staffRoles, s.cancelSignup},
		{"POST /events/{id}/feedback", staffRoles, s.draftEventFeedback},
		{"GET /events/{id}/roster", staffRoles, s.rosterPage},
		{"GET /events/{id}/roster.xlsx", staffRoles, s.rosterXLSX},
		// The door: the front desk checks people in too.
		{"GET /checkin", anyone, s.checkInList},
		{"GET /events/{id}/checkin", anyone, s.checkInPage},
		{"POST /events/{id}/checkin", anyone, s.checkInPost},
	}...)
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request, c *call) {
	listPage(s, w, r, c, "events", "活动报名", s.opt.Publish.Events)
}

type eventData struct {
	V          *publish.EventView // nil for a new event
	Form       form
	Categories []publish.Category
	CanPublish bool
	Feedback   form
}

// localLayout is an <input type="datetime-local"> value.
const localLayout = "2006-01-02T15:04"

func (s *Server) eventValues(e domain.Event) url.Values {
	return url.Values{"id": {e.ID}, "title": {e.Title}, "description": {e.Description}, "place": {e.Place},
		"start": {e.Start.In(s.opt.Location).Format(localLayout)}, "end": {e.End.In(s.opt.Location).Format(localLayout)},
		"capacity": {strconv.Itoa(e.Capacity)}, "max_attendees": {strconv.Itoa(max(e.MaxAttendees, 1))}, "terms": {e.Terms}}
}

func (s *Server) newEventPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.eventForm(w, r, c, http.StatusOK, form{Values: url.Values{"max_attendees": {"1"}}}, "")
}

// eventForm renders the form of a new event, or of the one in the path
// with its sign-ups.
func (s *Server) eventForm(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string) {
	if r.PathValue("id") != "" {
		s.showEvent(w, r, c, status, f, form{}, msg)
		return
	}
	s.render(w, r, c, status, "event", view{Title: "新建活动", Error: msg,
		Data: eventData{Form: f, CanPublish: canPublish(c.me())}})
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showEvent(w, r, c, http.StatusOK, form{}, form{}, "")
}

func (s *Server) showEvent(w http.ResponseWriter, r *http.Request, c *call, status int, f, fb form, msg string) {
	v, cats, err := withCategories(s, r, s.opt.Publish.Event)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if f.Values == nil {
		f.Values = s.eventValues(v.E)
	}
	s.render(w, r, c, status, "event", view{Title: "活动：" + v.E.Title, Error: msg,
		Data: eventData{V: v, Form: f, Categories: cats, CanPublish: canPublish(c.me()), Feedback: fb}})
}

func (s *Server) saveEvent(w http.ResponseWriter, r *http.Request, c *call) {
	r.ParseForm()
	v := r.PostForm
	errs := validate.FieldErrors{}
	e := domain.Event{ID: trimmed(v, "id"), Title: trimmed(v, "title"), Description: strings.TrimSpace(v.Get("description")),
		Place: trimmed(v, "place"), Terms: strings.TrimSpace(v.Get("terms"))}
	for key, t := range map[string]*time.Time{"start": &e.Start, "end": &e.End} {
		if x := trimmed(v, key); x != "" {
			p, err := time.ParseInLocation(localLayout, x, s.opt.Location)
			if err != nil {
				errs.Add(key, domain.Errorf(domain.EINVALID, "时间格式应为 年-月-日 时:分"))
			}
			*t = p
		}
	}
	for key, n := range map[string]*int{"capacity": &e.Capacity, "max_attendees": &e.MaxAttendees} {
		x, err := strconv.Atoi(trimmed(v, key))
		if err != nil {
			errs.Add(key, domain.Errorf(domain.EINVALID, "请填写整数"))
		}
		*n = x
	}
	err, id := errs.Err(), ""
	if err == nil {
		id, err = s.opt.Publish.SaveEvent(r.Context(), c.publisher(), r.PathValue("id"), e)
	}
	s.saved(w, r, c, err, "/events/"+url.PathEscape(id)+"?done=published", s.eventForm)
}

func (s *Server) promoteWaitlist(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	n, err := s.opt.Publish.Promote(r.Context(), c.publisher(), id)
	if err != nil {
		s.eventError(w, r, c, err, form{})
		return
	}
	done := "promoted"
	if n == 0 {
		done = "promoted0"
	}
	redirect(w, r, "/events/"+url.PathEscape(id)+"?done="+done+"#signups")
}

func (s *Server) cancelSignup(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if err := s.opt.Publish.CancelSignup(r.Context(), c.publisher(), id, r.PathValue("trk"), r.PostFormValue("reason")); err != nil {
		s.eventError(w, r, c, err, form{})
		return
	}
	redirect(w, r, "/events/"+url.PathEscape(id)+"?done=cancelled#signups")
}

func (s *Server) draftEventFeedback(w http.ResponseWriter, r *http.Request, c *call) {
	e, err := s.opt.Publish.DraftEventFeedback(r.Context(), c.publisher(), r.PathValue("id"), r.PostFormValue("collected"),
		r.PostFormValue("response"), r.PostFormValue("category"))
	if err != nil {
		s.eventError(w, r, c, err, form{Values: r.PostForm, Errs: fieldErrors(err)})
		return
	}
	redirect(w, r, "/docs/"+url.PathEscape(e.Doc.ID)+"?done=feedback")
}

func (s *Server) eventError(w http.ResponseWriter, r *http.Request, c *call, err error, fb form) {
	s.refused(w, r, c, err, func(status int, msg string) { s.showEvent(w, r, c, status, form{}, fb, msg) })
}

type rosterData struct {
	V      *publish.EventView
	Rows   []publish.Signup
	People int
}

func (s *Server) rosterPage(w http.ResponseWriter, r *http.Request, c *call) {
	v, rows, err := s.opt.Publish.Roster(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), accounts.ActionExport, "活动签到名册 "+v.E.ID); err != nil {
		s.fail(w, r, c, err)
		return
	}
	people := 0
	for _, x := range rows {
		people += x.Attendees
	}
	s.render(w, r, c, http.StatusOK, "roster", view{Title: "签到名册：" + v.E.Title, Data: rosterData{V: v, Rows: rows, People: people}})
}

func (s *Server) rosterXLSX(w http.ResponseWriter, r *http.Request, c *call) {
	v, rows, err := s.opt.Publish.Roster(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	cells := [][]xlsx.Cell{{xlsx.Bold("序号"), xlsx.Bold("姓名"), xlsx.Bold("手机号码"), xlsx.Bold("人数"), xlsx.Bold("受理编号"),
		xlsx.Bold("报名时间"), xlsx.Bold("签到时间")}}
	for i, x := range rows {
		in := ""
		if !x.CheckedIn.IsZero() {
			in = x.CheckedIn.In(s.opt.Location).Format("2006-01-02 15:04")
		}
		cells = append(cells, []xlsx.Cell{xlsx.Int(i + 1), xlsx.Text(x.Name), xlsx.Text(x.Mobile), xlsx.Int(x.Attendees),
			xlsx.Text(x.Tracking), xlsx.Text(x.Received.In(s.opt.Location).Format("2006-01-02 15:04")), xlsx.Text(in)})
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, s.opt.Now(), xlsx.Sheet{Name: "签到名册", Rows: cells, Widths: []float64{6, 12, 14, 6, 22, 18, 18}, FreezeRow: 1}); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), accounts.ActionExport, "活动签到名册 "+v.E.ID+"（XLSX）"); err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendAs(w, v.E.ID+"-签到名册.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}

// checkInList is the door's way in: the events not yet over, each with
// its check-in page (the front desk sees no other event page).
func (s *Server) checkInList(w http.ResponseWriter, r *http.Request, c *call) {
	evs, err := s.opt.Publish.Events(r.Context())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	var open []publish.EventView
	for _, v := range evs {
		if v.Phase != publish.EventOver {
			open = append(open, v)
		}
	}
	s.render(w, r, c, http.StatusOK, "checkins", view{Title: "现场签到", Data: open})
}

type checkInData struct {
	V      *publish.EventView
	Result *publish.CheckInResult
}

func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showCheckIn(w, r, c, http.StatusOK, nil, "")
}

func (s *Server) showCheckIn(w http.ResponseWriter, r *http.Request, c *call, status int, res *publish.CheckInResult, msg string) {
	v, err := s.opt.Publish.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, status, "checkin", view{Title: "签到：" + v.E.Title, Error: msg, Data: checkInData{V: v, Result: res}})
}

// checkInPost takes what the scanner typed (the receipt QR's URL, ended by
// its Enter) or what staff typed, and answers on the same page at once,
// the field empty and focused for the next person.
func (s *Server) checkInPost(w http.ResponseWriter, r *http.Request, c *call) {
	res, err := s.opt.Publish.CheckIn(r.Context(), c.publisher(), r.PathValue("id"), r.PostFormValue("scan"))
	if err != nil {
		s.refused(w, r, c, err, func(status int, msg string) { s.showCheckIn(w, r, c, status, nil, msg) })
		return
	}
	status := http.StatusOK
	if res.Already {
		status = http.StatusConflict
	}
	s.showCheckIn(w, r, c, status, res, "")
}

func init() {
	flashes["promoted"] = "已按报名先后递补候补报名。"
	flashes["promoted0"] = "目前没有空余名额可供递补（候补按报名先后自动递补，不能越过排在前面的报名）。"
	flashes["cancelled"] = "报名已取消，名额按规则递补给候补。"
}
