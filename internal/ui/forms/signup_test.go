package forms

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui"
	"gongkai/sync/protocol"
)

const openDay = "kfr-2027-03" // the demo 政府开放日: up to 2 people per sign-up

// signUp signs name up for the open day with n people and returns the
// receipt screen.
func (f *fixture) signUp(name, mobile string, n int) *ReceiptScreen {
	f.t.Helper()
	f.app.Home()
	f.open(ui.TileEvents)
	test.Tap(current[*EventsScreen](f).Open[openDay])
	test.Tap(current[*EventScreen](f).Join)
	s := current[*SignupScreen](f)
	f.lastSignup = s
	f.fill(s.w, s.name, name)
	f.fill(s.w, s.mobile, mobile)
	for s.count.n < n {
		test.Tap(s.count.plus)
	}
	s.accept.choice.Tap(acceptTerms)
	f.next(s.w)
	mustStep(f.t, s.w, suStepReview)
	f.next(s.w)
	return f.receiptShown()
}

func TestSignupConfirmedThenWaitlisted(t *testing.T) {
	f := newFixture(t, hd)
	if err := f.ob.SetSeatGrant(context.Background(), openDay, 3); err != nil {
		t.Fatal(err)
	}
	f.open(ui.TileEvents)
	assertShown(t, f.app.Window().Content(), "剩余名额：3 个（共 30 人）")

	r := f.signUp("孙七", "13800001234", 2)
	content := f.app.Window().Content()
	assertNoneShown(t, "the sign-up form", f.lastSignup.w.everything(), "孙七", "13800001234")
	for _, want := range []string{"报名结果", protocol.StatusConfirmed, "阳谷县教育和体育局政府开放日", "2027年3月19日 星期五 09:00", "一楼政务公开专区"} {
		assertShown(t, content, want)
	}
	assertNoneShown(t, "the receipt screen", content, "孙七", "13800001234", "孙*", "138****1234")
	if got := f.printed[0].Event.SeatState; got != protocol.StatusConfirmed {
		t.Errorf("printed seat state %q", got)
	}
	test.Tap(r.done)

	f.open(ui.TileEvents)
	assertShown(t, f.app.Window().Content(), "剩余名额：1 个")
	f.signUp("周八", "13800005678", 2)
	assertShown(t, f.app.Window().Content(), protocol.StatusWaitlist)
	subs := f.queued()
	if len(subs) != 2 || subs[0].SeatState != protocol.SeatConfirmed || subs[1].SeatState != protocol.SeatWaitlist || subs[1].Attendees != 2 {
		t.Errorf("queued seat states %+v", subs)
	}
}

func TestSignupFieldMessages(t *testing.T) {
	f := newFixture(t, hd)
	f.open(ui.TileEvents)
	test.Tap(current[*EventsScreen](f).Open["jdh-2027-04"]) // one person per sign-up
	test.Tap(current[*EventScreen](f).Join)
	s := current[*SignupScreen](f)
	if s.attendees.box.Visible() {
		t.Error("a one-person event asks for the number of attendees")
	}
	f.fill(s.w, s.mobile, "0635-6212345")
	f.next(s.w)
	mustStep(t, s.w, suStepForm)
	for _, c := range []struct {
		f    *field
		want string
	}{{s.name, "请填写姓名"}, {s.mobile, "手机号码应为以1开头的11位数字"}, {s.accept, "请阅读并同意报名须知"}} {
		if got := c.f.Error(); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.f.key, got, c.want)
		}
	}
	if s.mobile.entry.Text != "0635-6212345" {
		t.Errorf("mobile now %q", s.mobile.entry.Text)
	}
}

func TestCancelSignupByNumberAndCode(t *testing.T) {
	f := newFixture(t, hd)
	if err := f.ob.SetSeatGrant(context.Background(), openDay, 2); err != nil {
		t.Fatal(err)
	}
	f.signUp("孙七", "13800001234", 2)
	signup := f.queued()[0]
	code := f.printed[0].VerificationCode

	f.app.Home()
	f.open(ui.TileEvents)
	test.Tap(current[*EventsScreen](f).Cancel)
	s := current[*CancelScreen](f)
	f.fill(s.w, s.tracking, signup.Tracking)
	f.fill(s.w, s.code, "ABCDEF")
	f.next(s.w)
	mustStep(t, s.w, 1)
	f.next(s.w) // 确认取消报名 with a wrong code
	mustStep(t, s.w, 0)
	if got := s.code.Error(); !strings.Contains(got, "查询码与受理编号不符") {
		t.Errorf("wrong code: %q", got)
	}
	s.code.entry.SetText(strings.ToLower(code))
	f.next(s.w)
	if s.w.next.Text != "确认取消报名" {
		t.Errorf("button %q", s.w.next.Text)
	}
	f.next(s.w)
	f.receiptShown()
	assertShown(t, f.app.Window().Content(), "取消报名已受理")
	assertShown(t, f.app.Window().Content(), signup.Tracking)
	subs := f.queued()
	if last := subs[len(subs)-1]; last.Kind != protocol.KindCancel || last.Ref != signup.Tracking {
		t.Errorf("cancel record %+v", last)
	}
	if _, used, _ := f.ob.Seats(context.Background(), openDay); used != 0 {
		t.Errorf("%d seats still used after the cancel", used)
	}
	// The cancellation's receipt carries the sign-up's number and is
	// archived under it, beside the sign-up's own.
	if got := f.printed[len(f.printed)-1]; got.Kind != protocol.KindCancel || got.Tracking != signup.Tracking {
		t.Errorf("cancel receipt %s for %q, want %s", got.Kind, got.Tracking, signup.Tracking)
	}
	var kinds string
	if err := f.svc.Store.DB().QueryRow(`SELECT group_concat(kind, ',') FROM (SELECT kind FROM reprint_receipts WHERE tracking = ? ORDER BY kind)`,
		signup.Tracking).Scan(&kinds); err != nil || kinds != "cancel,signup" {
		t.Errorf("archived receipts of %s: %q, %v", signup.Tracking, kinds, err)
	}
}

func TestCancelTakesAScannedReceipt(t *testing.T) {
	f := newFixture(t, hd)
	f.signUp("孙七", "13800001234", 1)
	url := f.printed[0].StatusURL
	f.app.Home()
	f.open(ui.TileEvents)
	test.Tap(current[*EventsScreen](f).Cancel)
	s := current[*CancelScreen](f)
	f.touch(s.w, s.tracking.entry)
	test.Type(s.tracking.entry, url)
	if s.tracking.entry.Text != f.printed[0].Tracking || s.code.entry.Text != f.printed[0].VerificationCode {
		t.Fatalf("scanned %q into %q / %q", url, s.tracking.entry.Text, s.code.entry.Text)
	}
	f.next(s.w)
	f.next(s.w)
	f.receiptShown()
	if last := f.queued()[1]; last.Kind != protocol.KindCancel {
		t.Errorf("last record %s", last.Kind)
	}
}
