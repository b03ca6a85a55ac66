package foi

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/validate"
)

// Settings are the agency's details that letters carry.
type Settings struct {
	Agency       string `json:"agency"`        // 机关名称: letterhead and signature
	Address      string `json:"address"`       // 地址
	Phone        string `json:"phone"`         // 联系电话
	ReviewBody   string `json:"review_body"`   // 行政复议机关 (since 2023 a county department's: the county government)
	Court        string `json:"court"`         // 行政诉讼: the competent court
	LetterPrefix string `json:"letter_prefix"` // 文书编号 prefix, e.g. 阳教体依公开
}

// Settings returns the agency's letter settings.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var set Settings
	v, err := s.Store.Meta(ctx, "settings")
	if err != nil || v == "" {
		return set, err
	}
	return set, json.Unmarshal([]byte(v), &set)
}

// SaveSettings stores the letter settings (管理员 only).
func (s *Service) SaveSettings(ctx context.Context, a Actor, set Settings) error {
	if a.Role != RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "只有管理员可以修改文书设置")
	}
	fe := validate.FieldErrors{}
	for k, v := range map[string]*string{"agency": &set.Agency, "address": &set.Address, "phone": &set.Phone,
		"review_body": &set.ReviewBody, "court": &set.Court, "letter_prefix": &set.LetterPrefix} {
		*v = strings.TrimSpace(*v)
		fe.Add(k, validate.MaxLen("该项", *v, 100))
	}
	if set.Agency == "" {
		fe.Add("agency", invalidf("请填写机关名称"))
	}
	if err := fe.Err(); err != nil {
		return err
	}
	b, _ := json.Marshal(set)
	if err := s.Store.SetMeta(ctx, "settings", string(b)); err != nil {
		return err
	}
	return s.audit(ctx, a, "settings", "文书设置", "修改文书设置")
}

// remedies is the remedies paragraph every reply states: 行政复议 within
// 60 days (行政复议法 2023, Art. 20), 行政诉讼 within 6 months (行政诉讼法
// Art. 46).
func remedies(set Settings) string {
	review, court := set.ReviewBody, set.Court
	if review == "" {
		review = "有管辖权的行政复议机关"
	}
	if court == "" {
		court = "有管辖权的人民法院"
	}
	return "如对本答复不服，可以自知道该行政行为之日起六十日内向" + review + "申请行政复议，或者自知道该行政行为之日起六个月内向" +
		court + "提起行政诉讼。"
}

// chineseDate writes a date as letters do: 2025年10月21日.
func chineseDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// letterNumber is the number letters of case id carry: the agency's
// prefix, the year and the register sequence, e.g. 阳教体依公开〔2025〕42号.
func letterNumber(set Settings, id string) string {
	year, seq, ok := strings.Cut(id, "-")
	n, err := strconv.Atoi(seq)
	if !ok || err != nil {
		return id
	}
	prefix := set.LetterPrefix
	if prefix == "" {
		prefix = "依申请公开"
	}
	return fmt.Sprintf("%s〔%s〕%d号", prefix, year, n)
}

// letterFields are the placeholder values of a letter about c dated date.
func letterFields(c *Case, set Settings, key string, date calendar.Date, e Env) map[string]string {
	f := map[string]string{
		"机关": set.Agency, "申请人": c.Applicant.Name, "登记编号": c.ID, "受理编号": c.Tracking,
		"收到日期": chineseDate(c.Received), "申请内容": c.Request.Summary(), "救济途径": remedies(set),
		"文书编号": letterNumber(set, c.ID), "日期": chineseDate(date), "联系电话": set.Phone, "地址": set.Address,
	}
	if f["受理编号"] == "" {
		f["受理编号"] = c.ID
	}
	if k := c.Correction; k != nil {
		f["补正事项"], f["补正期限"] = k.Unclear, strconv.Itoa(k.Days)
		f["补正截止日期"], f["补正告知日期"] = chineseDate(k.Due), chineseDate(k.Notified)
	}
	if x := c.Extension; x != nil {
		f["延期天数"], f["延期理由"] = strconv.Itoa(x.Days), x.Reason
		due := x.Due
		if due.IsZero() { // a preview before approval: what approval would give
			n := c.clone()
			n.Extension.Approved = date
			due = ComputeDeadline(n, e.Cal, date).Due
		}
		f["答复期限"] = chineseDate(due)
	}
	if r := c.Reply; r != nil {
		f["决定"], f["获取方式"] = r.Decision, r.Obtain
		f["承办机关"], f["联系方式"], f["此前案件"] = r.ReferAgency, r.ReferContact, r.EarlierCase
		f["法律依据"] = r.Basis
		if f["法律依据"] == "" {
			f["法律依据"] = DefaultBasis(key)
		}
	}
	return f
}

// template returns the agency's template of key, or the default.
func (s *Service) template(ctx context.Context, key string) (Template, error) {
	edited, err := s.Store.Templates(ctx)
	if err != nil {
		return Template{}, err
	}
	for _, t := range edited {
		if t.Key == key {
			return t, nil
		}
	}
	t, ok := DefaultTemplate(key)
	if !ok {
		return t, invalidf("未知的模板 %q", key)
	}
	return t, nil
}

// render draws the letter of template t about c dated date.
func (s *Service) render(ctx context.Context, c *Case, t Template, date calendar.Date, draft bool, e Env) ([]byte, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	fields := letterFields(c, set, t.Key, date, e)
	note := "登记编号 " + c.ID
	if c.Tracking != "" {
		note += " · 受理编号 " + c.Tracking
	}
	return receipt.RenderLetterPDF(receipt.Letter{Agency: set.Agency, Title: t.Title, Number: fields["文书编号"],
		Paragraphs: fillTemplate(t.Body, fields), Date: date.Time(calendar.Beijing), Draft: draft, Note: note})
}

// letterKey is the template of a correspondence entry of c.
func letterKey(c *Case, kind string) string {
	switch kind {
	case LetterCorrection:
		return TemplateCorrection
	case LetterExtension:
		return TemplateExtension
	case LetterReply:
		if c.Reply != nil {
			return templateKeyFor(c.Reply)
		}
	}
	return ""
}

// issueLetters renders the letters the step from c to n issued (the 补正
// and 延期 notices, the signed reply) to keep with the case.
func (s *Service) issueLetters(ctx context.Context, c, n *Case, e Env) ([]LetterFile, error) {
	var out []LetterFile
	for i := len(c.Correspondence); i < len(n.Correspondence); i++ {
		k := &n.Correspondence[i]
		key := letterKey(n, k.Kind)
		if key == "" {
			continue
		}
		t, err := s.template(ctx, key)
		if err != nil {
			return nil, err
		}
		k.Title = t.Title
		pdf, err := s.render(ctx, n, t, k.Date, false, e)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", k.Kind, err)
		}
		out = append(out, LetterFile{CaseID: n.ID, N: k.N, Kind: k.Kind, Title: t.Title, PDF: pdf})
	}
	return out, nil
}

// Letter returns the reply letter of a case as PDF: the signed one as it
// was issued, or, before sign-off, a preview of the draft marked 草稿.
func (s *Service) Letter(ctx context.Context, a Actor, id string) ([]byte, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	for i := len(c.Correspondence) - 1; i >= 0; i-- {
		if k := c.Correspondence[i]; k.Kind == LetterReply && k.LetterID != 0 {
			l, err := s.Store.Letter(ctx, c.ID, k.LetterID)
			if err != nil {
				return nil, err
			}
			return l.PDF, nil
		}
	}
	if c.Reply == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "案件 %s 尚未拟写答复", c.ID)
	}
	e, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.template(ctx, templateKeyFor(c.Reply))
	if err != nil {
		return nil, err
	}
	return s.render(ctx, c, t, e.today(), true, e)
}

// LetterFile returns a stored letter of a case (Correspondence.LetterID).
func (s *Service) LetterFile(ctx context.Context, a Actor, id string, letterID int64) (*LetterFile, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.Store.Letter(ctx, c.ID, letterID)
}

// Templates returns every template, the agency's edit or the default.
func (s *Service) Templates(ctx context.Context) ([]Template, error) {
	var out []Template
	for _, k := range TemplateKeys() {
		t, err := s.template(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// Template returns one template.
func (s *Service) Template(ctx context.Context, key string) (Template, error) {
	return s.template(ctx, key)
}

// SaveTemplate stores an edited template (管理员 only) after CheckTemplate.
// Letters already issued keep their text.
func (s *Service) SaveTemplate(ctx context.Context, a Actor, t Template) error {
	if a.Role != RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "只有管理员可以修改文书模板")
	}
	t.Title, t.Body = strings.TrimSpace(t.Title), strings.TrimSpace(t.Body)
	if err := CheckTemplate(t); err != nil {
		return err
	}
	t.Updated, t.UpdatedBy, t.Default = s.Now().UTC().Format(time.RFC3339), a.Login, false
	if err := s.Store.SaveTemplate(ctx, t); err != nil {
		return err
	}
	return s.audit(ctx, a, "template", t.Key, "修改文书模板："+TemplateName(t.Key))
}

// ResetTemplate goes back to the default text of key (管理员 only).
func (s *Service) ResetTemplate(ctx context.Context, a Actor, key string) error {
	if a.Role != RoleAdmin {
		return domain.Errorf(domain.EFORBIDDEN, "只有管理员可以修改文书模板")
	}
	if _, ok := DefaultTemplate(key); !ok {
		return invalidf("未知的模板 %q", key)
	}
	if err := s.Store.DeleteTemplate(ctx, key); err != nil {
		return err
	}
	return s.audit(ctx, a, "template", key, "恢复默认文书模板："+TemplateName(key))
}

// PreviewTemplate renders a template being edited as a draft PDF, filled
// from case id when given (and visible to a), else from a sample case.
func (s *Service) PreviewTemplate(ctx context.Context, a Actor, t Template, id string) ([]byte, error) {
	if err := CheckTemplate(t); err != nil {
		return nil, err
	}
	e, err := s.env(ctx)
	if err != nil {
		return nil, err
	}
	c := sampleCase(t.Key, e)
	if id != "" {
		if c, err = s.Get(ctx, a, id); err != nil {
			return nil, err
		}
	} else if err := canList(a); err != nil {
		return nil, err
	}
	return s.render(ctx, c, t, e.today(), true, e)
}

// sampleCase is a made-up case for template previews.
func sampleCase(key string, e Env) *Case {
	today := e.today()
	received, _ := e.Cal.AddWorkingDays(today.AddDays(-30), 1)
	c := &Case{ID: fmt.Sprintf("%d-00001", today.Year), Channel: ChannelInPerson, Received: received,
		Applicant: Applicant{Name: "张某某", Category: domain.CategoryPerson},
		Request:   Request{InfoName: "（示例）某某年度部门预算公开文件"}, Stage: StageReply}
	c.Correction = &Correction{Unclear: "（示例）请写明所需文件的年度和文号", Days: DefaultCorrectionDays, Notified: received,
		Due: today, Received: today}
	c.Extension = &Extension{Days: MaxExtensionDays, Reason: "（示例）所需信息量较大，需调阅档案", Due: today.AddDays(28)}
	c.Reply = &Reply{Outcome: key, Decision: "（示例）答复的具体内容和理由。", Obtain: "（示例）本机关门户网站“政府信息公开”栏目",
		ReferAgency: "（示例）某某县某某局", ReferContact: "（示例）0635-0000000", EarlierCase: fmt.Sprintf("%d-00000", today.Year)}
	return c
}
