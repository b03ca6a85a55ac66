package forms

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/calendar"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
	"gongkai/sync/protocol"
)

// lookUp types a number and code on the status screen and taps 查询.
func (f *fixture) lookUp(s *StatusScreen, trk, code string) {
	f.t.Helper()
	s.tracking.entry.SetText(trk)
	s.code.entry.SetText(code)
	test.Tap(s.query)
}

func TestStatusLookup(t *testing.T) {
	f := newFixture(t, hd)
	ctx := context.Background()
	app := &submission.Application{
		ApplicantType: submission.ApplicantCitizen, Name: citizenName, IDType: submission.IDTypeResident, IDNumber: citizenID,
		Phone: citizenTel, Address: citizenAddr, PostalCode: "252300", InfoName: "校舍维修工程验收报告",
		Media: []string{"纸质"}, Delivery: []string{submission.Deliveries[0]}, Signature: []byte("\x89PNG\r\n\x1a\nsig"),
	}
	res, err := f.svc.Submit(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	s := openTile[*StatusScreen](f, ui.TileProgress)

	// Typed on the keypad, without dashes.
	s.tracking.entry.SetText(tracking.Normalize(res.Tracking))
	s.code.entry.SetText(strings.ToLower(res.VerificationCode))
	test.Tap(s.query)
	if got := s.State(); got != "已在本机登记，正在传送至办理部门" {
		t.Errorf("state %q before upload", got)
	}
	content := f.app.Window().Content()
	for _, want := range []string{res.Tracking, "政府信息公开申请", "2026年12月14日（星期一）前", "2026年11月16日 09:30"} {
		assertShown(t, content, want)
	}
	assertNoneShown(t, "the status screen", content, citizenName, citizenTel, "校舍维修", citizenAddr)

	// The hub's status comes back.
	if err := f.ob.SetStatus(ctx, res.Tracking, protocol.StatusReport{State: "需补正", Note: "请补充所需信息的形成时间",
		Deadline: calendar.MustParse("2027-01-05"), Updated: testStart.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f.lookUp(s, res.Tracking, res.VerificationCode)
	if got := s.State(); got != "需补正" {
		t.Errorf("state %q after the hub's status", got)
	}
	for _, want := range []string{"请补充所需信息的形成时间", "2027年1月5日（星期二）前", "2026年11月18日 09:30"} {
		assertShown(t, f.app.Window().Content(), want)
	}
	assertNoneShown(t, "a final deadline from the hub", f.app.Window().Content(), "暂定")
	// A deadline the hub counted past its calendar stays provisional here.
	if err := f.ob.SetStatus(ctx, res.Tracking, protocol.StatusReport{State: "已延期", Provisional: true,
		Deadline: calendar.MustParse("2027-01-20"), Updated: testStart.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f.lookUp(s, res.Tracking, res.VerificationCode)
	assertShown(t, f.app.Window().Content(), "2027年1月20日（星期三）前（暂定）")
	// The answer's outcome is worded as the annual report words it.
	if err := f.ob.SetStatus(ctx, res.Tracking, protocol.StatusReport{State: protocol.StatusAnswered, Outcome: "3.4",
		Updated: testStart.Add(96 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f.lookUp(s, res.Tracking, res.VerificationCode)
	assertShown(t, f.app.Window().Content(), "不予公开：保护第三方合法权益")

	// A wrong code and an unknown number get the same answer.
	other, _ := tracking.New(7, calendar.Today(testStart), 99)
	for _, c := range [][2]string{{res.Tracking, "ABCDEF"}, {other, res.VerificationCode}} {
		f.lookUp(s, c[0], c[1])
		if got := s.msg.String(); got != msgNotFound || s.State() != "" {
			t.Errorf("look-up %v: message %q, state %q", c, got, s.State())
		}
	}

	// Shapes are checked next to the fields: nothing is looked up.
	last := res.Tracking[len(res.Tracking)-1]
	f.lookUp(s, res.Tracking[:len(res.Tracking)-1]+string('0'+(last-'0'+1)%10), "ABC")
	if !strings.Contains(s.tracking.Error(), "受理编号") || !strings.Contains(s.code.Error(), "查询码应为8位") {
		t.Errorf("field messages %q / %q", s.tracking.Error(), s.code.Error())
	}
	if s.State() != "" || s.msg.String() != "" {
		t.Error("a malformed number was looked up")
	}

	// Leaving wipes the numbers.
	f.app.Home()
	if s.tracking.entry.Text != "" || s.code.entry.Text != "" || len(s.result.Objects) != 0 {
		t.Error("the status screen kept the numbers after leaving")
	}
}

func TestStatusFromScannedReceipt(t *testing.T) {
	f := newFixture(t, hd)
	res, err := f.svc.Submit(context.Background(), &submission.Feedback{Target: submission.TargetDisclosure, Rating: "满意"})
	if err != nil {
		t.Fatal(err)
	}
	url := receipt.StatusURL(testPublicURL, res.Tracking, res.VerificationCode)
	s := openTile[*StatusScreen](f, ui.TileProgress)
	if f.win.Canvas().Focused() != s.tracking.entry {
		t.Error("the tracking field is not focused for the scanner")
	}
	// The scanner types the URL into the focused field, then Enter.
	test.Type(s.tracking.entry, url)
	if got := s.State(); got != "已在本机登记，正在传送至办理部门" {
		t.Fatalf("state %q after scanning", got)
	}
	if s.tracking.entry.Text != res.Tracking || s.code.entry.Text != res.VerificationCode {
		t.Errorf("fields %q / %q after scanning", s.tracking.entry.Text, s.code.entry.Text)
	}
	s.tracking.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assertShown(t, f.app.Window().Content(), "意见建议")

	// A scan into the code field works too.
	f.app.Home()
	f.open(ui.TileProgress)
	s = current[*StatusScreen](f)
	test.Type(s.code.entry, url)
	if s.State() == "" {
		t.Error("scanning into the code field looked nothing up")
	}
}
