package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/console/browsertest"
	"gongkai/internal/testclock"
)

// TestConsoleStaffCall: a visitor's 呼叫工作人员 goes from an enrolled
// kiosk to a real `hub serve` over loopback and shows at once on the
// console's 终端 page (the kiosk, the time, the screen) and in `hub
// kiosks`, to 前台 too; 已处理 takes it off both and is in the audit log
// with who handled it. A second 已处理 of the same call (a colleague's
// page) says it was handled already.
func TestConsoleStaffCall(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Beijing))
	srv, code := servedHub(t, clk, []consoleAccount{{login: "zhou", role: "前台", name: "周前台"}})
	k := enrolKiosk(t, clk, srv.APIURL, code)

	if err := k.up.CallStaff(ctx, "依申请公开·申请人信息", clk.Now()); err != nil {
		t.Fatalf("the call does not reach the hub: %v", err)
	}
	desk := browsertest.NewForm(t, srv.ConsoleURL)
	desk.Login("zhou", consolePW)
	page := desk.Get("/kiosks")
	if page.Status != http.StatusOK {
		t.Fatalf("前台 on the 终端 page: %d", page.Status)
	}
	for _, want := range []string{`id="kiosk-calls"`, "一楼大厅", "2026-03-02 10:00", "依申请公开·申请人信息", "访客在“依申请公开·申请人信息”呼叫工作人员"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the 终端 page does not show %q", want)
		}
	}
	out := browsertest.Run(t, clk.Now, "", "kiosks", "--data", srv.Dir)
	if !strings.Contains(out, "呼叫 1：终端 1（一楼大厅）：访客在“依申请公开·申请人信息”呼叫工作人员") {
		t.Errorf("hub kiosks does not list the call:\n%s", out)
	}

	if a := desk.Post("/kiosks/calls/1/handled", url.Values{}); a.Location() != "/kiosks?done=call-handled" {
		t.Fatalf("已处理 = %d → %q\n%s", a.Status, a.Location(), a.Body)
	}
	if page := desk.Get("/kiosks?done=call-handled"); strings.Contains(page.Body, `id="kiosk-calls"`) || !strings.Contains(page.Body, "已标记为处理完毕") {
		t.Errorf("the call is still shown after 已处理")
	}
	if a := desk.Post("/kiosks/calls/1/handled", url.Values{}); a.Location() != "/kiosks?done=call-gone" {
		t.Errorf("已处理 twice = %d → %q", a.Status, a.Location())
	}
	if out := browsertest.Run(t, clk.Now, "", "kiosks", "--data", srv.Dir); strings.Contains(out, "呼叫 1") {
		t.Errorf("hub kiosks still lists the handled call:\n%s", out)
	}
	audit := browsertest.Run(t, clk.Now, "", "audit", "list", "--data", srv.Dir)
	if !strings.Contains(audit, "zhou") || !strings.Contains(audit, "处理访客呼叫") || !strings.Contains(audit, "依申请公开·申请人信息") {
		t.Errorf("the audit log does not record who handled the call:\n%s", audit)
	}

	// The command line handles a call too, audited under the login given.
	clk.Advance(10 * time.Minute)
	if err := k.up.CallStaff(ctx, "意见建议·联系方式", clk.Now()); err != nil {
		t.Fatal(err)
	}
	if out := browsertest.Run(t, clk.Now, "", "kiosks", "--data", srv.Dir, "--handled", "2", "--by", "zhou"); !strings.Contains(out, "已处理") {
		t.Errorf("hub kiosks --handled:\n%s", out)
	}
	if page := desk.Get("/kiosks"); strings.Contains(page.Body, `id="kiosk-calls"`) {
		t.Errorf("the call handled on the command line is still on the page")
	}
	if audit := browsertest.Run(t, clk.Now, "", "audit", "list", "--data", srv.Dir); !strings.Contains(audit, "意见建议·联系方式") {
		t.Errorf("hub kiosks --handled is not audited:\n%s", audit)
	}
}
