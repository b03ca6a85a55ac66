package forms

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
)

// personal are the answers 语音播报 never says aloud: a kiosk's speaker
// is heard by the whole hall. It says that they are filled in.
var personal = map[string]bool{
	"name": true, "id_number": true, "employer": true, "org_name": true, "credit_code": true, "legal_rep": true,
	"contact_name": true, "phone": true, "address": true, "postal_code": true, "email": true, "mobile": true,
	"text": true, "rating_reason": true, "tracking_number": true, "verification_code": true,
}

// speech reads a field: its label, whether it must be answered, its
// hint, what it holds (a choice's options and answer; for typed text only
// whether it is filled in) and the message under it.
func (f *field) speech() string {
	parts := []string{f.label}
	if f.optional {
		parts = append(parts, "选填")
	} else {
		parts = append(parts, "必填")
	}
	if f.hint != "" {
		parts = append(parts, f.hint)
	}
	switch {
	case f.choice != nil:
		parts = append(parts, "可选："+strings.Join(f.choice.options, "、"))
		if all := f.choice.All(); len(all) > 0 {
			parts = append(parts, "已选："+strings.Join(all, "、"))
		} else {
			parts = append(parts, "尚未选择")
		}
	case f.entry != nil && strings.TrimSpace(f.entry.Text) == "":
		parts = append(parts, "尚未填写")
	case f.entry != nil && personal[f.key]:
		parts = append(parts, "已填写")
	case f.entry != nil:
		parts = append(parts, "已填写："+f.entry.Text)
	}
	if e := f.Error(); e != "" {
		parts = append(parts, "提示："+e)
	}
	return ui.Sentence(strings.Join(parts, "，"))
}

// speech reads the step shown: where the visitor is in the form, then
// each question on it, then the form's message, if any. On the review
// page it reads the answers, saying only that personal ones are filled in.
func (w *wizard) speech() []string {
	out := []string{ui.Sentence(w.progress.Summary())}
	if w.cur == len(w.steps)-1 && len(w.reviewRows) > 0 {
		out = append(out, "请核对以下内容，确认无误后选择“确认提交”。")
		for _, r := range w.reviewRows {
			v := r.value
			if personal[r.key] {
				v = "已填写"
			}
			out = append(out, ui.Sentence(r.label+"："+v))
		}
	} else {
		for _, f := range w.fields {
			if f.step == w.cur && f.on {
				out = append(out, f.speech())
			}
		}
	}
	if msg := w.errBanner.String(); msg != "" && w.errBanner.obj.Visible() {
		out = append(out, ui.Sentence("提示："+strings.ReplaceAll(msg, "\n", "；")))
	}
	return out
}

func (s *ApplicationScreen) wizardOf() *wizard { return s.w }
func (s *FeedbackScreen) wizardOf() *wizard    { return s.w }
func (s *SignupScreen) wizardOf() *wizard      { return s.w }
func (s *CancelScreen) wizardOf() *wizard      { return s.w }

// Speech reads the application's current step.
func (s *ApplicationScreen) Speech() []string { return s.w.speech() }

// Speech reads the feedback form's current step.
func (s *FeedbackScreen) Speech() []string { return s.w.speech() }

// Speech reads the sign-up form's current step.
func (s *SignupScreen) Speech() []string { return s.w.speech() }

// Speech reads the cancellation's current step.
func (s *CancelScreen) Speech() []string { return s.w.speech() }

// Speech reads the receipt: what happened, then the tracking number and
// the verification code digit by digit, and the reply's deadline.
func (s *ReceiptScreen) Speech() []string {
	r := s.r
	words, _ := s.headline()
	out := []string{ui.Sentence(words)}
	if r.Tracking != "" {
		out = append(out, ui.Sentence("受理编号："+ui.SpellDigits(r.Tracking)))
	}
	if r.VerificationCode != "" {
		out = append(out, ui.Sentence("查询码："+ui.SpellDigits(tracking.GroupCode(r.VerificationCode))))
	}
	if r.Deadline != nil {
		d := r.Deadline.In(calendar.Beijing)
		v := "答复期限：" + ui.SpeakDate(d.Year(), int(d.Month()), d.Day()) + "前"
		if r.Provisional {
			v += "（暂定）"
		}
		out = append(out, ui.Sentence(v))
	}
	if e := r.Event; e != nil {
		out = append(out, ui.Sentence("活动："+e.Title), ui.Sentence("时间："+speakTime(e.Start)), ui.Sentence("地点："+e.Place))
	}
	if p := s.PrintStatus(); p != "" {
		out = append(out, ui.Sentence(p))
	}
	return out
}

func speakTime(t time.Time) string {
	t = t.In(calendar.Beijing)
	return ui.SpeakDate(t.Year(), int(t.Month()), t.Day()) + fmt.Sprintf("%d点%02d分", t.Hour(), t.Minute())
}

// Speech reads the look-up: what to type, and the answer when there is
// one.
func (s *StatusScreen) Speech() []string {
	out := []string{"请输入回执上的受理编号和查询码，然后选择“查询”；也可以把回执上的二维码对准扫码口。",
		s.tracking.speech(), s.code.speech()}
	if msg := s.msg.String(); msg != "" {
		out = append(out, ui.Sentence(msg))
	}
	for _, r := range s.rows {
		out = append(out, ui.Sentence(ui.PlainText(r)))
	}
	return out
}
