package hubcli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/foi/foihub"
	"gongkai/sync/hub"
)

// registerCase registers a 法律服务机构's postal application of
// 2026-02-27 named name in the case register of h, and closes h.
func registerCase(t *testing.T, h *hub.Hub, name string) {
	t.Helper()
	defer h.Close()
	ctx := context.Background()
	subs, err := hub.OpenSubmissions(ctx, h, hub.SubmissionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer subs.Close()
	reg, closeReg, err := foihub.Open(ctx, h, subs)
	if err != nil {
		t.Fatal(err)
	}
	defer closeReg()
	clerk := foi.Actor{Login: "deng", Role: foi.RoleRegistrar}
	_, err = reg.Register(ctx, clerk, foi.Registration{Channel: foi.ChannelPost, Received: calendar.MustParse("2026-02-27"),
		Applicant: foi.Applicant{Name: name, Category: "法律服务机构", Address: "阳谷县某路2号"},
		Request:   foi.Request{InfoName: "行政处罚决定书"}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReport: `hub report` prints table 三 from the case register as CSV
// or writes XLSX, and refuses a missing year.
func TestReport(t *testing.T) {
	data := newDemoHub(t)
	registerCase(t, openHub(t, data), "某某律师事务所")

	code, out, errs := run(t, "report", "--data", data, "--year", "2026")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	for _, want := range []string{"2026年度", "一、本年新收政府信息公开申请数量,,0,0,0,0,1,0,1", "四、结转下年度继续办理,,0,0,0,0,1,0,1"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	file := filepath.Join(t.TempDir(), "2026.xlsx")
	if code, _, errs := run(t, "report", "--data", data, "--year", "2026", "--format", "xlsx", "--out", file); code != 0 {
		t.Fatalf("xlsx: %s", errs)
	}
	if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("xlsx file: %v", err)
	}
	if code, _, _ := run(t, "report", "--data", data); code != 2 {
		t.Errorf("no --year: exit %d, want 2", code)
	}
}
