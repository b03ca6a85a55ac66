package forms

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/ui"
)

// answeredConsultations returns the consultations that have closed and
// whose 公众意见反馈情况 the agency has published, latest closing first:
// the public sees what became of the comments where it made them.
func (k *kit) answeredConsultations() ([]domain.Consultation, error) {
	today := calendar.Today(k.deps.Now()).String()
	return k.consultations(func(c domain.Consultation) bool { return c.FeedbackID != "" && c.Closes < today })
}

// addAnswered lists, under the open consultations, the closed ones with
// their published feedback.
func (s *ConsultationsScreen) addAnswered(col *fyne.Container) {
	app := s.k.app
	done, err := s.k.answeredConsultations()
	if err != nil {
		app.Logf("forms: answered consultations: %v", err)
		return
	}
	if len(done) == 0 {
		return
	}
	col.Add(spacer(8))
	col.Add(heading("已结束的征集 · 意见采纳情况"))
	for _, c := range done {
		s.Feedback[c.ID] = addFeedbackPanel(app, col, c.Title, "征求意见时间："+c.Opens+" 至 "+c.Closes+"（已结束）",
			"查看意见反馈情况", c.FeedbackID)
	}
}

// questions lists what the agency asks the public in particular.
func questions(qs []string) fyne.CanvasObject {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = fmt.Sprintf("%d. %s", i+1, q)
	}
	return body("重点征求意见的问题：\n" + strings.Join(lines, "\n"))
}

// addPast lists, under the events open for sign-up, the past events whose
// 意见建议及回应 the agency has published, latest first.
func (s *EventsScreen) addPast(col *fyne.Container, all []domain.Event, now time.Time) {
	app := s.k.app
	var past []domain.Event
	for _, e := range all {
		if e.FeedbackID != "" && !e.End.After(now) {
			past = append(past, e)
		}
	}
	if len(past) == 0 {
		return
	}
	sort.SliceStable(past, func(i, j int) bool { return past[i].Start.After(past[j].Start) })
	col.Add(spacer(8))
	col.Add(heading("往期活动 · 意见建议及回应"))
	for _, e := range past {
		s.Feedback[e.ID] = addFeedbackPanel(app, col, e.Title, "时间："+eventTime(e)+"（已结束）", "查看意见建议及回应", e.FeedbackID)
	}
}

// addFeedbackPanel adds a finished consultation or event to col with a
// button that opens its feedback document, and returns the button.
func addFeedbackPanel(app *ui.App, col *fyne.Container, title, when, label, docID string) *widget.Button {
	b := button(app, label, theme.DocumentIcon(), widget.MediumImportance, func() { app.Push(ui.NewDocumentScreen(app, docID)) })
	col.Add(panel(ui.ColorNameKeyCell, ui.Wrapped(title, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true),
		muted(when), container.NewHBox(big(b, 0))))
	return b
}
