package console

import (
	"net/http"
	"strconv"

	"gongkai/internal/accounts"
	"gongkai/internal/auditlog"
	"gongkai/internal/domain"
)

// auditPageSize is how many entries one page of the audit log shows.
const auditPageSize = 100

type auditData struct {
	Entries  []accounts.Entry
	Head     auditlog.Head
	Broken   string // the verification failure, if any
	Page     int
	PrevPage int // 0 when there is none
	NextPage int
}

// auditPage shows the console's audit log, newest first, under the result
// of re-walking the whole chain.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, c *call) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	d := auditData{Page: page}
	var err error
	d.Head, err = s.acc.VerifyAudit(r.Context())
	if domain.ErrorCode(err) == domain.ECONFLICT {
		d.Broken = domain.ErrorMessage(err)
	} else if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if d.Entries, err = s.acc.Audit(r.Context(), auditPageSize+1, (page-1)*auditPageSize); err != nil {
		s.fail(w, r, c, err)
		return
	}
	if len(d.Entries) > auditPageSize {
		d.Entries, d.NextPage = d.Entries[:auditPageSize], page+1
	}
	if page > 1 {
		d.PrevPage = page - 1
	}
	s.render(w, r, c, http.StatusOK, "audit", view{Title: "审计日志", Data: d})
}
