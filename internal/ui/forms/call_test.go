package forms

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gongkai/internal/ui"
	"gongkai/internal/ui/layoutcheck"
)

// saying records what 语音播报 says.
type saying struct{ said []string }

func (s *saying) Speak(c []string) { s.said = append(s.said, strings.Join(c, "")) }
func (s *saying) Stop()            {}
func (s *saying) Problem() string  { return "" }

// callFixture is the application form on its applicant step, with a
// kiosk that passes calls on through hub (run off the UI goroutine, its
// answer applied when the test runs the queued update).
func callFixture(t *testing.T, size fyne.Size, hub func(where string) error) (*fixture, *wizard, *saying, chan func()) {
	t.Helper()
	sp := &saying{}
	updates := make(chan func(), 4)
	f := newFixture(t, size, func(d *ui.Deps) {
		d.Speaker = sp
		d.Do = func(fn func()) { updates <- fn }
		d.CallStaff = func(_ context.Context, where string) error { return hub(where) }
	})
	s := openTile[*ApplicationScreen](f, ui.TileApply)
	f.chooseApplicant(s, "公民", appStepApplicant)
	f.app.SetReadAloud(true)
	return f, s.w, sp, updates
}

// TestCallStaffTellsWhoKnows: a call tells the visitor at once that the
// staff on site know; when the hub has the call too (the kiosk is
// online), the button, the banner and 语音播报 say the staff behind them
// know as well. A hub out of reach leaves the first answer; a late answer
// after the idle reset is not shown to the next visitor. The hub hears
// the screen and step only.
func TestCallStaffTellsWhoKnows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		button string
		banner string
		said   string
	}{
		{"hub has it", nil, "已通知现场及后台工作人员", "，已通知后台", "后台工作人员也已收到呼叫"},
		{"hub out of reach", errors.New("dial tcp 10.0.0.9:8443: connect: no route to host"), "已通知现场工作人员", "", "已通知现场工作人员"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var heard []string
			f, w, sp, updates := callFixture(t, fyne.NewSize(1280, 800), func(where string) error {
				heard = append(heard, where)
				return tc.err
			})
			test.Tap(w.call)
			if w.call.Text != "已通知现场工作人员" || !w.call.Disabled() {
				t.Errorf("at once the button says %q", w.call.Text)
			}
			if got := f.app.BannerText(); !strings.Contains(got, "访客在“依申请公开·申请人信息”呼叫工作人员") {
				t.Errorf("banner %q", got)
			}
			(<-updates)()
			if len(heard) != 1 || heard[0] != "依申请公开·申请人信息" {
				t.Errorf("the hub heard %q, want the screen and step", heard)
			}
			if w.call.Text != tc.button {
				t.Errorf("after the hub's answer the button says %q, want %q", w.call.Text, tc.button)
			}
			if got := f.app.BannerText(); tc.banner != "" && !strings.Contains(got, tc.banner) || tc.banner == "" && strings.Contains(got, "后台") {
				t.Errorf("banner %q", got)
			}
			if last := sp.said[len(sp.said)-1]; !strings.Contains(last, tc.said) {
				t.Errorf("语音播报 last said %q, want %q", last, tc.said)
			}
			if strings.Contains(strings.Join(sp.said, ""), "tcp") {
				t.Error("a network error is read to the visitor")
			}
		})
	}

	t.Run("answer after the idle reset", func(t *testing.T) {
		f, w, _, updates := callFixture(t, fyne.NewSize(1280, 800), func(string) error { return nil })
		test.Tap(w.call)
		f.app.ResetSession()
		(<-updates)()
		if got := f.app.BannerText(); strings.Contains(got, "呼叫") {
			t.Errorf("the call is back in the banner after the reset: %q", got)
		}
		if w.call.Text == "已通知现场及后台工作人员" {
			t.Error("the old form took the late answer")
		}
	})
}

// TestCallStaffCaptionFits: the longest answer on the button fits the
// step's button bar at every kiosk size and text step.
func TestCallStaffCaptionFits(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1080, Height: 1920}, {Width: 1280, Height: 800}, {Width: 1366, Height: 768}, {Width: 1920, Height: 1080}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			f, w, _, updates := callFixture(t, size, func(string) error { return nil })
			test.Tap(w.call)
			(<-updates)()
			if w.call.Text != "已通知现场及后台工作人员" {
				t.Fatalf("button %q", w.call.Text)
			}
			for _, step := range ui.TextSteps {
				f.app.SetTextStep(step)
				for _, layer := range f.app.Layers() {
					for _, p := range layoutcheck.Check(layer, size) {
						t.Errorf("%s: %s", step.Name(), p)
					}
				}
			}
		})
	}
}
