package console

import (
	"net/http"

	"gongkai/internal/foi"
)

// applicantData is the applicant view: every case of the applicant of one
// case, merged, newest first.
type applicantData struct {
	From      *foi.Case
	Applicant foi.Applicant
	Rows      []caseRow
	Total     int
}

// applicantPage finds the applicant by a case, never by a name or number
// in the URL: request paths are logged, personal data must not be.
func (s *Server) applicantPage(w http.ResponseWriter, r *http.Request, c *call) {
	fc, err := s.opt.Cases.Get(r.Context(), c.actor(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	p, err := s.opt.Cases.List(r.Context(), c.actor(), foi.Filter{Applicant: fc.Applicant.Key(), Limit: foi.MaxLimit})
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "applicant", view{Title: "申请人：" + fc.Applicant.Name,
		Data: applicantData{From: fc, Applicant: fc.Applicant, Rows: rowsOf(p.Cases), Total: p.Total}})
}
