package publish

import (
	"context"
	"sort"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/submission"
)

// Work is what the desk did with one 办事堵点 report or 好差评 rating: who
// handles it, the reply (sent to the visitor's kiosk), and for a bad
// rating the 整改 (what was put right) and the 回访 (the follow-up call).
type Work struct {
	Tracking      string
	Assignee      string // login
	Reply         string
	RepliedAt     time.Time
	RepliedBy     string
	Rectification string
	RectifiedAt   time.Time
	RectifiedBy   string
	Callback      string
	CalledAt      time.Time
	CalledBy      string
}

// Report is a 办事堵点 report or a rating with the desk's work on it.
type Report struct {
	Feedback
	Work Work
	// Bad is a 不满意 or 非常不满意 rating; Flagged says it still lacks
	// its 整改 or its 回访.
	Bad, Flagged bool
}

// Kind is 办事堵点 for a report, else 评价 (a rating of the disclosure
// work or of a consultation's handling).
func (r Report) Kind() string {
	if r.Target == submission.TargetObstacle {
		return submission.TargetObstacle
	}
	return "评价"
}

// ReportFilter narrows the list.
type ReportFilter struct {
	Kind     string // submission.TargetObstacle or "评价"; "" for both
	Flagged  bool   // only bad ratings still lacking 整改 or 回访
	Assignee string // only those assigned to this login
	Open     bool   // only those not replied to yet
}

// isReport says whether a feedback submission is followed up here: a
// 办事堵点 report, or anything with a rating.
func isReport(f Feedback) bool {
	return f.Target == submission.TargetObstacle || f.Rating != ""
}

func (s *Service) reports(ctx context.Context) ([]Report, error) {
	fbs, err := s.Inbox.Feedback(ctx)
	if err != nil {
		return nil, err
	}
	ws, err := s.Store.Works(ctx)
	if err != nil {
		return nil, err
	}
	byTrk := map[string]Work{}
	for _, w := range ws {
		byTrk[w.Tracking] = w
	}
	var out []Report
	for _, f := range fbs {
		if !isReport(f) {
			continue
		}
		r := Report{Feedback: f, Work: byTrk[f.Tracking], Bad: submission.IsBadRating(f.Rating)}
		r.Work.Tracking = f.Tracking
		r.Flagged = r.Bad && (r.Work.Rectification == "" || r.Work.Callback == "")
		out = append(out, r)
	}
	return out, nil
}

// Reports lists reports and ratings, flagged ones first, then newest
// first.
func (s *Service) Reports(ctx context.Context, f ReportFilter) ([]Report, error) {
	all, err := s.reports(ctx)
	if err != nil {
		return nil, err
	}
	var out []Report
	for _, r := range all {
		switch {
		case f.Kind != "" && r.Kind() != f.Kind,
			f.Flagged && !r.Flagged,
			f.Assignee != "" && r.Work.Assignee != f.Assignee,
			f.Open && r.Work.Reply != "":
			continue
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Flagged != out[j].Flagged {
			return out[i].Flagged
		}
		return out[i].Received.After(out[j].Received)
	})
	return out, nil
}

// Report returns one report or rating.
func (s *Service) Report(ctx context.Context, tracking string) (*Report, error) {
	all, err := s.reports(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Tracking == tracking {
			return &all[i], nil
		}
	}
	return nil, notFound("受理编号 " + tracking + " 的问题反映或评价")
}

// mayAssign: the desk that hands out work (登记员), its reviewers and the
// administrator.
func (a Actor) mayAssign() bool {
	return a.Role == RoleRegistrar || a.Role == RoleReviewer || a.Role == RoleAdmin
}

// Follow-up steps.
const (
	StepAssign  = "assign"
	StepReply   = "reply"
	StepRectify = "rectify"
	StepCall    = "callback"
)

// MaxReply is the longest reply: the kiosk's status note.
const MaxReply = 200

// FollowUp records one step on a report: assign (text is the assignee's
// login), reply (sent to the visitor's kiosk as 已答复 with the text, as
// an application's status reaches its 办理进度查询), rectify (the 整改
// done) or callback (the 回访's result). A bad rating's flag clears when
// both 整改 and 回访 are recorded; then the visitor's kiosk shows 已办结.
func (s *Service) FollowUp(ctx context.Context, a Actor, tracking, step, text string) (*Report, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	text = strings.TrimSpace(text)
	r, err := s.Report(ctx, tracking)
	if err != nil {
		return nil, err
	}
	w, now := r.Work, s.now()
	max, label := MaxDecisionReason, ""
	switch step {
	case StepAssign:
		if !a.mayAssign() {
			return nil, errAssign
		}
		if msg := catalog.CheckText("承办人", text, 64); msg != "" {
			return nil, fieldErrors([]catalog.FieldProblem{{Key: step, Message: msg}})
		}
		w.Assignee, label = text, "分派"
	case StepReply:
		max, label = MaxReply, "答复"
		w.Reply, w.RepliedAt, w.RepliedBy = text, now, a.Login
	case StepRectify:
		if !r.Bad {
			return nil, invalidf("只有不满意、非常不满意的评价需要记录整改")
		}
		label = "整改情况"
		w.Rectification, w.RectifiedAt, w.RectifiedBy = text, now, a.Login
	case StepCall:
		if !r.Bad {
			return nil, invalidf("只有不满意、非常不满意的评价需要回访")
		}
		if w.Rectification == "" {
			return nil, invalidf("请先记录整改情况，再记录回访结果")
		}
		label = "回访结果"
		w.Callback, w.CalledAt, w.CalledBy = text, now, a.Login
	default:
		return nil, notFound("该操作")
	}
	if step != StepAssign {
		if text == "" {
			return nil, fieldErrors([]catalog.FieldProblem{{Key: step, Message: "请填写" + label}})
		}
		if msg := catalog.CheckText(label, strings.ReplaceAll(text, "\n", " "), max); msg != "" {
			return nil, fieldErrors([]catalog.FieldProblem{{Key: step, Message: msg}})
		}
	}
	if err := s.Store.PutWork(ctx, w); err != nil {
		return nil, err
	}
	switch {
	case step == StepReply:
		err = s.Inbox.Reply(ctx, tracking, StatusAnswered, text)
	case step == StepCall && r.State != StatusClosed:
		err = s.Inbox.Reply(ctx, tracking, StatusClosed, "已整改并回访："+clip(w.Rectification))
	}
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, a, "问题反映·"+label, tracking, clip(text)); err != nil {
		return nil, err
	}
	return s.Report(ctx, tracking)
}

// MonthStats is one month of ratings.
type MonthStats struct {
	Month   int
	Counts  map[string]int // by rating (submission.Ratings)
	Total   int
	Bad     int // 不满意 + 非常不满意
	Flagged int // bad ones still lacking 整改 or 回访
}

// RatingStats counts a year's ratings by month and rating (Beijing time),
// with a total row (Month 0).
func (s *Service) RatingStats(ctx context.Context, year int) ([]MonthStats, MonthStats, error) {
	all, err := s.reports(ctx)
	if err != nil {
		return nil, MonthStats{}, err
	}
	months := make([]MonthStats, 12)
	total := MonthStats{Counts: map[string]int{}}
	for i := range months {
		months[i] = MonthStats{Month: i + 1, Counts: map[string]int{}}
	}
	for _, r := range all {
		if r.Rating == "" {
			continue
		}
		d := calendar.Today(r.Received)
		if d.Year != year {
			continue
		}
		for _, m := range []*MonthStats{&months[int(d.Month)-1], &total} {
			m.Counts[r.Rating]++
			m.Total++
			if r.Bad {
				m.Bad++
			}
			if r.Flagged {
				m.Flagged++
			}
		}
	}
	return months, total, nil
}
