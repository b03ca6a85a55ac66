package forms

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// msgNotFound is the one answer to a wrong tracking number or a wrong
// code: the look-up must not tell which of the two exists.
const msgNotFound = "未找到该编号或查询码不正确，请核对回执后重新输入"

// StatusScreen is 办理进度查询: a tracking number and verification code,
// typed on the keypad or scanned from the receipt's QR code, give the
// submission's state, dates and deadline. Nothing personal is shown.
type StatusScreen struct {
	k              *kit
	kb             *keyboard.Keyboard
	tracking, code *field
	query          *widget.Button
	msg            *banner
	result         *fyne.Container
	rows           []*widget.RichText
	scroll         *ui.TouchScroll
	filling        bool
	scanned        string // the pair a scan looked up, so the scanner's Enter does not repeat it
}

// pair is the number and code as typed, for comparing look-ups.
func (s *StatusScreen) pair() string {
	return tracking.Normalize(s.tracking.entry.Text) + "|" + tracking.NormalizeCode(s.code.entry.Text)
}

func newStatusScreen(k *kit) *StatusScreen {
	s := &StatusScreen{k: k, kb: k.deps.NewKeyboard()}
	s.kb.OnActivity = k.app.Active
	s.tracking = newTextField(s.kb, "tracking_number", "受理编号", 0, keyboard.Digits, fieldOpts{hint: "回执上的15位数字，可不输入短横线"})
	s.code = newTextField(s.kb, "verification_code", "查询码", 0, keyboard.Verification,
		fieldOpts{hint: "回执上受理编号下方的8位数字（早期回执为6位字母和数字，可点“ABC”输入字母）"})
	for _, f := range []*field{s.tracking, s.code} {
		f := f
		f.entry.OnChanged = func(v string) { s.changed(f, v) }
		f.entry.OnSubmitted = func(string) {
			if s.scanned != "" && s.scanned == s.pair() {
				s.scanned = "" // the scanner's Enter after its URL was looked up already
				return
			}
			if f == s.code || s.code.entry.Text != "" {
				s.lookup()
			}
		}
	}
	return s
}

// Title is the navigation bar's title.
func (s *StatusScreen) Title() string { return "办理进度查询" }

// Build lays the screen out.
func (s *StatusScreen) Build() fyne.CanvasObject {
	s.k.hold(s)
	s.query = button(s.k.app, "查询", theme.SearchIcon(), widget.HighImportance, s.lookup)
	s.msg = newBanner(theme.ColorNameError, theme.ColorNameForegroundOnError)
	s.result = container.NewVBox()
	col := column(
		heading("查询办理进度"),
		muted("请输入回执上的受理编号和查询码；也可以把回执上的二维码对准扫码口，自动查询。"),
		s.tracking.box, s.code.box,
		container.NewHBox(big(s.query, 220), layout.NewSpacer()),
		s.msg.obj, s.result)
	s.scroll = s.k.app.NewTouchScroll(col)
	s.kb.Follow(s.scroll.Scroll)
	s.kb.OnShow = func(e *widget.Entry, _ float32) {
		s.k.app.Typing(true)
		if shown := s.tracking.showHint(); s.code.showHint() || shown {
			s.k.app.Relayout()
		}
		for _, f := range []*field{s.tracking, s.code} {
			if f.entry == e {
				f.reveal(s.scroll.Scroll, s.k.app.Relayout) // the label too
			}
		}
	}
	s.kb.OnHide = func() {
		for _, f := range []*field{s.tracking, s.code} {
			f.showHint()
		}
		s.k.app.Typing(false)
		s.k.app.Relayout()
	}
	return container.NewBorder(nil, s.kb, nil, nil, s.scroll)
}

// Shown focuses the tracking number, so a keyboard-wedge scanner types
// into it.
func (s *StatusScreen) Shown() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.tracking.entry); c != nil {
		c.Focus(s.tracking.entry)
	}
}

// changed splits a scanned URL into the two fields and looks it up; a
// typed change clears the last answer, which no longer matches.
func (s *StatusScreen) changed(f *field, v string) {
	if s.filling {
		return
	}
	if trk, code, ok := receipt.ParseStatusURL(v); ok {
		s.filling = true
		s.tracking.entry.SetText(trk)
		s.code.entry.SetText(code)
		s.filling = false
		s.lookup()
		s.scanned = s.pair()
		return
	}
	if f.hasError() {
		f.setError(nil)
	}
}

// lookup checks the two fields' shapes and asks Deps.Lookup.
func (s *StatusScreen) lookup() {
	s.k.app.Active()
	s.kb.Hide()
	if trk, code, ok := receipt.ParseStatusURL(s.tracking.entry.Text + s.code.entry.Text); ok {
		s.filling = true
		s.tracking.entry.SetText(trk)
		s.code.entry.SetText(code)
		s.filling = false
	}
	fe := validate.FieldErrors{}
	n, err := tracking.Parse(s.tracking.entry.Text)
	fe.Add("tracking_number", err)
	fe.Add("verification_code", tracking.CheckCode(s.code.entry.Text))
	s.tracking.setError(fe["tracking_number"])
	s.code.setError(fe["verification_code"])
	if len(fe) > 0 {
		s.show(nil, "")
		return
	}
	code := tracking.NormalizeCode(s.code.entry.Text)
	if s.k.deps.Lookup == nil {
		s.show(nil, "本机暂不能查询办理进度，请到服务窗口咨询。")
		return
	}
	ctx, cancel := s.k.ctx(10 * time.Second)
	st, err := s.k.deps.Lookup(ctx, n.String(), code)
	cancel()
	switch {
	case err == nil:
		s.show(&st, "")
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		s.show(nil, msgNotFound)
	case domain.ErrorCode(err) == domain.EINVALID:
		s.show(nil, domain.ErrorMessage(err))
	default:
		s.k.app.Logf("forms: status look-up: %v", err)
		s.show(nil, domain.ErrorMessage(err))
	}
}

// stateName words the state for visitors: the hub's status once it has
// sent one, else where the submission is on its way.
func stateName(st StatusView) string {
	switch {
	case st.State != "":
		return st.State
	case st.Delivered:
		return "已送达办理部门，等待受理"
	}
	return "已在本机登记，正在传送至办理部门"
}

// show puts st (or msg) on the screen.
func (s *StatusScreen) show(st *StatusView, msg string) {
	s.msg.set(msg)
	s.rows = nil
	s.result.Objects = nil
	if st == nil {
		s.result.Refresh()
		s.k.app.Relayout() // the messages under the fields changed the page's shape
		return
	}
	row := func(label, value string) fyne.CanvasObject {
		v := body(value)
		s.rows = append(s.rows, v)
		return container.NewBorder(nil, nil, container.New(ui.AtLeast(170, 0), muted(label)), nil, v)
	}
	state := ui.Text(stateName(*st), theme.SizeNameHeadingText, theme.ColorNamePrimary, true)
	s.rows = append(s.rows, state)
	lines := []fyne.CanvasObject{
		row("受理编号", st.Tracking),
		row("事项", protocol.KindTitle(st.Kind)),
		container.NewBorder(nil, nil, container.New(ui.AtLeast(170, 0), muted("办理状态")), nil, state),
	}
	received := "提交时间"
	if st.Kind == protocol.KindApplication {
		received = "受理日期"
	}
	if !st.Received.IsZero() {
		lines = append(lines, row(received, dateTimeText(st.Received.In(calendar.Beijing))))
	}
	if !st.Deadline.IsZero() {
		v := dateText(st.Deadline.Time(calendar.Beijing)) + "前"
		if st.Provisional {
			v += "（暂定）"
		}
		lines = append(lines, row("答复期限", v))
	}
	if st.Kind == protocol.KindSignup && st.State == "" {
		lines = append(lines, row("报名结果", protocol.SeatLabel(st.SeatState)))
	}
	if st.Outcome != "" {
		label := domain.OutcomeLabel(st.Outcome)
		if label == "" {
			label = st.Outcome
		}
		lines = append(lines, row("办理结果", label))
	}
	if !st.Updated.IsZero() {
		lines = append(lines, row("最近更新", dateTimeText(st.Updated.In(calendar.Beijing))))
	}
	if st.Note != "" {
		lines = append(lines, row("说明", st.Note))
	}
	s.result.Objects = []fyne.CanvasObject{panel(ui.ColorNameKeyCell, lines...)}
	s.result.Refresh()
	s.k.app.Relayout()
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.result); c != nil && c.Content() != nil {
		c.Content().Refresh() // lay the answer out before scrolling to it
		keyboard.ScrollIntoView(s.scroll.Scroll, s.result, 0)
	}
}

// State returns the state shown, "" when no result is shown.
func (s *StatusScreen) State() string {
	if len(s.rows) == 0 {
		return ""
	}
	for _, r := range s.rows {
		if r.Segments[0].(*widget.TextSegment).Style.SizeName == theme.SizeNameHeadingText {
			return ui.PlainText(r)
		}
	}
	return ""
}

// Reset wipes the numbers and the answer.
func (s *StatusScreen) Reset() { s.k.reset(s) }

func (s *StatusScreen) wipe() {
	s.filling = true
	s.tracking.wipe()
	s.code.wipe()
	s.filling = false
	s.scanned = ""
	s.kb.Reset()
	if s.msg != nil {
		s.show(nil, "")
	}
}
