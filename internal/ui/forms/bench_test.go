package forms

import (
	"testing"

	"gongkai/internal/submission"
	"gongkai/internal/ui"
)

// BenchmarkCheckField measures checking one field as the visitor leaves
// it: build the payload from the widgets, Normalize, Validate, show the
// message. It runs on the UI goroutine at every field change of focus.
func BenchmarkCheckField(b *testing.B) {
	f := newFixture(b, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	s.appType.choice.Set(submission.ApplicantCitizen)
	s.w.changed()
	s.name.entry.SetText(citizenName)
	s.idNumber.entry.SetText(citizenID)
	s.phone.entry.SetText(citizenTel)
	s.address.entry.SetText(citizenAddr)
	s.postal.entry.SetText("2523")
	s.w.goTo(appStepSign)
	f.drawSignature(s.pad)
	s.w.goTo(appStepApplicant)
	for b.Loop() {
		s.w.check(s.postal)
	}
	if s.postal.Error() == "" {
		b.Fatal("the bad postal code was not reported")
	}
}

// BenchmarkSignaturePNG measures rendering and encoding a signature for
// the payload (done once per stroke change, when the form is checked).
func BenchmarkSignaturePNG(b *testing.B) {
	f := newFixture(b, hd)
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	s.w.goTo(appStepSign)
	f.drawSignature(s.pad)
	var n int
	for b.Loop() {
		n = len(s.pad.PNG())
	}
	b.ReportMetric(float64(n), "bytes")
}
