package domain

import "strings"

// Outcome is a row of the annual report's table of results
// (国办公开办函〔2021〕30号, section 三, rows (一) to (六)): every answered
// 依申请公开 application is counted under exactly one. The hub's
// `set-status --outcome`, the kiosk's status look-up and the case register
// (internal/foi) all use these codes.
type Outcome struct {
	Code  string // "1", "2", "3.1" … "6.3": group, then item within it
	Label string // group and item, e.g. "不予公开：保护第三方合法权益"
}

// Outcomes lists every outcome code in the order of the annual table.
var Outcomes = []Outcome{
	{"1", "予以公开"},
	{"2", "部分公开"},
	{"3.1", "不予公开：属于国家秘密"},
	{"3.2", "不予公开：其他法律行政法规禁止公开"},
	{"3.3", "不予公开：危及“三安全一稳定”"},
	{"3.4", "不予公开：保护第三方合法权益"},
	{"3.5", "不予公开：属于三类内部事务信息"},
	{"3.6", "不予公开：属于四类过程性信息"},
	{"3.7", "不予公开：属于行政执法案卷"},
	{"3.8", "不予公开：属于行政查询事项"},
	{"4.1", "无法提供：本机关不掌握相关政府信息"},
	{"4.2", "无法提供：没有现成信息需要另行制作"},
	{"4.3", "无法提供：补正后申请内容仍不明确"},
	{"5.1", "不予处理：信访举报投诉类申请"},
	{"5.2", "不予处理：重复申请"},
	{"5.3", "不予处理：要求提供公开出版物"},
	{"5.4", "不予处理：无正当理由大量反复申请"},
	{"5.5", "不予处理：要求行政机关确认或重新出具已获取信息"},
	{"6.1", "其他处理：逾期不补正"},
	{"6.2", "其他处理：逾期未缴费"},
	{"6.3", "其他处理：其他"},
}

// OutcomeLabel returns the label of an outcome code, "" if unknown.
func OutcomeLabel(code string) string {
	for _, o := range Outcomes {
		if o.Code == code {
			return o.Label
		}
	}
	return ""
}

// OutcomeCodes returns every code, space separated, for messages.
func OutcomeCodes() string {
	codes := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		codes[i] = o.Code
	}
	return strings.Join(codes, " ")
}

// OutcomeGroup returns the group of a code ("3" for "3.4"): the annual
// table's row (三).
func OutcomeGroup(code string) string {
	g, _, _ := strings.Cut(code, ".")
	return g
}

// OutcomeRef returns a code as the annual table names it: "（三）4" for
// "3.4", "（一）" for "1"; "" for an unknown code.
func OutcomeRef(code string) string {
	if OutcomeLabel(code) == "" {
		return ""
	}
	g, item, _ := strings.Cut(code, ".")
	ref := "（" + groupNumerals[g] + "）"
	return ref + item
}

var groupNumerals = map[string]string{"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七"}

// Applicant categories: the six columns of the annual report table
// (自然人, then the five kinds of 法人或其他组织).
const (
	CategoryPerson = "自然人"
	CategoryOther  = "其他"
)

// ApplicantCategories lists the six columns in the table's order.
var ApplicantCategories = []string{CategoryPerson, "商业企业", "科研机构", "社会公益组织", "法律服务机构", CategoryOther}
