package forms

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/submission"
	"gongkai/internal/ui"
)

// shotDir is where TestScreensFit writes its captures: $GONGKAI_SHOTS
// when set (to look at them), else a temp dir.
func shotDir(t *testing.T) string {
	if d := os.Getenv("GONGKAI_SHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// fits checks that nothing on the screen needs more width than the window
// has (a clipped control or a label cut off on the right), and saves a
// capture for people to look at.
func (f *fixture) fits(name string) {
	f.t.Helper()
	size := f.win.Canvas().Size()
	if min := f.win.Content().MinSize(); min.Width > size.Width+0.5 {
		f.t.Errorf("%s at %v: content needs %.0f px of width", name, size, min.Width)
	}
	img := f.win.Canvas().Capture()
	out, err := os.Create(filepath.Join(f.dir, fmt.Sprintf("%s-%.0fx%.0f.png", name, size.Width, size.Height)))
	if err != nil {
		f.t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, img); err != nil {
		f.t.Fatal(err)
	}
}

// TestScreensFit renders every step of every form at 1920×1080 and
// 1280×800, with the keyboard open where there are fields.
func TestScreensFit(t *testing.T) {
	for _, size := range []fyne.Size{hd, small} {
		t.Run(fmt.Sprintf("%.0f", size.Width), func(t *testing.T) {
			f := newFixture(t, size)
			f.dir = shotDir(t)
			s := openTile[*ApplicationScreen](f, ui.TileApply)
			f.fits("app-1-type")
			s.appType.choice.Tap(submission.ApplicantOrg)
			f.next(s.w)
			s.orgCat.choice.Tap("科研机构")
			f.fits("app-1-type-org")
			f.next(s.w)
			f.fill(s.w, s.orgName, "某某研究院")
			f.fill(s.w, s.credit, "91350100M000100Y4A")
			f.touch(s.w, s.legalRep.entry)
			f.fits("app-2-org-keyboard")
			s.w.kb.Hide()
			f.fits("app-2-org")
			s.appType.choice.Tap(submission.ApplicantCitizen)
			f.fill(s.w, s.name, "张")
			f.fits("app-2-citizen-keyboard")
			s.w.kb.Hide()
			s.w.goTo(appStepInfo)
			f.fill(s.w, s.infoName, "招生计划")
			s.w.kb.Hide()
			f.fits("app-3-info")
			f.next(s.w)
			f.fits("app-3b-similar")
			s.w.goTo(appStepDelivery)
			f.fits("app-4-delivery")
			s.w.goTo(appStepSign)
			f.drawSignature(s.pad)
			f.fits("app-5-sign")
			s.w.goTo(appStepReview)
			f.fits("app-6-review")
			f.app.Home()

			fb := openTile[*FeedbackScreen](f, ui.TileFeedback)
			fb.target.choice.Tap(submission.TargetObstacle)
			f.fits("fb-1-what")
			fb.w.goTo(fbStepText)
			fb.rating.choice.Tap("非常不满意")
			f.fits("fb-2-text")
			f.app.Home()

			f.open(ui.TileConsult)
			f.fits("consult-list")
			f.app.Home()

			f.open(ui.TileEvents)
			f.fits("events-list")
			test.Tap(current[*EventsScreen](f).Open["kfr-2027-03"])
			f.fits("event-detail")
			test.Tap(current[*EventScreen](f).Join)
			f.fits("signup-form")
			f.app.Home()

			f.open(ui.TileConsult)
			test.Tap(current[*ConsultationsScreen](f).Comment["zj-2026-01"])
			f.fits("consult-preset")
			f.app.Home()

			f.open(ui.TileApply)
			s = current[*ApplicationScreen](f)
			f.fillCitizen(s)
			f.finishApplication(s, "校舍维修工程验收报告")
			f.next(s.w)
			f.receiptShown()
			f.fits("app-7-receipt")
			trk, code := f.printed[0].Tracking, f.printed[0].VerificationCode
			f.app.Home()

			f.signUp("孙七", "13800001234", 2)
			f.fits("signup-receipt")
			f.app.Home()

			f.open(ui.TileProgress)
			f.fits("status")
			st := current[*StatusScreen](f)
			f.lookUp(st, trk, code)
			f.fits("status-result")
			f.app.Home()
		})
	}
}
