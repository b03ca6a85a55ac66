package forms

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/uitest"
	"gongkai/internal/validate"
)

// Personal data typed in the application tests.
const (
	citizenName = "欧阳娜娜"
	citizenID   = "11010519491231002X"
	citizenTel  = "13912345678"
	citizenAddr = "阳谷县狮子楼街道幸福路88号"
)

// fillCitizen takes a new application through the applicant's steps as a
// citizen and stops on the information step.
func (f *fixture) fillCitizen(s *ApplicationScreen) {
	f.t.Helper()
	f.chooseApplicant(s, submission.ApplicantCitizen, appStepApplicant)
	f.fillApplicant(s, strings.ToLower(citizenID), "252300")
	f.next(s.w)
	mustStep(f.t, s.w, appStepInfo)
}

// chooseApplicant answers 申请人类型 with kind and goes on to step.
func (f *fixture) chooseApplicant(s *ApplicationScreen, kind string, step int) {
	f.t.Helper()
	s.appType.choice.Tap(kind)
	f.next(s.w)
	mustStep(f.t, s.w, step)
}

// fillApplicant types the test citizen's particulars with the ID number
// and postal code given.
func (f *fixture) fillApplicant(s *ApplicationScreen, id, postal string) {
	f.t.Helper()
	f.fill(s.w, s.name, citizenName)
	f.fill(s.w, s.idNumber, id)
	f.fill(s.w, s.phone, citizenTel)
	f.fill(s.w, s.address, citizenAddr)
	f.fill(s.w, s.postal, postal)
}

// finishApplication fills the information wanted (no match in the
// catalogue), delivery and signature, and stops on the review page.
func (f *fixture) finishApplication(s *ApplicationScreen, info string) {
	f.t.Helper()
	w := s.w
	f.fill(w, s.infoDesc, info)
	f.next(w)
	if w.cur == appStepSimilar {
		f.next(w) // 继续申请
	}
	mustStep(f.t, w, appStepDelivery)
	s.media.choice.Tap("纸质")
	s.delivery.choice.Tap(submission.Deliveries[0])
	f.next(w)
	mustStep(f.t, w, appStepSign)
	f.drawSignature(s.pad)
	f.next(w)
	mustStep(f.t, w, appStepReview)
}

func TestApplicationSubmitsAndShowsReceipt(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	root := f.app.Window().Content()
	f.fillCitizen(s)
	f.finishApplication(s, "2019年某某镇中心小学校舍维修工程的验收报告")

	review := s.w.steps[appStepReview].obj
	for _, want := range []string{citizenName, validate.MaskIDNumber(citizenID), citizenTel, citizenAddr, "校舍维修工程"} {
		assertShown(t, review, want)
	}
	// The ID number is on a public screen: masked until asked for, then
	// shown in its groups (issue 13).
	assertNoneShown(t, "the review", review, citizenID, validate.GroupIDNumber(citizenID))
	if err := tapCaption(review, "显示完整证件号码"); err != nil {
		t.Fatal(err)
	}
	assertShown(t, review, validate.GroupIDNumber(citizenID))
	formRoot := s.w.everything()
	f.next(s.w) // 确认提交

	r := f.receiptShown()
	recs := f.queued()
	if len(recs) != 1 {
		t.Fatalf("%d records queued, want 1", len(recs))
	}
	sub := recs[0]
	p, err := submission.Contents(sub)
	if err != nil {
		t.Fatal(err)
	}
	a := p.(*submission.Application)
	if a.Name != citizenName || a.IDNumber != citizenID || a.Phone != citizenTel || a.ApplicantType != submission.ApplicantCitizen ||
		a.IDType != submission.IDTypeResident || a.SignedOn != calendar.Today(testStart) || a.FilledByStaff {
		t.Errorf("sealed application = %+v", a)
	}
	img, err := png.Decode(bytes.NewReader(a.Signature))
	if err != nil {
		t.Fatalf("signature is not a PNG: %v", err)
	}
	if dark := darkPixels(img); dark < 200 {
		t.Errorf("signature has %d dark pixels: nothing drawn", dark)
	}

	// The receipt: tracking number, code, dates, the deadline with its basis.
	if sub.Deadline.String() != "2026-12-14" || sub.Provisional {
		t.Errorf("deadline %s provisional %v, want 2026-12-14", sub.Deadline, sub.Provisional)
	}
	content := f.app.Window().Content()
	for _, want := range []string{sub.Tracking, "2026年12月14日（星期一）前", "《政府信息公开条例》第三十三条",
		receipt.NoteCorrection, "2026年11月16日 09:30", msgPrinted} {
		assertShown(t, content, want)
	}
	assertNoneShown(t, "the receipt screen", content, citizenName, citizenID, citizenTel, citizenAddr, receipt.MaskName(citizenName))
	if len(f.printed) != 1 {
		t.Fatalf("%d receipts printed", len(f.printed))
	}
	pr := f.printed[0]
	if pr.Tracking != sub.Tracking || pr.Deadline == nil || !strings.Contains(pr.StatusURL, "/s/") ||
		pr.Summary[0].Value != receipt.MaskName(citizenName) {
		t.Errorf("printed receipt %+v", pr)
	}
	if r.PrintStatus() != msgPrinted {
		t.Errorf("print status %q", r.PrintStatus())
	}

	// 完成 goes home; nothing the applicant typed is left in any widget.
	test.Tap(r.done)
	if f.app.Depth() != 1 {
		t.Errorf("完成 left %d screens", f.app.Depth())
	}
	secrets := []string{citizenName, citizenID, strings.ToLower(citizenID), citizenTel, citizenAddr, "校舍维修工程", sub.Tracking}
	assertNoneShown(t, "the window", root, secrets...)
	assertNoneShown(t, "the application form", formRoot, secrets...)
	for _, kb := range f.kbs {
		if kb.Target() != nil || kb.Composition() != "" {
			t.Error("a keyboard still holds a target or a composition")
		}
	}
}

// darkPixels counts the pixels of img darker than mid-grey.
func darkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 0x80 {
				n++
			}
		}
	}
	return n
}

func TestApplicationFieldMessagesKeepWhatWasTyped(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.chooseApplicant(s, submission.ApplicantCitizen, appStepApplicant)
	cases := []struct {
		field func() *field
		typed string
		msg   string
	}{
		{func() *field { return s.name }, "", "请填写姓名"},
		{func() *field { return s.idNumber }, "110105194912310021", "身份证号码校验位不正确"},
		{func() *field { return s.idNumber }, "1101051949", "身份证号码应为18位，现在是10位"},
		{func() *field { return s.phone }, "1380013800", "手机号码应为以1开头的11位数字"},
		{func() *field { return s.phone }, "6212345", "固定电话请加上区号"},
		{func() *field { return s.postal }, "25230", "邮政编码应为6位数字"},
		{func() *field { return s.email }, "abc@", "电子邮箱格式不正确"},
		{func() *field { return s.address }, strings.Repeat("幸福路", 40), "通信地址不能超过100个字"},
	}
	for _, c := range cases {
		fl := c.field()
		f.fill(s.w, fl, c.typed)
		other := s.employer
		if fl == other {
			other = s.name
		}
		f.touch(s.w, other.entry) // leaving the field checks it
		if got := fl.Error(); !strings.Contains(got, c.msg) {
			t.Errorf("%s = %q: message %q, want %q", fl.key, c.typed, got, c.msg)
		}
		if fl.entry.Text != c.typed {
			t.Errorf("%s: the field holds %q after the check, want %q as typed", fl.key, fl.entry.Text, c.typed)
		}
		fl.entry.SetText("")
	}

	// 下一步 is refused with every message shown and the first problem in
	// view; fixing a field clears its message as it is typed.
	s.w.kb.Hide()
	f.fillApplicant(s, citizenID, "2523")
	s.w.kb.Hide()
	s.w.scroll.ScrollToTop()
	f.next(s.w)
	mustStep(t, s.w, appStepApplicant)
	if got := s.postal.Error(); !strings.Contains(got, "邮政编码应为6位数字") {
		t.Errorf("postal code message %q after 下一步", got)
	}
	if s.w.errBanner.String() == "" {
		t.Error("下一步 refused without a word above the buttons")
	}
	if s.w.scroll.Offset() <= 0 {
		t.Error("the postal code, low on the page, was not scrolled into view")
	}
	if s.name.Error() != "" || s.phone.Error() != "" {
		t.Errorf("valid fields show messages: %q, %q", s.name.Error(), s.phone.Error())
	}
	f.touch(s.w, s.postal.entry)
	test.Type(s.postal.entry, "00")
	if s.postal.Error() != "" {
		t.Errorf("message %q stays after the postal code was corrected", s.postal.Error())
	}
	f.next(s.w)
	mustStep(t, s.w, appStepInfo)
	f.next(s.w)
	mustStep(t, s.w, appStepInfo)
	if got := s.infoName.Error(); !strings.Contains(got, "至少一项") {
		t.Errorf("empty information step: message %q", got)
	}
}

func TestCreditCodeChecksumWarningNeedsConfirmation(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	// The category is asked on a page of its own, so the first 下一步
	// moves on rather than failing on a question the visitor had not seen.
	f.chooseApplicant(s, submission.ApplicantOrg, appStepOrg)
	if got := s.orgCat.Error(); got != "" {
		t.Errorf("the category page opens with an error: %q", got)
	}
	f.next(s.w)
	mustStep(t, s.w, appStepOrg)
	if got := s.orgCat.Error(); got != "请选择组织类别" {
		t.Errorf("organisation without a category: %q", got)
	}
	s.orgCat.choice.Tap("商业企业")
	f.next(s.w)
	mustStep(t, s.w, appStepApplicant)
	f.fill(s.w, s.orgName, "阳谷县某某科技有限公司")
	f.fill(s.w, s.credit, "91350100M000100Y4")
	f.fill(s.w, s.legalRep, "李四")
	if got := s.credit.Error(); !strings.Contains(got, "应为18位") || s.confirm.obj.Visible() {
		t.Errorf("17 characters: message %q, confirmation offered %v", got, s.confirm.obj.Visible())
	}
	f.touch(s.w, s.credit.entry)
	test.Type(s.credit.entry, "A") // 91350100M000100Y4A: well formed, checksum fails
	f.fill(s.w, s.contact, "王五")
	if got := s.credit.Error(); !strings.Contains(got, "校验不通过") || !s.confirm.obj.Visible() {
		t.Fatalf("checksum failure: message %q, confirmation offered %v", got, s.confirm.obj.Visible())
	}
	f.fill(s.w, s.phone, "0635-6212345")
	f.fill(s.w, s.address, "阳谷县某某路2号")
	f.fill(s.w, s.postal, "252300")
	f.next(s.w)
	mustStep(t, s.w, appStepApplicant)

	s.confirm.Tap(confirmCredit)
	if s.credit.Error() != "" {
		t.Errorf("confirmed code still shows %q", s.credit.Error())
	}
	// Changing the code withdraws the confirmation.
	f.touch(s.w, s.credit.entry)
	test.Type(s.credit.entry, "3")
	if len(s.confirm.All()) != 0 {
		t.Error("the confirmation survived a change to the code")
	}
	s.credit.entry.SetText("91350100M000100Y4A")
	s.confirm.Tap(confirmCredit)
	f.next(s.w)
	mustStep(t, s.w, appStepInfo)
	a := s.application()
	a.Normalize()
	if !a.CreditCodeConfirmed || a.CreditCode != "91350100M000100Y4A" || a.Name != "" {
		t.Errorf("payload %+v", a)
	}
}

func TestSimilarDocumentsOfferedBeforeReview(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.fillCitizen(s)
	f.fill(s.w, s.infoName, "招生计划")
	f.next(s.w)
	mustStep(t, s.w, appStepSimilar)
	page := s.w.steps[appStepSimilar].obj
	assertShown(t, page, "以下信息已主动公开，可直接查阅")
	var rows []*ui.LinkRow
	walk(page, func(o fyne.CanvasObject) {
		if r, ok := o.(*ui.LinkRow); ok {
			rows = append(rows, r)
		}
	})
	var plan *ui.LinkRow
	for _, r := range rows {
		if strings.Contains(r.Text, "城区义务教育学校招生计划") {
			plan = r
		}
	}
	if plan == nil || len(rows) > maxSimilar {
		t.Fatalf("%d similar documents, none the 招生计划", len(rows))
	}
	if s.w.next.Text != "继续申请" {
		t.Errorf("button %q on the similar page", s.w.next.Text)
	}
	test.Tap(plan)
	doc := current[*ui.DocumentScreen](f)
	if doc.Document() == nil || !strings.Contains(doc.Document().Title, "招生计划") {
		t.Errorf("opened %+v", doc.Document())
	}
	f.app.Back()
	if s != current[*ApplicationScreen](f) || s.name.entry.Text != citizenName || s.infoName.entry.Text != "招生计划" {
		t.Fatal("coming back from the document lost the application")
	}
	f.next(s.w)
	mustStep(t, s.w, appStepDelivery)
	f.app.Active()
	test.Tap(s.w.prev)
	mustStep(t, s.w, appStepSimilar)
	test.Tap(s.w.prev)
	mustStep(t, s.w, appStepInfo)

	// Nothing similar: straight on to the delivery step.
	s.infoName.entry.SetText("某某镇2019年度第三季度垃圾清运合同")
	f.next(s.w)
	mustStep(t, s.w, appStepDelivery)
	test.Tap(s.w.prev)
	mustStep(t, s.w, appStepInfo)
}

func TestApplicationWipedByIdleReset(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.fillCitizen(s)
	f.fill(s.w, s.infoDesc, "校舍维修工程验收报告")
	formRoot := s.w.everything()
	f.clk.Advance(10 * time.Minute)
	f.app.Tick() // the countdown starts
	f.clk.Advance(time.Minute)
	f.app.Tick() // and runs out
	if f.app.Depth() != 1 {
		t.Fatalf("idle reset left %d screens", f.app.Depth())
	}
	secrets := []string{citizenName, citizenID, strings.ToLower(citizenID), citizenTel, citizenAddr, "校舍维修工程"}
	assertNoneShown(t, "the window", f.app.Window().Content(), secrets...)
	assertNoneShown(t, "the application form", formRoot, secrets...)
	if !s.pad.Empty() || s.w.kb.Target() != nil || len(f.kit().live) != 0 {
		t.Errorf("after the reset: pad empty %v, keyboard target %v, %d live forms", s.pad.Empty(), s.w.kb.Target(), len(f.kit().live))
	}
}

func TestAssistedApplicationRecordsStaff(t *testing.T) {
	f := newFixture(t, small)
	StartAssisted(f.app, f.deps, "S042")
	s := current[*ApplicationScreen](f)
	assertShown(t, f.app.Window().Content(), "工作人员代为填写（工号 S042）")
	f.fillCitizen(s)
	f.finishApplication(s, "2019年某某镇中心小学校舍维修工程的验收报告")
	assertShown(t, s.w.steps[appStepReview].obj, "S042")
	f.next(s.w)
	f.receiptShown()
	p, err := submission.Contents(f.queued()[0])
	if err != nil {
		t.Fatal(err)
	}
	if a := p.(*submission.Application); !a.FilledByStaff || a.StaffID != "S042" || a.PaperForm {
		t.Errorf("staff fields %v %q %v", a.FilledByStaff, a.StaffID, a.PaperForm)
	}
	if got := f.printed[0].Summary; got[len(got)-1].Value != "工作人员 S042" {
		t.Errorf("printed summary %+v", got)
	}
	// Staff can reprint it: the 代为填写 path archives like any other.
	if got, want := f.archivedQR(f.printed[0].Tracking), f.printed[0].StatusURL; got != want {
		t.Errorf("archived receipt's QR %q, want %q", got, want)
	}
}

func TestApplicationReceiptWhenPrintingFails(t *testing.T) {
	for _, tc := range []struct {
		name    string
		printer bool
		err     error
		want    string
	}{
		{"fails", true, errPrinter, msgPrintFailed},
		{"none", false, nil, msgNoPrinter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, hd)
			f.printErr = tc.err
			if !tc.printer {
				f.deps.PrintReceipt = nil
				Install(f.app, f.deps)
			}
			s := openTile[*ApplicationScreen](f, ui.TileApply)
			f.fillCitizen(s)
			f.finishApplication(s, "校舍维修工程验收报告")
			f.next(s.w)
			r := f.receiptShown()
			if got := r.PrintStatus(); got != tc.want {
				t.Errorf("print status %q, want %q", got, tc.want)
			}
			recs := f.queued()
			if len(recs) != 1 {
				t.Fatalf("%d queued", len(recs))
			}
			assertShown(t, f.app.Window().Content(), recs[0].Tracking)
			// Archived whether or not anything printed: staff can reprint it.
			if got := f.archivedQR(recs[0].Tracking); !strings.HasPrefix(got, testPublicURL+"/s/") {
				t.Errorf("archived receipt's QR %q", got)
			}
		})
	}
}

func TestProvisionalDeadlineSaysSo(t *testing.T) {
	f := newFixture(t, hd)
	f.clk.T = time.Date(2026, 12, 21, 10, 0, 0, 0, calendar.Beijing) // 20 working days reach 2027, not in the calendar
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.fillCitizen(s)
	f.finishApplication(s, "校舍维修工程验收报告")
	f.next(s.w)
	f.receiptShown()
	sub := f.queued()[0]
	if !sub.Provisional {
		t.Fatalf("deadline %s not provisional", sub.Deadline)
	}
	content := f.app.Window().Content()
	assertShown(t, content, "前（暂定）")
	assertShown(t, content, "期限为暂定")
}

func TestReviewEditLinksReturnToReview(t *testing.T) {
	f := newFixture(t, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.fillCitizen(s)
	f.finishApplication(s, "校舍维修工程验收报告")
	var edits []*widget.Button
	walk(s.w.steps[appStepReview].obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "修改" {
			edits = append(edits, b)
		}
	})
	if len(edits) != 5 {
		t.Fatalf("%d 修改 links on the review page, want 5", len(edits))
	}
	test.Tap(edits[1]) // 申请人信息
	mustStep(t, s.w, appStepApplicant)
	if s.w.next.Text != "返回核对" {
		t.Errorf("button %q after 修改", s.w.next.Text)
	}
	s.phone.entry.SetText("0635-6212345")
	f.next(s.w)
	mustStep(t, s.w, appStepReview)
	assertShown(t, s.w.steps[appStepReview].obj, "0635-6212345")

	// Signing again from the review: the old signature is gone until redrawn.
	test.Tap(edits[4])
	mustStep(t, s.w, appStepSign)
	s.pad.Clear()
	f.next(s.w)
	mustStep(t, s.w, appStepSign)
	if got := s.sign.Error(); got != "请在签名区签名" {
		t.Errorf("no signature: %q", got)
	}
}

func TestSubmitFailureIsExplainedNotLeaked(t *testing.T) {
	f := newFixture(t, hd)
	f.svc.Recipient = "" // not enrolled: the service refuses
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.fillCitizen(s)
	f.finishApplication(s, "校舍维修工程验收报告")
	f.next(s.w)
	mustStep(t, s.w, appStepReview)
	if got := s.w.errBanner.String(); got != submission.ErrNotEnrolled.Message {
		t.Errorf("banner %q", got)
	}
	if n := len(f.queued()); n != 0 {
		t.Errorf("%d queued", n)
	}
	if s.w.next.Disabled() {
		t.Error("确认提交 stays disabled after a failure")
	}
}

// kit returns the fixture app's kit.
func (f *fixture) kit() *kit {
	kitsMu.Lock()
	defer kitsMu.Unlock()
	return kits[f.app]
}

func TestApplicantTypedOnScreenKeyboardOnly(t *testing.T) {
	f := newFixture(t, small)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.chooseApplicant(s, submission.ApplicantCitizen, appStepApplicant)
	kb := s.w.kb
	<-kb.Ready()
	f.touch(s.w, s.name.entry)
	uitest.PickHanzi(t, kb, "zhang", "张", 40)
	uitest.PickHanzi(t, kb, "wei", "伟", 40)
	test.Tap(kb.Key(keyboard.KeyNext))
	if kb.Target() != s.idNumber.entry || kb.Layout() != keyboard.Keypad {
		t.Fatalf("下一项 went to %v in layout %d, want the ID keypad", kb.Target(), kb.Layout())
	}
	uitest.TapKeys(t, kb, "11010519491231002X")
	test.Tap(kb.Key(keyboard.KeyNext)) // to 工作单位 (optional)
	test.Tap(kb.Key(keyboard.KeyNext))
	if kb.Target() != s.phone.entry || kb.Key("X") != nil {
		t.Fatal("下一项 did not reach the phone keypad (without X)")
	}
	uitest.TapKeys(t, kb, "1391234567")
	test.Tap(kb.Key(keyboard.KeyNext)) // leaving a short number shows why
	if got := s.phone.Error(); !strings.Contains(got, "11位") {
		t.Errorf("short phone: message %q", got)
	}
	f.touch(s.w, s.phone.entry)
	s.phone.entry.CursorColumn = len(s.phone.entry.Text)
	uitest.TapKeys(t, kb, "8")
	if s.phone.Error() != "" {
		t.Errorf("message %q stays after the last digit", s.phone.Error())
	}
	test.Tap(kb.Key(keyboard.KeyNext))
	uitest.PickHanzi(t, kb, "shandong", "山东", 40)
	uitest.PickHanzi(t, kb, "yanggu", "阳谷", 40)
	test.Tap(kb.Key(keyboard.KeyNext))
	uitest.TapKeys(t, kb, "252300")
	test.Tap(kb.Key(keyboard.KeyNext)) // to the e-mail, the last field
	test.Tap(kb.Key(keyboard.KeyNext)) // 完成
	if kb.Visible() {
		t.Error("完成 on the last field left the keyboard up")
	}
	for _, c := range []struct {
		f    *field
		want string
	}{{s.name, "张伟"}, {s.idNumber, "11010519491231002X"}, {s.phone, "13912345678"}, {s.address, "山东阳谷"}, {s.postal, "252300"}} {
		if c.f.entry.Text != c.want {
			t.Errorf("%s = %q, want %q", c.f.key, c.f.entry.Text, c.want)
		}
	}
	f.next(s.w)
	mustStep(t, s.w, appStepInfo)
}
