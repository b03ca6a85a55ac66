package forms

import (
	"strings"
	"testing"

	"gongkai/internal/submission"
	"gongkai/internal/ui"

	"fyne.io/fyne/v2/test"
)

// said is what 语音播报 says of the screen shown.
func (f *fixture) said() string { return strings.Join(f.app.PageSpeech(), "") }

func wantSaid(t *testing.T, what, said string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(said, w) {
			t.Errorf("%s: %q is not said in %q", what, w, said)
		}
	}
}

// TestSpeechOfEachApplicationStep checks what 语音播报 says on every step
// of the application and on its receipt, before any audio: where the
// visitor is, each question with its hint and options, whether it is
// answered (never what was typed: the hall hears the speaker), the
// receipt's numbers digit by digit and its deadline.
func TestSpeechOfEachApplicationStep(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	w := s.w
	wantSaid(t, "type", f.said(), "依申请公开。", "第 1 步，共 6 步：申请人类型。",
		"申请人类型，必填，可选：公民、法人或者其他组织，尚未选择。")
	s.appType.choice.Tap(submission.ApplicantCitizen)
	f.next(w)
	wantSaid(t, "applicant", f.said(), "第 2 步，共 6 步：申请人信息。", "姓名，必填，尚未填写。",
		"证件类型，必填，可选：居民身份证、护照", "已选：居民身份证", "工作单位，选填", "联系电话，必填，手机号码，或带区号的固定电话，尚未填写。")
	f.fillApplicant(s, citizenID, "252300")
	wantSaid(t, "applicant filled", f.said(), "姓名，必填，已填写。", "证件号码，必填，已填写。")
	f.next(w)
	wantSaid(t, "info", f.said(), "第 3 步，共 6 步：所需信息。", "文号，选填，尚未填写。", "所需信息的特征性描述，选填，例如信息的内容")
	f.next(w) // nothing about the information: the messages are read too
	wantSaid(t, "info, empty", f.said(), "所需信息的名称，选填，尚未填写，提示：请填写所需信息的名称、文号或特征性描述")
	f.finishApplication(s, "2019年某某镇中心小学校舍维修工程的验收报告")
	wantSaid(t, "review", f.said(), "第 6 步，共 6 步：核对提交。", "请核对以下内容", "申请人类型：公民。", "姓名：已填写。",
		"证件号码：已填写。", "载体：纸质。")
	for _, secret := range []string{citizenName, citizenID, citizenTel, citizenAddr, "1101"} {
		if strings.Contains(f.said(), secret) {
			t.Errorf("the review reads %q aloud", secret)
		}
	}
	f.next(w) // 确认提交
	r := f.receiptShown()
	said := f.said()
	wantSaid(t, "receipt", said, "提交成功。", "您的申请已提交。", "受理编号："+ui.SpellDigits(r.r.Tracking)+"。",
		"查询码："+ui.SpellDigits(r.r.VerificationCode[:4]+" "+r.r.VerificationCode[4:])+"。", "答复期限：二零二六年12月14日前。")
}

// TestSpeechOfEachFeedbackStep reads the feedback form's steps, with the
// sub-question's page.
func TestSpeechOfEachFeedbackStep(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*FeedbackScreen](f, ui.TileFeedback)
	w := s.w
	wantSaid(t, "what", f.said(), "问题反馈。", "第 1 步，共 4 步：反馈类型。", "反馈类型，必填，可选：政务公开工作、办事堵点、意见征集")
	s.target.choice.Tap(submission.TargetObstacle)
	f.next(w)
	wantSaid(t, "category", f.said(), "第 1 步，共 4 步：反馈类型。", "问题类别，必填，可选：办事流程繁琐")
	s.category.choice.Tap(submission.ObstacleCategories[0])
	f.next(w)
	wantSaid(t, "text", f.said(), "第 2 步，共 4 步：填写内容。", "具体内容，必填，尚未填写。", "好差评：您对我们的服务是否满意，选填")
	f.fill(w, s.text, "办理学籍转入时材料清单不一致")
	f.next(w)
	wantSaid(t, "contact", f.said(), "第 3 步，共 4 步：联系方式。", "是否匿名，选填", "姓名，选填，尚未填写。")
	f.next(w)
	wantSaid(t, "review", f.said(), "第 4 步，共 4 步：核对提交。", "反馈类型：办事堵点。", "问题类别：办事流程繁琐。", "内容：已填写。")
	if strings.Contains(f.said(), "学籍") {
		t.Error("the review reads the text typed aloud")
	}
}

// TestCallStaffOnEveryStep: every step of the application has 呼叫工作人员;
// a call puts where the visitor is in the staff banner at once, and the
// idle reset clears it with the visitor's session.
func TestCallStaffOnEveryStep(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	w := s.w
	steps := 0
	for {
		if !w.call.Visible() || w.call.Disabled() || w.call.Text != "呼叫工作人员" {
			t.Fatalf("step %q: 呼叫工作人员 is %q, visible %v", w.steps[w.cur].title, w.call.Text, w.call.Visible())
		}
		steps++
		if w.cur == appStepApplicant {
			test.Tap(w.call)
			if got := f.app.BannerText(); !strings.Contains(got, "访客在“依申请公开·申请人信息”呼叫工作人员") {
				t.Errorf("banner %q", got)
			}
			if w.call.Text != "已通知现场工作人员" || !w.call.Disabled() {
				t.Errorf("after the call the button is %q", w.call.Text)
			}
		}
		switch w.cur {
		case appStepType:
			s.appType.choice.Tap(submission.ApplicantCitizen)
		case appStepApplicant:
			f.fillApplicant(s, citizenID, "252300")
		case appStepInfo:
			f.fill(w, s.infoName, "2025年财政预算")
		case appStepDelivery:
			s.media.choice.Tap("纸质")
			s.delivery.choice.Tap(submission.Deliveries[0])
		case appStepSign:
			f.drawSignature(s.pad)
		}
		if w.cur == appStepReview {
			break
		}
		f.next(w)
	}
	if steps < 6 {
		t.Errorf("only %d steps seen", steps)
	}
	f.app.ResetSession()
	if got := f.app.BannerText(); strings.Contains(got, "呼叫工作人员") {
		t.Errorf("the call survived the idle reset: %q", got)
	}
}
