package publish

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
)

// Decisions on a comment (意见采纳情况).
const (
	Adopted   = "采纳"
	Partly    = "部分采纳"
	NotTaken  = "不予采纳"
	Undecided = ""
)

// Decisions lists them in form order.
var Decisions = []string{Adopted, Partly, NotTaken}

// Decision is the desk's answer to one comment.
type Decision struct {
	Tracking       string
	ConsultationID string
	Decision       string
	Reason         string
	By             string
	At             time.Time
}

// Consultation phases as pages show them.
const (
	PhaseComing   = "未开始"
	PhaseOpen     = "征求意见中"
	PhaseClosed   = "已截止"
	PhaseAnswered = "已公布反馈"
)

// Comment is a comment on a consultation with its decision.
type Comment struct {
	Feedback
	Decision *Decision
}

// ConsultationView is a consultation with its comments.
type ConsultationView struct {
	C        domain.Consultation
	Phase    string
	Draft    string // the draft text as Markdown, when not a document
	Comments []Comment
	Counts   map[string]int // by decision; Undecided for the rest
	Feedback *Entry         // the 反馈情况 document, published or drafted
}

// phase is where a consultation stands on today's date (Beijing).
func phase(c domain.Consultation, today calendar.Date) string {
	switch t := today.String(); {
	case c.FeedbackID != "":
		return PhaseAnswered
	case t < c.Opens:
		return PhaseComing
	case t > c.Closes:
		return PhaseClosed
	}
	return PhaseOpen
}

func (s *Service) comments(ctx context.Context, id string) ([]Comment, error) {
	fbs, err := s.Inbox.Feedback(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := s.Store.Decisions(ctx, id)
	if err != nil {
		return nil, err
	}
	byTrk := map[string]*Decision{}
	for i := range ds {
		byTrk[ds[i].Tracking] = &ds[i]
	}
	var out []Comment
	for _, f := range fbs {
		if f.Target == submission.TargetConsultation && f.ConsultationID == id {
			out = append(out, Comment{Feedback: f, Decision: byTrk[f.Tracking]})
		}
	}
	return out, nil
}

// ConsultationRow is a consultation in the list.
type ConsultationRow struct {
	C        domain.Consultation
	Phase    string
	Comments int
	Decided  int
}

// Consultations lists the catalogue's consultations, latest first, with
// how many comments arrived and how many are answered.
func (s *Service) Consultations(ctx context.Context) ([]ConsultationRow, error) {
	today := calendar.Today(s.now())
	return each(ctx, s, func(sn *snapshot) []domain.Consultation { return sn.consults },
		func(_ *snapshot, c domain.Consultation) (ConsultationRow, error) {
			cs, err := s.comments(ctx, c.ID)
			row := ConsultationRow{C: c, Phase: phase(c, today), Comments: len(cs)}
			for _, x := range cs {
				if x.Decision != nil {
					row.Decided++
				}
			}
			return row, err
		})
}

// Consultation returns one consultation with its comments.
func (s *Service) Consultation(ctx context.Context, id string) (*ConsultationView, error) {
	sn, c, err := lookup(ctx, s, (*snapshot).consultation, "意见征集", id)
	if err != nil {
		return nil, err
	}
	v := &ConsultationView{C: c, Phase: phase(c, calendar.Today(s.now())), Counts: map[string]int{}}
	if len(c.Draft) > 0 {
		v.Draft = catalog.BodyMarkdown(c.Draft)
	}
	if v.Comments, err = s.comments(ctx, id); err != nil {
		return nil, err
	}
	for _, x := range v.Comments {
		if x.Decision != nil {
			v.Counts[x.Decision.Decision]++
		} else {
			v.Counts[Undecided]++
		}
	}
	fid := c.FeedbackID
	if fid == "" {
		fid, _ = s.Store.LinkedDocument(ctx, domain.KindConsultation, id)
	}
	if fid != "" {
		v.Feedback, _ = sn.entry(fid)
	}
	return v, nil
}

func (sn *snapshot) consultation(id string) (domain.Consultation, bool) {
	return byID(sn.consults, id, func(c domain.Consultation) string { return c.ID })
}

// ConsultationInput is the consultation form.
type ConsultationInput struct {
	Orig        string // the id edited; "" for a new one
	C           domain.Consultation
	DraftSource string // the draft as Markdown when it is not a document
	Questions   string // one per line
}

// SaveConsultation checks a consultation by the catalogue's rules and
// publishes it: kiosks list it (and take comments on its dates) after
// their next sync. Opening one to the public is the reviewer's act. It
// returns the consultation's id.
func (s *Service) SaveConsultation(ctx context.Context, a Actor, in ConsultationInput) (string, error) {
	sn, err := s.loadFor(ctx, a.mayPublish(), errPublish)
	if err != nil {
		return "", err
	}
	c := in.C
	if in.Orig != "" {
		old, ok := sn.consultation(in.Orig)
		if !ok {
			return "", notFound("意见征集 " + in.Orig)
		}
		c.ID, c.FeedbackID = in.Orig, old.FeedbackID
	} else {
		if c.ID == "" {
			c.ID = "zj-" + newID(s.now().Format("20060102"))[4:]
		}
		if _, dup := sn.consultation(c.ID); dup {
			return "", fieldErrors([]catalog.FieldProblem{{Key: "id", Message: "意见征集 id " + c.ID + " 已被使用"}})
		}
	}
	c.Draft = catalog.ParseBody(in.DraftSource)
	c.Questions = nil
	for _, q := range strings.Split(in.Questions, "\n") {
		if q = strings.TrimSpace(q); q != "" {
			c.Questions = append(c.Questions, q)
		}
	}
	ps := catalog.CheckConsultation(&c, catalog.Refs{Document: func(id string) bool { return sn.live[id] != nil }})
	if err := fieldErrors(ps); err != nil {
		return "", err
	}
	p, err := s.Catalogue.Publish(ctx, []domain.Object{object(domain.KindConsultation, c.ID, c)}, nil)
	if err != nil {
		return "", err
	}
	action := "发布意见征集"
	if in.Orig != "" {
		action = "修改意见征集"
	}
	return c.ID, s.audit(ctx, a, action, c.ID, fmt.Sprintf("%s；%s 至 %s；目录版本 %d", c.Title, c.Opens, c.Closes, p.To))
}

// CloseConsultation ends a consultation early: yesterday becomes its last
// day, so kiosks stop taking comments from today on.
func (s *Service) CloseConsultation(ctx context.Context, a Actor, id string) (*Published, error) {
	if !a.mayPublish() {
		return nil, errPublish
	}
	_, c, err := lookup(ctx, s, (*snapshot).consultation, "意见征集", id)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(s.now())
	if phase(c, today) != PhaseOpen {
		return nil, invalidf("该意见征集不在征求意见期内，无需截止")
	}
	yesterday := today.AddDays(-1).String()
	if yesterday < c.Opens {
		return nil, invalidf("该意见征集今天才开始，不能提前截止；如需取消，请修改开始日期")
	}
	c.Closes = yesterday
	p, err := s.Catalogue.Publish(ctx, []domain.Object{object(domain.KindConsultation, c.ID, c)}, nil)
	if err != nil {
		return nil, err
	}
	return &p, s.audit(ctx, a, "提前截止意见征集", id, "截止日期改为 "+yesterday)
}

// MaxDecisionReason bounds a decision's reason.
const MaxDecisionReason = 500

// Decide records whether a comment is adopted, partly adopted or not,
// with the reason (required unless it is adopted: the reasons for not
// adopting are what the public must be told).
func (s *Service) Decide(ctx context.Context, a Actor, consultationID, tracking, decision, reason string) error {
	if !a.mayWrite() {
		return errWrite
	}
	reason = strings.TrimSpace(reason)
	switch {
	case !contains(Decisions, decision):
		return fieldErrors([]catalog.FieldProblem{{Key: "decision", Message: "请选择采纳、部分采纳或不予采纳"}})
	case decision != Adopted && reason == "":
		return fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: decision + "须写明理由，理由将随反馈情况向社会公开"}})
	case len([]rune(reason)) > MaxDecisionReason:
		return fieldErrors([]catalog.FieldProblem{{Key: "reason", Message: fmt.Sprintf("理由最多 %d 字", MaxDecisionReason)}})
	}
	cs, err := s.comments(ctx, consultationID)
	if err != nil {
		return err
	}
	found := false
	for _, c := range cs {
		found = found || c.Tracking == tracking
	}
	if !found {
		return notFound("该意见")
	}
	if linked, _ := s.Store.LinkedDocument(ctx, domain.KindConsultation, consultationID); linked != "" {
		if sn, err := s.load(ctx); err == nil && sn.live[linked] != nil {
			return invalidf("反馈情况已公布，不能再修改采纳情况")
		}
	}
	if err := s.Store.PutDecision(ctx, Decision{Tracking: tracking, ConsultationID: consultationID, Decision: decision,
		Reason: reason, By: a.Login, At: s.now()}); err != nil {
		return err
	}
	return s.audit(ctx, a, "意见采纳情况", consultationID, tracking+"："+decision)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// DraftConsultationFeedback writes the 公众意见反馈情况 of a closed
// consultation whose comments are all answered, as a draft document in
// category: how many comments came, what was adopted, and why the rest
// was not (the comments' text, never who wrote them). Staff edit it on
// the document page; publishing it links it to the consultation in the
// same catalogue version, and tells each commenter at their kiosk's
// 办理进度查询.
func (s *Service) DraftConsultationFeedback(ctx context.Context, a Actor, id, categoryID string) (*Entry, error) {
	if !a.mayWrite() {
		return nil, errWrite
	}
	v, err := s.Consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	if v.Phase == PhaseComing || v.Phase == PhaseOpen {
		return nil, invalidf("意见征集截止后才能起草反馈情况")
	}
	if n := v.Counts[Undecided]; n > 0 {
		return nil, invalidf("还有 %d 条意见未确定采纳情况", n)
	}
	if v.Feedback != nil {
		return nil, invalidf("已有反馈情况文件 %s，请在该文件中修改", v.Feedback.Doc.ID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s至%s，我们就%s公开征求社会公众意见，共收到意见建议 %d 条。经认真研究，采纳 %d 条，部分采纳 %d 条，不予采纳 %d 条。现将有关情况公布如下。\n\n",
		cnDate(v.C.Opens), cnDate(v.C.Closes), strings.TrimSuffix(v.C.Title, "公开征求意见"), len(v.Comments),
		v.Counts[Adopted], v.Counts[Partly], v.Counts[NotTaken])
	n := 0
	for _, d := range Decisions {
		var items []Comment
		for _, c := range v.Comments {
			if c.Decision.Decision == d {
				items = append(items, c)
			}
		}
		if len(items) == 0 {
			continue
		}
		n++
		fmt.Fprintf(&b, "## %s、%s的意见\n\n", cnNumber(n), d)
		for i, c := range items {
			fmt.Fprintf(&b, "%d. 意见：%s", i+1, catalog.EscapeMarkdown(oneLine(c.Text)))
			if c.Decision.Reason != "" {
				label := "说明"
				if d != Adopted {
					label = "理由"
				}
				fmt.Fprintf(&b, "　%s：%s", label, catalog.EscapeMarkdown(oneLine(c.Decision.Reason)))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("感谢社会各界的关心和支持。\n")
	doc := domain.Document{ID: id + "-fk", Title: strings.TrimSuffix(v.C.Title, "公开征求意见") + "公众意见反馈情况",
		CategoryID: categoryID, Published: calendar.Today(s.now()).String(), Keywords: []string{"意见征集", "反馈"}}
	return s.saveLinked(ctx, a, Input{Doc: doc, Source: b.String()}, domain.KindConsultation, id)
}

// oneLine keeps a comment on one line of a list item.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// cnDate writes 2026-11-10 as 2026年11月10日.
func cnDate(d string) string {
	t, err := time.Parse(domain.DateLayout, d)
	if err != nil {
		return d
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func cnNumber(n int) string {
	nums := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n < len(nums) {
		return nums[n]
	}
	return fmt.Sprint(n)
}
