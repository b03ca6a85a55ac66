package foi

import (
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/validate"
)

// Registration is an application that reached the office without a kiosk:
// handed in (当面), posted (邮寄), sent online (网络) or by fax (传真).
// Received is the receipt date as Art. 31 defines it for the channel:
// the day handed in, the day the agency signed for the letter, the day
// both sides confirmed receipt of the online or fax application.
type Registration struct {
	Channel    string        `json:"channel"`
	Received   calendar.Date `json:"received,omitzero"`   // 当面: zero means today
	Postmarked calendar.Date `json:"postmarked,omitzero"` // 邮寄: optional, for the record
	Applicant  Applicant     `json:"applicant"`
	Request    Request       `json:"request"`
	Note       string        `json:"note,omitempty"`
}

// ReceiptRule explains Art. 31 for a channel, for the registration form.
func ReceiptRule(channel string) string {
	switch channel {
	case ChannelInPerson:
		return "当面提交的，以提交之日为收到申请之日"
	case ChannelPost:
		return "邮寄提交的，以本机关签收之日为收到申请之日"
	case ChannelOnline:
		return "通过互联网渠道提交的，以双方确认之日为收到申请之日"
	case ChannelFax:
		return "通过传真提交的，以双方确认之日为收到申请之日"
	case ChannelKiosk:
		return "在政务公开专区自助终端提交的，以提交之日为收到申请之日"
	}
	return ""
}

// maxBackdate is how far back a receipt date may lie: an application that
// sat a year unregistered is a mistake to look at, not to type in.
const maxBackdate = 366

// normalize tidies a registration as typed.
func (r *Registration) normalize(today calendar.Date) {
	r.Channel = strings.TrimSpace(r.Channel)
	if r.Received.IsZero() && r.Channel == ChannelInPerson {
		r.Received = today
	}
	r.Applicant.normalize()
	r.Request.normalize()
	r.Note = strings.TrimSpace(r.Note)
}

// validate checks a registration field by field (keys are JSON field
// paths, e.g. "applicant.name").
func (r *Registration) validate(now time.Time) error {
	today := calendar.Today(now)
	fe := validate.FieldErrors{}
	switch r.Channel {
	case ChannelInPerson, ChannelPost, ChannelOnline, ChannelFax:
	case ChannelKiosk:
		fe.Add("channel", invalidf("终端申请由系统从终端导入，无需手工登记"))
	default:
		fe.Add("channel", invalidf("请选择收到申请的渠道：当面、邮寄、网络或传真"))
	}
	switch {
	case r.Received.IsZero():
		fe.Add("received", invalidf("请填写收到申请日期（%s）", ReceiptRule(r.Channel)))
	case r.Received.After(today):
		fe.Add("received", invalidf("收到申请日期%s晚于今天，请核对", r.Received))
	case r.Received.Before(today.AddDays(-maxBackdate)):
		fe.Add("received", invalidf("收到申请日期%s已超过一年，请核对", r.Received))
	}
	if !r.Postmarked.IsZero() {
		if r.Channel != ChannelPost {
			fe.Add("postmarked", invalidf("只有邮寄的申请才填写邮戳日期"))
		} else if r.Postmarked.After(r.Received) {
			fe.Add("postmarked", invalidf("邮戳日期晚于签收日期，请核对"))
		}
	}
	r.Applicant.validate(fe, now)
	r.Request.validate(fe)
	if len([]rune(r.Note)) > 1000 {
		fe.Add("note", invalidf("备注最多1000字"))
	}
	return fe.Err()
}

func (a *Applicant) normalize() {
	for _, p := range []*string{&a.Type, &a.Name, &a.Category, &a.IDType, &a.LegalRep, &a.ContactName, &a.Address} {
		*p = strings.TrimSpace(*p)
	}
	if a.IDType == submission.IDTypeResident {
		a.IDNumber = validate.NormalizeIDNumber(a.IDNumber)
	} else {
		a.IDNumber = strings.TrimSpace(a.IDNumber)
	}
	if a.CreditCode != "" {
		a.CreditCode = validate.NormalizeCreditCode(a.CreditCode)
	}
	if a.Phone != "" {
		a.Phone = validate.NormalizePhone(a.Phone)
	}
	a.PostalCode = validate.NormalizePostalCode(a.PostalCode)
	a.Email = validate.NormalizeEmail(a.Email)
	if a.Type == "" {
		if a.Category == domain.CategoryPerson {
			a.Type = submission.ApplicantCitizen
		} else if a.Category != "" {
			a.Type = submission.ApplicantOrg
		}
	}
}

// validate checks what a register needs of an applicant: a name, a
// category, some way to reach them. Identity documents are checked when
// given; a posted letter does not always carry them.
func (a *Applicant) validate(fe validate.FieldErrors, now time.Time) {
	fe.Add("applicant.name", validate.Required("申请人姓名或名称", a.Name))
	fe.Add("applicant.name", validate.MaxLen("申请人姓名或名称", a.Name, 100))
	if !has(domain.ApplicantCategories, a.Category) {
		fe.Add("applicant.category", invalidf("请选择申请人类别：%s", strings.Join(domain.ApplicantCategories, "、")))
	}
	if a.IDType == submission.IDTypeResident && a.IDNumber != "" {
		fe.Add("applicant.id_number", validate.IDNumber(a.IDNumber, now))
	}
	if a.CreditCode != "" {
		if err := validate.CreditCode(a.CreditCode); err != nil && !validate.IsWarning(err) {
			fe.Add("applicant.credit_code", err)
		}
	}
	if a.Phone == "" && a.Address == "" && a.Email == "" {
		fe.Add("applicant.phone", invalidf("请至少填写一种联系方式（电话、通信地址或电子邮箱）"))
	}
	if a.Phone != "" {
		fe.Add("applicant.phone", validate.Phone(a.Phone))
	}
	if a.Email != "" {
		fe.Add("applicant.email", validate.Email(a.Email))
	}
	if a.PostalCode != "" {
		fe.Add("applicant.postal_code", validate.PostalCode(a.PostalCode))
	}
	fe.Add("applicant.address", validate.MaxLen("通信地址", a.Address, 200))
}

func (r *Request) normalize() {
	for _, p := range []*string{&r.InfoName, &r.DocNo, &r.Description} {
		*p = strings.TrimSpace(*p)
	}
}

func (r *Request) validate(fe validate.FieldErrors) {
	if r.InfoName == "" && r.DocNo == "" && r.Description == "" {
		fe.Add("request.info_name", invalidf("请填写所需信息的名称、文号或特征性描述（至少一项）"))
	}
	fe.Add("request.info_name", validate.MaxLen("所需信息名称", r.InfoName, 200))
	fe.Add("request.doc_no", validate.MaxLen("文号", r.DocNo, 100))
	fe.Add("request.description", validate.MaxLen("特征性描述", r.Description, 4000))
}

// NewCase makes the case of a registration checked against Art. 31 and
// the form rules; ID is left for the store to assign.
func NewCase(reg Registration, a Actor, now time.Time) (*Case, error) {
	today := calendar.Today(now)
	if a.Role != RoleRegistrar && a.Role != RoleAdmin {
		return nil, domain.Errorf(domain.EFORBIDDEN, "只有登记员或管理员可以登记申请")
	}
	reg.normalize(today)
	if err := reg.validate(now); err != nil {
		return nil, err
	}
	c := &Case{Channel: reg.Channel, Received: reg.Received, ReceivedAt: now.UTC(), Postmarked: reg.Postmarked,
		Applicant: reg.Applicant, Request: reg.Request, Stage: StageRegistered, Version: 1}
	detail := ReceiptRule(reg.Channel) + "：" + reg.Received.String()
	if reg.Note != "" {
		detail += "；备注：" + reg.Note
	}
	c.History = []Event{{At: now.UTC(), Login: a.Login, Name: a.Name, Action: ActRegister, To: StageRegistered, Detail: detail}}
	return c, nil
}

// FromKiosk makes the case of an application a kiosk took: received the
// day it was submitted (Beijing time).
func FromKiosk(trk, kioskID string, received time.Time, app *submission.Application, now time.Time) *Case {
	ap := Applicant{Type: app.ApplicantType, Category: app.ApplicantCategory(), Phone: app.Phone, Address: app.Address,
		PostalCode: app.PostalCode, Email: app.Email}
	if app.ApplicantType == submission.ApplicantCitizen {
		ap.Name, ap.IDType, ap.IDNumber = app.Name, app.IDType, app.IDNumber
	} else {
		ap.Name, ap.CreditCode, ap.LegalRep, ap.ContactName = app.OrgName, app.CreditCode, app.LegalRep, app.ContactName
	}
	c := &Case{Tracking: trk, KioskID: kioskID, Channel: ChannelKiosk, Received: calendar.Today(received),
		ReceivedAt: received.UTC(), Applicant: ap, Stage: StageRegistered, Version: 1,
		Request: Request{InfoName: app.InfoName, DocNo: app.InfoDocNo, Description: app.InfoDescription,
			Media: app.Media, Delivery: app.Delivery, FeeWaiver: app.FeeWaiver}}
	detail := "终端受理编号 " + trk
	if app.FilledByStaff {
		detail += "；工作人员代为填写（" + app.StaffID + "）"
	}
	c.History = []Event{{At: now.UTC(), Login: System.Login, Name: System.Name, Action: ActImport, To: StageRegistered, Detail: detail}}
	return c
}
