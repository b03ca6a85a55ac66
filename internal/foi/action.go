package foi

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
)

// Action kinds: every change to a case is one of them, checked by Apply.
const (
	ActReview           = "review"            // 开始审核: 登记 → 审核
	ActAccept           = "accept"            // 受理: 审核 → 办理
	ActCorrect          = "correct"           // 补正告知: 登记/审核 → 待补正 (Art. 30)
	ActCorrected        = "corrected"         // 收到补正: 待补正 → 审核, the clock restarts
	ActLapse            = "lapse"             // 逾期未补正: 待补正 → 答复 with 6.1
	ActAssign           = "assign"            // 分办 to a 科室 / 承办人
	ActConsult          = "consult"           // 征求第三方意见: 办理 → 征求意见 (Art. 32)
	ActConsulted        = "consulted"         // 收到第三方意见: 征求意见 → 办理
	ActExtend           = "extend"            // 申请延期 (Art. 33)
	ActApproveExtension = "approve_extension" // 批准延期, by a 审核人 other than the requester
	ActRejectExtension  = "reject_extension"  // 不批准延期
	ActDraft            = "draft"             // 拟答复 with an outcome code: → 答复
	ActReturn           = "return"            // 退回: an unsigned reply goes back
	ActSignOff          = "sign_off"          // 审签: the reply is issued
	ActDeliver          = "deliver"           // 送达: 答复 → 送达
	ActArchive          = "archive"           // 归档: 送达 → 归档, read-only from then on
	ActNote             = "note"              // 备注 (internal)
	// ActRegister and ActImport appear only in history: a case's first line.
	ActRegister = "register"
	ActImport   = "import"
)

// Action is one change a person asks for. Only the fields its Kind uses
// are read.
type Action struct {
	Kind string `json:"kind"`
	// Version, when not 0, must be the case's current version: a form
	// sent twice, or after someone else changed the case, is refused.
	Version int `json:"version,omitempty"`
	// Date is the day something happened outside the office: the
	// corrected application received, a consultation sent or answered,
	// the reply served. Zero means today; never later than today.
	Date        calendar.Date `json:"date,omitzero"`
	Note        string        `json:"note,omitempty"` // internal; never published
	Dept        string        `json:"dept,omitempty"`
	Handler     string        `json:"handler,omitempty"` // login
	HandlerName string        `json:"handler_name,omitempty"`
	Unclear     string        `json:"unclear,omitempty"` // 补正: what is unclear
	Days        int           `json:"days,omitempty"`    // 补正: time given; 延期: length
	Party       string        `json:"party,omitempty"`   // 征求意见: the third party
	Reason      string        `json:"reason,omitempty"`  // 延期, 退回, late 补正
	Method      string        `json:"method,omitempty"`  // how a notice or the reply is sent
	Request     *Request      `json:"request,omitempty"` // 收到补正: the corrected request
	Reply       *Reply        `json:"reply,omitempty"`   // 拟答复: outcome, decision, …
}

// rule is what the stage machine allows for one action kind.
type rule struct {
	label string
	from  []Stage
	to    Stage // "" keeps the stage
	roles []string
}

var (
	staff      = []string{RoleRegistrar, RoleHandler, RoleReviewer, RoleAdmin}
	desk       = []string{RoleRegistrar, RoleReviewer, RoleAdmin}
	handlers   = []string{RoleHandler, RoleReviewer, RoleAdmin}
	reviewers  = []string{RoleReviewer}
	openStages = []Stage{StageRegistered, StageReview, StageCorrection, StageHandling, StageConsulting, StageReply, StageDelivered}
)

var rules = map[string]rule{
	ActReview:           {"开始审核", []Stage{StageRegistered}, StageReview, desk},
	ActAccept:           {"受理", []Stage{StageReview}, StageHandling, desk},
	ActCorrect:          {"发出补正告知", []Stage{StageRegistered, StageReview}, StageCorrection, desk},
	ActCorrected:        {"登记收到补正", []Stage{StageCorrection}, StageReview, desk},
	ActLapse:            {"按逾期不补正终止", []Stage{StageCorrection}, StageReply, desk},
	ActAssign:           {"分办", []Stage{StageReview, StageHandling, StageConsulting}, "", desk},
	ActConsult:          {"征求第三方意见", []Stage{StageHandling}, StageConsulting, handlers},
	ActConsulted:        {"登记第三方意见", []Stage{StageConsulting}, StageHandling, handlers},
	ActExtend:           {"申请延期", []Stage{StageHandling, StageConsulting}, "", handlers},
	ActApproveExtension: {"批准延期", []Stage{StageHandling, StageConsulting}, "", reviewers},
	ActRejectExtension:  {"不批准延期", []Stage{StageHandling, StageConsulting}, "", reviewers},
	ActDraft:            {"拟写答复", []Stage{StageReview, StageHandling}, StageReply, staff},
	ActReturn:           {"退回答复", []Stage{StageReply}, "", reviewers},
	ActSignOff:          {"审签答复", []Stage{StageReply}, "", reviewers},
	ActDeliver:          {"登记送达", []Stage{StageReply}, StageDelivered, staff},
	ActArchive:          {"归档", []Stage{StageDelivered}, StageArchived, desk},
	ActNote:             {"添加备注", openStages, "", staff},
}

// ActionKinds lists the kinds in the order a case usually needs them.
var ActionKinds = []string{ActReview, ActAccept, ActCorrect, ActCorrected, ActLapse, ActAssign, ActConsult,
	ActConsulted, ActExtend, ActApproveExtension, ActRejectExtension, ActDraft, ActReturn, ActSignOff,
	ActDeliver, ActArchive, ActNote}

// ActionLabel is an action kind in Chinese.
func ActionLabel(kind string) string {
	switch kind {
	case ActRegister:
		return "登记"
	case ActImport:
		return "从终端导入"
	}
	if r, ok := rules[kind]; ok {
		return r.label
	}
	return kind
}

// Env is what Apply needs besides the case: the calendar and the time.
type Env struct {
	Cal *calendar.Calendar
	Now time.Time
}

func (e Env) today() calendar.Date { return calendar.Today(e.Now) }

func invalidf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, format, args...)
}

// Allowed reports whether actor a may take an action of kind on c now as
// far as stage, role and the case's own state go (the action's fields are
// checked by Apply). The console shows only the actions Allowed accepts.
func Allowed(c *Case, a Actor, kind string, env Env) error {
	r, ok := rules[kind]
	if !ok {
		return invalidf("未知的操作 %q", kind)
	}
	if err := a.checkSee(c); err != nil {
		return err
	}
	if c.Stage == StageArchived {
		return invalidf("案件已归档，只能查看和导出，不能再修改")
	}
	if !has(r.from, c.Stage) {
		return invalidf("案件当前处于“%s”阶段，不能%s%s", c.Stage, r.label, stageHint(kind))
	}
	if !has(r.roles, a.Role) {
		return domain.Errorf(domain.EFORBIDDEN, "%s不能%s（须由%s操作）", a.Role, r.label, strings.Join(r.roles, "、"))
	}
	today := env.today()
	switch kind {
	case ActCorrect:
		if c.Correction != nil {
			return invalidf("该申请已发出过补正告知；《政府信息公开条例》第三十条规定补正只能一次性告知")
		}
		if limit, _ := env.Cal.AddWorkingDays(c.Received, CorrectionWindow); today.After(limit) {
			return invalidf("补正告知须在收到申请之日起%d个工作日内发出：本申请%s收到，最迟%s，现已超过（《政府信息公开条例》第三十条）",
				CorrectionWindow, c.Received, limit)
		}
	case ActLapse:
		if !today.After(c.Correction.Due) {
			return invalidf("补正期限（%s）尚未届满，不能按逾期不补正终止", c.Correction.Due)
		}
	case ActExtend:
		switch {
		case c.Extension.Granted():
			return invalidf("该申请已延期过一次；《政府信息公开条例》第三十三条只允许延长一次")
		case c.Extension.Pending():
			return invalidf("已有一份延期申请等待审核人批准")
		}
		if dl := ComputeDeadline(c, env.Cal, today); dl.Overdue {
			return invalidf("答复期限（%s）已过，不能再申请延期；延期须在期限届满前批准并告知申请人", dl.Due)
		}
	case ActApproveExtension, ActRejectExtension:
		if !c.Extension.Pending() {
			if c.Extension.Granted() {
				return invalidf("延期已经批准过；《政府信息公开条例》第三十三条只允许延长一次")
			}
			return invalidf("没有等待批准的延期申请")
		}
		if c.Extension.RequestedBy == a.Login {
			return domain.Errorf(domain.EFORBIDDEN, "延期须由申请人以外的另一位审核人决定：您不能审批自己提出的延期申请")
		}
		if dl := ComputeDeadline(c, env.Cal, today); kind == ActApproveExtension && dl.Overdue {
			return invalidf("答复期限（%s）已过，不能再批准延期", dl.Due)
		}
	case ActReturn, ActSignOff:
		if c.Answered() {
			return invalidf("答复已于%s签发，不能再%s", c.Reply.Signed, r.label)
		}
	case ActDeliver:
		if !c.Answered() {
			return invalidf("答复尚未经审核人签发，不能送达")
		}
	}
	return nil
}

// stageHint says where an action belongs, for the refusal message.
func stageHint(kind string) string {
	switch kind {
	case ActCorrect:
		return "（补正告知只能在登记或审核阶段、受理之前发出）"
	case ActExtend, ActApproveExtension, ActRejectExtension:
		return "（延期只能在办理阶段申请和批准）"
	case ActDraft:
		return "（答复在审核或办理阶段拟写）"
	case ActDeliver:
		return "（须先拟写答复并经审核人签发）"
	case ActArchive:
		return "（须先送达答复）"
	case ActConsult:
		return "（征求意见须在受理后的办理阶段发出）"
	}
	return ""
}

// Apply checks act against the rules and returns the changed case (c
// itself is not modified). Errors are *domain.Error with a Chinese message
// saying why the action is refused.
func Apply(c *Case, a Actor, act Action, env Env) (*Case, error) {
	if err := a.checkSee(c); err != nil {
		return nil, err
	}
	// A stale or replayed form is refused as such, before the rules
	// would refuse what it asks for.
	if act.Version != 0 && act.Version != c.Version {
		return nil, domain.Errorf(domain.ECONFLICT, "案件已被他人更新（当前第%d版，表单为第%d版），请刷新后再操作", c.Version, act.Version)
	}
	if err := Allowed(c, a, act.Kind, env); err != nil {
		return nil, err
	}
	act.Note = strings.TrimSpace(act.Note)
	if len([]rune(act.Note)) > 1000 {
		return nil, invalidf("备注最多1000字")
	}
	today := env.today()
	date := act.Date
	if date.IsZero() {
		date = today
	}
	if date.After(today) {
		return nil, invalidf("日期%s晚于今天，请核对", date)
	}
	n := c.clone()
	r := rules[act.Kind]
	detail, err := apply(n, a, act, env, date)
	if err != nil {
		return nil, err
	}
	from := c.Stage
	if r.to != "" && n.Stage == c.Stage {
		n.Stage = r.to
	}
	if act.Note != "" {
		if detail != "" {
			detail += "；"
		}
		detail += "备注：" + act.Note
	}
	n.History = append(n.History, Event{At: env.Now.UTC(), Login: a.Login, Name: a.Name, Action: act.Kind,
		From: from, To: n.Stage, Detail: detail})
	n.Version = c.Version + 1
	return n, nil
}

// apply makes the change of one action kind on n and returns the history
// line's detail.
func apply(n *Case, a Actor, act Action, env Env, date calendar.Date) (string, error) {
	today := env.today()
	switch act.Kind {
	case ActReview, ActArchive:
		if act.Kind == ActArchive {
			n.Archived = today
		}
		return "", nil
	case ActAccept, ActAssign:
		dept, handler := strings.TrimSpace(act.Dept), strings.TrimSpace(act.Handler)
		if act.Kind == ActAssign && dept == "" && handler == "" {
			return "", invalidf("请选择承办科室或承办人")
		}
		if dept != "" {
			n.Dept = dept
		}
		if handler != "" {
			n.Handler, n.HandlerName = handler, strings.TrimSpace(act.HandlerName)
		}
		if dept == "" && handler == "" {
			return "", nil
		}
		return fmt.Sprintf("承办：%s %s", n.Dept, n.HandlerName), nil
	case ActCorrect:
		return correct(n, a, act, env)
	case ActCorrected:
		return corrected(n, act, date)
	case ActLapse:
		n.Correction.Lapsed = true
		n.Reply = &Reply{Outcome: "6.1", DraftedBy: a.Login, Drafted: today, From: StageCorrection}
		return "补正期限" + n.Correction.Due.String() + "届满未收到补正，按（六）1 逾期不补正办结", nil
	case ActConsult:
		party := strings.TrimSpace(act.Party)
		if party == "" {
			return "", invalidf("请填写征求意见的第三方或其他机关")
		}
		if date.Before(n.Received) {
			return "", invalidf("征求意见日期%s早于收到申请日期%s", date, n.Received)
		}
		n.Consultations = append(n.Consultations, Consultation{Party: party, Sent: date})
		addLetter(n, a, LetterConsultation, "征求第三方意见函", party, date, act.Method)
		due, _ := env.Cal.AddWorkingDays(date, ThirdPartyDays)
		return fmt.Sprintf("征求%s意见，第三方应于%s前答复；其间不计入答复期限", party, due), nil
	case ActConsulted:
		k := n.openConsultation()
		if date.Before(k.Sent) {
			return "", invalidf("收到意见日期%s早于征求意见日期%s", date, k.Sent)
		}
		k.Back = date
		days, _ := env.Cal.WorkingDaysBetween(k.Sent, k.Back)
		return fmt.Sprintf("%s意见于%s收回，%d个工作日不计入答复期限", k.Party, k.Back, days), nil
	case ActExtend:
		days := act.Days
		if days == 0 {
			days = MaxExtensionDays
		}
		if days < 1 || days > MaxExtensionDays {
			return "", invalidf("延期最多%d个工作日（《政府信息公开条例》第三十三条）", MaxExtensionDays)
		}
		reason := strings.TrimSpace(act.Reason)
		if reason == "" {
			return "", invalidf("请写明延期理由（将写入延期答复告知书）")
		}
		n.Extension = &Extension{Days: days, Reason: reason, RequestedBy: a.Login, Requested: today}
		return fmt.Sprintf("申请延期%d个工作日：%s", days, reason), nil
	case ActApproveExtension:
		n.Extension.ApprovedBy, n.Extension.Approved = a.Login, today
		dl := ComputeDeadline(n, env.Cal, today)
		n.Extension.Due = dl.Due
		addLetter(n, a, LetterExtension, "延期答复告知书", "申请人", today, act.Method)
		return fmt.Sprintf("批准延期%d个工作日，答复期限延至%s", n.Extension.Days, dl.Due), nil
	case ActRejectExtension:
		n.Extension.RejectedBy, n.Extension.Rejected = a.Login, today
		return "不批准延期", nil
	case ActDraft:
		return draft(n, a, act, today)
	case ActReturn:
		reason := strings.TrimSpace(act.Reason)
		if reason == "" {
			return "", invalidf("请写明退回理由")
		}
		n.Stage = n.Reply.From
		if n.Stage == StageCorrection {
			n.Correction.Lapsed = false
		}
		if n.Stage == "" {
			n.Stage = StageHandling
		}
		n.Reply = nil
		return "退回：" + reason, nil
	case ActSignOff:
		n.Reply.SignedBy, n.Reply.Signed = a.Login, today
		addLetter(n, a, LetterReply, ReplyTitle(n.Reply), "申请人", today, "")
		return "签发答复：" + domain.OutcomeRef(n.Reply.Outcome) + " " + domain.OutcomeLabel(n.Reply.Outcome), nil
	case ActDeliver:
		method := strings.TrimSpace(act.Method)
		if method == "" {
			return "", invalidf("请选择送达方式")
		}
		if date.Before(n.Reply.Signed) {
			return "", invalidf("送达日期%s早于签发日期%s", date, n.Reply.Signed)
		}
		n.Delivery = &Delivery{Method: method, Date: date, By: a.Login}
		for i := len(n.Correspondence) - 1; i >= 0; i-- {
			if n.Correspondence[i].Kind == LetterReply {
				n.Correspondence[i].Method = method + "（" + date.String() + "送达）"
				break
			}
		}
		return "以" + method + "方式送达，送达日期" + date.String(), nil
	case ActNote:
		if act.Note == "" {
			return "", invalidf("请填写备注内容")
		}
		return "", nil
	}
	return "", invalidf("未知的操作 %q", act.Kind)
}

func correct(n *Case, a Actor, act Action, env Env) (string, error) {
	unclear := strings.TrimSpace(act.Unclear)
	if unclear == "" {
		return "", invalidf("请写明需要补正的事项（申请哪些内容不明确、应如何补正）")
	}
	days := act.Days
	if days == 0 {
		days = DefaultCorrectionDays
	}
	if days < 1 || days > MaxCorrectionDays {
		return "", invalidf("补正期限应为1到%d个工作日", MaxCorrectionDays)
	}
	today := env.today()
	due, prov := env.Cal.AddWorkingDays(today, days)
	n.Correction = &Correction{Unclear: unclear, Days: days, Notified: today, Due: due, DueProvisional: prov, NotifiedBy: a.Login}
	addLetter(n, a, LetterCorrection, "补正申请告知书", "申请人", today, act.Method)
	return fmt.Sprintf("告知补正，期限%d个工作日（至%s）：%s", days, due, unclear), nil
}

func corrected(n *Case, act Action, date calendar.Date) (string, error) {
	k := n.Correction
	if date.Before(k.Notified) {
		return "", invalidf("收到补正日期%s早于补正告知日期%s", date, k.Notified)
	}
	reason := strings.TrimSpace(act.Reason)
	if date.After(k.Due) && reason == "" {
		return "", invalidf("补正期限（%s）已过；逾期收到的补正须写明正当理由，否则应按逾期不补正终止", k.Due)
	}
	k.Received, k.LateReason = date, reason
	if act.Request != nil {
		if act.Request.Summary() == "" {
			return "", invalidf("补正后的申请内容不能为空")
		}
		orig := n.Request
		k.OriginalRequest = &orig
		n.Request = *act.Request
	}
	return "收到补正，答复期限自" + date.String() + "起重新计算", nil
}

func draft(n *Case, a Actor, act Action, today calendar.Date) (string, error) {
	if act.Reply == nil || strings.TrimSpace(act.Reply.Outcome) == "" {
		return "", invalidf("答复须选择办理结果（年度报告代码），如（一）予以公开、（三）4 保护第三方合法权益")
	}
	r := *act.Reply
	r.Outcome = strings.TrimSpace(r.Outcome)
	if domain.OutcomeLabel(r.Outcome) == "" {
		return "", invalidf("未知的办理结果代码 %q；可用：%s", r.Outcome, domain.OutcomeCodes())
	}
	for _, p := range []*string{&r.Decision, &r.Basis, &r.Obtain, &r.ReferAgency, &r.ReferContact, &r.EarlierCase, &r.Template} {
		*p = strings.TrimSpace(*p)
	}
	switch r.Outcome {
	case "1", "2":
		if r.Obtain == "" {
			return "", invalidf("予以公开、部分公开须写明获取信息的方式、时间和地点")
		}
	case "4.3":
		if n.Correction == nil || n.Correction.Received.IsZero() {
			return "", invalidf("只有收到补正后仍不明确的申请才能按（四）3 答复；未补正的请先发出补正告知")
		}
	case "5.2":
		if r.EarlierCase == "" {
			return "", invalidf("按重复申请答复须注明此前已答复的案件编号")
		}
		if r.EarlierCase == n.ID || r.EarlierCase == n.Tracking {
			return "", invalidf("重复申请所引的案件不能是本案")
		}
	case "6.1":
		return "", invalidf("逾期不补正请在“待补正”阶段使用“按逾期不补正终止”")
	}
	if r.ReferAgency == "" && r.Template == TemplateRefer {
		return "", invalidf("不属于本机关负责公开的，须写明负责公开该信息的机关")
	}
	if len([]rune(r.Decision)) > 4000 || len([]rune(r.Obtain)) > 1000 {
		return "", invalidf("答复内容过长")
	}
	r.DraftedBy, r.Drafted, r.From, r.SignedBy, r.Signed = a.Login, today, n.Stage, "", calendar.Date{}
	n.Reply = &r
	return "拟答复：" + domain.OutcomeRef(r.Outcome) + " " + domain.OutcomeLabel(r.Outcome), nil
}

// addLetter appends a correspondence entry.
func addLetter(n *Case, a Actor, kind, title, to string, date calendar.Date, method string) {
	n.Correspondence = append(n.Correspondence, Correspondence{N: len(n.Correspondence) + 1, Kind: kind, Title: title,
		To: to, Date: date, Method: strings.TrimSpace(method), By: a.label()})
}

// ReplyTitle is the title of the reply letter for an outcome.
func ReplyTitle(r *Reply) string {
	switch {
	case r == nil:
		return "政府信息公开申请答复书"
	case r.ReferAgency != "":
		return "非本机关政府信息告知书"
	case r.Outcome == "6.1":
		return "终止办理告知书"
	}
	switch domain.OutcomeGroup(r.Outcome) {
	case "1", "2":
		return "政府信息公开告知书"
	case "3":
		return "政府信息不予公开告知书"
	case "4":
		return "政府信息无法提供告知书"
	case "5":
		return "不予处理告知书"
	}
	return "政府信息公开申请答复书"
}

func has[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
