package catalog

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// The checks of this file are the catalogue's rules on an object's own
// fields (docs/catalogue-format.md), shared by the two ways a catalogue
// object is made: a directory of files (`hub import`, Load) and the
// console's publishing forms (internal/publish). The loader reports the
// TOML-level problems (a wrong value kind, an unknown key) with their line
// and then runs these on what it parsed, so a rule changed here changes
// for both paths.

// FieldProblem is one rule a field breaks. Key is the front-matter or TOML
// key (the console's form field has the same name); Message is Chinese
// for the member of staff who fixes it.
type FieldProblem struct {
	Key     string
	Message string
}

// Refs answers the checks that look beyond one object. A nil function is
// not checked: the directory loader resolves categories and links itself,
// with the file's line.
type Refs struct {
	Category func(id string) bool // a category id of the catalogue
	Document func(id string) bool // a document id of the catalogue
}

// Limits of free-text fields an object may carry.
const (
	MaxIDBytes    = 200
	MaxTitleRunes = 300
	MaxFieldRunes = 200 // 索引号, 发布机构, 文号, 主题分类, a keyword
	MaxKeywords   = 20
)

// problems collects FieldProblems, one per key (the first found).
type problems []FieldProblem

func (ps *problems) add(key, format string, args ...any) {
	for _, p := range *ps {
		if p.Key == key {
			return
		}
	}
	*ps = append(*ps, FieldProblem{Key: key, Message: fmt.Sprintf(format, args...)})
}

// required reports an empty one-line field, or one CheckText refuses.
// check adds msg, a Check function's message, under key unless it is
// empty, and reports whether it did.
// oneOf checks a value (what, the field's name) against the values
// allowed; empty is the first of them.
func (ps *problems) oneOf(key, what string, v *string, allowed ...string) {
	switch {
	case *v == "":
		*v = allowed[0]
	case !slices.Contains(allowed, *v):
		last := len(allowed) - 1
		ps.add(key, "%s %q 无效，应为 %s 或 %s", what, *v, strings.Join(allowed[:last], "、"), allowed[last])
	}
}

func (ps *problems) check(key, msg string) bool {
	if msg != "" {
		ps.add(key, "%s", msg)
	}
	return msg != ""
}

func (ps *problems) required(key, label, v string, max int) {
	if v == "" {
		ps.add(key, "%s不能为空", label)
	} else if msg := CheckText(label, v, max); msg != "" {
		ps.add(key, "%s", msg)
	}
}

// CheckID returns what is wrong with an identifier that other objects and
// the hub refer to, "" when nothing is.
func CheckID(label, id string) string {
	switch {
	case id == "":
		return label + "不能为空"
	case strings.TrimSpace(id) != id:
		return label + "前后不能有空格"
	case len(id) > MaxIDBytes:
		return fmt.Sprintf("%s太长（最多 %d 字节）", label, MaxIDBytes)
	case hasControl(id):
		return label + "含有控制字符"
	}
	return ""
}

// CheckText returns what is wrong with a one-line text field: control
// characters (a pasted line break included) or more than max characters.
func CheckText(label, s string, max int) string {
	switch {
	case !utf8.ValidString(s):
		return label + "不是有效的文字"
	case hasControl(s):
		return label + "含有换行或控制字符"
	case utf8.RuneCountInString(s) > max:
		return fmt.Sprintf("%s太长（最多 %d 字）", label, max)
	}
	return ""
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) >= 0
}

// CheckDate returns what is wrong with a YYYY-MM-DD date ("" when it is a
// real date, or empty and not required).
func CheckDate(label, d string, required bool) string {
	if d == "" {
		if required {
			return label + "不能为空"
		}
		return ""
	}
	t, err := time.Parse(domain.DateLayout, d)
	if err != nil || t.Format(domain.DateLayout) != d {
		return fmt.Sprintf("%s %q 不是有效日期，应为 YYYY-MM-DD，如 2021-08-25", label, d)
	}
	return ""
}

// CheckDocument checks a document's fields and fills the defaults (公开属性
// 主动公开, 有效性 有效). It returns every rule broken, one per field.
func CheckDocument(d *domain.Document, refs Refs) []FieldProblem {
	var ps problems
	ps.check("id", CheckID("文件 id", d.ID))
	ps.required("title", "标题", d.Title, MaxTitleRunes)
	for _, f := range []struct{ key, label, v string }{
		{"index_no", "索引号", d.IndexNo}, {"issuer", "发布机构", d.Issuer}, {"doc_no", "文号", d.DocNo}, {"topic", "主题分类", d.Topic},
	} {
		ps.check(f.key, CheckText(f.label, f.v, MaxFieldRunes))
	}
	if d.CategoryID == "" {
		ps.add("category", "请选择分类")
	} else if refs.Category != nil && !refs.Category(d.CategoryID) {
		ps.add("category", "未知分类 %q", d.CategoryID)
	}
	ps.check("published", CheckDate("发布日期", d.Published, true))
	if !ps.check("written", CheckDate("成文日期", d.Written, false)) && d.Written != "" && d.Published != "" && d.Written > d.Published {
		ps.add("written", "成文日期 %s 晚于发布日期 %s", d.Written, d.Published)
	}
	ps.oneOf("disclosure", "公开属性", &d.Disclosure, domain.DisclosureProactive, domain.DisclosureOnRequest, domain.DisclosureNone)
	ps.oneOf("validity", "有效性", &d.Validity, domain.ValidityValid, domain.ValidityExpired, domain.ValidityRepealed)
	if len(d.Keywords) > MaxKeywords {
		ps.add("keywords", "关键词最多 %d 个", MaxKeywords)
	}
	for _, k := range d.Keywords {
		ps.check("keywords", CheckText("关键词", k, MaxFieldRunes))
	}
	switch {
	case d.Interprets == "":
	case d.Interprets == d.ID:
		ps.add("interprets", "文件不能解读它自己（interprets 与 id 相同）")
	case refs.Document != nil && !refs.Document(d.Interprets):
		ps.add("interprets", "解读的文件 %q 不存在或未发布", d.Interprets)
	}
	for _, a := range d.Attachments {
		if msg := CheckAttachmentName(a.Name); msg != "" {
			ps.add("attachments", "附件 %q %s", a.Name, msg)
		}
	}
	return ps
}

// CheckConsultation checks a consultation's own fields (the draft document
// it names is checked through refs.Document).
func CheckConsultation(c *domain.Consultation, refs Refs) []FieldProblem {
	var ps problems
	ps.check("id", CheckID("意见征集 id", c.ID))
	ps.required("title", "标题", c.Title, MaxTitleRunes)
	ps.check("opens", CheckDate("开始日期", c.Opens, true))
	if !ps.check("closes", CheckDate("截止日期", c.Closes, true)) && c.Opens != "" && c.Closes < c.Opens {
		ps.add("closes", "截止日期 %s 早于开始日期 %s", c.Closes, c.Opens)
	}
	if c.DocumentID == "" && len(c.Draft) == 0 {
		ps.add("document", "需要草案：填写草案全文，或选择作为草案的文件")
	} else if c.DocumentID != "" && refs.Document != nil && !refs.Document(c.DocumentID) {
		ps.add("document", "草案文件 %q 不存在或未发布", c.DocumentID)
	}
	for i, q := range c.Questions {
		ps.check("questions", CheckText(fmt.Sprintf("第 %d 个问题", i+1), q, MaxTitleRunes))
	}
	if c.FeedbackID != "" && refs.Document != nil && !refs.Document(c.FeedbackID) {
		ps.add("feedback", "意见反馈情况文件 %q 不存在或未发布", c.FeedbackID)
	}
	return ps
}

// CheckEvent checks an event's own fields.
func CheckEvent(e *domain.Event, refs Refs) []FieldProblem {
	var ps problems
	ps.check("id", CheckID("活动 id", e.ID))
	ps.required("title", "标题", e.Title, MaxTitleRunes)
	ps.required("place", "地点", e.Place, MaxFieldRunes)
	switch {
	case e.Start.IsZero():
		ps.add("start", "开始时间不能为空")
	case e.End.IsZero():
		ps.add("end", "结束时间不能为空")
	case !e.End.After(e.Start):
		ps.add("end", "结束时间应晚于开始时间")
	}
	if e.Capacity < 0 {
		ps.add("capacity", "名额不能为负数")
	}
	if e.MaxAttendees == 0 {
		e.MaxAttendees = 1
	}
	if e.MaxAttendees < 1 {
		ps.add("max_attendees", "每次报名人数至少为 1")
	} else if e.Capacity > 0 && e.MaxAttendees > e.Capacity {
		ps.add("max_attendees", "每次报名人数 %d 超过总名额 %d", e.MaxAttendees, e.Capacity)
	}
	if e.FeedbackID != "" && refs.Document != nil && !refs.Document(e.FeedbackID) {
		ps.add("feedback", "意见建议及回应文件 %q 不存在或未发布", e.FeedbackID)
	}
	return ps
}
