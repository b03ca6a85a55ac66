package submission

import (
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// Feedback targets.
const (
	TargetConsultation = "意见征集"   // a comment on an open consultation
	TargetDisclosure   = "政务公开工作" // on the disclosure work in general
	TargetObstacle     = "办事堵点"   // a report of a pain point in getting things done
)

// FeedbackTargets lists the targets in form order.
var FeedbackTargets = []string{TargetConsultation, TargetDisclosure, TargetObstacle}

// ObstacleCategories are the kinds of 办事堵点 a report is filed under.
var ObstacleCategories = []string{"办事流程繁琐", "材料要求不清", "办理时间过长", "多头跑、反复跑", "线上办理不便", "服务态度", "政策解读不清", "其他"}

// Ratings is the 好差评 scale, best first.
var Ratings = []string{"非常满意", "满意", "基本满意", "不满意", "非常不满意"}

// IsBadRating reports a rating that must be followed up (差评), for which
// the form asks a reason.
func IsBadRating(r string) bool { return r == "不满意" || r == "非常不满意" }

const (
	maxText   = 2000
	maxReason = 500
)

// Feedback is a comment on a consultation, on the disclosure work, or a
// 办事堵点 report, with an optional 好差评 rating. Contact details are
// optional; an anonymous feedback carries none.
type Feedback struct {
	Target         string `json:"target"`                    // one of FeedbackTargets
	ConsultationID string `json:"consultation_id,omitempty"` // TargetConsultation
	Category       string `json:"category,omitempty"`        // TargetObstacle: one of ObstacleCategories
	Text           string `json:"text,omitempty" text:"multiline"`

	Rating       string `json:"rating,omitempty"`                         // "" or one of Ratings
	RatingReason string `json:"rating_reason,omitempty" text:"multiline"` // required for a bad rating

	Anonymous bool   `json:"anonymous,omitempty"`
	Name      string `json:"name,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Kind returns KindFeedback.
func (f *Feedback) Kind() string { return protocol.KindFeedback }

// Normalize tidies text (validate.NormalizeFields), normalises contact
// details and drops them for an anonymous feedback, so they are never
// sealed.
func (f *Feedback) Normalize() {
	validate.NormalizeFields(f)
	if f.Anonymous {
		f.Name, f.Phone, f.Email = "", "", ""
	}
	if f.Phone != "" {
		f.Phone = validate.NormalizePhone(f.Phone)
	}
	f.Email = validate.NormalizeEmail(f.Email)
	if f.Target != TargetConsultation {
		f.ConsultationID = ""
	}
	if f.Target != TargetObstacle {
		f.Category = ""
	}
	if !IsBadRating(f.Rating) {
		f.RatingReason = ""
	}
}

// Validate checks the feedback; a consultation must be open on the
// kiosk's date (Beijing time).
func (f *Feedback) Validate(now time.Time, lk Lookups) error {
	fe := validate.FieldErrors{}
	fe.CheckText(f)
	fe.Add("target", choice("反馈类型", f.Target, FeedbackTargets))
	switch f.Target {
	case TargetConsultation:
		fe.Add("consultation_id", f.checkConsultation(now, lk))
		fe.Add("text", required("意见内容", f.Text, maxText))
	case TargetObstacle:
		fe.Add("category", choice("问题类别", f.Category, ObstacleCategories))
		fe.Add("text", required("问题描述", f.Text, maxText))
	case TargetDisclosure:
		if f.Text == "" && f.Rating == "" {
			fe.Add("text", invalid("请填写意见建议，或选择一项评价"))
		}
		fe.Add("text", validate.MaxLen("意见建议", f.Text, maxText))
	}
	if f.Rating != "" {
		fe.Add("rating", choice("评价", f.Rating, Ratings))
		if IsBadRating(f.Rating) {
			fe.Add("rating_reason", required("不满意的原因", f.RatingReason, maxReason))
		}
	}
	fe.Add("name", validate.MaxLen("姓名", f.Name, maxName))
	if f.Phone != "" {
		fe.Add("phone", validate.Phone(f.Phone))
	}
	if f.Email != "" {
		fe.Add("email", validate.Email(f.Email))
	}
	return fe.Err()
}

func (f *Feedback) checkConsultation(now time.Time, lk Lookups) error {
	if f.ConsultationID == "" {
		return invalid("请选择要提意见的征集事项")
	}
	var c, ok = lk.Consultation(f.ConsultationID)
	if !ok {
		return invalid("该意见征集不存在或已下线，请重新选择")
	}
	switch ConsultationPhase(c, now) {
	case PhaseUnknown:
		return invalid("该意见征集的日期有误，暂不能提交，请联系工作人员")
	case PhaseUpcoming:
		return invalid("该意见征集将于" + c.Opens + "开始，届时再提交")
	case PhaseClosed:
		return invalid("该意见征集已于" + c.Closes + "截止，不能再提交")
	}
	return nil
}

// Phase is where a consultation stands on a day.
type Phase int

// Phases of a consultation.
const (
	PhaseUnknown  Phase = iota // its dates do not parse: comments are not taken
	PhaseUpcoming              // before Opens
	PhaseOpen                  // from Opens to Closes, both included: comments are taken
	PhaseClosed                // after Closes
)

// ConsultationPhase says whether comments are taken on c at now, by the
// Beijing date: the one rule the feedback form, the consultation list
// and Feedback.Validate share.
func ConsultationPhase(c domain.Consultation, now time.Time) Phase {
	today := calendar.Today(now)
	opens, err1 := calendar.Parse(c.Opens)
	closes, err2 := calendar.Parse(c.Closes)
	switch {
	case err1 != nil || err2 != nil:
		return PhaseUnknown
	case today.Before(opens):
		return PhaseUpcoming
	case today.After(closes):
		return PhaseClosed
	}
	return PhaseOpen
}
