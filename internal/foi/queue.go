package foi

import (
	"context"
	"fmt"
	"sort"

	"gongkai/internal/calendar"
)

// Next is what a case waits for: who acts next and by when.
type Next struct {
	Role string        // the role that acts next; "" while waiting on the applicant or a third party
	What string        // in Chinese, for the queue
	By   calendar.Date // when it is due; zero if no date applies
}

// NextStep says what c waits for on the day of e.
func NextStep(c *Case, e Env) Next {
	dl := ComputeDeadline(c, e.Cal, e.today())
	due := func(what string) Next {
		return Next{Role: RoleHandler, What: fmt.Sprintf("%s（答复期限%s，%s）", what, dl.Due, daysLeftText(dl)), By: dl.Due}
	}
	switch c.Stage {
	case StageRegistered:
		n := Next{Role: RoleRegistrar, What: "待审核：受理、告知补正或直接答复", By: dl.Due}
		return n
	case StageReview:
		limit, _ := e.Cal.AddWorkingDays(c.Received, CorrectionWindow)
		what := "待审核：受理或直接答复"
		if c.Correction == nil && !e.today().After(limit) {
			what = fmt.Sprintf("待审核：受理、告知补正（最迟%s）或直接答复", limit)
		}
		return Next{Role: RoleRegistrar, What: what, By: dl.Due}
	case StageCorrection:
		if e.today().After(c.Correction.Due) {
			return Next{Role: RoleRegistrar, What: "补正期限" + c.Correction.Due.String() + "已届满：登记收到的补正，或按逾期不补正终止",
				By: c.Correction.Due}
		}
		return Next{What: "等待申请人补正（期限" + c.Correction.Due.String() + "）", By: c.Correction.Due}
	case StageHandling, StageConsulting:
		if c.Extension.Pending() {
			return Next{Role: RoleReviewer, What: fmt.Sprintf("待审核人批准延期%d个工作日（答复期限%s）", c.Extension.Days, dl.Due), By: dl.Due}
		}
		if k := c.openConsultation(); k != nil {
			by, _ := e.Cal.AddWorkingDays(k.Sent, ThirdPartyDays)
			return Next{Role: RoleHandler, What: "等待" + k.Party + "意见（应于" + by.String() + "前答复），收到后登记", By: by}
		}
		return due("待拟写答复")
	case StageReply:
		if !c.Answered() {
			n := due("待审核人审签答复")
			n.Role = RoleReviewer
			return n
		}
		return Next{Role: RoleRegistrar, What: "答复已签发，待送达并登记送达方式和日期", By: c.Reply.Signed}
	case StageDelivered:
		return Next{Role: RoleRegistrar, What: "已送达，待归档"}
	}
	return Next{}
}

func daysLeftText(dl Deadline) string {
	switch {
	case dl.Overdue:
		return fmt.Sprintf("已超期%d个工作日", -dl.DaysLeft)
	case dl.DaysLeft == 0:
		return "今日到期"
	}
	return fmt.Sprintf("剩余%d个工作日", dl.DaysLeft)
}

// QueueItem is one case in someone's queue.
type QueueItem struct {
	Case *Case
	Next Next
}

// Queue returns "my cases": the cases waiting for a's action, the most
// urgent first. A 承办人 gets the cases assigned to them and the
// unassigned ones of their 科室; a 审核人 the extensions and replies to
// approve; a 登记员 (and a 管理员) new applications, lapsed corrections,
// replies to serve and cases to archive.
func (s *Service) Queue(ctx context.Context, a Actor) ([]QueueItem, error) {
	if err := canList(a); err != nil {
		return nil, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	var cases []*Case
	for _, f := range []Filter{{Open: true}, {Stage: StageReply}, {Stage: StageDelivered}} {
		if a.Role == RoleHandler {
			f.Dept = a.Dept
		}
		f.Limit = MaxLimit
		page, _, err := s.Store.List(ctx, Query{Filter: f, Today: e.today()})
		if err != nil {
			return nil, err
		}
		cases = append(cases, page...)
	}
	role := a.Role
	if role == RoleAdmin {
		role = RoleRegistrar
	}
	seen := map[string]bool{}
	var out []QueueItem
	for _, c := range cases {
		if seen[c.ID] || !a.CanSee(c) {
			continue
		}
		seen[c.ID] = true
		n := NextStep(c, e)
		if n.Role != role || (role == RoleHandler && c.Handler != "" && c.Handler != a.Login) {
			continue
		}
		fill(c, e)
		out = append(out, QueueItem{Case: c, Next: n})
	}
	sort.SliceStable(out, func(i, j int) bool {
		bi, bj := out[i].Next.By, out[j].Next.By
		switch {
		case bi.IsZero() != bj.IsZero():
			return bj.IsZero()
		case bi != bj:
			return bi.Before(bj)
		}
		return out[i].Case.ID < out[j].Case.ID
	})
	return out, nil
}

// ApplicantView is every case of one applicant, merged across channels
// and years.
type ApplicantView struct {
	Applicant Applicant // as on their latest case
	Key       string
	Cases     []*Case // those a may see, oldest first
	Hidden    int     // cases of other 科室, not shown to a 承办人
	Open      int
	Answered  int
}

// Applicant returns the applicant view of the applicant of case id.
func (s *Service) Applicant(ctx context.Context, a Actor, id string) (*ApplicantView, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.ByApplicant(ctx, c.Applicant.Key())
	if err != nil {
		return nil, err
	}
	v := &ApplicantView{Applicant: c.Applicant, Key: c.Applicant.Key()}
	for _, x := range all {
		if !a.CanSee(x) {
			v.Hidden++
			continue
		}
		fill(x, e)
		v.Cases = append(v.Cases, x)
		v.Applicant = x.Applicant
		if x.Answered() {
			v.Answered++
		} else {
			v.Open++
		}
	}
	return v, nil
}
