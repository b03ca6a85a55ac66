package submission_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/validate"
)

// now is a Thursday morning at the agency.
var now = time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)

var catalogue = submission.Catalogue{
	Consultations: []domain.Consultation{
		{ID: "open", Title: "征求意见", Opens: "2025-09-01", Closes: "2025-09-26"},
		{ID: "closed", Title: "已截止", Opens: "2025-08-01", Closes: "2025-09-25"},
		{ID: "future", Title: "未开始", Opens: "2025-09-27", Closes: "2025-10-27"},
	},
	Events: []domain.Event{
		{ID: "kfr", Title: "开放日", Start: now.Add(48 * time.Hour), Capacity: 30, MaxAttendees: 2, Terms: "须知"},
		{ID: "started", Title: "已开始", Start: now.Add(-time.Minute), Capacity: 30},
	},
}

func signaturePNG(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 20))); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func citizen(tb testing.TB) *submission.Application {
	return &submission.Application{
		ApplicantType: submission.ApplicantCitizen, Name: "张三", IDType: "居民身份证", IDNumber: "11010519491231002x",
		Phone: "138 0013 8000", Address: "山东省阳谷县某某路1号", PostalCode: "252300",
		InfoName: "招生计划", Media: []string{"纸质"}, Delivery: []string{"自行领取/当场查阅、抄录"},
		Signature: signaturePNG(tb),
	}
}

func org(tb testing.TB) *submission.Application {
	return &submission.Application{
		ApplicantType: submission.ApplicantOrg, OrgCategory: "商业企业", OrgName: "某某有限公司",
		CreditCode: "91350100M000100Y43", LegalRep: "李四", ContactName: "王五",
		Phone: "0635-6212345", Address: "山东省阳谷县某某路2号", PostalCode: "252300", Email: "a@example.com",
		InfoDescription: "2024年校车采购合同", Media: []string{"电子邮件"}, Delivery: []string{"电子邮件"},
		Signature: signaturePNG(tb),
	}
}

// fieldErrs runs Normalize and Validate and returns the field errors.
func fieldErrs(tb testing.TB, p submission.Payload) validate.FieldErrors {
	tb.Helper()
	p.Normalize()
	err := p.Validate(now, catalogue)
	if err == nil {
		return nil
	}
	fe, ok := err.(validate.FieldErrors)
	if !ok {
		tb.Fatalf("Validate returned %T %v, want validate.FieldErrors", err, err)
	}
	return fe
}

type payloadCase struct {
	name  string
	p     submission.Payload
	field string // "" = valid
	msg   string // fragment of the Chinese message
}

func runCases(t *testing.T, cases []payloadCase) {
	t.Helper()
	for _, c := range cases {
		fe := fieldErrs(t, c.p)
		switch {
		case c.field == "" && fe != nil:
			t.Errorf("%s: %v, want valid", c.name, fe)
		case c.field != "" && fe[c.field] == nil:
			t.Errorf("%s: errors %v, want one for %s", c.name, fe, c.field)
		case c.field != "" && !strings.Contains(fe[c.field].Message, c.msg):
			t.Errorf("%s: %s = %q, want it to contain %q", c.name, c.field, fe[c.field].Message, c.msg)
		}
	}
}

func TestApplicationValidate(t *testing.T) {
	with := func(a *submission.Application, f func(*submission.Application)) *submission.Application {
		f(a)
		return a
	}
	runCases(t, []payloadCase{
		{"citizen", citizen(t), "", ""},
		{"organisation", org(t), "", ""},
		{"no applicant type", with(citizen(t), func(a *submission.Application) { a.ApplicantType = "" }), "applicant_type", "请选择申请人类型"},
		{"bad applicant type", with(citizen(t), func(a *submission.Application) { a.ApplicantType = "个人" }), "applicant_type", "应为“公民”"},
		{"no name", with(citizen(t), func(a *submission.Application) { a.Name = " " }), "name", "请填写姓名"},
		{"long name", with(citizen(t), func(a *submission.Application) { a.Name = strings.Repeat("张", 51) }), "name", "不能超过50个字"},
		{"no id type", with(citizen(t), func(a *submission.Application) { a.IDType = "" }), "id_type", "请选择证件类型"},
		{"id checksum", with(citizen(t), func(a *submission.Application) { a.IDNumber = "110105194912310021" }), "id_number", "校验位"},
		{"no id number", with(citizen(t), func(a *submission.Application) { a.IDNumber = "" }), "id_number", "请填写证件号码"},
		{"passport not checked as ID", with(citizen(t), func(a *submission.Application) { a.IDType = "护照"; a.IDNumber = "E12345678" }), "", ""},
		{"org category", with(org(t), func(a *submission.Application) { a.OrgCategory = "政府机关" }), "org_category", "商业企业"},
		{"no org name", with(org(t), func(a *submission.Application) { a.OrgName = "" }), "org_name", "请填写法人或者其他组织名称"},
		{"credit code format", with(org(t), func(a *submission.Application) { a.CreditCode = "91350100M000100Y4" }), "credit_code", "18位"},
		{"credit code checksum", with(org(t), func(a *submission.Application) { a.CreditCode = "91350100M000100Y4A" }), "credit_code", "确认无误"},
		{"credit code checksum confirmed", with(org(t), func(a *submission.Application) {
			a.CreditCode, a.CreditCodeConfirmed = "91350100M000100Y4A", true
		}), "", ""},
		{"no legal rep", with(org(t), func(a *submission.Application) { a.LegalRep = "" }), "legal_rep", "法定代表人"},
		{"no contact", with(org(t), func(a *submission.Application) { a.ContactName = "" }), "contact_name", "联系人"},
		{"phone", with(citizen(t), func(a *submission.Application) { a.Phone = "6212345" }), "phone", "区号"},
		{"no address", with(citizen(t), func(a *submission.Application) { a.Address = "" }), "address", "通信地址"},
		{"postal code", with(citizen(t), func(a *submission.Application) { a.PostalCode = "25230" }), "postal_code", "6位数字"},
		{"e-mail needed", with(citizen(t), func(a *submission.Application) { a.Delivery = []string{"电子邮件"} }), "email", "请填写电子邮箱"},
		{"bad e-mail", with(citizen(t), func(a *submission.Application) { a.Email = "a@b" }), "email", "格式不正确"},
		{"nothing requested", with(citizen(t), func(a *submission.Application) { a.InfoName = "" }), "info_name", "至少一项"},
		{"doc number alone", with(citizen(t), func(a *submission.Application) { a.InfoName, a.InfoDocNo = "", "阳教体办发〔2021〕12号" }), "", ""},
		{"long description", with(citizen(t), func(a *submission.Application) { a.InfoDescription = strings.Repeat("字", 2001) }), "info_description", "2000"},
		{"no medium", with(citizen(t), func(a *submission.Application) { a.Media = nil }), "media", "至少选择一项"},
		{"bad medium", with(citizen(t), func(a *submission.Application) { a.Media = []string{"传真"} }), "media", "纸质"},
		{"no delivery", with(citizen(t), func(a *submission.Application) { a.Delivery = []string{" "} }), "delivery", "至少选择一项"},
		{"no signature", with(citizen(t), func(a *submission.Application) { a.Signature = nil }), "signature", "请在签名区签名"},
		{"not a PNG", with(citizen(t), func(a *submission.Application) { a.Signature = []byte("GIF89a") }), "signature", "无效"},
		{"paper form without staff", with(citizen(t), func(a *submission.Application) { a.Signature, a.PaperForm = nil, true }), "staff_id", "工作人员编号"},
		{"paper form", with(citizen(t), func(a *submission.Application) { a.Signature, a.PaperForm, a.StaffID = nil, true, "yg-014" }), "", ""},
		{"oral, written by staff", with(citizen(t), func(a *submission.Application) { a.FilledByStaff, a.StaffID = true, "yg-014" }), "", ""},
		{"staff id without staff", with(citizen(t), func(a *submission.Application) { a.StaffID = "yg-014" }), "staff_id", "只有工作人员代为填写"},
		{"signed tomorrow", with(citizen(t), func(a *submission.Application) { a.SignedOn = calendar.MustParse("2025-09-27") }), "signed_on", "不能晚于今天"},
		{"signed today", with(citizen(t), func(a *submission.Application) { a.SignedOn = calendar.MustParse("2025-09-26") }), "", ""},
		{"signed 30 days ago", with(citizen(t), func(a *submission.Application) { a.SignedOn = calendar.MustParse("2025-08-27") }), "", ""},
		{"signed 31 days ago", with(citizen(t), func(a *submission.Application) { a.SignedOn = calendar.MustParse("2025-08-26") }), "signed_on", "早于受理日期（2025-09-26）30天以上"},
		{"signed in 1800", with(citizen(t), func(a *submission.Application) { a.SignedOn = calendar.MustParse("1800-01-01") }), "signed_on", "签名日期（1800-01-01）早于"},
		{"born in the future", with(citizen(t), func(a *submission.Application) { a.IDNumber = "110105203001010028" }), "id_number", "晚于今天"},
		{"invisible name", with(citizen(t), func(a *submission.Application) { a.Name = "\u200b\u200d\ufeff" }), "name", "请填写姓名"},
		{"control characters in name", with(citizen(t), func(a *submission.Application) { a.Name = "张\u0000三\u0007\u001b[31m" }), "name", "控制字符（0x00）"},
		{"control characters in address", with(citizen(t), func(a *submission.Application) { a.Address = "某某路\u001b[2J1号" }), "address", "控制字符（0x1B）"},
		{"control characters in a passport number", with(citizen(t), func(a *submission.Application) { a.IDType, a.IDNumber = "护照", "E1234\u00075678" }), "id_number", "控制字符"},
		{"control characters in a medium", with(citizen(t), func(a *submission.Application) { a.Media = []string{"纸质\u001b"} }), "media", "控制字符"},
		{"bidi override stripped", with(citizen(t), func(a *submission.Application) { a.Name = "\u202e三张" }), "", ""},
		{"lines in the description", with(citizen(t), func(a *submission.Application) { a.InfoDescription = "第一段\r\n第二段" }), "", ""},
	})
	// Invisible and bidirectional characters are stripped before sealing,
	// line breaks kept only where several lines are allowed.
	b := citizen(t)
	b.Name, b.Address, b.InfoDescription = "张\u200b三\u202e", "某某路\r\n1号", "第一段\r\n第二段\u2069"
	b.Normalize()
	if b.Name != "张三" || b.Address != "某某路 1号" || b.InfoDescription != "第一段\n第二段" {
		t.Errorf("Normalize text = %q %q %q", b.Name, b.Address, b.InfoDescription)
	}

	// Normalisation stores the canonical forms and drops the other type's fields.
	a := citizen(t)
	a.OrgName, a.CreditCode = "留在表单里的单位", "91350100M000100Y43"
	a.Normalize()
	if a.IDNumber != "11010519491231002X" || a.Phone != "13800138000" || a.OrgName != "" || a.CreditCode != "" {
		t.Errorf("Normalize = %+v", a)
	}
	if got := org(t).ApplicantCategory(); got != "商业企业" {
		t.Errorf("ApplicantCategory = %q", got)
	}
	if got := citizen(t).ApplicantCategory(); got != "自然人" {
		t.Errorf("ApplicantCategory = %q", got)
	}
	// Several problems are all reported at once, each next to its field.
	fe := fieldErrs(t, &submission.Application{ApplicantType: submission.ApplicantCitizen})
	for _, f := range []string{"name", "id_type", "id_number", "phone", "address", "postal_code", "info_name", "media", "delivery", "signature"} {
		if fe[f] == nil {
			t.Errorf("empty citizen form: no error for %s (%v)", f, fe)
		}
	}
	// The credit-code warning alone is only a warning.
	w := org(t)
	w.CreditCode = "91350100M000100Y4A"
	if fe := fieldErrs(t, w); !fe.OnlyWarnings() {
		t.Errorf("checksum-only failure is not a warning: %v", fe)
	}
}

func TestFeedbackValidate(t *testing.T) {
	runCases(t, []payloadCase{
		{"consultation", &submission.Feedback{Target: "意见征集", ConsultationID: "open", Text: "建议增加学位"}, "", ""},
		{"closed consultation", &submission.Feedback{Target: "意见征集", ConsultationID: "closed", Text: "x"}, "consultation_id", "已于2025-09-25截止"},
		{"future consultation", &submission.Feedback{Target: "意见征集", ConsultationID: "future", Text: "x"}, "consultation_id", "将于2025-09-27开始"},
		{"unknown consultation", &submission.Feedback{Target: "意见征集", ConsultationID: "nope", Text: "x"}, "consultation_id", "不存在"},
		{"no comment", &submission.Feedback{Target: "意见征集", ConsultationID: "open"}, "text", "请填写意见内容"},
		{"obstacle", &submission.Feedback{Target: "办事堵点", Category: "办理时间过长", Text: "等了三周"}, "", ""},
		{"obstacle without category", &submission.Feedback{Target: "办事堵点", Text: "等了三周"}, "category", "请选择问题类别"},
		{"rating only", &submission.Feedback{Target: "政务公开工作", Rating: "满意"}, "", ""},
		{"nothing", &submission.Feedback{Target: "政务公开工作"}, "text", "或选择一项评价"},
		{"bad rating needs reason", &submission.Feedback{Target: "政务公开工作", Rating: "不满意"}, "rating_reason", "不满意的原因"},
		{"very bad with reason", &submission.Feedback{Target: "政务公开工作", Rating: "非常不满意", RatingReason: "无人接待"}, "", ""},
		{"unknown rating", &submission.Feedback{Target: "政务公开工作", Rating: "一般"}, "rating", "非常满意"},
		{"no target", &submission.Feedback{Text: "x"}, "target", "请选择反馈类型"},
		{"bad phone", &submission.Feedback{Target: "政务公开工作", Text: "x", Phone: "123"}, "phone", "手机号码"},
		{"anonymous drops contact", &submission.Feedback{Target: "政务公开工作", Text: "x", Anonymous: true, Phone: "123", Name: "张三"}, "", ""},
		{"invisible text", &submission.Feedback{Target: "办事堵点", Category: "办理时间过长", Text: "\u200b\u200d\ufeff"}, "text", "请填写问题描述"},
		{"escape sequence in text", &submission.Feedback{Target: "政务公开工作", Text: "好\u001b]0;pwned\u0007"}, "text", "控制字符（0x1B）"},
		{"escape sequence in name", &submission.Feedback{Target: "政务公开工作", Text: "好", Name: "\u001b[31m张三"}, "name", "控制字符"},
	})
	f := &submission.Feedback{Target: "政务公开工作", Text: "x", Anonymous: true, Name: "张三", Phone: "13800138000", Email: "a@b.cn", Rating: "满意", RatingReason: "r"}
	f.Normalize()
	if f.Name != "" || f.Phone != "" || f.Email != "" || f.RatingReason != "" {
		t.Errorf("anonymous feedback keeps contact details: %+v", f)
	}
}

func TestSignupAndCancelValidate(t *testing.T) {
	runCases(t, []payloadCase{
		{"sign-up", &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000", Attendees: 2, TermsAccepted: true}, "", ""},
		{"invisible name", &submission.Signup{EventID: "kfr", Name: "\u200b\u200d\ufeff", Mobile: "13800138000", TermsAccepted: true}, "name", "请填写姓名"},
		{"control characters in name", &submission.Signup{EventID: "kfr", Name: "张\u0000三", Mobile: "13800138000", TermsAccepted: true}, "name", "控制字符"},
		{"default one attendee", &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000", TermsAccepted: true}, "", ""},
		{"too many", &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000", Attendees: 3, TermsAccepted: true}, "attendees", "最多2人"},
		{"one per sign-up", &submission.Signup{EventID: "started", Name: "张三", Mobile: "13800138000", Attendees: 2, TermsAccepted: true}, "attendees", "最多1人"},
		{"started", &submission.Signup{EventID: "started", Name: "张三", Mobile: "13800138000", TermsAccepted: true}, "event_id", "已开始"},
		{"unknown event", &submission.Signup{EventID: "x", Name: "张三", Mobile: "13800138000", TermsAccepted: true}, "event_id", "不存在"},
		{"terms", &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000"}, "terms_accepted", "同意报名须知"},
		{"mobile", &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "0635-6212345", TermsAccepted: true}, "mobile", "手机号码"},
		{"cancel", &submission.Cancel{Tracking: "0012 2611 2500 4", Code: "abcdef"}, "tracking_number", "受理编号"},
		{"cancel code", &submission.Cancel{Tracking: "", Code: "AB"}, "verification_code", "查询码应为8位"},
	})
}

func TestDecode(t *testing.T) {
	b, err := os.ReadFile("../../cmd/kiosk/testdata/submit-application.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := submission.Decode(b)
	if err != nil {
		t.Fatalf("Decode(example) = %v", err)
	}
	a, ok := p.(*submission.Application)
	if !ok || a.Name != "张三" || !a.PaperForm || a.SignedOn.String() != "2025-09-26" {
		t.Fatalf("Decode(example) = %#v", p)
	}
	if fe := fieldErrs(t, a); fe != nil {
		t.Errorf("the README example does not validate: %v", fe)
	}
	for in, want := range map[string]string{
		`{"kind":"feedback","feedback":{"target":"政务公开工作","text":"好"}}`: "",
		`{"kind":"signup","signup":{"event_id":"kfr"}}`:                 "",
		`{"kind":"cancel","cancel":{"tracking_number":"x"}}`:            "",
		`{"feedback":{}}`:                               "缺少 kind",
		`{"kind":"complaint"}`:                          "未知的 kind",
		`{"kind":"feedback"}`:                           "应包含 \"feedback\" 对象",
		`{"kind":"feedback","signup":{}}`:               "应包含 \"feedback\" 对象",
		`{"kind":"feedback","feedback":{},"signup":{}}`: "一次只能提交一项",
		`{"kind":"feedback","feedback":{"txt":"typo"}}`: "txt",
		`{"kind":"feedback","feedback":{}} {}`:          "只能有一个",
		`not json`:                                      "不是有效的 JSON",
		// JSON mistakes are told in Chinese, naming the field or the place.
		`[]`: "应为一个 JSON 对象（{\"kind\": …}），现在是数组",
		`{"kind":"application","application":{"media":"纸质"}}`:               "字段 application.media 的类型不对（第 1 行第 46 列）：应为文字列表，如 [\"纸质\"]，现在是带引号的文字",
		`{"kind":"signup","signup":{"attendees":"两人"}}`:                     "字段 signup.attendees 的类型不对（第 1 行第 40 列）：应为整数，现在是带引号的文字",
		`{"kind":"signup","signup":{"attendees":1.5}}`:                      "应为整数，现在是数字 1.5",
		`{"kind":"signup","signup":{"terms_accepted":"yes"}}`:               "字段 signup.terms_accepted 的类型不对",
		`{"kind":["feedback"]}`:                                             "字段 kind 的类型不对（第 1 行第 9 列）：应为带引号的文字，现在是数组",
		`{"kind":"application","application":{"signed_on":"26/09/2025"}}`:   "应写作 YYYY-MM-DD",
		`{"kind":"application","application":{"signature":"!!!"}}`:          "base64",
		"{\n  \"kind\": \"feedback\",\n  \"feedback\": {\"target\": 政务}\n}": "第 3 行第 26 列有语法错误",
		"{\n  \"kind\": \"feedback\",\n  \"feedback\": {\"txt\": 1}}":       "未知字段 \"txt\"（第 3 行第 16 列）",
		`{"kind":"feedback","feedback":{"text":"好`:                          "JSON 在第 1 行第 41 列意外结束",
		``:   "提交内容为空",
		`  `: "提交内容为空",
	} {
		p, err := submission.Decode([]byte(in))
		switch {
		case want == "" && (err != nil || p == nil):
			t.Errorf("Decode(%s) = %v", in, err)
		case want != "" && (err == nil || !strings.Contains(domain.ErrorMessage(err), want)):
			t.Errorf("Decode(%s) = %v, want %q", in, err, want)
		}
		for _, english := range []string{"cannot unmarshal", "Go value", "Go struct", "unexpected EOF", "invalid character", "json:"} {
			if err != nil && strings.Contains(domain.ErrorMessage(err), english) {
				t.Errorf("Decode(%s) answers in Go's English: %v", in, err)
			}
		}
	}
	// Over the size limit: refused with the limit, not cut short into an
	// "unexpected EOF".
	big := `{"kind":"feedback","feedback":{"target":"政务公开工作","text":"` + strings.Repeat("字", submission.MaxInputBytes/3) + `"}}`
	if _, err := submission.Decode([]byte(big)); err == nil || !strings.Contains(domain.ErrorMessage(err), "超过大小上限 1048576 字节（1 MiB）") {
		t.Errorf("Decode(%d bytes) = %v", len(big), err)
	}
	if _, err := submission.ReadInput(strings.NewReader(big)); err == nil || !strings.Contains(domain.ErrorMessage(err), "超过大小上限") {
		t.Errorf("ReadInput(%d bytes) = %v", len(big), err)
	}
	if b, err := submission.ReadInput(strings.NewReader(`{}`)); err != nil || string(b) != `{}` {
		t.Errorf("ReadInput(small) = %q, %v", b, err)
	}
}

func TestConsultationPhase(t *testing.T) {
	c := domain.Consultation{ID: "c", Opens: "2025-09-20", Closes: "2025-09-26"}
	tests := []struct {
		name string
		c    domain.Consultation
		at   time.Time
		want submission.Phase
	}{
		{"the day before it opens", c, time.Date(2025, 9, 19, 23, 59, 0, 0, calendar.Beijing), submission.PhaseUpcoming},
		{"the day it opens", c, time.Date(2025, 9, 20, 0, 0, 0, 0, calendar.Beijing), submission.PhaseOpen},
		{"its last day", c, now, submission.PhaseOpen},
		{"its last day, late evening in Beijing (UTC still the same day)", c, time.Date(2025, 9, 26, 15, 59, 0, 0, time.UTC), submission.PhaseOpen},
		{"after its last day in Beijing", c, time.Date(2025, 9, 26, 16, 0, 0, 0, time.UTC), submission.PhaseClosed},
		{"no dates", domain.Consultation{ID: "x"}, now, submission.PhaseUnknown},
	}
	for _, tt := range tests {
		if got := submission.ConsultationPhase(tt.c, tt.at); got != tt.want {
			t.Errorf("%s: phase %d, want %d", tt.name, got, tt.want)
		}
	}
}
