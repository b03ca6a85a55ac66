package intake

import (
	"cmp"
	"fmt"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/sync/protocol"
)

// issuer is who heads a receipt and where its QR code points.
type issuer struct {
	agency, publicURL string
}

// base fills in what every receipt carries.
func (iss issuer) base(kind, title string, res submission.Result) receipt.Receipt {
	r := receipt.Receipt{
		Agency: iss.agency, Kind: kind, Title: title,
		Tracking: res.Tracking, VerificationCode: res.VerificationCode,
		Received:   res.Received.In(calendar.Beijing),
		HowToCheck: "凭受理编号和查询码，可在本终端“办理进度查询”中查询办理进度。",
	}
	if iss.publicURL != "" && res.Tracking != "" && res.VerificationCode != "" {
		r.StatusURL = receipt.StatusURL(iss.publicURL, res.Tracking, res.VerificationCode)
		r.HowToCheck = "凭受理编号和查询码，可在本终端“办理进度查询”中查询，也可用手机扫描下方二维码查询。"
	}
	return r
}

// application is the 受理回执 of an application: the received date
// (Art. 31: the day of submission) and the reply deadline (Art. 33).
func (iss issuer) application(a *submission.Application, res submission.Result) receipt.Receipt {
	r := iss.base(protocol.KindApplication, protocol.KindTitle(protocol.KindApplication), res)
	if !res.Deadline.IsZero() {
		d := res.Deadline.Time(calendar.Beijing)
		r.Deadline, r.Provisional = &d, res.Provisional
		r.LegalBasis = receipt.DefaultLegalBasis
	}
	r.Notes = []string{"本机关将自受理之日起20个工作日内答复；需要延长答复期限的，将书面告知（延长不超过20个工作日）。", receipt.NoteCorrection}
	if a.ApplicantType == submission.ApplicantCitizen {
		r.Summary = append(r.Summary, receipt.Line{Label: "申请人", Value: receipt.MaskName(a.Name)})
	} else {
		r.Summary = append(r.Summary, receipt.Line{Label: "申请人类型", Value: a.ApplicantType + "（" + a.OrgCategory + "）"},
			receipt.Line{Label: "联系人", Value: receipt.MaskName(a.ContactName)})
	}
	switch {
	case a.FilledByStaff:
		r.Summary = append(r.Summary, receipt.Line{Label: "代为填写", Value: "工作人员 " + a.StaffID})
	case a.PaperForm:
		r.Summary = append(r.Summary, receipt.Line{Label: "纸质申请", Value: "工作人员 " + a.StaffID + " 录入"})
	}
	return r
}

// feedbackTitles name a feedback by its target, but a general one.
var feedbackTitles = map[string]string{
	submission.TargetConsultation: "意见征集反馈意见",
	submission.TargetObstacle:     "办事堵点问题反映",
}

// feedbackTitle names a feedback by its target.
func feedbackTitle(target string) string {
	return cmp.Or(feedbackTitles[target], "政务公开意见建议")
}

func (iss issuer) feedback(f *submission.Feedback, consultation string, res submission.Result) receipt.Receipt {
	r := iss.base(protocol.KindFeedback, feedbackTitle(f.Target), res)
	switch f.Target {
	case submission.TargetConsultation:
		r.Summary = append(r.Summary, receipt.Line{Label: "征集事项", Value: consultation})
	case submission.TargetObstacle:
		r.Summary = append(r.Summary, receipt.Line{Label: "问题类别", Value: f.Category})
	}
	if f.Rating != "" {
		r.Summary = append(r.Summary, receipt.Line{Label: "评价", Value: f.Rating})
	}
	if f.Anonymous {
		r.Notes = []string{"您选择了匿名提交，工作人员无法与您联系答复。"}
	} else {
		if f.Name != "" {
			r.Summary = append(r.Summary, receipt.Line{Label: "署名", Value: receipt.MaskName(f.Name)})
		}
		r.Notes = []string{"感谢您的意见建议。留有联系方式的，工作人员会与您联系。"}
	}
	return r
}

func (iss issuer) signup(su *submission.Signup, ev domain.Event, res submission.Result) receipt.Receipt {
	r := iss.base(protocol.KindSignup, protocol.KindTitle(protocol.KindSignup), res)
	r.Event = &receipt.EventInfo{Title: ev.Title, Start: ev.Start.In(calendar.Beijing), Place: ev.Place, SeatState: protocol.SeatLabel(res.SeatState)}
	r.Summary = []receipt.Line{
		{Label: "报名人", Value: receipt.MaskName(su.Name)},
		{Label: "手机", Value: receipt.MaskPhone(su.Mobile)},
		{Label: "人数", Value: fmt.Sprintf("%d人", su.Attendees)},
	}
	switch res.SeatState {
	case protocol.SeatConfirmed:
		r.Notes = []string{"报名已确认。请于活动开始前15分钟到达，凭本回执签到。"}
	case protocol.SeatWaitlist:
		r.Notes = []string{"名额已满，您已登记为候补。有人取消时按报名先后递补，结果可凭受理编号查询。"}
	default:
		r.Notes = []string{"报名已登记，确认结果可凭受理编号查询。"}
	}
	r.Notes = append(r.Notes, "如需取消，请在本终端“活动报名”中点“取消报名”，输入受理编号和查询码。")
	return r
}

// cancel is the receipt of a cancelled sign-up. A cancellation has no
// number of its own: the receipt carries the sign-up's, under which the
// archive keeps it (beside the sign-up's own receipt) and the status page
// shows the sign-up as cancelled.
func (iss issuer) cancel(c *submission.Cancel, res submission.Result) receipt.Receipt {
	r := iss.base(protocol.KindCancel, "取消活动报名", res)
	r.Tracking = c.Tracking
	r.Notes = []string{"取消报名已受理，名额将留给其他群众。"}
	if iss.publicURL != "" {
		r.StatusURL = receipt.StatusURL(iss.publicURL, c.Tracking, c.Code)
	}
	return r
}
