package console_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
	"gongkai/internal/xlsx"
)

var (
	shen  = foi.Actor{Login: "shen", Name: "沈审核", Role: foi.RoleReviewer}
	admin = foi.Actor{Login: "admin", Name: "王管理", Role: foi.RoleAdmin}
)

// answered works a registered case to a signed (三)4 reply through the
// service.
func (f *fixture) answered(t *testing.T) *foi.Case {
	t.Helper()
	c := f.register(t, "2026-03-02", "张三", domain.CategoryPerson, "某小区规划许可证附图")
	f.do(t, deng, c.ID, foi.Action{Kind: foi.ActReview})
	f.do(t, deng, c.ID, foi.Action{Kind: foi.ActAccept, Dept: "一科", Handler: "li", HandlerName: "李承办"})
	f.do(t, li, c.ID, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "3.4", Decision: "涉及第三方个人隐私"}})
	f.do(t, shen, c.ID, foi.Action{Kind: foi.ActSignOff})
	return c
}

// TestLetters: the signed reply is in the correspondence log and comes
// out as the PDF kept with the case, with the register number and the
// remedies; taking it out is audited; another 科室's 承办人 gets 403.
func TestLetters(t *testing.T) {
	f := newCaseFixture(t)
	c := f.answered(t)
	b := f.browser(t)
	b.Login("deng", staffPW)
	p := b.get("/cases/" + c.ID)
	m := regexp.MustCompile(`href="(/cases/[^"]+/letters/\d+)" class="letter"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no letter in the correspondence log:\n%s", p.body)
	}
	letter := b.get(m[1])
	if letter.status != 200 || letter.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(letter.body, "%PDF") ||
		letter.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("letter: %d %v", letter.status, letter.header)
	}
	text := strings.Join(strings.Fields(browsertest.PDFText(t, []byte(letter.body))), "")
	for _, want := range []string{c.ID, "张三", "行政复议", "行政诉讼"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if reply := b.get("/cases/" + c.ID + "/letter"); reply.body != letter.body {
		t.Error("the reply letter link gives another PDF than the one kept")
	}
	if es, _ := f.acc.Audit(context.Background(), 1, 0); es[0].Action != "下载文书" || !strings.Contains(es[0].Detail, c.ID) {
		t.Errorf("newest audit entry %+v", es[0])
	}
	if p := b.get("/cases/" + c.ID + "/letters/99"); p.status != http.StatusNotFound {
		t.Errorf("a letter that is not there: %d", p.status)
	}
	wang := f.browser(t)
	wang.Login("wang", staffPW)
	if p := wang.get(m[1]); p.status != http.StatusForbidden || strings.HasPrefix(p.body, "%PDF") {
		t.Errorf("另一科室 letter: %d", p.status)
	}
}

// TestReportPage: the year's table counts a (三)4 reply to a 自然人 in its
// cell, checks 一+二 = 三(七)+四, and exports the same numbers.
func TestReportPage(t *testing.T) {
	f := newCaseFixture(t)
	f.answered(t)
	f.register(t, "2026-03-02", "某科研所", "科研机构", "实验室建设项目环评批复")
	b := f.browser(t)
	b.Login("shen", staffPW)
	p := b.get("/report?year=2026")
	cell := func(row string) []string {
		m := regexp.MustCompile(`(?s)<tr data-row="` + regexp.QuoteMeta(row) + `">(.*?)</tr>`).FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("no row %s", row)
		}
		var out []string
		for _, n := range regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(m[1], -1) {
			out = append(out, n[1])
		}
		return out
	}
	if got := cell("3.4"); strings.Join(got, ",") != "1,0,0,0,0,0,1" {
		t.Errorf("row (三)4 = %v", got)
	}
	if got := cell("new"); strings.Join(got, ",") != "1,0,1,0,0,0,2" {
		t.Errorf("row 一 = %v", got)
	}
	if got := cell("carry_out"); strings.Join(got, ",") != "0,0,1,0,0,0,1" {
		t.Errorf("row 四 = %v", got)
	}
	if !strings.Contains(p.body, "勾稽关系校验通过") {
		t.Error("the table's check is not shown as passed")
	}
	csv := b.get("/report/export/csv?year=2026")
	if csv.status != 200 || !strings.Contains(csv.body, "保护第三方合法权益") {
		t.Errorf("CSV: %d", csv.status)
	}
	xp := b.get("/report/export/xlsx?year=2026")
	sheet, err := xlsx.ReadSheet([]byte(xp.body), 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range sheet {
		if len(row) > 2 && strings.Contains(strings.Join(row, "|"), "保护第三方合法权益") && row[2] == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("XLSX has no (三)4 row counting 1: %q", sheet)
	}
	if p := b.get("/report?year=1999"); p.status != http.StatusBadRequest {
		t.Errorf("year 1999: %d", p.status)
	}
}

// TestTemplatesAndSettings: an administrator edits a letter template with
// a preview, cannot drop a required placeholder, and restores the default.
func TestTemplatesAndSettings(t *testing.T) {
	f := newCaseFixture(t)
	b := f.browser(t)
	b.Login("admin", adminPW)
	if p := b.get("/templates"); p.status != 200 || !strings.Contains(p.body, `href="/templates/3.4"`) {
		t.Fatalf("templates: %d", p.status)
	}
	p := b.get("/templates/3.4")
	body := regexp.MustCompile(`(?s)<textarea name="body" id="template-body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(p.body)
	title := regexp.MustCompile(`name="title" value="([^"]*)"`).FindStringSubmatch(p.body)
	if body == nil || title == nil || !strings.Contains(body[1], "{{救济途径}}") {
		t.Fatalf("template form:\n%s", p.body)
	}
	orig := htmlUnescape(body[1])
	edited := strings.Replace(orig, "{{救济途径}}", "", 1)
	if p := b.post("/templates/3.4", url.Values{"title": {title[1]}, "body": {edited}, "do": {"save"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "救济途径") {
		t.Errorf("saving without {{救济途径}}: %d", p.status)
	}
	edited = "特此告知。\n\n" + orig
	if p := b.post("/templates/3.4", url.Values{"title": {title[1]}, "body": {edited}, "do": {"preview"}}); p.status != 200 || !strings.HasPrefix(p.body, "%PDF") ||
		!strings.Contains(strings.Join(strings.Fields(browsertest.PDFText(t, []byte(p.body))), ""), "特此告知") {
		t.Errorf("preview: %d", p.status)
	}
	if tpl, _ := f.cases.Template(context.Background(), "3.4"); !tpl.Default {
		t.Error("a preview saved the template")
	}
	if p := b.post("/templates/3.4", url.Values{"title": {title[1]}, "body": {edited}, "do": {"save"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	if tpl, _ := f.cases.Template(context.Background(), "3.4"); tpl.Default || !strings.HasPrefix(tpl.Body, "特此告知") || tpl.UpdatedBy != "admin" {
		t.Errorf("saved template: %+v", tpl)
	}
	b.get("/templates/3.4")
	if p := b.post("/templates/3.4", url.Values{"do": {"reset"}}); p.status != http.StatusSeeOther {
		t.Fatalf("reset: %d\n%s", p.status, p.body)
	}
	if tpl, _ := f.cases.Template(context.Background(), "3.4"); !tpl.Default {
		t.Error("reset did not restore the default")
	}
	b.get("/settings")
	if p := b.post("/settings", url.Values{"agency": {"阳谷县人民政府办公室"}, "review_body": {"阳谷县人民政府"}}); p.status != http.StatusSeeOther {
		t.Fatalf("settings: %d\n%s", p.status, p.body)
	}
	if set, _ := f.cases.Settings(context.Background()); set.Agency != "阳谷县人民政府办公室" || set.ReviewBody != "阳谷县人民政府" {
		t.Errorf("settings saved: %+v", set)
	}
	d := f.browser(t)
	d.Login("deng", staffPW)
	for _, path := range []string{"/templates", "/templates/3.4", "/settings"} {
		if p := d.get(path); p.status != http.StatusForbidden {
			t.Errorf("登记员 GET %s = %d", path, p.status)
		}
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&").Replace(s)
}

// upload sends a file as the case page's upload form does.
func (b *browser) upload(path, csrf, name, ctype string, data []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
	h.Set("Content-Type", ctype)
	w, _ := mw.CreatePart(h)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.Base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// TestFiles: files kept with a case are uploaded with the form's token,
// come back as attachments that cannot run in the console's origin, and
// stay within the case's 科室.
func TestFiles(t *testing.T) {
	f := newCaseFixture(t)
	c := f.answered(t)
	b := f.browser(t)
	b.Login("deng", staffPW)
	path := "/cases/" + c.ID + "/files"
	b.get("/cases/" + c.ID)
	page := `<html><script>alert(document.cookie)</script></html>`
	if p := b.upload(path, "", "x.html", "text/html", []byte(page)); p.status != http.StatusForbidden {
		t.Errorf("upload without the token: %d", p.status)
	}
	if p := b.upload(path, b.CSRF, "答复材料.html", "text/html", []byte(page)); p.status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", p.status, p.body)
	}
	p := b.get("/cases/" + c.ID)
	m := regexp.MustCompile(`href="(/cases/[^"]+/files/\d+)">答复材料.html</a>`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("the case page does not list the file:\n%s", p.body)
	}
	dl := b.get(m[1])
	if dl.body != page || dl.header.Get("Content-Type") != "application/octet-stream" ||
		!strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment") || !strings.Contains(dl.header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download: %v", dl.header)
	}
	if es, _ := f.acc.Audit(context.Background(), 1, 0); es[0].Action != "下载附件" {
		t.Errorf("newest audit entry %+v", es[0])
	}
	wang := f.browser(t)
	wang.Login("wang", staffPW)
	if p := wang.get(m[1]); p.status != http.StatusForbidden {
		t.Errorf("另一科室 download: %d", p.status)
	}
	if p := b.upload(path, b.CSRF, "", "text/plain", []byte("x")); p.status != http.StatusBadRequest {
		t.Errorf("upload without a file name: %d", p.status)
	}
}
