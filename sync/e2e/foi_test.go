package e2e

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/foi"
	"gongkai/internal/foi/foihub"
	"gongkai/sync/hub"
)

// caseRegister opens the hub's case register (foi.db in its data
// directory) wired to its submissions, as the console does.
func caseRegister(t *testing.T, th *testHub) *foi.Service {
	t.Helper()
	th.mu.Lock()
	h, subs := th.hub, th.subs
	th.mu.Unlock()
	reg, closeReg, err := foihub.Open(context.Background(), h, subs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeReg() })
	return reg
}

// statusPage fetches the public status page of a tracking number.
func statusPage(t *testing.T, th *testHub, trk, code string) string {
	t.Helper()
	resp, err := http.Get(th.URL + "/s/" + url.PathEscape(trk) + "?c=" + url.QueryEscape(code))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status page: %s\n%s", resp.Status, b)
	}
	return string(b)
}

// TestCaseReachesKiosk: an application submitted at a kiosk through the
// real API is imported into the case register once; a 补正 notice shows
// 需补正 at the kiosk after a sync and on the public status page without
// any personal data or the internal notes; the correction received
// restarts the deadline at the kiosk; the signed reply shows its outcome.
func TestCaseReachesKiosk(t *testing.T) {
	ctx := context.Background()
	clk := newClock() // 2026-12-01 10:00, Tuesday
	th := startHub(t, clk, hub.SubmissionOptions{})
	k := newKiosk(t, th)
	res := k.submit(application())
	k.exchange()

	reg := caseRegister(t, th)
	for i, want := range []int{1, 0} {
		n, err := reg.ImportKiosk(ctx)
		if err != nil || n != want {
			t.Fatalf("import %d: %d, %v; want %d", i+1, n, err, want)
		}
	}
	registrar := foi.Actor{Login: "deng", Name: "登记员", Role: foi.RoleRegistrar}
	reviewer := foi.Actor{Login: "shen", Name: "审核人", Role: foi.RoleReviewer}
	c, err := reg.Get(ctx, registrar, res.Tracking)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != foi.ChannelKiosk || c.Received.String() != "2026-12-01" || c.Applicant.Name != "张三" ||
		c.Applicant.Category != "自然人" || c.Deadline.Due.String() != "2026-12-29" {
		t.Fatalf("imported case: %s %s %s %s due %s", c.Channel, c.Received, c.Applicant.Name, c.Applicant.Category, c.Deadline.Due)
	}

	// Once registered, the case changes only through the register's rules.
	if out, err := hubCLI(t, th, "set-status", res.Tracking, "已答复", "--outcome", "1"); err == nil ||
		!strings.Contains(err.Error(), "管理控制台") {
		t.Errorf("set-status on a registered case: %v\n%s", err, out)
	}

	do := func(a foi.Actor, act foi.Action) {
		t.Helper()
		if _, err := reg.Do(ctx, a, c.ID, act); err != nil {
			t.Fatalf("%s: %v", act.Kind, err)
		}
	}
	do(registrar, foi.Action{Kind: foi.ActReview})
	do(registrar, foi.Action{Kind: foi.ActCorrect, Unclear: "请写明招生计划所属学段", Note: "内部备注：申请人电话核实"})
	k.exchange()
	st, err := k.ob.Status(ctx, res.Tracking)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != foi.PublicCorrection {
		t.Fatalf("kiosk shows %q after 补正, want 需补正", st.State)
	}
	page := statusPage(t, th, res.Tracking, res.VerificationCode)
	if !strings.Contains(page, "需补正") {
		t.Errorf("status page lacks 需补正:\n%s", page)
	}
	for _, secret := range []string{"张三", "13800138000", "11010519491231002X", "内部备注", "学段"} {
		if strings.Contains(page, secret) || strings.Contains(st.Note, secret) {
			t.Errorf("public status shows %q", secret)
		}
	}

	clk.Advance(48 * time.Hour) // Thursday 2026-12-03
	do(registrar, foi.Action{Kind: foi.ActCorrected})
	k.exchange()
	st, _ = k.ob.Status(ctx, res.Tracking)
	// restart from 12-03: 12-04, 12-07..11, 12-14..18, 12-21..25, 12-28..31
	if st.State != foi.PublicAccepted || st.Deadline.String() != "2026-12-31" || st.Provisional {
		t.Errorf("after the correction the kiosk shows %s %s provisional=%v, want 已受理 2026-12-31", st.State, st.Deadline, st.Provisional)
	}

	do(registrar, foi.Action{Kind: foi.ActAccept, Dept: "办公室"})
	do(registrar, foi.Action{Kind: foi.ActDraft, Reply: &foi.Reply{Outcome: "1", Obtain: "本机关门户网站"}})
	do(reviewer, foi.Action{Kind: foi.ActSignOff})
	k.exchange()
	st, _ = k.ob.Status(ctx, res.Tracking)
	if st.State != foi.PublicAnswered || st.Outcome != "1" {
		t.Errorf("after sign-off the kiosk shows %s %s, want 已答复 1", st.State, st.Outcome)
	}
	if page := statusPage(t, th, res.Tracking, res.VerificationCode); !strings.Contains(page, "予以公开") {
		t.Errorf("status page lacks the outcome:\n%s", page)
	}
}
