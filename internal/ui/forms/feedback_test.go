package forms

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/sync/protocol"
)

func TestFeedbackBadRatingNeedsAReason(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*FeedbackScreen](f, ui.TileFeedback)
	w := s.w
	f.next(w)
	mustStep(t, w, fbStepWhat)
	if got := s.target.Error(); got != "请选择反馈类型" {
		t.Errorf("no type chosen: %q", got)
	}
	s.target.choice.Tap(submission.TargetDisclosure)
	f.next(w)
	mustStep(t, w, fbStepText)
	f.next(w)
	if got := s.text.Error(); !strings.Contains(got, "请填写意见建议，或选择一项评价") {
		t.Errorf("nothing said: %q", got)
	}
	if s.reason.box.Visible() {
		t.Error("the reason is asked before a bad rating")
	}
	s.rating.choice.Tap("不满意")
	if !s.reason.box.Visible() {
		t.Fatal("不满意 does not ask for a reason")
	}
	f.next(w)
	mustStep(t, w, fbStepText)
	if got := s.reason.Error(); got != "请填写不满意的原因" {
		t.Errorf("bad rating without reason: %q", got)
	}
	f.fill(w, s.reason, "窗口排队时间太长")
	f.next(w)
	mustStep(t, w, fbStepContact)
	f.fill(w, s.name, "赵六")
	f.fill(w, s.phone, "12345")
	f.next(w)
	mustStep(t, w, fbStepContact)
	if got := s.phone.Error(); got == "" || s.phone.entry.Text != "12345" {
		t.Errorf("bad phone: message %q, text %q", got, s.phone.entry.Text)
	}
	s.anonymous.choice.Tap(anonymousOption)
	if s.name.box.Visible() || s.phone.box.Visible() || s.email.box.Visible() {
		t.Error("匿名 leaves the contact fields shown")
	}
	f.next(w)
	mustStep(t, w, fbStepReview)
	review := w.steps[fbStepReview].obj
	assertShown(t, review, "窗口排队时间太长")
	assertNoneShown(t, "the anonymous review", review, "赵六", "12345")
	f.next(w)
	r := f.receiptShown()
	assertNoneShown(t, "the feedback form", w.everything(), "窗口排队时间太长", "赵六", "12345")
	subs := f.queued()
	if len(subs) != 1 || subs[0].Kind != protocol.KindFeedback {
		t.Fatalf("queued %+v", subs)
	}
	p, _ := submission.Contents(subs[0])
	fb := p.(*submission.Feedback)
	if !fb.Anonymous || fb.Name != "" || fb.Phone != "" || fb.Rating != "不满意" || fb.RatingReason != "窗口排队时间太长" {
		t.Errorf("sealed feedback %+v", fb)
	}
	assertShown(t, f.app.Window().Content(), subs[0].Tracking)
	test.Tap(r.done)
	assertNoneShown(t, "the window", f.app.Window().Content(), "窗口排队时间太长", "赵六", "12345")
}

func TestObstacleReportNeedsCategory(t *testing.T) {
	f := newFixture(t, small)
	s := openTile[*FeedbackScreen](f, ui.TileFeedback)
	w := s.w
	s.target.choice.Tap(submission.TargetObstacle)
	f.next(w)
	// 问题类别 is asked on a page of its own after 办事堵点 (issue 13).
	mustStep(t, w, fbStepSub)
	if got := s.category.Error(); got != "" {
		t.Errorf("the category page opens with an error: %q", got)
	}
	f.next(w)
	mustStep(t, w, fbStepSub)
	if got := s.category.Error(); got != "请选择问题类别" {
		t.Errorf("no category: %q", got)
	}
	s.category.choice.Tap(submission.ObstacleCategories[1])
	f.next(w)
	f.next(w)
	if got := s.text.Error(); got != "请填写问题描述" {
		t.Errorf("empty report: %q", got)
	}
	f.fill(w, s.text, "办理学籍转入时要求提供的材料清单与网上公布的不一致")
	f.next(w)
	f.fill(w, s.name, "赵六")
	f.fill(w, s.phone, "13700001111")
	f.next(w)
	mustStep(t, w, fbStepReview)
	f.next(w)
	f.receiptShown()
	p, _ := submission.Contents(f.queued()[0])
	fb := p.(*submission.Feedback)
	if fb.Target != submission.TargetObstacle || fb.Category != submission.ObstacleCategories[1] || fb.Name != "赵六" ||
		fb.Phone != "13700001111" || fb.Anonymous {
		t.Errorf("sealed feedback %+v", fb)
	}
	if got := f.printed[0]; got.Title != "办事堵点问题反映" || got.Summary[len(got.Summary)-1].Value != "赵*" {
		t.Errorf("printed %+v", got)
	}
}

func TestConsultationCommentWhileOpen(t *testing.T) {
	f := newFixture(t, hd)
	list := openTile[*ConsultationsScreen](f, ui.TileConsult)
	if list.Comment["zj-2025-01"] != nil {
		t.Error("a closed consultation can be commented on")
	}
	b := list.Comment["zj-2026-01"]
	if b == nil {
		t.Fatalf("the open consultation has no 我要提意见 (open: %d)", len(list.open))
	}
	test.Tap(b)
	s := current[*FeedbackScreen](f)
	assertShown(t, s.w.steps[fbStepWhat].obj, "实施办法（征求意见稿）")
	f.next(s.w)
	mustStep(t, s.w, fbStepText)
	f.fill(s.w, s.text, "建议第十二条明确随迁子女材料的补正期限")
	f.next(s.w)
	f.next(s.w)
	mustStep(t, s.w, fbStepReview)
	f.next(s.w)
	f.receiptShown()
	p, _ := submission.Contents(f.queued()[0])
	if fb := p.(*submission.Feedback); fb.Target != submission.TargetConsultation || fb.ConsultationID != "zj-2026-01" {
		t.Errorf("sealed feedback %+v", fb)
	}
}

func TestConsultationOutsideItsDates(t *testing.T) {
	f := newFixture(t, hd)
	// Before it opens, nothing can be commented on.
	f.clk.T = time.Date(2026, 10, 20, 10, 0, 0, 0, calendar.Beijing)
	f.open(ui.TileConsult)
	if got := current[*ConsultationsScreen](f).Comment; len(got) != 0 {
		t.Errorf("consultations offered before they open: %v", got)
	}
	f.app.Home()
	f.open(ui.TileFeedback)
	if _, ok := current[*FeedbackScreen](f).target.choice.buttons[submission.TargetConsultation]; ok {
		t.Error("问题反馈 offers 意见征集 with none open")
	}
	f.app.Home()

	// Open while the form is filled in, closed by the time it is sent.
	f.clk.T = time.Date(2027, 6, 30, 23, 50, 0, 0, calendar.Beijing)
	f.open(ui.TileConsult)
	test.Tap(current[*ConsultationsScreen](f).Comment["zj-2026-01"])
	s := current[*FeedbackScreen](f)
	f.next(s.w)
	f.fill(s.w, s.text, "赞成")
	f.next(s.w)
	f.next(s.w)
	mustStep(t, s.w, fbStepReview)
	f.clk.Advance(20 * time.Minute) // 2027-07-01
	f.next(s.w)
	mustStep(t, s.w, fbStepWhat)
	if got := s.w.errBanner.String(); !strings.Contains(got, "该意见征集已于2027-06-30截止") {
		t.Errorf("banner %q", got)
	}
	if n := len(f.queued()); n != 0 {
		t.Errorf("%d queued for a closed consultation", n)
	}
}

// TestPastShowsFeedback: a closed consultation whose 公众意见反馈情况 is
// published, and an event that has ended with its 意见建议及回应
// published, are listed under the open ones without a comment or sign-up
// button, and open their feedback document.
func TestPastShowsFeedback(t *testing.T) {
	past := domain.Event{ID: "kfr-past", Title: "政府开放日（往期）", Place: "一楼", Start: testStart.Add(-48 * time.Hour),
		End: testStart.Add(-46 * time.Hour), Capacity: 10, FeedbackID: "gzyjfk-2025-01"}
	cases := []struct {
		name, tile, id string
		events         []domain.Event
		// lists returns the list screen's comment or sign-up buttons and
		// its feedback buttons.
		lists func(f *fixture) (act, feedback map[string]*widget.Button)
	}{
		{"closed consultation", ui.TileConsult, "zj-2025-01", nil, func(f *fixture) (act, feedback map[string]*widget.Button) {
			l := current[*ConsultationsScreen](f)
			return l.Comment, l.Feedback
		}},
		{"past event", ui.TileEvents, "kfr-past", []domain.Event{past}, func(f *fixture) (act, feedback map[string]*widget.Button) {
			l := current[*EventsScreen](f)
			return l.Open, l.Feedback
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, hd)
			f.cat.Evts = append(f.cat.Evts, c.events...)
			f.open(c.tile)
			act, feedback := c.lists(f)
			if act[c.id] != nil {
				t.Errorf("the %s takes comments or sign-ups", c.name)
			}
			b := feedback[c.id]
			if b == nil {
				t.Fatalf("the %s with published feedback is not listed (%v)", c.name, feedback)
			}
			test.Tap(b)
			if d := current[*ui.DocumentScreen](f).Document(); d == nil || d.ID != "gzyjfk-2025-01" {
				t.Fatalf("opened %+v", d)
			}
		})
	}
}

// TestChoicesSaySelect checks every choice a visitor left empty asks them
// to 选择, never to 填写 (issue 13), and that the message names the field as
// its label does.
func TestChoicesSaySelect(t *testing.T) {
	f := newFixture(t, hd)
	app := openTile[*ApplicationScreen](f, ui.TileApply)
	f.app.Home()
	fb := openTile[*FeedbackScreen](f, ui.TileFeedback)
	check := func(w *wizard) int {
		n := 0
		fe := w.errs()
		for _, fl := range w.fields {
			e := fe[fl.key]
			if fl.choice == nil || !fl.on || e == nil {
				continue
			}
			n++
			if !strings.HasPrefix(e.Message, "请选择") && !strings.HasPrefix(e.Message, "请至少选择") {
				t.Errorf("%s (%s): %q", fl.key, fl.label, e.Message)
			}
			if name := strings.TrimSuffix(strings.SplitN(fl.label, "（", 2)[0], "：您对我们的服务是否满意"); !strings.Contains(e.Message, name) {
				t.Errorf("%s: label %q, message %q", fl.key, fl.label, e.Message)
			}
		}
		return n
	}
	n := check(fb.w) // 反馈类型
	fb.target.choice.Tap(submission.TargetObstacle)
	n += check(fb.w) // 问题类别
	app.appType.choice.Set(submission.ApplicantOrg)
	app.w.changed()
	n += check(app.w) // 组织类别, 载体, 获取方式
	if n < 5 {
		t.Errorf("only %d empty choices checked", n)
	}
}
