package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/submission"
)

// ConsultationsScreen lists the 意见征集 read-only. Submitting comments
// arrives with the forms (issue 4), which replace this tile's handler.
type ConsultationsScreen struct {
	app   *App
	items []domain.Consultation
	err   error
	// Open holds the "查看草案" buttons by consultation id.
	Open map[string]*widget.Button
}

// NewConsultationsScreen returns the list of consultations.
func NewConsultationsScreen(a *App) *ConsultationsScreen { return &ConsultationsScreen{app: a} }

// Title is the screen's title.
func (s *ConsultationsScreen) Title() string { return "意见征集" }

// Build loads and lists the consultations, open ones first as stored.
func (s *ConsultationsScreen) Build() fyne.CanvasObject {
	if s.items, s.err = fetch(s.app, "consultations", s.app.deps.Catalogue.Consultations); s.err != nil {
		return centerMessage(domain.ErrorMessage(s.err))
	}
	if len(s.items) == 0 {
		return centerMessage("目前没有正在征求意见的事项。")
	}
	s.Open = map[string]*widget.Button{}
	col := container.NewVBox(notice("在终端上提交意见的功能即将开放。目前可查阅草案，意见请按公告中的方式提交，或咨询现场工作人员。"))
	now := s.app.Now()
	for _, c := range s.items {
		state, imp := "正在征求意见", theme.ColorNameSuccess
		switch submission.ConsultationPhase(c, now) {
		case submission.PhaseUpcoming:
			state, imp = "尚未开始", ColorNameBadge
		case submission.PhaseClosed:
			state, imp = "已结束", ColorNameBadge
		}
		lines := []fyne.CanvasObject{
			container.NewBorder(nil, nil, nil, badge(state, imp), wrappedText(c.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground)),
			styledText(fmt.Sprintf("征求意见时间：%s 至 %s", c.Opens, c.Closes), theme.SizeNameText, ColorNameMuted),
		}
		if c.Summary != "" {
			lines = append(lines, wrappedText(c.Summary, theme.SizeNameText, theme.ColorNameForeground))
		}
		if c.DocumentID != "" || len(c.Draft) > 0 {
			c := c
			b := widget.NewButtonWithIcon("查看草案", theme.DocumentIcon(), s.app.Handle(func() {
				if c.DocumentID != "" {
					s.app.Push(NewDocumentScreen(s.app, c.DocumentID))
				} else {
					s.app.Push(NewDraftScreen(s.app, c))
				}
			}))
			s.Open[c.ID] = b
			lines = append(lines, container.NewHBox(b))
		}
		col.Add(card(lines...))
	}
	return s.app.NewTouchScroll(container.NewPadded(readable(col)))
}

// DraftScreen shows a consultation's draft when it is not a catalogue
// document of its own.
type DraftScreen struct {
	app *App
	c   domain.Consultation
}

// NewDraftScreen returns the draft of c.
func NewDraftScreen(a *App, c domain.Consultation) *DraftScreen { return &DraftScreen{app: a, c: c} }

// Title is the screen's title.
func (s *DraftScreen) Title() string { return "征求意见稿" }

// Build lays the draft out like a document body.
func (s *DraftScreen) Build() fyne.CanvasObject {
	title := wrappedText(s.c.Title, theme.SizeNameHeadingText, theme.ColorNameForeground)
	title.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignCenter
	col := container.NewVBox(title)
	for _, b := range s.c.Draft {
		if o := bodyBlock(b); o != nil {
			col.Add(o)
		}
	}
	return s.app.NewTouchScroll(container.NewPadded(readable(col)))
}

// EventsScreen lists the public events read-only. Signing up arrives with
// the forms (issue 4), which replace this tile's handler.
type EventsScreen struct {
	app   *App
	items []domain.Event
	err   error
}

// NewEventsScreen returns the list of events.
func NewEventsScreen(a *App) *EventsScreen { return &EventsScreen{app: a} }

// Title is the screen's title.
func (s *EventsScreen) Title() string { return "活动报名" }

// Build loads and lists the events that have not ended.
func (s *EventsScreen) Build() fyne.CanvasObject {
	if s.items, s.err = fetch(s.app, "events", s.app.deps.Catalogue.Events); s.err != nil {
		return centerMessage(domain.ErrorMessage(s.err))
	}
	now := s.app.Now()
	col := container.NewVBox(notice("在终端上报名的功能即将开放。目前请咨询现场工作人员报名。"))
	shown := 0
	for _, e := range s.items {
		if !e.End.IsZero() && e.End.Before(now) {
			continue
		}
		shown++
		lines := []fyne.CanvasObject{
			wrappedText(e.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground),
			styledText("时间："+eventTime(e, now.Location()), theme.SizeNameText, theme.ColorNameForeground),
			wrappedText("地点："+e.Place, theme.SizeNameText, theme.ColorNameForeground),
		}
		if e.Capacity > 0 {
			lines = append(lines, styledText(fmt.Sprintf("名额：%d 人", e.Capacity), theme.SizeNameText, theme.ColorNameForeground))
		}
		if e.Description != "" {
			lines = append(lines, wrappedText(e.Description, theme.SizeNameText, ColorNameMuted))
		}
		col.Add(card(lines...))
	}
	if shown == 0 {
		return centerMessage("目前没有可报名的活动。")
	}
	return s.app.NewTouchScroll(container.NewPadded(readable(col)))
}

func eventTime(e domain.Event, loc *time.Location) string {
	start, end := e.Start.In(loc), e.End.In(loc)
	s := fmt.Sprintf("%d年%d月%d日 %s %s", start.Year(), int(start.Month()), start.Day(), weekdays[start.Weekday()], start.Format("15:04"))
	if end.IsZero() {
		return s
	}
	if end.YearDay() == start.YearDay() && end.Year() == start.Year() {
		return s + "–" + end.Format("15:04")
	}
	return s + " 至 " + fmt.Sprintf("%d年%d月%d日 %s", end.Year(), int(end.Month()), end.Day(), end.Format("15:04"))
}

// ComingSoonScreen is the honest page for a function not built yet.
type ComingSoonScreen struct {
	app   *App
	title string
	what  string
}

// NewComingSoonScreen returns the 即将开放 page for the function title,
// which will let visitors do what.
func NewComingSoonScreen(a *App, title, what string) *ComingSoonScreen {
	return &ComingSoonScreen{app: a, title: title, what: what}
}

// Title is the function's name.
func (s *ComingSoonScreen) Title() string { return s.title }

// Build says the function is not available yet and what to do instead.
func (s *ComingSoonScreen) Build() fyne.CanvasObject {
	icon := widget.NewIcon(theme.InfoIcon())
	head := styledText("「"+s.title+"」功能即将开放", theme.SizeNameHeadingText, theme.ColorNameForeground)
	body := message("本终端将支持" + s.what + "。在此之前，请到服务窗口办理，工作人员会为您提供帮助。")
	return container.NewVBox(layout.NewSpacer(), container.NewCenter(container.New(&fixedSize{size: 96}, icon)),
		container.NewCenter(head), container.New(MaxWidth(900), body), layout.NewSpacer())
}

// ErrorScreen shows a failure to a visitor in plain words; the details
// go to the log.
type ErrorScreen struct {
	app   *App
	title string
	err   error
}

// NewErrorScreen returns a page titled title explaining err safely.
func NewErrorScreen(a *App, title string, err error) *ErrorScreen {
	a.Logf("ui: %s: %v", title, err)
	return &ErrorScreen{app: a, title: title, err: err}
}

// Title is the page's title.
func (s *ErrorScreen) Title() string { return s.title }

// Build shows domain.ErrorMessage of the error.
func (s *ErrorScreen) Build() fyne.CanvasObject {
	return centerMessage(domain.ErrorMessage(s.err))
}

// card groups lines on a pale panel.
func card(lines ...fyne.CanvasObject) fyne.CanvasObject {
	bg := NewFill(ColorNameKeyCell)
	bg.CornerRadius = 10
	return container.NewPadded(container.NewStack(bg, container.NewPadded(container.NewVBox(lines...))))
}

// notice is an explanatory line in a tinted panel at the top of a page.
func notice(text string) fyne.CanvasObject {
	bg := NewFill(ColorNameNotice)
	bg.CornerRadius = 8
	return container.NewStack(bg, container.NewPadded(wrappedText(text, theme.SizeNameText, theme.ColorNameForeground)))
}

// fixedSize gives its object a square minimum size.
type fixedSize struct{ size float32 }

func (l *fixedSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
	}
}

func (l *fixedSize) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSquareSize(l.size) }
