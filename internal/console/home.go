package console

import (
	"net/http"

	"gongkai/internal/foi"
)

// queueRow is one line of "my cases": the case and what it waits for.
type queueRow struct {
	caseRow
	Next foi.Next
}

// home is the 工作台: for those who work cases, "my cases", what waits
// for this account's action, most urgent first (a 承办人's assigned and
// unassigned cases, a 审核人's extensions and replies to approve, a 登记员's
// applications to review, serve and archive).
func (s *Server) home(w http.ResponseWriter, r *http.Request, c *call) {
	if s.opt.Cases == nil || !caseRoles(c.me()) {
		s.render(w, r, c, http.StatusOK, "home", view{Title: "工作台"})
		return
	}
	items, err := s.opt.Cases.Queue(r.Context(), c.actor())
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	rows := make([]queueRow, len(items))
	for i, it := range items {
		rows[i] = queueRow{caseRow: rowsOf([]*foi.Case{it.Case})[0], Next: it.Next}
	}
	s.render(w, r, c, http.StatusOK, "home", view{Title: "工作台", Data: rows})
}
