package foisqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/printer/printertest"
	"gongkai/internal/validate"
)

var admin = foi.Actor{Login: "admin", Name: "管理员", Role: foi.RoleAdmin}

// pdfText extracts a PDF's text with pdftotext (printertest.PDFText).
func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	// Lines wrap anywhere in Chinese text: join them to search.
	return strings.Join(strings.Fields(printertest.PDFText(t, pdf)), "")
}

func contains(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// TestLetters: the 补正 and 延期 notices and the signed reply are rendered
// with the agency's settings, kept with the case, and say what the 条例
// requires: tracking number, what was asked, decision, legal basis, where
// to obtain, remedies (行政复议 60 days, 行政诉讼 6 months).
func TestLetters(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-29")
		if err := f.svc.SaveSettings(ctx, admin, foi.Settings{Agency: "阳谷县教育和体育局", Phone: "0635-6212345",
			Address: "阳谷县狮子楼路1号", ReviewBody: "阳谷县人民政府", Court: "阳谷县人民法院", LetterPrefix: "阳教体依公开"}); err != nil {
			t.Fatal(err)
		}
		c := f.register(t, foi.ChannelPost, "2025-09-26", person("张三", "11010519491231002X"), "2025年城区小学学区划分方案")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		c = f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActCorrect, Unclear: "请写明所需方案涉及的街道", Days: 10, Method: "邮寄"})
		corr := c.Correspondence[0]
		if corr.Kind != foi.LetterCorrection || corr.LetterID == 0 || corr.Title != "补正申请告知书" {
			t.Fatalf("补正 entry: %+v", corr)
		}
		l, err := f.svc.LetterFile(ctx, registrar, c.ID, corr.LetterID)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "补正告知书", pdfText(t, l.PDF), "阳谷县教育和体育局", "补正申请告知书", "阳教体依公开〔2025〕1号", "张三",
			c.ID, "2025年9月26日", "请写明所需方案涉及的街道", "10个工作日", "第三十条", "0635-6212345")

		f.clock.Set("2025-10-09")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActCorrected})
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActAccept, Dept: "办公室"})
		f.do(t, handler, c.ID, foi.Action{Kind: foi.ActExtend, Days: 15, Reason: "所需信息涉及多所学校，需逐一核实"})
		c = f.do(t, reviewer, c.ID, foi.Action{Kind: foi.ActApproveExtension, Method: "邮寄"})
		ext := c.Correspondence[1]
		l, err = f.svc.LetterFile(ctx, handler, c.ID, ext.LetterID)
		if err != nil {
			t.Fatal(err)
		}
		// restart 10-09 → 11-05, + 15 → 11-26
		contains(t, "延期告知书", pdfText(t, l.PDF), "延期答复告知书", "15个工作日", "2025年11月26日", "第三十三条第二款",
			"所需信息涉及多所学校")

		f.do(t, handler, c.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "3.4",
			Decision: "该方案附件含有学生家庭住址等个人信息，经征求意见，相关权利人不同意公开。"}})
		draft, err := f.svc.Letter(ctx, handler, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "draft", pdfText(t, draft), "草稿", "政府信息不予公开告知书")
		c = f.do(t, reviewer, c.ID, foi.Action{Kind: foi.ActSignOff})
		reply, err := f.svc.Letter(ctx, registrar, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, reply)
		contains(t, "reply", text, "政府信息不予公开告知书", c.ID, "张三", "2025年城区小学学区划分方案", "学生家庭住址",
			"第十五条", "行政复议", "六十日", "阳谷县人民政府", "行政诉讼", "六个月", "阳谷县人民法院", "2025年10月9日")
		if strings.Contains(text, "草稿") {
			t.Error("the signed letter is marked 草稿")
		}
		f.clock.Set("2025-10-10")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActDeliver, Method: "邮寄"})
		again, _ := f.svc.Letter(ctx, registrar, c.ID)
		if string(again) != string(reply) {
			t.Error("the issued letter changed after delivery")
		}
	})
}

// TestKioskLetterHasTrackingNumber: a kiosk case's reply names the
// tracking number printed on the applicant's receipt.
func TestKioskLetterHasTrackingNumber(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-10-09")
		c := kioskCase(t, f, 12, 42, "2025-10-09")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "4.1", ReferAgency: "阳谷县自然资源局",
			ReferContact: "0635-6000000"}})
		f.do(t, reviewer, c.ID, foi.Action{Kind: foi.ActSignOff})
		pdf, err := f.svc.Letter(ctx, registrar, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "refer letter", pdfText(t, pdf), "非本机关政府信息告知书", c.Tracking, "阳谷县自然资源局", "0635-6000000",
			"第三十六条第（五）项", "行政复议", "行政诉讼")
	})
}

// TestTemplates: templates are data the agency edits; an edit that drops
// a required placeholder or invents one is refused; later letters use the
// edit; a reset brings the default back.
func TestTemplates(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		f := newFixture(t, bk, "2025-09-29")
		all, err := f.svc.Templates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(domain.Outcomes)+3 {
			t.Errorf("%d templates", len(all))
		}
		tpl, _ := f.svc.Template(ctx, "1")
		if !tpl.Default {
			t.Error("template 1 not marked default")
		}
		bad := []struct {
			name string
			edit func(string) string
			want string
		}{
			{"remedies deleted", func(b string) string { return strings.ReplaceAll(b, "{{救济途径}}", "") }, "{{救济途径}}"},
			{"tracking number deleted", func(b string) string { return strings.ReplaceAll(b, "{{受理编号}}", "") }, "{{受理编号}}"},
			{"where to obtain deleted", func(b string) string { return strings.ReplaceAll(b, "{{获取方式}}", "") }, "{{获取方式}}"},
			{"an unknown placeholder", func(b string) string { return b + "\n\n{{申请人电话}}" }, "未知的占位符"},
			{"a broken placeholder", func(b string) string { return b + "{{申请人" }, "不成对"},
		}
		for _, tt := range bad {
			err := f.svc.SaveTemplate(ctx, admin, foi.Template{Key: "1", Title: tpl.Title, Body: tt.edit(tpl.Body)})
			var fe validate.FieldErrors
			if !errors.As(err, &fe) || fe["body"] == nil || !strings.Contains(fe["body"].Message, tt.want) {
				t.Errorf("%s: %v", tt.name, err)
			}
			if _, err := f.svc.PreviewTemplate(ctx, admin, foi.Template{Key: "1", Title: tpl.Title, Body: tt.edit(tpl.Body)}, ""); err == nil {
				t.Errorf("%s: preview accepted it", tt.name)
			}
		}
		edited := foi.Template{Key: "1", Title: "政府信息公开答复书", Body: strings.Replace(tpl.Body, "经审查，现答复如下：", "经认真审查，现答复如下：", 1)}
		if err := f.svc.SaveTemplate(ctx, handler, edited); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a 承办人 editing templates: %v", err)
		}
		preview, err := f.svc.PreviewTemplate(ctx, admin, edited, "")
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "preview", pdfText(t, preview), "草稿", "政府信息公开答复书", "经认真审查", "（示例）")
		if err := f.svc.SaveTemplate(ctx, admin, edited); err != nil {
			t.Fatal(err)
		}
		c := f.register(t, foi.ChannelInPerson, "", person("李四", ""), "招生计划")
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActReview})
		f.do(t, registrar, c.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "1", Obtain: "当场查阅"}})
		c = f.do(t, reviewer, c.ID, foi.Action{Kind: foi.ActSignOff})
		if c.Correspondence[0].Title != "政府信息公开答复书" {
			t.Errorf("reply title %q", c.Correspondence[0].Title)
		}
		pdf, _ := f.svc.Letter(ctx, registrar, c.ID)
		contains(t, "reply with the edited template", pdfText(t, pdf), "经认真审查", "当场查阅")
		if err := f.svc.ResetTemplate(ctx, admin, "1"); err != nil {
			t.Fatal(err)
		}
		if tpl, _ := f.svc.Template(ctx, "1"); !tpl.Default || tpl.Title != "政府信息公开告知书" {
			t.Errorf("after reset: %+v", tpl)
		}
	})
}
