package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/kioskcli"
)

// cliKiosk is a kiosk driven through its command line (`kiosk enroll`,
// `kiosk sync`, `kiosk search`), as staff and scripts drive one.
type cliKiosk struct {
	t    *testing.T
	dir  string
	now  func() time.Time
	last string // the last command's output
}

func newCLIKiosk(t *testing.T, now func() time.Time, hubURL, code string) *cliKiosk {
	t.Helper()
	k := &cliKiosk{t: t, dir: filepath.Join(t.TempDir(), "kiosk"), now: now}
	k.run("enroll", "--data", k.dir, "--hub", hubURL, "--code", code)
	return k
}

// run runs a kiosk command that must succeed and returns its output.
func (k *cliKiosk) run(args ...string) string {
	k.t.Helper()
	var out, errb bytes.Buffer
	env := &kioskcli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: k.now}
	if code := kioskcli.Main(context.Background(), args, env); code != 0 {
		k.t.Fatalf("kiosk %s = %d:\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	k.last = out.String()
	return k.last
}

func (k *cliKiosk) sync() string { return k.run("sync", "--data", k.dir) }

func (k *cliKiosk) search(q string) string {
	return k.run("search", "--data", k.dir, "--limit", "50", q)
}

// console is a Chromium tab on a served hub's console with the journey's
// accounts.
type consoleTab struct {
	*browsertest.Tab
	t   *testing.T
	url string
}

// openConsole starts Chromium on srv's console, signed in as who.
func openConsole(t *testing.T, srv *browsertest.Hub, who string) *consoleTab {
	t.Helper()
	b := &consoleTab{Tab: browsertest.Start(t, 5*time.Minute), t: t, url: srv.ConsoleURL}
	b.login(who)
	return b
}

func (b *consoleTab) login(who string) {
	b.t.Helper()
	if resp := b.Login(b.url, who, consolePW); resp.Status != 200 {
		b.t.Fatalf("login %s: %d at %s", who, resp.Status, b.Location())
	}
}

// submit clicks a form's button and fails the test unless the page comes
// back without an error.
func (b *consoleTab) submit(sel string) {
	b.t.Helper()
	resp := b.Click(sel)
	if resp.Status != 200 || b.Has(".error") {
		msg := ""
		if b.Has(".error") {
			msg = b.Text(".error")
		}
		b.t.Fatalf("%s: %d %s (at %s)", sel, resp.Status, msg, b.Location())
	}
}

// upload chooses a file for a file input.
func (b *consoleTab) upload(sel, path string) int {
	b.t.Helper()
	// The page's own form is posted by the page's fetch with the file's
	// bytes, and the answer replaces the document as a navigation would:
	// DevTools' file chooser (DOM.setFileInputFiles) sometimes left the
	// input empty on a loaded machine, whatever the wait.
	data, err := os.ReadFile(path)
	if err != nil {
		b.t.Fatal(err)
	}
	js := fmt.Sprintf(`(async () => {
		const input = document.querySelector(%q);
		const form = input.form;
		const fd = new FormData(form);
		const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
		fd.set(input.name, new File([bytes], %q));
		const r = await fetch(form.action, {method: "POST", body: fd, credentials: "same-origin"});
		const html = await r.text();
		document.open(); document.write(html); document.close();
		return r.status;
	})()`, sel, base64.StdEncoding.EncodeToString(data), filepath.Base(path))
	return browsertest.Read(b.Tab, "upload "+path+" with "+sel, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
}

// TestConsolePublish: a 承办人 writes a 行政规范性文件 in Chromium, with
// HTML in its title; a fake PDF is refused and the catalogue does not
// move; the preview shows the title as text, laid out as the kiosk does;
// the 审核人 publishes it and `kiosk search` finds it after `kiosk sync`;
// it is on the 三同步 list until its 解读, written from that list and
// published, reaches the kiosk too. With GONGKAI_SCREENSHOTS=DIR the
// pages are saved there.
func TestConsolePublish(t *testing.T) {
	clk, srv, code := consoleHub(t)
	shots := os.Getenv("GONGKAI_SCREENSHOTS")
	k := newCLIKiosk(t, clk.Now, srv.APIURL, code)
	k.sync()
	if out := k.search("校外培训机构"); strings.Contains(out, "规范校外培训机构") {
		t.Fatalf("found before publication:\n%s", out)
	}

	b := openConsole(t, srv, "li")
	b.Go(srv.ConsoleURL + "/docs")
	b.Screenshot(shots, "documents.png")
	b.Click("#new-doc")
	title := `关于规范<b>校外培训机构</b>收费行为的通知`
	b.Fill(map[string]string{"[name=id]": "gf-2026-03", "[name=title]": title, "[name=category]": "zcfg-gfxwj",
		"[name=index_no]": "11371521004338391X/2026-00031", "[name=issuer]": "阳谷县教育和体育局",
		"[name=doc_no]": "阳教体发〔2026〕3号", "[name=written]": "2026-02-26", "[name=published]": "2026-03-02",
		"[name=topic]": "教育", "[name=keywords]": "校外培训、收费", "[name=body]": "# 一、收费公示\n\n培训机构应在显著位置公示收费项目和标准。\n\n| 项目 | 要求 |\n|---|---|\n| 学费 | 按课时收取 |\n"})
	b.submit("#save-doc")
	if got := b.Text("#state"); got != "草稿" {
		t.Fatalf("after saving: %q", got)
	}

	dir := t.TempDir()
	fake := filepath.Join(dir, "收费标准.pdf")
	os.WriteFile(fake, []byte("MZ\x90\x00\x03\x00 this is a program"), 0o644)
	if status := b.upload("#upload-file", fake); status != 400 || !strings.Contains(b.Text(".error"), "内容与扩展名 .pdf 不符") {
		t.Fatalf("fake PDF: %d %s", status, b.Text("main"))
	}
	real := filepath.Join(dir, "收费标准.pdf")
	os.WriteFile(real, []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"), 0o644)
	if status := b.upload("#upload-file", real); status != 200 || b.Has(".error") {
		t.Fatalf("real PDF: %d %s", status, b.Text("main"))
	}
	if !strings.Contains(b.Text("#file-list"), "收费标准.pdf") {
		t.Fatalf("the attachment is not listed: %s", b.Text("#files"))
	}

	b.Click("#preview")
	if got := b.Text("#preview-title"); got != title {
		t.Errorf("preview title %q, want the markup shown as text", got)
	}
	if b.Has("#preview-title b") {
		t.Error("the title's <b> became markup in the preview")
	}
	if !strings.Contains(b.Text("#kiosk-preview"), "PDF 文档") || !strings.Contains(b.Text("#preview-body"), "按课时收取") {
		t.Errorf("preview: %s", b.Text("#kiosk-preview"))
	}
	b.Screenshot(shots, "document-preview.png")
	if out := k.sync(); !strings.Contains(out, "目录已是最新") {
		t.Errorf("a draft reached the kiosk: %s", out)
	}
	b.Logout()

	b.login("shen")
	b.Go(srv.ConsoleURL + "/docs/gf-2026-03")
	b.submit("#do-publish")
	if !strings.Contains(b.Text("#published"), "已发布到目录版本") {
		t.Fatalf("after 发布: %s", b.Text("main"))
	}
	b.Screenshot(shots, "document.png")
	k.sync()
	if out := k.search("校外培训机构"); !strings.Contains(out, title) || !strings.Contains(out, "阳教体发〔2026〕3号") {
		t.Fatalf("kiosk search after sync does not find the published document:\n%s", out)
	}

	// 三同步: listed until its 解读 is published.
	b.Go(srv.ConsoleURL + "/docs/readings")
	if !b.Has(`#missing tr[data-id="gf-2026-03"]`) {
		t.Fatalf("the new 规范性文件 is not on the 三同步 list:\n%s", b.Text("main"))
	}
	b.Screenshot(shots, "readings.png")
	b.Click(`#missing tr[data-id="gf-2026-03"] a[href^="/docs/new"]`)
	b.Fill(map[string]string{"[name=id]": "gf-2026-03-jd", "[name=title]": "《关于规范校外培训机构收费行为的通知》政策解读",
		"[name=category]": "zcjd", "[name=published]": "2026-03-02", "[name=body]": "一、出台背景……"})
	b.submit("#save-doc")
	b.submit("#do-publish")
	b.Go(srv.ConsoleURL + "/docs/readings")
	if b.Has(`#missing tr[data-id="gf-2026-03"]`) {
		t.Error("the document stays on the 三同步 list after its 解读 was published")
	}
	k.sync()
	if out := k.search("收费行为"); !strings.Contains(out, "政策解读") {
		t.Errorf("the 解读 is not on the kiosk:\n%s", out)
	}
	if out := browsertest.Run(t, clk.Now, "", "audit", "verify", "--data", srv.Dir); !strings.Contains(out, "审计日志完整") {
		t.Errorf("audit verify: %s", out)
	}
}

// tick clicks an element that does not leave the page (a radio button).
func (b *consoleTab) tick(sel string) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
}
