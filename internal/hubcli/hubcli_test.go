package hubcli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/sync/hub"
)

// testNow is the clock of every command a test runs.
var testNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func testClock() time.Time { return testNow }

// run runs the hub command line and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runIn(t, "", args...)
}

// runIn is run with stdin (a pipe, not a terminal).
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return cmdlinetest.Run(context.Background(), Main, testClock, stdin, args...)
}

// mustRun runs a command that must succeed and returns its output.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	return cmdlinetest.MustRun(t, Main, testClock, "", args...)
}

// copyDemo writes the embedded demo catalogue into a directory.
func copyDemo(t *testing.T) string { return cmdlinetest.DemoSource(t) }

// newHub makes a hub with `hub init` and returns its data directory.
func newHub(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hub")
	mustRun(t, "init", "--data", dir)
	return dir
}

// newDemoHub is newHub with the demo catalogue imported.
func newDemoHub(t *testing.T) string {
	t.Helper()
	dir := newHub(t)
	mustRun(t, "import", "--data", dir, copyDemo(t))
	return dir
}

// openHub opens the hub in dir on the tests' clock.
func openHub(t *testing.T, dir string) *hub.Hub {
	t.Helper()
	h, err := hub.Open(context.Background(), dir, hub.Options{Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func head(t *testing.T, dir string) int64 {
	t.Helper()
	h := openHub(t, dir)
	defer h.Close()
	v, err := h.Store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const goodDoc = `+++
id = "test-new-1"
title = "关于测试导入的通知"
category = "%s"
published = 2026-02-01
%s
+++

正文。
`

func TestImportErrorsNameTheFileAndImportNothing(t *testing.T) {
	data := newHub(t)
	src := copyDemo(t)
	if code, out, errs := run(t, "import", "--data", data, src); code != 0 || !strings.Contains(out, "导入完成") {
		t.Fatalf("import demo: %d %s %s", code, out, errs)
	}
	before := head(t, data)
	if before == 0 {
		t.Fatal("demo import gave version 0")
	}
	// A new good file goes along with each bad one: it must not be imported either.
	catID := firstCategory(t, src)
	os.WriteFile(filepath.Join(src, "docs", "zz-good.md"), []byte(sprintf(goodDoc, catID, "")), 0o644)

	tests := []struct {
		name, file, content string
	}{
		{"malformed front matter", "zz-bad-front.md", "+++\nid = \"x1\"\ntitle = \"未闭合\n+++\n正文\n"},
		{"unknown category", "zz-bad-cat.md", sprintf(strings.Replace(goodDoc, "test-new-1", "x2", 1), "没有这个分类", "")},
		{"missing attachment", "zz-bad-att.md", sprintf(strings.Replace(goodDoc, "test-new-1", "x3", 1), catID, `attachments = ["../files/nope.pdf"]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := filepath.Join(src, "docs", tt.file)
			os.WriteFile(bad, []byte(tt.content), 0o644)
			defer os.Remove(bad)
			code, out, errs := run(t, "import", "--data", data, "--prune", src)
			if code == 0 {
				t.Fatalf("import with a bad file succeeded: %s", out)
			}
			if !strings.Contains(errs, "docs/"+tt.file) || !strings.Contains(errs, "未导入任何内容") {
				t.Errorf("message does not name the file or say nothing was imported:\n%s", errs)
			}
			if got := head(t, data); got != before {
				t.Errorf("hub version moved from %d to %d after a refused import", before, got)
			}
		})
	}

	// --keep-going imports the rest and, with a problem, does not prune.
	os.WriteFile(filepath.Join(src, "docs", "zz-bad-cat.md"), []byte(tests[1].content), 0o644)
	code, out, errs := run(t, "import", "--data", data, "--keep-going", "--prune", src)
	if code != 0 || !strings.Contains(errs, "docs/zz-bad-cat.md") || !strings.Contains(out, "新增 1") || !strings.Contains(out, "撤下 0") {
		t.Fatalf("keep-going import: %d\n%s\n%s", code, out, errs)
	}
}

func firstCategory(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, "categories.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "id" {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Fatal("no category in the demo catalogue")
	return ""
}

func TestCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "hub")
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"keys", "--data", data}, 1, "hub init"},
		{[]string{"init", "--data", data}, 0, "age1"},
		{[]string{"init", "--data", data}, 1, "already holds a hub"},
		{[]string{"keys", "--data", data}, 0, "公钥指纹"},
		{[]string{"import", "--data", data, copyDemo(t)}, 0, "导入完成"},
		{[]string{"enroll", "--data", data, "--name", "一楼大厅"}, 0, "注册码"},
		{[]string{"kiosks", "--data", data}, 0, "还没有注册的终端"},
		{[]string{"revoke", "--data", data, "7"}, 1, "没有编号"},
		{[]string{"bundle", "--data", data, "--out", filepath.Join(t.TempDir(), "gongkai-x.bundle")}, 0, "已写入"},
		{[]string{"bundle", "--data", data, "--out", "x", "--since", "99999"}, 1, "above"},
		{[]string{"import", "--data", data}, 2, "expected 1"},
		{[]string{"serve", "--data", data, "--trusted-proxy", "127.0.0.1,proxy.example"}, 2, "不是 IP 地址或网段"},
		{[]string{"kiosks"}, 2, "--data DIR is required"},
		{[]string{"frobnicate"}, 2, "unknown command"},
	}
	for _, s := range steps {
		code, out, errs := run(t, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Errorf("hub %s = %d, want %d with %q:\n%s%s", strings.Join(s.args, " "), code, s.code, s.want, out, errs)
		}
	}
}

var sprintf = fmt.Sprintf
