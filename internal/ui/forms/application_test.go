package forms

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/calendar"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
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
	w := s.w
	s.appType.choice.Tap(submission.ApplicantCitizen)
	f.next(w)
	mustStep(f.t, w, appStepApplicant)
	f.fill(w, s.name, citizenName)
	f.fill(w, s.idNumber, strings.ToLower(citizenID))
	f.fill(w, s.phone, citizenTel)
	f.fill(w, s.address, citizenAddr)
	f.fill(w, s.postal, "252300")
	f.next(w)
	mustStep(f.t, w, appStepInfo)
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
	f.open(ui.TileApply)
	s := current[*ApplicationScreen](f)
	root := f.app.Window().Content()
	f.fillCitizen(s)
	f.finishApplication(s, "2019年某某镇中心小学校舍维修工程的验收报告")

	review := s.w.steps[appStepReview].obj
	for _, want := range []string{citizenName, citizenID, citizenTel, citizenAddr, "校舍维修工程"} {
		assertShown(t, review, want)
	}
	formRoot := s.w.root
	f.next(s.w) // 确认提交

	r := f.receiptShown()
	recs := f.queued()
	if len(recs) != 1 {
		t.Fatalf("%d records queued, want 1", len(recs))
	}
	sub := recs[0]
	p, err := sub.Decode()
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
