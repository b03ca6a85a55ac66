package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gongkai/internal/console/browsertest"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/xlsx"
	"gongkai/sync/protocol"
)

// scan types what a USB barcode scanner types at the focused field: the
// receipt QR's text, then Enter, which sends the form.
func (b *consoleTab) scan(sel, text string) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, browsertest.StepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS(sel), text+kb.Enter))
	if err != nil {
		b.t.Fatalf("scan into %s: %v", sel, err)
	}
	return resp.Status
}

// TestConsoleEvent: an event of two seats is published from the console;
// a kiosk signs up a party of two (confirmed from its block) and two more
// people (候补); 递补 finds no free seat and confirms nobody; raising the
// capacity to three confirms the first waiting sign-up by the hub's rule,
// and lowering it below the seats held is refused; a receipt's QR typed
// by the door's scanner marks the sign-up 已签到 at once and a second
// scan says it was used; a waiting sign-up cannot check in; the roster
// prints and exports; after the event its 意见建议 and response are
// published linked to it and reach the kiosk.
func TestConsoleEvent(t *testing.T) {
	ctx := context.Background()
	clk, srv, code := consoleHub(t)
	shots := os.Getenv("GONGKAI_SCREENSHOTS")
	k := enrolKiosk(t, clk, srv.APIURL, code)

	b := openConsole(t, srv, "shen")
	b.Go(srv.ConsoleURL + "/events")
	b.Click("#new-event")
	b.Fill(map[string]string{"[name=id]": "kfr-2026-03", "[name=title]": "政府开放日：走进县教育和体育局", "[name=place]": "县教育和体育局一楼",
		"[name=start]": "2026-03-10T09:00", "[name=end]": "2026-03-10T11:30", "[name=capacity]": "2", "[name=max_attendees]": "2",
		"[name=terms]": "请携带身份证件，提前十分钟到场。"})
	b.submit("#save-event")

	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	k.exchange() // the kiosk's block of seats
	signup := func(name string, n int) submission.Result {
		clk.Advance(time.Minute) // first come, first served: one after the other
		return k.submit(&submission.Signup{EventID: "kfr-2026-03", Name: name, Mobile: "13800001111", Attendees: n, TermsAccepted: true})
	}
	party, second, third := signup("孙某", 2), signup("周某", 1), signup("吴某", 1)
	if party.SeatState != protocol.SeatConfirmed || second.SeatState != protocol.SeatWaitlist {
		t.Fatalf("seat states at the kiosk: %s %s", party.SeatState, second.SeatState)
	}
	k.exchange()

	b.Go(srv.ConsoleURL + "/events/kfr-2026-03")
	if b.Text("#confirmed") != "2" || b.Text("#waiting") != "2" || b.Text("#free") != "0" {
		t.Fatalf("seats: %s", b.Text("#seats"))
	}
	b.submit("#do-promote")
	if !strings.Contains(b.Text(".flash"), "没有空余名额") || b.Text("#waiting") != "2" {
		t.Errorf("递补 without free seats: %s / %s", b.Text(".flash"), b.Text("#seats"))
	}
	b.Fill(map[string]string{"#event-form [name=capacity]": "3"})
	b.submit("#save-event")
	if b.Text("#confirmed") != "3" || b.Text("#waiting") != "1" {
		t.Fatalf("after raising the capacity: %s", b.Text("#seats"))
	}
	if got := b.Text(`tr[data-tracking="` + second.Tracking + `"] td.seat`); !strings.Contains(got, "已确认") {
		t.Errorf("the first waiting sign-up is %q", got)
	}
	if got := b.Text(`tr[data-tracking="` + third.Tracking + `"] td.seat`); !strings.Contains(got, "候补") {
		t.Errorf("the second waiting sign-up is %q", got)
	}
	b.Fill(map[string]string{"#event-form [name=capacity]": "1"})
	if resp := b.Click("#save-event"); resp.Status != 400 || !strings.Contains(b.Text(".error"), "名额不能少于 3") {
		t.Errorf("capacity below the seats held: %d %s", resp.Status, b.Text("main"))
	}
	b.Screenshot(shots, "event.png")
	k.exchange()
	if st, _ := k.ob.Status(ctx, second.Tracking); st.State != "已确认" {
		t.Errorf("the promoted sign-up at its kiosk: %+v", st)
	}
	b.Logout()

	// The door, on the day, staffed by the front desk.
	browsertest.Run(t, clk.Now, consolePW+"\n", "user", "add", "--data", srv.Dir, "--login", "qian", "--role", "前台", "--name", "钱前台")
	clk.Advance(8 * 24 * time.Hour) // 2026-03-10 10:00
	b.login("qian")
	b.Go(srv.ConsoleURL + "/checkin")
	b.Click(`#checkin-events tr[data-id="kfr-2026-03"] a`)
	qr := receipt.StatusURL(srv.APIURL, party.Tracking, party.VerificationCode)
	if status := b.scan("#scan", qr); status != 200 || !strings.Contains(b.Text("#checkin-result"), "已签到") {
		t.Fatalf("first scan: %d %s", status, b.Text("main"))
	}
	if !strings.Contains(b.Text("#checkin-result"), "孙某") {
		t.Errorf("the check-in does not name the party: %s", b.Text("#checkin-result"))
	}
	b.Screenshot(shots, "checkin.png")
	if status := b.scan("#scan", qr); status != 409 || !strings.Contains(b.Text("#checkin-result"), "签到过") {
		t.Fatalf("second scan: %d %s", status, b.Text("main"))
	}
	if status := b.scan("#scan", third.Tracking+" "+third.VerificationCode); status != 400 || !strings.Contains(b.Text(".error"), "候补") {
		t.Errorf("a waiting sign-up checked in: %d %s", status, b.Text("main"))
	}
	if status := b.scan("#scan", second.Tracking+" WRONGCODE"); status != 404 {
		t.Errorf("a wrong code: %d %s", status, b.Text("main"))
	}
	b.Fill(map[string]string{"#scan": second.Tracking + " " + second.VerificationCode})
	b.submit("#do-checkin")
	b.Logout()
	b.login("deng")

	b.Go(srv.ConsoleURL + "/events/kfr-2026-03/roster")
	roster := b.Text("#roster")
	if !strings.Contains(roster, "孙某") || !strings.Contains(roster, "周某") || strings.Contains(roster, "吴某") {
		t.Errorf("roster: %s", roster)
	}
	b.Screenshot(shots, "roster.png")
	status, data := b.Fetch("/events/kfr-2026-03/roster.xlsx")
	rows, err := xlsx.ReadSheet(data, 0)
	if status != 200 || err != nil || len(rows) != 3 || rows[1][1] == "" || rows[0][6] != "签到时间" {
		t.Errorf("roster XLSX: %d %v %v", status, rows, err)
	}
	b.Go(srv.ConsoleURL + "/events")
	b.Screenshot(shots, "events.png")
	b.Logout()

	// After the event: 意见建议 and the response, linked at the kiosk.
	clk.Advance(3 * time.Hour)
	b.login("li")
	b.Go(srv.ConsoleURL + "/events/kfr-2026-03")
	b.Fill(map[string]string{"[name=collected]": "希望开放日增加周末场次\n建议提前公布参观路线",
		"[name=response]": "下次开放日安排在周六上午，参观路线将在报名时公布。"})
	b.submit("#do-event-feedback")
	b.Logout()
	b.login("shen")
	b.Go(srv.ConsoleURL + "/docs/kfr-2026-03-fk")
	b.submit("#do-publish")
	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := k.st.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.ID == "kfr-2026-03" {
			d, err := k.st.Document(ctx, e.FeedbackID)
			if err != nil || !strings.Contains(d.Title, "意见建议及回应") {
				t.Errorf("the event's feedback at the kiosk: %q %v", e.FeedbackID, err)
			}
			if e.Capacity != 3 {
				t.Errorf("capacity at the kiosk: %d", e.Capacity)
			}
		}
	}
}
