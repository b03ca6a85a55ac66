package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/console/browsertest"
	"gongkai/internal/testclock"
	"gongkai/sync/hub"
)

// consoleAccount is an account `hub user add` makes, with consolePW.
type consoleAccount struct{ login, role, dept, name string }

// consoleStaff are the journey's accounts.
var consoleStaff = []consoleAccount{
	{"deng", "登记员", "", "邓登记"},
	{"li", "承办人", "一科", "李承办"},
	{"shen", "审核人", "", "沈审核"},
}

const consolePW = "quiet-lake-2026"

// consoleHub is servedHub with the console's staff on a clock at Monday
// 2026-03-02 10:00 (Beijing): the clock, the hub and an enrolment code.
func consoleHub(t *testing.T, extra ...string) (*clock, *browsertest.Hub, string) {
	t.Helper()
	clk := testclock.New(time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Beijing))
	srv, code := servedHub(t, clk, consoleStaff, extra...)
	return clk, srv, code
}

// servedHub makes a hub with the demo catalogue (its working-day
// calendar), the console's accounts and a kiosk enrolment code, and runs
// `hub serve` on loopback ports.
func servedHub(t *testing.T, clk *clock, people []consoleAccount, extra ...string) (*browsertest.Hub, string) {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	h, err := hub.Init(ctx, dir, hub.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	code := importDemo(t, h, "一楼大厅")
	h.Close()
	for _, u := range people {
		args := []string{"user", "add", "--data", dir, "--login", u.login, "--role", u.role, "--name", u.name}
		if u.dept != "" {
			args = append(args, "--dept", u.dept)
		}
		browsertest.Run(t, clk.Now, consolePW+"\n", args...)
	}
	return browsertest.StartHub(t, dir, clk.Now, append([]string{"--agency", "阳谷县人民政府办公室"}, extra...)...), code
}

// TestConsoleJourney drives Debian's Chromium through the console against
// `hub serve` while a kiosk submits through the real API: the kiosk's
// application appears in the register; 补正 reaches the kiosk's status
// lookup as 需补正; the correction received restarts the deadline; 延期
// asked by the 承办人 is approved by a second account; the reply with code
// (三)4 is signed, its PDF letter names the tracking number and the
// remedies; 送达 and 归档; the year's annual table counts it in the right
// cell. With GONGKAI_SCREENSHOTS=DIR it saves the register, the case and
// the annual table there.
func TestConsoleJourney(t *testing.T) {
	ctx := context.Background()
	clk, srv, code := consoleHub(t)
	con := srv.ConsoleURL
	shots := os.Getenv("GONGKAI_SCREENSHOTS")

	k := enrolKiosk(t, clk, srv.APIURL, code)
	app := application()
	res := k.submit(app)
	for _, other := range []struct{ name, id, info string }{
		{"刘芳", residentID("37152119850612004"), "2026年城区道路改造计划"},
		{"陈明", residentID("37152119920303151"), "狮子楼街道老旧小区改造名单"},
	} {
		a := application()
		a.Name, a.IDNumber, a.InfoName = other.name, other.id, other.info
		k.submit(a)
	}
	k.exchange()

	b := browsertest.Start(t, 5*time.Minute)
	login := func(who string) {
		t.Helper()
		if resp := b.Login(con, who, consolePW); resp.Status != 200 {
			t.Fatalf("login %s: %d at %s", who, resp.Status, b.Location())
		}
	}
	// act fills a form of the case page and sends it, and fails the test
	// unless the page comes back without an error.
	act := func(kind string, fields map[string]string) {
		t.Helper()
		full := map[string]string{}
		for name, v := range fields {
			full["#act-"+kind+" [name="+name+"]"] = v
		}
		b.Fill(full)
		resp := b.Click("#do-" + kind)
		if resp.Status != 200 || b.Has(".error") {
			msg := ""
			if b.Has(".error") {
				msg = b.Text(".error")
			}
			t.Fatalf("%s: %d %s", kind, resp.Status, msg)
		}
	}

	// The registrar opens the register: the kiosk's applications are
	// there. Two postal applications registered through the form make the
	// register show an overdue and a due-soon row.
	login("deng")
	for _, p := range []struct{ received, name, info string }{
		{"2026-01-20", "周强", "2025年城区学校招生范围"},
		{"2026-02-02", "阳谷某某商贸有限公司", "营业执照办理指南"},
	} {
		b.Go(con + "/cases/new")
		fields := map[string]string{"[name=received]": p.received, "[name='applicant.name']": p.name,
			"[name='applicant.phone']": "13912345678", "[name='request.info_name']": p.info}
		if strings.HasSuffix(p.name, "公司") {
			fields["[name='applicant.category']"] = "商业企业"
		}
		b.Fill(fields)
		if resp := b.Click("#register-submit"); resp.Status != 200 || !strings.Contains(b.Text(".flash"), "申请已登记") {
			t.Fatalf("register %s: %d %s", p.name, resp.Status, b.Text("main"))
		}
	}
	b.Go(con + "/cases")
	if !strings.Contains(b.Text("table.cases"), res.Tracking) {
		t.Fatalf("the kiosk application %s is not in the register:\n%s", res.Tracking, b.Text("main"))
	}
	if !b.Has("tr.overdue") || !b.Has("tr.soon") {
		t.Errorf("the register marks no overdue or due-soon row:\n%s", b.Text("table.cases"))
	}
	b.FitsWidth()
	b.Screenshot(shots, "register.png")

	// 补正: the kiosk's status lookup shows 需补正.
	b.Go(con + "/cases/" + res.Tracking)
	caseURL := b.Location()
	if got := b.Text("#tracking"); got != res.Tracking {
		t.Fatalf("case page shows tracking %q", got)
	}
	act("review", nil)
	act("correct", map[string]string{"unclear": "请写明所需招生计划的学段（小学或初中）及发布年份", "days": "10", "method": "电话告知并邮寄"})
	if got := b.Text("#stage"); got != "待补正" {
		t.Fatalf("stage after 补正 = %q", got)
	}
	k.exchange()
	if st, err := k.ob.Status(ctx, res.Tracking); err != nil || st.State != "需补正" {
		t.Fatalf("kiosk status after 补正 = %+v, %v", st, err)
	}

	// Two days later the correction arrives: the clock restarts from it.
	clk.Advance(2 * 24 * time.Hour) // Wednesday 2026-03-04
	login("deng")
	b.Go(caseURL)
	act("corrected", map[string]string{"date": "2026-03-04", "info_name": "2026年小学招生计划"})
	if got := b.Text("#clock-start"); got != "2026-03-04" {
		t.Errorf("deadline counted from %q, want the day the correction arrived", got)
	}
	restarted := b.Text("#deadline")
	k.exchange()
	if st, _ := k.ob.Status(ctx, res.Tracking); !strings.HasPrefix(restarted, st.Deadline.String()) {
		t.Errorf("kiosk deadline %s, console %s", st.Deadline, restarted)
	}
	act("accept", map[string]string{"handler": "li"})
	b.Logout()

	// The 承办人 asks for 延期; a second account, the 审核人, approves it.
	login("li")
	b.Go(caseURL)
	act("extend", map[string]string{"days": "20", "reason": "需调取2025年度档案核对"})
	if b.Has("#act-approve_extension") {
		t.Error("the 承办人 may approve their own 延期")
	}
	b.Logout()
	login("shen")
	b.Go(caseURL)
	act("approve_extension", map[string]string{"method": "邮寄"})
	extended := b.Text("#deadline")
	if extended == restarted || !strings.Contains(b.Text("#extension"), "沈审核") && !strings.Contains(b.Text("#extension"), "shen") {
		t.Errorf("after 延期 the deadline is %q (was %q); %s", extended, restarted, b.Text("#extension"))
	}
	b.Logout()

	// 答复 with (三)4, signed off by the 审核人.
	login("li")
	b.Go(caseURL)
	act("draft", map[string]string{"outcome": "3.4", "decision": "所申请信息含第三方个人隐私，经征询不同意公开，决定不予公开"})
	b.Logout()
	login("shen")
	b.Go(caseURL)
	act("sign_off", nil)
	if got := b.Text("#outcome"); !strings.Contains(got, "（三）4") {
		t.Errorf("outcome shown %q", got)
	}
	// The letter kept with the case: the tracking number and the remedies.
	status, pdf := b.Fetch("/cases/" + res.Tracking + "/letter")
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("reply letter: %d", status)
	}
	text := strings.Join(strings.Fields(browsertest.PDFText(t, pdf)), "")
	for _, want := range []string{res.Tracking, "不予公开", "六十日内", "申请行政复议", "六个月内", "提起行政诉讼"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reply letter lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(b.Text("#correspondence"), "政府信息不予公开告知书") {
		t.Errorf("correspondence log: %s", b.Text("#correspondence"))
	}
	b.FitsWidth()
	b.Screenshot(shots, "case.png")
	b.Logout()

	// 送达 and 归档 by the registrar.
	login("deng")
	b.Go(caseURL)
	act("deliver", map[string]string{"method": "邮寄", "date": "2026-03-04"})
	act("archive", nil)
	if !b.Has("#archived") || b.Has("#actions") {
		t.Errorf("the archived case still offers actions")
	}
	if d := b.Dialogs(); len(d) != 1 || !strings.Contains(d[0], "确定归档") {
		t.Errorf("dialogs shown: %q, want the 归档 confirmation", d)
	}
	k.exchange()
	if st, _ := k.ob.Status(ctx, res.Tracking); st.Outcome != "3.4" {
		t.Errorf("kiosk status after the reply = %+v", st)
	}

	// The year's table counts the reply under （三）4 for a 自然人.
	b.Go(con + "/report?year=2026")
	if got := b.Text(`tr[data-row="3.4"] td:nth-child(3)`); got != "1" {
		t.Errorf("（三）4 自然人 = %q, want 1", got)
	}
	if got := b.Text(`tr[data-row="3.4"] td:nth-child(9)`); got != "1" {
		t.Errorf("（三）4 总计 = %q, want 1", got)
	}
	if !strings.Contains(b.Text("#report-check"), "校验通过") {
		t.Errorf("report check: %s", b.Text("#report-check"))
	}
	b.FitsWidth()
	b.Screenshot(shots, "annual-report.png")
	logs := srv.Logs.String()
	for _, personal := range []string{app.Name, app.IDNumber, app.Phone, "周强", "刘芳"} {
		if personal != "" && strings.Contains(logs, personal) {
			t.Errorf("the hub's log holds %q", personal)
		}
	}
	out := browsertest.Run(t, clk.Now, "", "audit", "verify", "--data", srv.Dir)
	if !strings.Contains(out, "审计日志完整") {
		t.Errorf("audit verify: %s", out)
	}
}

// residentID completes 17 digits of a 居民身份证 number with its check
// character (GB 11643).
func residentID(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}
