package submission

import (
	"bytes"
	"fmt"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// Applicant types (申请人类型).
const (
	ApplicantCitizen = "公民"
	ApplicantOrg     = "法人或者其他组织"
)

// OrgCategories are the annual report's columns for organisations
// (国办公开办函〔2021〕30号): every organisation applicant is one of them.
var OrgCategories = []string{"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}

// IDTypes are the identity documents a citizen may show (证件类型).
var IDTypes = []string{"居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "其他"}

// IDTypeResident is the 居民身份证, the only type checked digit by digit.
const IDTypeResident = "居民身份证"

// Media are the forms the information may be provided in (载体).
var Media = []string{"纸质", "电子邮件", "光盘/U盘"}

// Deliveries are the ways of obtaining it (获取方式).
var Deliveries = []string{"自行领取/当场查阅、抄录", "邮寄", "电子邮件"}

// Length limits in characters. Generous for real content, small enough
// for a receipt and the hub's list.
const (
	maxName        = 50
	maxOrgName     = 100
	maxIDNumber    = 30
	maxAddress     = 100
	maxInfoName    = 200
	maxDocNo       = 100
	maxDescription = 2000
	maxStaffID     = 32
	// MaxSignatureBytes bounds a signature image.
	MaxSignatureBytes = 512 << 10
)

// Application is a 依申请公开 application (《政府信息公开条例》 Art. 29) with
// every field of the published county forms. JSON keys are the field keys
// of validation errors.
type Application struct {
	ApplicantType string `json:"applicant_type"` // ApplicantCitizen | ApplicantOrg

	// Citizen (公民).
	Name     string `json:"name,omitempty"`      // 姓名
	IDType   string `json:"id_type,omitempty"`   // 证件类型, one of IDTypes
	IDNumber string `json:"id_number,omitempty"` // 证件号码
	Employer string `json:"employer,omitempty"`  // 工作单位 (optional)

	// Organisation (法人或者其他组织).
	OrgCategory         string `json:"org_category,omitempty"`          // one of OrgCategories
	OrgName             string `json:"org_name,omitempty"`              // 名称
	CreditCode          string `json:"credit_code,omitempty"`           // 统一社会信用代码
	CreditCodeConfirmed bool   `json:"credit_code_confirmed,omitempty"` // checksum warning confirmed
	LegalRep            string `json:"legal_rep,omitempty"`             // 法定代表人
	ContactName         string `json:"contact_name,omitempty"`          // 联系人姓名

	// Both.
	Phone      string `json:"phone"`           // 联系电话: mobile or landline
	Address    string `json:"address"`         // 通信地址
	PostalCode string `json:"postal_code"`     // 邮政编码
	Email      string `json:"email,omitempty"` // 电子邮箱 (required for e-mail delivery)

	// The information requested: a name, a document number or a description
	// that lets the agency find it (Art. 29 (2)).
	InfoName        string `json:"info_name,omitempty"`                         // 所需信息名称
	InfoDocNo       string `json:"info_doc_no,omitempty"`                       // 文号 (optional)
	InfoDescription string `json:"info_description,omitempty" text:"multiline"` // 特征性描述

	Media     []string `json:"media"`      // 载体, one or more of Media
	Delivery  []string `json:"delivery"`   // 获取方式, one or more of Deliveries
	FeeWaiver bool     `json:"fee_waiver"` // 是否申请减免费用

	// FilledByStaff marks an oral application written down by staff
	// (代为填写, Art. 29); StaffID names who did.
	FilledByStaff bool   `json:"filled_by_staff,omitempty"`
	StaffID       string `json:"staff_id,omitempty"`
	// PaperForm marks a paper form handed in at the desk and entered by
	// staff (`kiosk submit`): the signature is on the paper.
	PaperForm bool `json:"paper_form,omitempty"`

	Signature []byte        `json:"signature,omitempty"` // PNG drawn with a finger
	SignedOn  calendar.Date `json:"signed_on,omitzero"`  // date by the signature; the receipt date is Received
}

// Kind returns KindApplication.
func (a *Application) Kind() string { return protocol.KindApplication }

// Normalize tidies text (validate.NormalizeFields) and puts numbers in
// their stored forms. It drops the fields of the other applicant type,
// which a form may still hold after the person switched type, so they are
// never sealed.
func (a *Application) Normalize() {
	validate.NormalizeFields(a)
	switch a.ApplicantType {
	case ApplicantCitizen:
		a.OrgCategory, a.OrgName, a.CreditCode, a.CreditCodeConfirmed, a.LegalRep, a.ContactName = "", "", "", false, "", ""
	case ApplicantOrg:
		a.Name, a.IDType, a.IDNumber, a.Employer = "", "", "", ""
	}
	if a.IDType == IDTypeResident {
		a.IDNumber = validate.NormalizeIDNumber(a.IDNumber)
	}
	if a.CreditCode != "" {
		a.CreditCode = validate.NormalizeCreditCode(a.CreditCode)
	}
	a.Phone = validate.NormalizePhone(a.Phone)
	a.PostalCode = validate.NormalizePostalCode(a.PostalCode)
	a.Email = validate.NormalizeEmail(a.Email)
	a.Media = dedupe(a.Media)
	a.Delivery = dedupe(a.Delivery)
}

// SignedWithin is how many days before the receipt date a paper form's
// signature may be dated: a form signed at home and handed in later.
const SignedWithin = 30

// Validate checks the application as the form would, field by field, on
// the receipt time now (a 居民身份证's birth date and the signature date
// are judged against it).
func (a *Application) Validate(now time.Time, _ Lookups) error {
	fe := validate.FieldErrors{}
	fe.CheckText(a)
	switch a.ApplicantType {
	case ApplicantCitizen:
		fe.Add("name", required("姓名", a.Name, maxName))
		fe.Add("id_type", choice("证件类型", a.IDType, IDTypes))
		fe.Add("id_number", validate.Required("证件号码", a.IDNumber))
		if a.IDType == IDTypeResident {
			fe.Add("id_number", validate.IDNumber(a.IDNumber, now))
		}
		fe.Add("id_number", validate.MaxLen("证件号码", a.IDNumber, maxIDNumber))
		fe.Add("employer", validate.MaxLen("工作单位", a.Employer, maxOrgName))
	case ApplicantOrg:
		fe.Add("org_category", choice("组织类别", a.OrgCategory, OrgCategories))
		fe.Add("org_name", required("法人或者其他组织名称", a.OrgName, maxOrgName))
		fe.Add("credit_code", validate.CreditCode(a.CreditCode))
		if validate.IsWarning(fe["credit_code"]) && a.CreditCodeConfirmed {
			delete(fe, "credit_code")
		}
		fe.Add("legal_rep", required("法定代表人", a.LegalRep, maxName))
		fe.Add("contact_name", required("联系人姓名", a.ContactName, maxName))
	case "":
		fe.Add("applicant_type", invalid("请选择申请人类型（公民或法人或者其他组织）"))
	default:
		fe.Add("applicant_type", invalid("申请人类型应为“公民”或“法人或者其他组织”"))
	}

	fe.Add("phone", validate.Phone(a.Phone))
	fe.Add("address", required("通信地址", a.Address, maxAddress))
	fe.Add("postal_code", validate.PostalCode(a.PostalCode))
	emailNeeded := contains(a.Media, "电子邮件") || contains(a.Delivery, "电子邮件")
	if a.Email != "" || emailNeeded {
		if a.Email == "" {
			fe.Add("email", invalid("选择了电子邮件方式，请填写电子邮箱"))
		}
		fe.Add("email", validate.Email(a.Email))
	}

	if a.InfoName == "" && a.InfoDocNo == "" && a.InfoDescription == "" {
		fe.Add("info_name", invalid("请填写所需信息的名称、文号或特征性描述（至少一项），以便查找"))
	}
	fe.Add("info_name", validate.MaxLen("所需信息名称", a.InfoName, maxInfoName))
	fe.Add("info_doc_no", validate.MaxLen("文号", a.InfoDocNo, maxDocNo))
	fe.Add("info_description", validate.MaxLen("特征性描述", a.InfoDescription, maxDescription))

	fe.Add("media", choices("信息的载体", a.Media, Media))
	fe.Add("delivery", choices("获取方式", a.Delivery, Deliveries))

	if a.FilledByStaff || a.PaperForm {
		fe.Add("staff_id", required("工作人员编号", a.StaffID, maxStaffID))
	} else if a.StaffID != "" {
		fe.Add("staff_id", invalid("只有工作人员代为填写时才填写工作人员编号"))
	}
	switch {
	case len(a.Signature) == 0 && !a.PaperForm:
		fe.Add("signature", invalid("请在签名区签名"))
	case len(a.Signature) > MaxSignatureBytes:
		fe.Add("signature", invalid("签名图像过大，请清除后重新签名"))
	case len(a.Signature) > 0 && !bytes.HasPrefix(a.Signature, []byte("\x89PNG\r\n\x1a\n")):
		fe.Add("signature", invalid("签名图像无效，请清除后重新签名"))
	}
	fe.Add("signed_on", signedOn(a.SignedOn, calendar.Today(now)))
	return fe.Err()
}

// signedOn checks the date by a signature against the receipt date: not
// after it, and at most SignedWithin days before it.
func signedOn(d, received calendar.Date) error {
	switch {
	case d.IsZero():
		return nil
	case d.After(received):
		return invalid("签名日期（" + d.String() + "）不能晚于今天（受理日期 " + received.String() + "），请核对")
	case d.Before(received.AddDays(-SignedWithin)):
		return invalid(fmt.Sprintf("签名日期（%s）早于受理日期（%s）%d天以上，不像是本次提交的申请表，请核对；签名已久的申请表请申请人重新签名",
			d, received, SignedWithin))
	}
	return nil
}

// ApplicantCategory returns the annual report's column for the applicant:
// 自然人 for a citizen, else the organisation's category.
func (a *Application) ApplicantCategory() string {
	if a.ApplicantType == ApplicantCitizen {
		return "自然人"
	}
	return a.OrgCategory
}
