package kioskcli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchCommand runs `kiosk search` on a fresh data directory, which
// gets the demo catalogue, as staff and scripts would.
func TestSearchCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")

	out, errs, status := runCLI("search", "--data", data, "阳教体办发(2021)12号")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{"共找到", "文号：阳教体办发〔2021〕12号", "发布日期：2021-", "yjt-2021-12"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, errs, status = runCLI("search", "--data", data, "--json", "--limit", "3", "政务公开")
	if status != 0 {
		t.Fatalf("--json status %d: %s", status, errs)
	}
	var results []map[string]any
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("--json output is not a JSON array: %v\n%s", err, out)
	}
	if len(results) == 0 || len(results) > 3 {
		t.Fatalf("%d results with --limit 3", len(results))
	}
	for _, r := range results {
		for _, key := range []string{"id", "title", "doc_no", "published", "snippet"} {
			if _, ok := r[key]; !ok {
				t.Errorf("result lacks %q: %v", key, r)
			}
		}
	}
	if !strings.Contains(out, "【政务公开】") {
		t.Errorf("no marked match in --json output:\n%s", out)
	}

	out, _, status = runCLI("search", "--data", data, "--json", "没有这种内容的词语组合")
	if status != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("no hits: status %d, %q", status, out)
	}
	out, _, status = runCLI("search", "--data", data, `"AND*`)
	if status != 0 {
		t.Errorf("syntax characters: status %d, %q", status, out)
	}
}

func TestSearchCommandUsage(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "--data", data}, "要搜索的词"},
		{[]string{"search", "--data", data, "--limit", "0", "教育"}, "--limit"},
		{[]string{"search", "--data", data, "--validity", "valid", "教育"}, "有效、失效 或 废止"},
		{[]string{"search", "--data", data, "--year", "-1", "教育"}, "--year"},
		{[]string{"search", "--nope", "教育"}, "flag provided but not defined"},
	} {
		_, errs, status := runCLI(tc.args...)
		if status != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: status %d, stderr %q; want 2 and %q", tc.args, status, errs, tc.want)
		}
	}
}
