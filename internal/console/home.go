package console

import (
	"net/http"

	"gongkai/internal/accounts"
	"gongkai/internal/foi"
)

// queue is one list of the 工作台: cases waiting for this account, most
// urgent first.
type queue struct {
	Title string
	Empty string
	Rows  []caseRow
	More  string // a register link showing them all, when cut short
}

// queueLimit is how many cases one queue shows on the 工作台.
const queueLimit = 200

// home is the 工作台: what is due next for the account's role ("my
// cases"): a 承办人's open cases, a 审核人's replies to sign and extensions
// to approve, a 登记员's applications to review, serve and archive.
func (s *Server) home(w http.ResponseWriter, r *http.Request, c *call) {
	if s.opt.Cases == nil || !caseRoles(c.me()) {
		s.render(w, r, c, http.StatusOK, "home", view{Title: "工作台"})
		return
	}
	var qs []queue
	add := func(title, empty, more string, f foi.Filter, keep func(*foi.Case) bool) error {
		f.Sort, f.Limit = foi.SortDue, queueLimit
		p, err := s.opt.Cases.List(r.Context(), c.actor(), f)
		if err != nil {
			return err
		}
		var cases []*foi.Case
		for _, fc := range p.Cases {
			if keep == nil || keep(fc) {
				cases = append(cases, fc)
			}
		}
		q := queue{Title: title, Empty: empty, Rows: rowsOf(cases)}
		if p.Total > len(p.Cases) {
			q.More = more
		}
		qs = append(qs, q)
		return nil
	}
	unsigned := func(fc *foi.Case) bool { return !fc.Answered() }
	signed := func(fc *foi.Case) bool { return fc.Answered() }
	pendingExt := func(fc *foi.Case) bool { return fc.Extension.Pending() }
	var err error
	a := c.me()
	switch a.Role {
	case accounts.RoleHandler:
		err = add("我承办的案件", "目前没有分给您的未办结案件。", "/cases?open=1&sort=due",
			foi.Filter{Handler: a.Login, Open: true}, nil)
		if err == nil {
			err = add("本科室未分配承办人的案件", "没有。", "/cases?open=1&sort=due",
				foi.Filter{Dept: a.Dept, Open: true}, func(fc *foi.Case) bool { return fc.Handler == "" })
		}
	case accounts.RoleReviewer:
		err = add("待审签的答复", "没有等待审签的答复。", "/cases?stage=答复", foi.Filter{Stage: foi.StageReply}, unsigned)
		if err == nil {
			err = add("待批准的延期申请", "没有等待批准的延期。", "/cases?open=1", foi.Filter{Open: true}, pendingExt)
		}
	default:
		for _, st := range []struct {
			title string
			f     foi.Filter
			keep  func(*foi.Case) bool
		}{
			{"新登记、待审核的申请", foi.Filter{Stage: foi.StageRegistered}, nil},
			{"审核中的申请", foi.Filter{Stage: foi.StageReview}, nil},
			{"等待申请人补正", foi.Filter{Stage: foi.StageCorrection}, nil},
			{"已签发、待送达的答复", foi.Filter{Stage: foi.StageReply}, signed},
			{"已送达、待归档", foi.Filter{Stage: foi.StageDelivered}, nil},
		} {
			if err = add(st.title, "没有。", "/cases?stage="+string(st.f.Stage), st.f, st.keep); err != nil {
				break
			}
		}
	}
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "home", view{Title: "工作台", Data: qs})
}
