package foi

import (
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/validate"
)

// Stage is where a case stands. The six stages an agency's rules name
// (登记 → 审核 → 办理 → 答复 → 送达 → 归档) plus two in which the reply
// clock does not run as usual: 待补正 (stopped, Art. 30) and 征求意见
// (paused, Art. 32).
type Stage string

// Stages, in the order a case normally passes them.
const (
	StageRegistered Stage = "登记"
	StageReview     Stage = "审核"
	StageCorrection Stage = "待补正"
	StageHandling   Stage = "办理"
	StageConsulting Stage = "征求意见"
	StageReply      Stage = "答复"
	StageDelivered  Stage = "送达"
	StageArchived   Stage = "归档"
)

// Stages lists every stage in order, for filters and tables.
var Stages = []Stage{StageRegistered, StageReview, StageCorrection, StageHandling, StageConsulting,
	StageReply, StageDelivered, StageArchived}

// Open reports whether a case in stage s still needs a reply.
func (s Stage) Open() bool {
	switch s {
	case StageReply, StageDelivered, StageArchived:
		return false
	}
	return true
}

// Channels an application arrives by (the register's 渠道 column).
const (
	ChannelKiosk    = "终端" // the kiosk in the 政务公开专区: received when submitted
	ChannelInPerson = "当面" // Art. 31 (1): the day it is handed in
	ChannelPost     = "邮寄" // Art. 31 (2): the day the agency signs for it
	ChannelOnline   = "网络" // Art. 31 (3): the day both sides confirm receipt
	ChannelFax      = "传真" // treated as online: the day both sides confirm
)

// Channels lists the channels in the register's order.
var Channels = []string{ChannelKiosk, ChannelInPerson, ChannelPost, ChannelOnline, ChannelFax}

// Applicant is who asked. Category is one of the annual report's six
// columns (domain.ApplicantCategories).
type Applicant struct {
	Type        string `json:"type"` // submission.ApplicantCitizen or ApplicantOrg
	Name        string `json:"name"` // the person's name or the organisation's
	Category    string `json:"category"`
	IDType      string `json:"id_type,omitempty"`
	IDNumber    string `json:"id_number,omitempty"`
	CreditCode  string `json:"credit_code,omitempty"`
	LegalRep    string `json:"legal_rep,omitempty"`
	ContactName string `json:"contact_name,omitempty"`
	Phone       string `json:"phone,omitempty"`
	Address     string `json:"address,omitempty"`
	PostalCode  string `json:"postal_code,omitempty"`
	Email       string `json:"email,omitempty"`
}

// Key identifies the applicant across cases: the identity number or
// credit code when known, else the name with the phone number. Cases with
// the same key belong to one applicant (the applicant view, the
// repeated-request check).
func (a Applicant) Key() string {
	switch {
	case a.CreditCode != "":
		return "org:" + validate.NormalizeCreditCode(a.CreditCode)
	case a.IDNumber != "":
		return "id:" + strings.ToUpper(strings.TrimSpace(a.IDNumber))
	}
	return "np:" + strings.TrimSpace(a.Name) + "|" + validate.NormalizePhone(a.Phone)
}

// Request is what was asked for (Art. 29 (2), (3)).
type Request struct {
	InfoName    string   `json:"info_name,omitempty"`   // 所需信息名称
	DocNo       string   `json:"doc_no,omitempty"`      // 文号
	Description string   `json:"description,omitempty"` // 特征性描述
	Media       []string `json:"media,omitempty"`       // 载体
	Delivery    []string `json:"delivery,omitempty"`    // 获取方式
	FeeWaiver   bool     `json:"fee_waiver,omitempty"`
}

// Summary is the request in one line, as letters and the register show it.
func (r Request) Summary() string {
	var parts []string
	if r.InfoName != "" {
		parts = append(parts, r.InfoName)
	}
	if r.DocNo != "" {
		parts = append(parts, "（"+r.DocNo+"）")
	}
	s := strings.Join(parts, "")
	if r.Description != "" {
		if s != "" {
			s += "："
		}
		s += r.Description
	}
	return s
}

// Correction is the one 补正 notice of Art. 30.
type Correction struct {
	Unclear         string        `json:"unclear"`  // what to correct
	Days            int           `json:"days"`     // the time given, in working days
	Notified        calendar.Date `json:"notified"` // the notice's date
	Due             calendar.Date `json:"due"`      // Notified + Days working days
	DueProvisional  bool          `json:"due_provisional,omitempty"`
	Received        calendar.Date `json:"received,omitzero"` // the corrected application; the clock restarts from it
	LateReason      string        `json:"late_reason,omitempty"`
	Lapsed          bool          `json:"lapsed,omitempty"` // no correction in time: closed as 6.1
	NotifiedBy      string        `json:"notified_by"`
	OriginalRequest *Request      `json:"original_request,omitempty"` // before the correction changed it
}

// Consultation is one 征求第三方意见 (Art. 32). The working days from Sent
// to Back do not count toward the reply deadline.
type Consultation struct {
	Party string        `json:"party"` // the third party or other agency
	Sent  calendar.Date `json:"sent"`
	Back  calendar.Date `json:"back,omitzero"` // reply received (or the agency decided); zero while open
}

// ThirdPartyDays is how long a third party has to answer (Art. 32).
const ThirdPartyDays = 15

// Extension is the one 延期 of Art. 33: asked for by one account,
// approved by a 审核人 with another.
type Extension struct {
	Days        int           `json:"days"`
	Reason      string        `json:"reason"`
	RequestedBy string        `json:"requested_by"`
	Requested   calendar.Date `json:"requested"`
	ApprovedBy  string        `json:"approved_by,omitempty"`
	Approved    calendar.Date `json:"approved,omitzero"`
	Due         calendar.Date `json:"due,omitzero"` // the new deadline, as the notice states it
	RejectedBy  string        `json:"rejected_by,omitempty"`
	Rejected    calendar.Date `json:"rejected,omitzero"`
}

// Pending reports an extension asked for and not yet decided.
func (e *Extension) Pending() bool {
	return e != nil && e.Approved.IsZero() && e.Rejected.IsZero()
}

// Granted reports an approved extension.
func (e *Extension) Granted() bool { return e != nil && !e.Approved.IsZero() }

// Reply is the decision and the letter that carries it.
type Reply struct {
	Outcome      string        `json:"outcome"`                 // domain.Outcomes code
	Decision     string        `json:"decision,omitempty"`      // the specific decision and reasons
	Basis        string        `json:"basis,omitempty"`         // legal basis; default by outcome
	Obtain       string        `json:"obtain,omitempty"`        // where and how to obtain the information
	ReferAgency  string        `json:"refer_agency,omitempty"`  // 不属于本机关: the agency responsible
	ReferContact string        `json:"refer_contact,omitempty"` // its contact details
	EarlierCase  string        `json:"earlier_case,omitempty"`  // 重复申请: the case already answered
	Template     string        `json:"template,omitempty"`      // the letter template used
	DraftedBy    string        `json:"drafted_by"`
	Drafted      calendar.Date `json:"drafted"`
	From         Stage         `json:"from"` // the stage it was drafted in; 退回 goes back there
	SignedBy     string        `json:"signed_by,omitempty"`
	Signed       calendar.Date `json:"signed,omitzero"` // the reply's date: the case is answered
}

// Delivery is how and when the reply reached the applicant (送达).
type Delivery struct {
	Method string        `json:"method"`
	Date   calendar.Date `json:"date"`
	By     string        `json:"by"`
}

// DeliveryMethods are the usual ways of serving a reply.
var DeliveryMethods = []string{"当面领取", "邮寄", "电子邮件", "网上送达", "传真", "留置送达"}

// Letter kinds kept in the correspondence log.
const (
	LetterCorrection   = "补正告知书"
	LetterExtension    = "延期答复告知书"
	LetterReply        = "答复书"
	LetterConsultation = "征求意见函"
)

// Correspondence is one entry of the case's correspondence log: a notice
// or letter sent, when, to whom and how. LetterID names the stored PDF
// (0: none kept, e.g. a consultation letter written outside the system).
type Correspondence struct {
	N        int           `json:"n"`
	Kind     string        `json:"kind"`
	Title    string        `json:"title"`
	To       string        `json:"to"`
	Date     calendar.Date `json:"date"`
	Method   string        `json:"method,omitempty"`
	By       string        `json:"by"`
	LetterID int64         `json:"letter_id,omitempty"`
}

// Event is one line of a case's history.
type Event struct {
	At     time.Time `json:"at"`
	Login  string    `json:"login"`
	Name   string    `json:"name,omitempty"`
	Action string    `json:"action"` // an Act… constant
	From   Stage     `json:"from"`
	To     Stage     `json:"to"`
	Detail string    `json:"detail,omitempty"` // internal: never published
}

// Case is one 依申请公开 application and everything done with it.
type Case struct {
	ID         string        `json:"id"`                 // register number, e.g. 2025-00042
	Tracking   string        `json:"tracking,omitempty"` // the kiosk's tracking number (终端 only)
	KioskID    string        `json:"kiosk_id,omitempty"`
	Channel    string        `json:"channel"`
	Received   calendar.Date `json:"received"` // Art. 31 receipt date
	ReceivedAt time.Time     `json:"received_at"`
	Postmarked calendar.Date `json:"postmarked,omitzero"` // 邮寄: the postmark, for the record
	Applicant  Applicant     `json:"applicant"`
	Request    Request       `json:"request"`
	Stage      Stage         `json:"stage"`
	Dept       string        `json:"dept,omitempty"`    // 科室
	Handler    string        `json:"handler,omitempty"` // the 承办人's login
	// HandlerName is the 承办人's display name.
	HandlerName    string           `json:"handler_name,omitempty"`
	Correction     *Correction      `json:"correction,omitempty"`
	Consultations  []Consultation   `json:"consultations,omitempty"`
	Extension      *Extension       `json:"extension,omitempty"`
	Reply          *Reply           `json:"reply,omitempty"`
	Delivery       *Delivery        `json:"delivery,omitempty"`
	Archived       calendar.Date    `json:"archived,omitzero"`
	Correspondence []Correspondence `json:"correspondence,omitempty"`
	History        []Event          `json:"history,omitempty"`
	Version        int              `json:"version"`

	// Computed on every read from the working-day calendar, never stored
	// as truth.
	Deadline Deadline `json:"-"`
	// Repeats are earlier answered cases of the same applicant asking for
	// much the same information (filled by Service.Get).
	Repeats []Match `json:"-"`
}

// Outcome returns the reply's outcome code, "" before a reply.
func (c *Case) Outcome() string {
	if c.Reply == nil {
		return ""
	}
	return c.Reply.Outcome
}

// Answered reports a reply signed off: the case counts as closed in the
// annual report from Reply.Signed on.
func (c *Case) Answered() bool { return c.Reply != nil && !c.Reply.Signed.IsZero() }

// openConsultation returns the consultation still waiting, nil if none.
func (c *Case) openConsultation() *Consultation {
	for i := range c.Consultations {
		if c.Consultations[i].Back.IsZero() {
			return &c.Consultations[i]
		}
	}
	return nil
}

// clone returns a deep enough copy for Apply to change freely.
func (c *Case) clone() *Case {
	n := *c
	n.Correction, n.Extension = copyOf(c.Correction), copyOf(c.Extension)
	n.Reply, n.Delivery = copyOf(c.Reply), copyOf(c.Delivery)
	n.Consultations = append([]Consultation(nil), c.Consultations...)
	n.Correspondence = append([]Correspondence(nil), c.Correspondence...)
	n.History = append([]Event(nil), c.History...)
	return &n
}

// copyOf returns a copy of *p, nil for nil.
func copyOf[T any](p *T) *T {
	if p == nil {
		return nil
	}
	x := *p
	return &x
}
