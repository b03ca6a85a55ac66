package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// TestDocumentForms: a document written through the console's forms,
// refused uploads (content not matching the name, oversized, a path in the
// name) leave the catalogue unchanged; HTML in a title is shown as text,
// in the list, the form and the preview; a 承办人 cannot publish, a
// 审核人 can, and the new version holds the document.
func TestDocumentForms(t *testing.T) {
	ctx := context.Background()
	f := newCaseFixture(t)
	headBefore, _ := f.hub.Store.Head(ctx)
	b := f.browser(t)
	b.Login("li", handlerPW)
	b.get("/docs/new")
	title := `<script>alert("x")</script>关于<b>规范</b>校外培训机构的通知`
	form := url.Values{"id": {"gf-2026-01"}, "title": {title}, "category": {"zcfg-gfxwj"}, "published": {"2026-03-01"},
		"written": {"2026-02-26"}, "disclosure": {"主动公开"}, "validity": {"有效"}, "keywords": {"校外培训、规范"},
		"issuer": {"阳谷县教育和体育局"}, "doc_no": {"阳教体发〔2026〕3号"}, "body": {"# 一、总则\n\n为规范校外培训……\n\n| 项目 | 要求 |\n|---|---|\n| 收费 | 公示 |\n"}}
	if p := b.post("/docs/new", form); p.status != http.StatusSeeOther || p.location() != "/docs/gf-2026-01?done=saved" {
		t.Fatalf("save: %d %s\n%s", p.status, p.location(), p.body)
	}
	for _, path := range []string{"/docs", "/docs/gf-2026-01", "/docs/gf-2026-01/preview"} {
		p := b.get(path)
		if p.status != 200 || strings.Contains(p.body, "<script>alert") || !strings.Contains(p.body, "&lt;script&gt;") {
			t.Errorf("%s: %d, the title is not escaped", path, p.status)
		}
	}
	p := b.get("/docs/gf-2026-01/preview")
	for _, want := range []string{"索引号", "公开属性", "主动公开", "一、总则", "<th>项目</th>", "文件详情"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}

	for _, up := range []struct{ name, ctype, data, want string }{
		{"通知.pdf", "application/pdf", "MZ\x90\x00\x03 an executable", "内容与扩展名 .pdf 不符"},
		{"页面.txt", "text/plain", "<html><script>alert(1)</script></html>", "内容与扩展名 .txt 不符"},
		{"../../etc/通知.pdf", "application/pdf", "%PDF-1.4", "路径"},
		{"通知.exe", "application/pdf", "%PDF-1.4", "类型不支持"},
	} {
		b.get("/docs/gf-2026-01")
		p := b.upload("/docs/gf-2026-01/files", b.CSRF, up.name, up.ctype, []byte(up.data))
		if p.status != http.StatusBadRequest || !strings.Contains(htmlUnescape(p.body), up.want) {
			t.Errorf("upload %s: %d, want %q", up.name, p.status, up.want)
		}
	}
	b.get("/docs/gf-2026-01")
	big := make([]byte, catalog.MaxAttachmentBytes+10)
	copy(big, "%PDF-1.4")
	if p := b.upload("/docs/gf-2026-01/files", b.CSRF, "大.pdf", "application/pdf", big); p.status != http.StatusBadRequest ||
		!strings.Contains(p.body, "超过 50 MB") {
		t.Errorf("oversized upload: %d", p.status)
	}
	b.get("/docs/gf-2026-01")
	if p := b.upload("/docs/gf-2026-01/files", b.CSRF, "通知全文.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n")); p.status != http.StatusSeeOther {
		t.Fatalf("good upload: %d\n%s", p.status, p.body)
	}
	if head, _ := f.hub.Store.Head(ctx); head != headBefore {
		t.Fatalf("the catalogue moved from %d to %d before anything was published", headBefore, head)
	}

	// The 承办人 has no 发布 button, and a hand-made POST is refused.
	if p := b.get("/docs/gf-2026-01"); strings.Contains(p.body, `id="do-publish"`) {
		t.Error("the 承办人 is offered 发布")
	}
	if p := b.post("/docs/gf-2026-01/act/publish", nil); p.status != http.StatusForbidden {
		t.Errorf("the 承办人 published: %d", p.status)
	}
	b2 := f.browser(t)
	b2.Login("shen", staffPW)
	b2.get("/docs/gf-2026-01")
	if p := b2.post("/docs/gf-2026-01/act/publish", nil); p.status != 200 || !strings.Contains(p.body, `id="published"`) {
		t.Fatalf("publish: %d\n%s", p.status, p.body)
	}
	o, err := f.hub.Store.Object(ctx, domain.KindDocument, "gf-2026-01")
	if err != nil || !strings.Contains(string(o.Data), `\u003cscript\u003e`) {
		t.Fatalf("published object: %s %v", o.Data, err)
	}
	// Now on the 三同步 list, until a 解读 is published.
	if p := b2.get("/docs/readings"); !strings.Contains(p.body, `data-id="gf-2026-01"`) {
		t.Error("the new 规范性文件 is not on the 三同步 list")
	}
	if p := b2.get("/audit"); !strings.Contains(p.body, "发布文件") || !strings.Contains(p.body, "添加附件") {
		t.Error("the audit log lacks the publication")
	}
}
