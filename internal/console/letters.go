package console

import (
	"fmt"
	"net/http"
	"strconv"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
)

// ActionLetter is the audit log's word for a letter taken out of the
// console: it carries the applicant's name and request.
const ActionLetter accounts.Action = "下载文书"

// letterPage sends a letter of the correspondence log (by its number N)
// as the PDF kept with the case.
func (s *Server) letterPage(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	n, _ := strconv.Atoi(r.PathValue("n"))
	fc, err := s.opt.Cases.Get(r.Context(), c.actor(), id)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	for _, k := range fc.Correspondence {
		if k.N != n || k.LetterID == 0 {
			continue
		}
		l, err := s.opt.Cases.LetterFile(r.Context(), c.actor(), fc.ID, k.LetterID)
		if err != nil {
			s.fail(w, r, c, err)
			return
		}
		s.sendLetter(w, r, c, fc.ID, k.Title, l.PDF)
		return
	}
	s.fail(w, r, c, &domain.Error{Code: domain.ENOTFOUND, Message: "该案件没有这份文书"})
}

// replyLetter sends the reply letter: as issued once signed, before that
// a preview of the draft marked 草稿.
func (s *Server) replyLetter(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	pdf, err := s.opt.Cases.Letter(r.Context(), c.actor(), id)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.sendLetter(w, r, c, id, "答复书", pdf)
}

func (s *Server) sendLetter(w http.ResponseWriter, r *http.Request, c *call, id, title string, pdf []byte) {
	if err := s.acc.Record(r.Context(), c.login(), ActionLetter, fmt.Sprintf("案件 %s；%s", id, title)); err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendFile(w, id+"-"+title+".pdf", pdf)
}
