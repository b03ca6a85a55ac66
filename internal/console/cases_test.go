package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/xlsx"
)

var (
	deng = foi.Actor{Login: "deng", Name: "邓登记", Role: foi.RoleRegistrar}
	li   = foi.Actor{Login: "li", Name: "李承办", Role: foi.RoleHandler, Dept: "一科"}
)

// register records an application received on day (YYYY-MM-DD) as deng.
func (f *fixture) register(t *testing.T, day, name, category, info string) *foi.Case {
	t.Helper()
	c, err := f.cases.Register(context.Background(), deng, foi.Registration{Channel: foi.ChannelPost,
		Received:  calendar.MustParse(day),
		Applicant: foi.Applicant{Name: name, Category: category, Phone: "13912345678", Address: "阳谷县狮子楼路8号"},
		Request:   foi.Request{InfoName: info}})
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return c
}

// do applies an action through the service, failing the test on error.
func (f *fixture) do(t *testing.T, a foi.Actor, id string, act foi.Action) {
	t.Helper()
	if _, err := f.cases.Do(context.Background(), a, id, act); err != nil {
		t.Fatalf("%s %s: %v", act.Kind, id, err)
	}
}

var rowPattern = regexp.MustCompile(`<tr class="(overdue|soon|)" data-id="([^"]+)">`)

// rows returns the register rows of a page: id → class.
func rows(body string) map[string]string {
	out := map[string]string{}
	for _, m := range rowPattern.FindAllStringSubmatch(body, -1) {
		out[m[2]] = m[1]
	}
	return out
}

// ids returns the ids the service lists for f as a sorted slice.
func (f *fixture) ids(t *testing.T, a foi.Actor, flt foi.Filter) []string {
	t.Helper()
	p, err := f.cases.List(context.Background(), a, flt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range p.Cases {
		out = append(out, c.ID)
	}
	sort.Strings(out)
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRegisterPage: the 台账 lists every case with overdue and due-soon
// rows marked, filters and searches, and exports exactly the filtered list
// to CSV and XLSX; applicants' markup is shown as text and their data
// never reaches the log.
func TestRegisterPage(t *testing.T) {
	f := newCaseFixture(t)
	f.register(t, "2026-01-05", "张三", domain.CategoryPerson, "2025年城区学校招生范围")
	f.register(t, "2026-02-03", "李四", domain.CategoryPerson, "阳谷县2025年财政预算")
	f.register(t, "2026-02-27", "阳谷某某商贸有限公司", "商业企业", "营业执照办理指南")
	evil := f.register(t, "2026-03-02", `<b onclick="x()">赵六</b>`, domain.CategoryPerson, `=cmd|' /C calc'!A0`)
	f.clock.Advance(8 * 24 * time.Hour) // 2026-03-10: the first overdue, others running
	b := f.browser(t)
	b.Login("deng", staffPW)

	all := f.ids(t, deng, foi.Filter{})
	p := b.get("/cases")
	got := rows(p.body)
	if !slices.Equal(keys(got), all) {
		t.Fatalf("register rows %v, want %v", keys(got), all)
	}
	listed, _ := f.cases.List(context.Background(), deng, foi.Filter{})
	var sawOverdue bool
	for _, c := range listed.Cases {
		want := ""
		if c.Deadline.Overdue {
			want, sawOverdue = "overdue", true
		} else if c.Deadline.DueSoon {
			want = "soon"
		}
		if got[c.ID] != want {
			t.Errorf("row %s class %q, want %q (due %s)", c.ID, got[c.ID], want, c.Deadline.Due)
		}
	}
	if !sawOverdue {
		t.Fatal("the test has no overdue case to show")
	}
	if strings.Contains(p.body, "<b onclick") || !strings.Contains(p.body, "&lt;b onclick=&#34;x()&#34;&gt;赵六&lt;/b&gt;") {
		t.Error("an applicant's markup is not shown as text")
	}

	for _, tc := range []struct {
		query string
		flt   foi.Filter
	}{
		{"overdue=1", foi.Filter{Overdue: true}},
		{"soon=1", foi.Filter{DueSoon: true}},
		{"q=" + url.QueryEscape("李四"), foi.Filter{Text: "李四"}},
		{"q=" + url.QueryEscape("营业执照"), foi.Filter{Text: "营业执照"}},
		{"stage=" + url.QueryEscape("登记") + "&year=2026&channel=" + url.QueryEscape("邮寄"), foi.Filter{Stage: foi.StageRegistered, Year: 2026, Channel: foi.ChannelPost}},
	} {
		want := f.ids(t, deng, tc.flt)
		if got := keys(rows(b.get("/cases?" + tc.query).body)); !slices.Equal(got, want) {
			t.Errorf("/cases?%s rows %v, want %v", tc.query, got, want)
		}
		if tc.query == "q="+url.QueryEscape("李四") && len(want) != 1 {
			t.Errorf("search for 李四 found %v", want)
		}
	}

	// Exports carry exactly the filtered list.
	csvPage := b.get("/cases/export/csv?q=" + url.QueryEscape("赵六"))
	if csvPage.status != 200 || !strings.HasPrefix(csvPage.body, "\uFEFF登记号,受理编号,申请人") ||
		!strings.Contains(csvPage.header.Get("Content-Disposition"), "attachment") || csvPage.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("CSV export: %d %v\n%s", csvPage.status, csvPage.header, csvPage.body)
	}
	if lines := strings.Split(strings.TrimSpace(csvPage.body), "\r\n"); len(lines) != 2 || !strings.Contains(lines[1], evil.ID) ||
		!strings.Contains(lines[1], `'=cmd`) {
		t.Errorf("CSV export of the search: %q", lines)
	}
	xp := b.get("/cases/export/xlsx?overdue=1")
	sheet, err := xlsx.ReadSheet([]byte(xp.body), 0)
	if err != nil {
		t.Fatal(err)
	}
	overdue := f.ids(t, deng, foi.Filter{Overdue: true})
	if len(sheet) != len(overdue)+1 || sheet[0][0] != "登记号" {
		t.Fatalf("XLSX export of overdue cases: %q, want %d rows", sheet, len(overdue))
	}
	for _, row := range sheet[1:] {
		if !slices.Contains(overdue, row[0]) {
			t.Errorf("XLSX export holds %s, which is not overdue", row[0])
		}
	}
	if p := b.get("/audit"); p.status != http.StatusForbidden {
		t.Errorf("a 登记员 sees the audit log: %d", p.status)
	}
	es, _ := f.acc.Audit(context.Background(), 2, 0)
	if es[0].Action != "导出" || !strings.Contains(es[0].Detail, "XLSX") || es[1].Action != "导出" {
		t.Errorf("exports not audited: %+v", es)
	}
	logs := f.logs.String()
	for _, personal := range []string{"张三", "李四", "赵六", "13912345678", "狮子楼"} {
		if strings.Contains(logs, personal) {
			t.Errorf("the log holds %q", personal)
		}
	}
}

// TestAnotherDeptGets403: a 承办人 sees only the cases of their 科室; the
// case URL of another 科室's case answers 403, and so does every action on
// it, whatever the form says.
func TestAnotherDeptGets403(t *testing.T) {
	f := newCaseFixture(t)
	c := f.register(t, "2026-03-02", "张三", domain.CategoryPerson, "招生范围")
	f.do(t, deng, c.ID, foi.Action{Kind: foi.ActReview})
	f.do(t, deng, c.ID, foi.Action{Kind: foi.ActAccept, Dept: "一科", Handler: "li", HandlerName: "李承办"})

	wang := f.browser(t)
	wang.Login("wang", staffPW)
	for _, path := range []string{"/cases/" + c.ID, "/cases/" + c.ID + "/applicant"} {
		p := wang.get(path)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "不属于您所在科室") || strings.Contains(p.body, "张三") {
			t.Errorf("另一科室 GET %s = %d", path, p.status)
		}
	}
	if p := wang.post("/cases/"+c.ID+"/act/note", url.Values{"note": {"x"}}); p.status != http.StatusForbidden {
		t.Errorf("另一科室 POST note = %d", p.status)
	}
	if got := rows(wang.get("/cases").body); len(got) != 0 {
		t.Errorf("另一科室's register shows %v", got)
	}
	if p := wang.get("/cases/export/csv"); strings.Contains(p.body, c.ID) {
		t.Error("另一科室's export holds the case")
	}
	lib := f.browser(t)
	lib.Login("li", handlerPW)
	if p := lib.get("/cases/" + c.ID); p.status != 200 || !strings.Contains(p.body, "张三") {
		t.Errorf("own 科室 GET = %d", p.status)
	}
	if p := lib.get("/"); !strings.Contains(p.body, `data-id="`+c.ID+`"`) {
		t.Error("the 承办人's 工作台 does not list the case assigned to them")
	}
}

// TestCaseThroughForms works a case from 受理 to 归档 through the case
// page's forms, with every refusal the rules make shown as the service's
// message: a second 延期, a reply without a code, a form sent again after
// the case moved on.
func TestCaseThroughForms(t *testing.T) {
	f := newCaseFixture(t)
	c := f.register(t, "2026-03-02", "张三", domain.CategoryPerson, "招生范围")
	path := "/cases/" + c.ID
	desk, handler, rev, rev2 := f.browser(t), f.browser(t), f.browser(t), f.browser(t)
	desk.Login("deng", staffPW)
	handler.Login("li", handlerPW)
	rev.Login("shen", staffPW)
	rev2.Login("shen2", staffPW)

	act := func(b *browser, kind string, form url.Values, status int, want string) page {
		t.Helper()
		p := b.get(path)
		if form == nil {
			form = url.Values{}
		}
		if m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(p.body); m != nil && form.Get("version") == "" {
			form.Set("version", m[1])
		}
		p = b.post(path+"/act/"+kind, form)
		if p.status != status || (want != "" && !strings.Contains(p.body, want)) {
			t.Fatalf("%s: %d, want %d with %q\n%s", kind, p.status, status, want, p.body)
		}
		return p
	}
	stage := func(want foi.Stage) {
		t.Helper()
		got, err := f.cases.Get(context.Background(), deng, c.ID)
		if err != nil || got.Stage != want {
			t.Fatalf("stage = %v, %v; want %s", got.Stage, err, want)
		}
	}
	if p := desk.get(path); !strings.Contains(p.body, `id="act-review"`) || strings.Contains(p.body, `id="act-sign_off"`) {
		t.Fatal("the 登记员's case page offers the wrong actions")
	}
	act(desk, "review", nil, http.StatusSeeOther, "")
	act(desk, "accept", url.Values{"handler": {"li"}}, http.StatusSeeOther, "")
	stage(foi.StageHandling)
	if p := handler.get(path); !strings.Contains(p.body, "一科 · 李承办") || !strings.Contains(p.body, `id="act-extend"`) {
		t.Fatal("the case page does not show the assignment or the 承办人's actions")
	}
	old := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(handler.get(path).body)[1]
	act(handler, "extend", url.Values{"days": {"10"}, "reason": {"需调取档案"}}, http.StatusSeeOther, "")
	// The same form sent again is refused, whoever sends it.
	act(handler, "extend", url.Values{"version": {old}, "days": {"10"}, "reason": {"需调取档案"}}, http.StatusConflict, "已被他人更新")
	act(handler, "extend", url.Values{"version": {"0"}, "days": {"10"}, "reason": {"需调取档案"}}, http.StatusBadRequest, "已有一份延期申请")
	act(handler, "approve_extension", nil, http.StatusForbidden, "")
	act(rev, "approve_extension", nil, http.StatusSeeOther, "")
	act(handler, "extend", url.Values{"days": {"5"}, "reason": {"再延"}}, http.StatusBadRequest, "只允许延长一次")
	act(handler, "draft", url.Values{"decision": {"涉及第三方个人隐私"}}, http.StatusBadRequest, "答复须选择办理结果")
	act(handler, "draft", url.Values{"outcome": {"3.4"}, "decision": {"涉及第三方个人隐私，不予公开"}}, http.StatusSeeOther, "")
	stage(foi.StageReply)
	act(rev2, "sign_off", url.Values{"version": {"3"}}, http.StatusConflict, "已被他人更新")
	act(rev2, "sign_off", nil, http.StatusSeeOther, "")
	act(desk, "deliver", url.Values{"method": {"邮寄"}}, http.StatusSeeOther, "")
	act(desk, "archive", nil, http.StatusSeeOther, "")
	stage(foi.StageArchived)
	p := desk.get(path)
	for _, want := range []string{"已于 2026-03-02 归档", "（三）4 不予公开：保护第三方合法权益", "批准延期", "延期答复告知书", "以邮寄方式送达"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the archived case page lacks %q", want)
		}
	}
	if strings.Contains(p.body, `action="/cases/`+c.ID+`/act/`) {
		t.Error("the archived case still offers actions")
	}
	act(desk, "note", url.Values{"note": {"补一句"}}, http.StatusBadRequest, "已归档")
}

// TestCorrectionThroughForms: one 补正 notice, and only one; the correction
// received restarts the clock.
func TestCorrectionThroughForms(t *testing.T) {
	f := newCaseFixture(t)
	c := f.register(t, "2026-03-02", "张三", domain.CategoryPerson, "那个文件")
	b := f.browser(t)
	b.Login("deng", staffPW)
	path := "/cases/" + c.ID
	b.get(path)
	if p := b.post(path+"/act/correct", url.Values{"unclear": {"请写明文件名称或文号"}, "days": {"10"}}); p.status != http.StatusSeeOther {
		t.Fatalf("correct: %d\n%s", p.status, p.body)
	}
	b.get(path)
	if p := b.post(path+"/act/correct", url.Values{"unclear": {"再补一次"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "不能发出补正告知") {
		t.Fatalf("second correct: %d %s", p.status, regexp.MustCompile(`class="error"[^<]*`).FindString(p.body))
	}
	f.clock.Advance(2 * 24 * time.Hour)
	b.Login("deng", staffPW) // two days on, the session has long expired
	b.get(path)
	if p := b.post(path+"/act/corrected", url.Values{"date": {"2026-03-04"}, "info_name": {"2026年招生范围通知"}}); p.status != http.StatusSeeOther {
		t.Fatalf("corrected: %d\n%s", p.status, p.body)
	}
	p := b.get(path)
	if !strings.Contains(p.body, `id="clock-start">2026-03-04`) || !strings.Contains(p.body, "2026年招生范围通知") {
		t.Errorf("after the correction the clock does not start from 2026-03-04:\n%s", p.body)
	}
}

// TestRegistrationForm: a postal application registered through the form,
// with the form's errors shown next to their fields first.
func TestRegistrationForm(t *testing.T) {
	f := newCaseFixture(t)
	b := f.browser(t)
	b.Login("deng", staffPW)
	b.get("/cases/new")
	form := url.Values{"channel": {"邮寄"}, "received": {"2026-02-27"}, "postmarked": {"2026-02-25"},
		"applicant.category": {"自然人"}, "applicant.name": {""}, "applicant.phone": {"0635-6212345"},
		"request.info_name": {"2026年老旧小区改造计划"}, "request.media": {"纸质"}, "request.delivery": {"邮寄"}}
	p := b.post("/cases/new", form)
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, "请填写申请人姓名或名称") || !strings.Contains(p.body, "2026年老旧小区改造计划") {
		t.Fatalf("registration without a name: %d\n%s", p.status, p.body)
	}
	form.Set("applicant.name", "孙七")
	form.Set("received", "2026-03-09")
	if p := b.post("/cases/new", form); p.status != http.StatusBadRequest || !strings.Contains(p.body, "晚于今天") {
		t.Fatalf("a receipt date after today: %d", p.status)
	}
	form.Set("received", "2026-02-27")
	p = b.post("/cases/new", form)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/cases/2026-") {
		t.Fatalf("registration: %d → %q\n%s", p.status, p.location(), p.body)
	}
	p = b.get(p.location())
	for _, want := range []string{"申请已登记", "孙七", "邮寄", "2026-02-27（邮戳 2026-02-25）", "2026年老旧小区改造计划"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the new case page lacks %q", want)
		}
	}
	// Only the desk registers.
	h := f.browser(t)
	h.Login("li", handlerPW)
	if p := h.get("/cases/new"); p.status != http.StatusForbidden {
		t.Errorf("a 承办人 opens the registration form: %d", p.status)
	}
}
