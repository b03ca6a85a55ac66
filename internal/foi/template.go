package foi

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"gongkai/internal/domain"
	"gongkai/internal/validate"
)

// Template keys besides the outcome codes.
const (
	TemplateRefer      = "refer"      // 不属于本机关: names the responsible agency
	TemplateCorrection = "correction" // 补正申请告知书
	TemplateExtension  = "extension"  // 延期答复告知书
)

// Template is the text of one kind of letter: a reply for an outcome code
// (Key "1", "3.4", …), the 不属于本机关 reply (TemplateRefer), or a notice
// (TemplateCorrection, TemplateExtension). Body is paragraphs separated by
// blank lines with placeholders such as {{受理编号}}; the agency edits it.
type Template struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Updated   string `json:"updated,omitempty"` // RFC 3339; "" for a default
	UpdatedBy string `json:"updated_by,omitempty"`
	Default   bool   `json:"default,omitempty"` // the built-in text, not edited
}

// Placeholder is a name a template may use, and what it stands for.
type Placeholder struct {
	Name, Meaning string
}

// Placeholders lists every placeholder templates may use.
var Placeholders = []Placeholder{
	{"机关", "本机关名称"},
	{"申请人", "申请人姓名或名称"},
	{"受理编号", "终端受理编号；当面、邮寄等申请为登记编号"},
	{"登记编号", "台账登记编号"},
	{"收到日期", "收到申请之日（《条例》第三十一条）"},
	{"申请内容", "申请获取的政府信息"},
	{"决定", "答复的具体内容和理由（拟答复时填写）"},
	{"法律依据", "答复所依据的条款（默认按办理结果）"},
	{"获取方式", "获取信息的方式、时间和地点"},
	{"救济途径", "行政复议（60日）和行政诉讼（6个月）的告知"},
	{"承办机关", "负责公开该信息的机关（不属于本机关时）"},
	{"联系方式", "负责机关的联系方式"},
	{"此前案件", "重复申请所对应的已答复案件"},
	{"补正事项", "需要补正的内容"},
	{"补正期限", "补正期限（工作日）"},
	{"补正截止日期", "补正截止日期"},
	{"补正告知日期", "发出补正告知的日期"},
	{"延期天数", "延长的工作日数"},
	{"延期理由", "延期理由"},
	{"答复期限", "延期后的答复期限"},
	{"文书编号", "本文书编号"},
	{"日期", "文书日期"},
	{"联系电话", "本机关联系电话"},
	{"地址", "本机关地址"},
}

// replyRequired are the placeholders every reply letter must keep: who,
// which application, what was asked, the decision, its legal basis and
// the remedies (the list; where to obtain is added per outcome).
var replyRequired = []string{"申请人", "受理编号", "收到日期", "申请内容", "决定", "法律依据", "救济途径"}

// RequiredPlaceholders returns the placeholders a template must keep.
func RequiredPlaceholders(key string) []string {
	switch key {
	case TemplateCorrection:
		return []string{"申请人", "受理编号", "收到日期", "申请内容", "补正事项", "补正截止日期"}
	case TemplateExtension:
		return []string{"申请人", "受理编号", "收到日期", "延期天数", "答复期限"}
	}
	req := append([]string(nil), replyRequired...)
	switch key {
	case "1", "2":
		req = append(req, "获取方式")
	case TemplateRefer:
		req = append(req, "承办机关")
	case "5.2":
		req = append(req, "此前案件")
	}
	return req
}

//go:embed templates.toml
var templatesTOML string

type defaultTemplate struct {
	Key, Title, Basis, Body string
}

var defaults = func() map[string]defaultTemplate {
	var f struct {
		Template []defaultTemplate `toml:"template"`
	}
	if _, err := toml.Decode(templatesTOML, &f); err != nil {
		panic("foi: templates.toml: " + err.Error())
	}
	m := map[string]defaultTemplate{}
	for _, t := range f.Template {
		t.Body = strings.TrimSpace(t.Body)
		m[t.Key] = t
	}
	return m
}()

// TemplateKeys lists every template key in the order the console shows
// them: the outcome codes, then 不属于本机关, 补正, 延期.
func TemplateKeys() []string {
	keys := make([]string, 0, len(domain.Outcomes)+3)
	for _, o := range domain.Outcomes {
		keys = append(keys, o.Code)
	}
	return append(keys, TemplateRefer, TemplateCorrection, TemplateExtension)
}

// TemplateName describes a template key in Chinese.
func TemplateName(key string) string {
	switch key {
	case TemplateRefer:
		return "不属于本机关负责公开"
	case TemplateCorrection:
		return "补正申请告知书"
	case TemplateExtension:
		return "延期答复告知书"
	}
	if l := domain.OutcomeLabel(key); l != "" {
		return domain.OutcomeRef(key) + " " + l
	}
	return key
}

// DefaultTemplate returns the built-in template of key.
func DefaultTemplate(key string) (Template, bool) {
	d, ok := defaults[key]
	return Template{Key: key, Title: d.Title, Body: d.Body, Default: true}, ok
}

// DefaultBasis is the legal basis a reply of key cites unless the reply
// gives its own.
func DefaultBasis(key string) string { return defaults[key].Basis }

var (
	placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
	paragraphRE   = regexp.MustCompile(`\n\s*\n`)
)

// CheckTemplate reports what is wrong with an edited template, keyed
// "title" and "body": a missing title, placeholders that do not exist,
// required ones that were deleted.
func CheckTemplate(t Template) error {
	fe := validate.FieldErrors{}
	if _, ok := defaults[t.Key]; !ok {
		fe.Add("key", invalidf("未知的模板 %q", t.Key))
		return fe.Err()
	}
	if strings.TrimSpace(t.Title) == "" {
		fe.Add("title", invalidf("请填写文书标题"))
	}
	fe.Add("title", validate.MaxLen("文书标题", t.Title, 50))
	fe.Add("body", validate.MaxLen("模板正文", t.Body, 10000))
	known := map[string]bool{}
	for _, p := range Placeholders {
		known[p.Name] = true
	}
	used := map[string]bool{}
	var unknown []string
	for _, m := range placeholderRE.FindAllStringSubmatch(t.Body, -1) {
		used[m[1]] = true
		if !known[m[1]] {
			unknown = append(unknown, "{{"+m[1]+"}}")
		}
	}
	if len(unknown) > 0 {
		fe.Add("body", invalidf("模板中有未知的占位符：%s", strings.Join(unknown, "、")))
	}
	var missing []string
	for _, p := range RequiredPlaceholders(t.Key) {
		if !used[p] {
			missing = append(missing, "{{"+p+"}}")
		}
	}
	if len(missing) > 0 {
		fe.Add("body", invalidf("模板缺少必需的占位符：%s（删除后文书将缺少法定内容）", strings.Join(missing, "、")))
	}
	if strings.Count(t.Body, "{{") != strings.Count(t.Body, "}}") {
		fe.Add("body", invalidf("模板中的 {{ 与 }} 不成对，请检查占位符"))
	}
	return fe.Err()
}

// fillTemplate replaces the placeholders of body with fields and splits
// it into paragraphs at blank lines. A placeholder without a value
// becomes empty; a paragraph that was only placeholders disappears.
func fillTemplate(body string, fields map[string]string) []string {
	var out []string
	for _, para := range paragraphRE.Split(strings.TrimSpace(body), -1) {
		onlyFields := strings.TrimSpace(placeholderRE.ReplaceAllString(para, "")) == ""
		text := placeholderRE.ReplaceAllStringFunc(para, func(m string) string {
			return fields[placeholderRE.FindStringSubmatch(m)[1]]
		})
		text = strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", "")), " ")
		if text == "" || (onlyFields && strings.TrimSpace(text) == "") {
			continue
		}
		out = append(out, text)
	}
	return out
}

// templateKeyFor is the template a reply uses.
func templateKeyFor(r *Reply) string {
	switch {
	case r.Template != "":
		return r.Template
	case r.ReferAgency != "":
		return TemplateRefer
	}
	return r.Outcome
}

func init() {
	for _, k := range TemplateKeys() {
		if _, ok := defaults[k]; !ok {
			panic(fmt.Sprintf("foi: templates.toml has no template %q", k))
		}
		if err := CheckTemplate(Template{Key: k, Title: defaults[k].Title, Body: defaults[k].Body}); err != nil {
			panic(fmt.Sprintf("foi: default template %q: %v", k, err))
		}
	}
}
