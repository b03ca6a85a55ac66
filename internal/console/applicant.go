package console

import (
	"net/http"
)

// applicantPage is the applicant view: every case of the applicant of one
// case, merged across channels and years. The applicant is found by a
// case, never by a name or number in the URL: request paths are logged,
// personal data must not be.
func (s *Server) applicantPage(w http.ResponseWriter, r *http.Request, c *call) {
	v, err := s.opt.Cases.Applicant(r.Context(), c.actor(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "applicant", view{Title: "申请人：" + v.Applicant.Name,
		Data: struct {
			View any
			From string
			Rows []caseRow
		}{v, r.PathValue("id"), rowsOf(v.Cases)}})
}
