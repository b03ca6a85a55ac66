package forms

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
)

// eventTime prints an event's time: 2027年3月19日 星期五 09:00–11:30.
func eventTime(e domain.Event) string {
	start := e.Start.In(calendar.Beijing)
	s := fmt.Sprintf("%d年%d月%d日 %s %s", start.Year(), int(start.Month()), start.Day(), weekdays[start.Weekday()], start.Format("15:04"))
	if e.End.IsZero() {
		return s
	}
	end := e.End.In(calendar.Beijing)
	if calendar.Of(end) == calendar.Of(start) {
		return s + "–" + end.Format("15:04")
	}
	return s + " 至 " + dateTimeText(end)
}

// maxAttendees is how many people one sign-up may bring.
func maxAttendees(e domain.Event) int { return max(1, e.MaxAttendees) }

// seatsText says how many seats are left: this kiosk's block when the hub
// has granted one (Deps.Seats), else the event's capacity.
func (k *kit) seatsText(e domain.Event) string {
	if k.deps.Seats != nil {
		ctx, cancel := k.ctx(3 * time.Second)
		left, known, err := k.deps.Seats(ctx, e.ID)
		cancel()
		if err != nil {
			k.app.Logf("forms: seats %s: %v", e.ID, err)
		}
		if err == nil && known {
			if left > 0 {
				return fmt.Sprintf("剩余名额：%d 个（共 %d 人）", left, e.Capacity)
			}
			return "名额已满，可报名候补，有人取消时按先后递补"
		}
	}
	if e.Capacity > 0 {
		return fmt.Sprintf("名额：%d 人，报满即止", e.Capacity)
	}
	return ""
}

// EventsScreen lists the events that have not started, with their seats,
// and the way to cancel a sign-up.
type EventsScreen struct {
	k      *kit
	events []domain.Event
	// Open holds each event's 查看详情并报名 button by id.
	Open map[string]*widget.Button
	// Feedback holds the 查看意见建议及回应 buttons of past events by id.
	Feedback map[string]*widget.Button
	Cancel   *widget.Button
}

func newEventsScreen(k *kit) *EventsScreen {
	return &EventsScreen{k: k, Open: map[string]*widget.Button{}, Feedback: map[string]*widget.Button{}}
}

// Title is the navigation bar's title.
func (s *EventsScreen) Title() string { return "活动报名" }

// Build lists the events.
func (s *EventsScreen) Build() fyne.CanvasObject {
	app := s.k.app
	ctx, cancel := s.k.ctx(5 * time.Second)
	all, err := s.k.deps.Catalogue.Events(ctx)
	cancel()
	if err != nil {
		return ui.NewErrorScreen(app, "活动报名", err).Build()
	}
	now := s.k.deps.Now()
	for _, e := range all {
		if now.Before(e.Start) {
			s.events = append(s.events, e)
		}
	}
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].Start.Before(s.events[j].Start) })
	s.Cancel = button(app, "取消报名", theme.CancelIcon(), widget.MediumImportance, func() { app.Push(newCancelScreen(s.k)) })
	col := container.NewVBox(container.NewBorder(nil, nil, nil, big(s.Cancel, 200), heading("可报名的活动")))
	if len(s.events) == 0 {
		col.Add(body("目前没有可报名的活动。"))
	}
	for _, e := range s.events {
		e := e
		b := button(app, "查看详情并报名", theme.NavigateNextIcon(), widget.HighImportance, func() {
			app.Push(newEventScreen(s.k, e))
		})
		s.Open[e.ID] = b
		lines := []fyne.CanvasObject{
			ui.Wrapped(e.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true),
			body("时间：" + eventTime(e)),
			body("地点：" + e.Place),
		}
		if t := s.k.seatsText(e); t != "" {
			lines = append(lines, body(t))
		}
		lines = append(lines, container.NewHBox(big(b, 260)))
		col.Add(panel(ui.ColorNameKeyCell, lines...))
	}
	col.Add(muted("已报名的群众如需取消，请点右上方“取消报名”，输入报名回执上的受理编号和查询码。"))
	s.addPast(col, all, now)
	return app.NewTouchScroll(column(col))
}

// EventScreen shows one event in full: time, place, seats, description
// and the registration terms, with 我要报名.
type EventScreen struct {
	k    *kit
	e    domain.Event
	Join *widget.Button
}

func newEventScreen(k *kit, e domain.Event) *EventScreen { return &EventScreen{k: k, e: e} }

// Title is the navigation bar's title.
func (s *EventScreen) Title() string { return "活动详情" }

// Build lays the event out.
func (s *EventScreen) Build() fyne.CanvasObject {
	app, e := s.k.app, s.e
	col := container.NewVBox(
		ui.Wrapped(e.Title, theme.SizeNameHeadingText, theme.ColorNameForeground, true),
		body("时间："+eventTime(e)),
		body("地点："+e.Place),
	)
	if t := s.k.seatsText(e); t != "" {
		col.Add(body(t))
	}
	col.Add(body(fmt.Sprintf("每次报名最多 %d 人", maxAttendees(e))))
	if e.Description != "" {
		col.Add(spacer(4))
		col.Add(heading("活动介绍"))
		col.Add(body(e.Description))
	}
	if e.Terms != "" {
		col.Add(heading("报名须知"))
		col.Add(panel(ui.ColorNameKeyCell, body(e.Terms)))
	}
	if s.k.deps.Now().Before(e.Start) {
		s.Join = button(app, "我要报名", theme.AccountIcon(), widget.HighImportance, func() { app.Push(newSignupScreen(s.k, e)) })
		col.Add(container.NewHBox(layout.NewSpacer(), big(s.Join, 260), layout.NewSpacer()))
	} else {
		col.Add(body("该活动已开始，不能再报名。"))
	}
	return app.NewTouchScroll(column(col))
}

// Steps of the sign-up form.
const (
	suStepForm = iota
	suStepReview
)

const acceptTerms = "我已阅读并同意报名须知"

// SignupScreen signs a visitor up for an event: name, mobile, number of
// attendees (when the event allows more than one) and the terms.
type SignupScreen struct {
	k                 *kit
	w                 *wizard
	e                 domain.Event
	name, mobile      *field
	attendees, accept *field
	count             *stepper
}

func newSignupScreen(k *kit, e domain.Event) *SignupScreen {
	s := &SignupScreen{k: k, e: e}
	w := newWizard(k)
	s.w = w
	w.payload = func() submission.Payload { return s.signup() }
	w.onDone = s.done
	s.name = w.text("name", "姓名", suStepForm, keyboard.Chinese, fieldOpts{})
	s.mobile = w.text("mobile", "手机号码", suStepForm, keyboard.Phone, fieldOpts{hint: "活动如有调整，将通过此号码通知您"})
	s.count = newStepper(k.app, 1, maxAttendees(e))
	s.attendees = w.custom("attendees", "参加人数", suStepForm, container.NewHBox(s.count.obj),
		fieldOpts{hint: fmt.Sprintf("含本人，最多 %d 人", maxAttendees(e))})
	s.attendees.show(maxAttendees(e) > 1)
	s.accept = w.choose("terms_accepted", "报名须知", suStepForm, []string{acceptTerms}, true, 1, fieldOpts{})
	terms := e.Terms
	if terms == "" {
		terms = "报名信息仅用于本次活动的组织和联系。"
	}
	head := s.accept.box.Objects[:2] // the spacer and the label
	s.accept.box.Objects = append(append(head[:2:2], panel(ui.ColorNameKeyCell, body(terms))), s.accept.box.Objects[2:]...)
	w.steps = []*step{
		{title: "填写报名信息", keys: []string{"event_id"}, build: s.formPage},
		{title: "核对提交", rebuild: true, build: s.reviewPage},
	}
	return s
}

// Title is the navigation bar's title.
func (s *SignupScreen) Title() string { return "活动报名" }

// Build lays the form out.
func (s *SignupScreen) Build() fyne.CanvasObject { return s.k.buildWizard(s, s.w) }

// Reset wipes what was typed.
func (s *SignupScreen) Reset() { s.k.reset(s) }

func (s *SignupScreen) wipe() { s.w.wipe(); s.count.set(1) }

func (s *SignupScreen) signup() *submission.Signup {
	return &submission.Signup{EventID: s.e.ID, Name: s.name.entry.Text, Mobile: s.mobile.entry.Text,
		Attendees: s.count.n, TermsAccepted: len(s.accept.choice.All()) > 0}
}

// eventPanel names the event; folded, on a short screen only its title,
// so that the form's first field shows.
func (s *SignupScreen) eventPanel(folded bool) fyne.CanvasObject {
	when, where := fyne.CanvasObject(body("时间："+eventTime(s.e))), fyne.CanvasObject(body("地点："+s.e.Place))
	if folded {
		when, where = container.New(&unlessShort{app: s.k.app}, when), container.New(&unlessShort{app: s.k.app}, where)
	}
	return panel(ui.ColorNameKeyCell,
		ui.Wrapped(s.e.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true), when, where)
}

func (s *SignupScreen) formPage() fyne.CanvasObject {
	return container.NewVBox(s.eventPanel(true), s.name.box, s.mobile.box, s.attendees.box, s.accept.box)
}

func (s *SignupScreen) reviewPage() fyne.CanvasObject {
	su := s.signup()
	su.Normalize()
	return container.NewVBox(heading("请核对报名信息"), s.eventPanel(false),
		s.w.reviewSection("报名信息", suStepForm, [2]string{"姓名", su.Name}, [2]string{"手机号码", su.Mobile},
			[2]string{"参加人数", fmt.Sprintf("%d 人", su.Attendees)}, [2]string{"报名须知", "已阅读并同意"}))
}

func (s *SignupScreen) done(_ submission.Payload, r receipt.Receipt) {
	s.k.app.Back()
	s.k.app.Push(newReceiptScreen(s.k, r))
}

// CancelScreen cancels a sign-up by its tracking number and verification
// code, typed or scanned from the receipt's QR code.
type CancelScreen struct {
	k              *kit
	w              *wizard
	tracking, code *field
	filling        bool
}

func newCancelScreen(k *kit) *CancelScreen {
	s := &CancelScreen{k: k}
	w := newWizard(k)
	s.w = w
	w.payload = func() submission.Payload { return s.cancel() }
	w.onDone = s.done
	s.tracking = w.text("tracking_number", "受理编号", 0, keyboard.Digits, fieldOpts{hint: "报名回执上的15位数字"})
	s.code = w.text("verification_code", "查询码", 0, keyboard.Verification,
		fieldOpts{hint: "报名回执上的8位数字（早期回执为6位字母和数字，可点“ABC”输入字母）"})
	for _, f := range []*field{s.tracking, s.code} {
		s.scanInto(f)
	}
	w.steps = []*step{
		{title: "输入报名编号", build: s.formPage},
		{title: "确认取消", rebuild: true, build: s.reviewPage, next: "确认取消报名"},
	}
	return s
}

// scanInto lets a keyboard-wedge scanner type a receipt's QR URL into f:
// the URL is split into the two fields.
func (s *CancelScreen) scanInto(f *field) {
	changed := f.entry.OnChanged
	f.entry.OnChanged = func(v string) {
		if !s.filling {
			if trk, code, ok := receipt.ParseStatusURL(v); ok {
				s.filling = true
				s.tracking.entry.SetText(trk)
				s.code.entry.SetText(code)
				s.filling = false
			}
		}
		changed(v)
	}
}

// Title is the navigation bar's title.
func (s *CancelScreen) Title() string { return "取消报名" }

// Build lays the form out.
func (s *CancelScreen) Build() fyne.CanvasObject {
	s.k.hold(s)
	return s.w.build()
}

// Reset wipes what was typed.
func (s *CancelScreen) Reset() { s.k.reset(s) }

func (s *CancelScreen) wipe() { s.w.wipe() }

func (s *CancelScreen) cancel() *submission.Cancel {
	return &submission.Cancel{Tracking: s.tracking.entry.Text, Code: s.code.entry.Text}
}

func (s *CancelScreen) formPage() fyne.CanvasObject {
	// The explanation follows the fields, so that they show first on a
	// short screen.
	return container.NewVBox(heading("取消活动报名"), s.tracking.box, s.code.box,
		muted("请输入报名回执上的受理编号和查询码；也可以把回执上的二维码对准扫码口。"))
}

func (s *CancelScreen) reviewPage() fyne.CanvasObject {
	c := s.cancel()
	c.Normalize()
	return container.NewVBox(heading("确认取消以下报名？"),
		s.w.reviewSection("报名", 0, [2]string{"受理编号", c.Tracking}, [2]string{"查询码", strings.Repeat("*", len(c.Code))}),
		body("取消后名额将留给其他群众，不能恢复。如需参加，请重新报名。"))
}

func (s *CancelScreen) done(_ submission.Payload, r receipt.Receipt) {
	s.k.app.Back()
	s.k.app.Push(newReceiptScreen(s.k, r))
}
