package e2e

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/submission"
)

// enrolCode makes another one-time code with `hub enroll`.
func enrolCode(t *testing.T, clk *clock, dir, name string) string {
	t.Helper()
	out := browsertest.Run(t, clk.Now, "", "enroll", "--data", dir, "--name", name)
	m := regexp.MustCompile(`注册码：(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("hub enroll: %s", out)
	}
	return m[1]
}

// TestConsoleConsultation: a 审核人 opens a consultation in Chromium; two
// kiosks take comments on it; after it closes, the comments (opened at
// the hub) are answered 采纳 and 不予采纳 (a reason required); the
// 公众意见反馈情况 is drafted from them, published, and reaches both kiosks
// linked to the consultation, and each commenter's status shows 已办结
// with the decision.
func TestConsoleConsultation(t *testing.T) {
	ctx := context.Background()
	clk, srv, code := consoleHub(t)
	shots := os.Getenv("GONGKAI_SCREENSHOTS")
	k1 := enrolKiosk(t, clk, srv.APIURL, code)
	k2 := enrolKiosk(t, clk, srv.APIURL, enrolCode(t, clk, srv.Dir, "二楼"))

	b := openConsole(t, srv, "shen")
	b.Go(srv.ConsoleURL + "/consultations")
	b.Click("#new-consultation")
	b.Fill(map[string]string{"[name=id]": "zj-2026-03", "[name=title]": "《阳谷县校外培训机构监督管理办法（征求意见稿）》公开征求意见",
		"[name=opens]": "2026-03-02", "[name=closes]": "2026-03-04", "[name=summary]": "欢迎社会各界提出意见建议。",
		"[name=questions]": "收费公示的方式是否合适？\n投诉渠道是否便捷？", "[name=draft]": "# 第一条\n\n为加强校外培训机构监督管理，制定本办法。"})
	b.submit("#save-consultation")
	if got := b.Text("#phase"); got != "征求意见中" {
		t.Fatalf("phase %q", got)
	}

	comments := map[string]string{}
	for i, k := range []*testKiosk{k1, k2} {
		if _, err := k.cl.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		text := []string{"建议在培训机构门口张贴收费标准。", "建议增设 12345 以外的专门投诉电话。"}[i]
		res := k.submit(&submission.Feedback{Target: submission.TargetConsultation, ConsultationID: "zj-2026-03", Text: text,
			Name: []string{"赵某", ""}[i], Anonymous: i == 1, Phone: []string{"13700001111", ""}[i]})
		comments[res.Tracking] = text
		k.exchange()
	}
	b.Go(srv.ConsoleURL + "/consultations/zj-2026-03")
	if got := b.Text("#comment-count"); got != "2" {
		t.Fatalf("comments shown: %s\n%s", got, b.Text("#comments"))
	}
	for trk, text := range comments {
		if !strings.Contains(b.Text(`tr[data-tracking="`+trk+`"]`), text) {
			t.Errorf("comment %s not shown decrypted", trk)
		}
	}

	clk.Advance(3 * 24 * time.Hour) // 2026-03-05: closed
	b.login("li")
	b.Go(srv.ConsoleURL + "/consultations/zj-2026-03")
	if got := b.Text("#phase"); got != "已截止" {
		t.Fatalf("phase after the last day %q", got)
	}
	var adopted, refused string
	for trk := range comments {
		if adopted == "" {
			adopted = trk
		} else {
			refused = trk
		}
	}
	row := `tr[data-tracking="` + refused + `"] `
	b.tick(row + `input[value="不予采纳"]`)
	resp := b.Click(row + "button")
	if resp.Status != 400 || !strings.Contains(b.Text(row+".field-error"), "须写明理由") {
		t.Fatalf("不予采纳 without a reason: %d %s", resp.Status, b.Text("main"))
	}
	b.tick(row + `input[value="不予采纳"]`)
	b.Fill(map[string]string{row + "[name=reason]": "投诉渠道已统一归口 12345 热线，不再另设专线。"})
	b.submit(row + "button")
	row = `tr[data-tracking="` + adopted + `"] `
	b.tick(row + `input[value="采纳"]`)
	b.submit(row + "button")
	b.Screenshot(shots, "consultation.png")
	b.submit("#do-feedback")
	if !strings.Contains(b.Location(), "/docs/zj-2026-03-fk") || !strings.Contains(b.Value("[name=body]"), "不再另设专线") {
		t.Fatalf("the feedback draft: %s\n%s", b.Location(), b.Text("main"))
	}
	if strings.Contains(b.Value("[name=body]"), "赵某") || strings.Contains(b.Value("[name=body]"), "13700001111") {
		t.Error("the feedback draft names a commenter")
	}
	b.Logout()
	b.login("shen")
	b.Go(srv.ConsoleURL + "/docs/zj-2026-03-fk")
	b.submit("#do-publish")
	b.Go(srv.ConsoleURL + "/consultations")
	b.Screenshot(shots, "consultations.png")
	if !strings.Contains(b.Text(`tr[data-id="zj-2026-03"]`), "已公布反馈") {
		t.Errorf("consultation list: %s", b.Text(`tr[data-id="zj-2026-03"]`))
	}

	for _, k := range []*testKiosk{k1, k2} {
		if _, err := k.cl.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		cs, err := k.st.Consultations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var fid string
		for _, c := range cs {
			if c.ID == "zj-2026-03" {
				fid = c.FeedbackID
				if len(c.Questions) != 2 {
					t.Errorf("questions at the kiosk: %v", c.Questions)
				}
			}
		}
		d, err := k.st.Document(ctx, fid)
		if err != nil || !strings.Contains(d.Title, "公众意见反馈情况") {
			t.Fatalf("the kiosk's consultation links %q: %+v %v", fid, d, err)
		}
		k.exchange()
	}
	for trk := range comments {
		k := k1
		if st, _ := k2.ob.Status(ctx, trk); st.Tracking != "" {
			k = k2
		}
		st, err := k.ob.Status(ctx, trk)
		want := "采纳"
		if trk == refused {
			want = "不予采纳"
		}
		if err != nil || st.State != "已办结" || !strings.Contains(st.Note, "您的意见："+want) {
			t.Errorf("status of %s at its kiosk: %+v %v", trk, st, err)
		}
	}
}
