package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"gongkai/internal/submission"
)

// TestConsoleFollowUp: a kiosk takes a 办事堵点 report and two ratings;
// the 登记员 assigns the report, the 承办人 replies and the reply reaches
// the kiosk's 办理进度查询 as 已答复; the 非常不满意 rating stays flagged
// after a reply and after its 整改 until the 回访 is recorded (not before
// the 整改), when the kiosk shows 已办结; the month's statistics count
// the ratings.
func TestConsoleFollowUp(t *testing.T) {
	ctx := context.Background()
	clk, srv, code := consoleHub(t)
	shots := os.Getenv("GONGKAI_SCREENSHOTS")
	k := enrolKiosk(t, clk, srv.APIURL, code)
	obstacle := k.submit(&submission.Feedback{Target: submission.TargetObstacle, Category: submission.ObstacleCategories[1],
		Text: "办理入学登记时不清楚要带哪些材料，跑了两趟。", Name: "钱某", Phone: "13600001234"})
	bad := k.submit(&submission.Feedback{Target: submission.TargetDisclosure, Rating: "非常不满意",
		RatingReason: "窗口午休无人值守", Anonymous: true})
	k.submit(&submission.Feedback{Target: submission.TargetDisclosure, Rating: "满意", Text: "查询很方便", Anonymous: true})
	k.exchange()

	b := openConsole(t, srv, "deng")
	b.Go(srv.ConsoleURL + "/feedback")
	if n := strings.Count(b.Text("#reports tbody"), "0001-2603"); n != 3 {
		t.Fatalf("%d reports listed:\n%s", n, b.Text("#reports"))
	}
	if !b.Has(`tr.overdue[data-tracking="` + bad.Tracking + `"]`) {
		t.Errorf("the 非常不满意 rating is not flagged")
	}
	b.Screenshot(shots, "feedback.png")
	b.Go(srv.ConsoleURL + "/feedback/" + obstacle.Tracking)
	b.Fill(map[string]string{"#assign-form [name=text]": "li"})
	b.submit("#do-assign")
	if got := b.Text("#assignee"); got != "李承办" {
		t.Errorf("assigned to %q", got)
	}
	b.Logout()

	b.login("li")
	b.Go(srv.ConsoleURL + "/feedback?mine=1")
	if !b.Has(`tr[data-tracking="`+obstacle.Tracking+`"]`) || b.Has(`tr[data-tracking="`+bad.Tracking+`"]`) {
		t.Errorf("分派给我的: %s", b.Text("#reports"))
	}
	b.Go(srv.ConsoleURL + "/feedback/" + obstacle.Tracking)
	reply := "已在窗口和终端公布入学登记材料清单，欢迎再次监督。"
	b.Fill(map[string]string{"#reply-form [name=text]": reply})
	b.submit("#do-reply")
	k.exchange()
	if st, err := k.ob.Status(ctx, obstacle.Tracking); err != nil || st.State != "已答复" || st.Note != reply {
		t.Fatalf("the kiosk's status of the report: %+v %v", st, err)
	}

	b.Go(srv.ConsoleURL + "/feedback/" + bad.Tracking)
	b.Fill(map[string]string{"#reply-form [name=text]": "非常抱歉，已调整午间值守安排。"})
	b.submit("#do-reply")
	if !b.Has("#flagged") {
		t.Fatal("the bad rating is no longer flagged after a reply")
	}
	b.Fill(map[string]string{"#callback-form [name=text]": "已电话回访"})
	if resp := b.Click("#do-callback"); resp.Status != 400 || !strings.Contains(b.Text(".error"), "请先记录整改情况") {
		t.Errorf("回访 before 整改: %d", resp.Status)
	}
	b.Fill(map[string]string{"#rectify-form [name=text]": "窗口实行午间轮岗，公示值班电话。"})
	b.submit("#do-rectify")
	if !b.Has("#flagged") {
		t.Fatal("the flag cleared with the 整改 alone")
	}
	b.Screenshot(shots, "feedback-item.png")
	b.Fill(map[string]string{"#callback-form [name=text]": "3月3日电话回访，群众表示满意。"})
	b.submit("#do-callback")
	if b.Has("#flagged") {
		t.Fatal("still flagged after 整改 and 回访")
	}
	k.exchange()
	if st, _ := k.ob.Status(ctx, bad.Tracking); st.State != "已办结" {
		t.Errorf("the kiosk's status of the rating: %+v", st)
	}

	b.Go(srv.ConsoleURL + "/feedback/stats?year=2026")
	row := b.Text(`#rating-stats tr[data-month="3"]`)
	if !strings.Contains(row, "3 月") || b.Text(`#rating-stats tr[data-month="0"] td:nth-child(7)`) != "2" {
		t.Errorf("March: %q; total %q", row, b.Text(`#rating-stats tr[data-month="0"]`))
	}
	if got := b.Text(`#rating-stats tr[data-month="3"] td:nth-child(6)`); got != "1" {
		t.Errorf("非常不满意 in March: %q", got)
	}
	b.Screenshot(shots, "rating-stats.png")
}
