package console

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai/internal/domain"
	"gongkai/internal/publish"
)

// Pages of 意见征集: consultations opened and closed, the comments kiosks
// sealed (opened at the hub), a decision on each, and the 公众意见反馈情况
// drafted as a document and published linked to the consultation.

func (s *Server) consultationRoutes() []route {
	return append(editRoutes("/consultations", s.consultationsPage, s.newConsultationPage, s.consultationPage, s.saveConsultation),
		route{"POST /consultations/{id}/close", staffRoles, s.closeConsultation},
		route{"POST /consultations/{id}/comments/{trk}", staffRoles, s.decideComment},
		route{"POST /consultations/{id}/feedback", staffRoles, s.draftConsultationFeedback})
}

func (s *Server) consultationsPage(w http.ResponseWriter, r *http.Request, c *call) {
	listPage(s, w, r, c, "consultations", "意见征集", s.opt.Publish.Consultations)
}

type consultationData struct {
	V          *publish.ConsultationView // nil for a new one
	Form       form
	Decisions  []string
	Categories []publish.Category
	CanPublish bool
	Errs       map[string]form // decision forms sent back, by tracking number
}

func consultationValues(v *publish.ConsultationView) url.Values {
	c := v.C
	return url.Values{"id": {c.ID}, "title": {c.Title}, "summary": {c.Summary}, "document": {c.DocumentID},
		"opens": {c.Opens}, "closes": {c.Closes}, "draft": {v.Draft}, "questions": {strings.Join(c.Questions, "\n")}}
}

func (s *Server) newConsultationPage(w http.ResponseWriter, r *http.Request, c *call) {
	today := s.opt.Now().In(s.opt.Location).Format(domain.DateLayout)
	s.consultationForm(w, r, c, http.StatusOK, form{Values: url.Values{"opens": {today}}}, "")
}

// consultationForm renders the form of a new consultation, or of the one
// in the path with all it holds.
func (s *Server) consultationForm(w http.ResponseWriter, r *http.Request, c *call, status int, f form, msg string) {
	if r.PathValue("id") != "" {
		s.showConsultation(w, r, c, status, f, nil, msg)
		return
	}
	s.render(w, r, c, status, "consultation", view{Title: "新建意见征集", Error: msg,
		Data: consultationData{Form: f, CanPublish: canPublish(c.me())}})
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request, c *call) {
	s.showConsultation(w, r, c, http.StatusOK, form{}, nil, "")
}

func (s *Server) showConsultation(w http.ResponseWriter, r *http.Request, c *call, status int, f form, errs map[string]form, msg string) {
	v, cats, err := withCategories(s, r, s.opt.Publish.Consultation)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if f.Values == nil {
		f.Values = consultationValues(v)
	}
	s.render(w, r, c, status, "consultation", view{Title: "意见征集：" + v.C.Title, Error: msg,
		Data: consultationData{V: v, Form: f, Decisions: publish.Decisions, Categories: cats, CanPublish: canPublish(c.me()), Errs: errs}})
}

func (s *Server) saveConsultation(w http.ResponseWriter, r *http.Request, c *call) {
	r.ParseForm()
	v := r.PostForm
	in := publish.ConsultationInput{Orig: r.PathValue("id"), DraftSource: strings.ReplaceAll(v.Get("draft"), "\r\n", "\n"), Questions: v.Get("questions"),
		C: domain.Consultation{ID: trimmed(v, "id"), Title: trimmed(v, "title"), Summary: trimmed(v, "summary"),
			DocumentID: trimmed(v, "document"), Opens: trimmed(v, "opens"), Closes: trimmed(v, "closes")}}
	id, err := s.opt.Publish.SaveConsultation(r.Context(), c.publisher(), in)
	s.saved(w, r, c, err, "/consultations/"+url.PathEscape(id)+"?done=published", s.consultationForm)
}

func (s *Server) closeConsultation(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	if _, err := s.opt.Publish.CloseConsultation(r.Context(), c.publisher(), id); err != nil {
		s.consultationError(w, r, c, err, nil)
		return
	}
	redirect(w, r, "/consultations/"+url.PathEscape(id)+"?done=closed")
}

func (s *Server) decideComment(w http.ResponseWriter, r *http.Request, c *call) {
	id, trk := r.PathValue("id"), r.PathValue("trk")
	err := s.opt.Publish.Decide(r.Context(), c.publisher(), id, trk, r.PostFormValue("decision"), r.PostFormValue("reason"))
	if err != nil {
		s.consultationError(w, r, c, err, map[string]form{trk: {Values: r.PostForm, Errs: fieldErrors(err)}})
		return
	}
	redirect(w, r, "/consultations/"+url.PathEscape(id)+"?done=decided#c-"+url.PathEscape(trk))
}

func (s *Server) draftConsultationFeedback(w http.ResponseWriter, r *http.Request, c *call) {
	e, err := s.opt.Publish.DraftConsultationFeedback(r.Context(), c.publisher(), r.PathValue("id"), r.PostFormValue("category"))
	if err != nil {
		s.consultationError(w, r, c, err, nil)
		return
	}
	redirect(w, r, "/docs/"+url.PathEscape(e.Doc.ID)+"?done=feedback")
}

func (s *Server) consultationError(w http.ResponseWriter, r *http.Request, c *call, err error, errs map[string]form) {
	s.refused(w, r, c, err, func(status int, msg string) { s.showConsultation(w, r, c, status, form{}, errs, msg) })
}

func init() {
	flashes["published"] = "已发布，终端下次同步时更新。"
	flashes["closed"] = "已截止：终端自今天起不再接收该征集的意见。"
	flashes["decided"] = "采纳情况已保存。"
	flashes["feedback"] = "已起草反馈情况。请核对修改后由审核人发布；发布时与意见征集一并更新到终端，并告知每位提意见的群众。"
}
