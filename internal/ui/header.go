package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
)

// Header is the deep red band at the top of every screen: the agency's
// name, the catalogue's state, the date and time and the 语音播报 button. On a narrow screen
// with large text the name takes a row of its own.
type Header struct {
	Agency  *AgencyTitle   // the staff gesture's target (issue 5)
	speak   *widget.Button // 语音播报
	state   *widget.RichText
	clock   *widget.RichText
	bar     *fyne.Container
	content fyne.CanvasObject
}

func newHeader(a *App) *Header {
	h := &Header{Agency: newAgencyTitle(a, a.deps.Config.AgencyName), speak: newSpeakButton(a)}
	h.state = styledText("", theme.SizeNameText, ColorNameOnHeader)
	h.clock = styledText("", theme.SizeNameText, ColorNameOnHeader)
	h.state.Segments[0].(*widget.TextSegment).Style.Alignment = fyne.TextAlignTrailing
	if a.deps.Speaker == nil {
		h.speak.Hide() // no speech on this kiosk
	}
	band := NewFill(ColorNameHeader)
	h.bar = container.New(&barLayout{trail: 3, minMiddle: func() float32 { return preferredWidth(h.Agency.text, 8) }},
		container.NewStack(h.Agency), h.state, h.clock, h.speak) // the stack is where staff mode lays its press area over the name
	h.content = container.NewStack(band, container.NewPadded(h.bar))
	return h
}

func (h *Header) heightFor(w float32) float32 { return paddedHeight(h.bar, w) }

// preferredWidth is how wide a truncating text wants to be: all of it, or
// at least chars characters of its size before it truncates.
func preferredWidth(t *widget.RichText, chars int) float32 {
	seg := t.Segments[0].(*widget.TextSegment)
	size := theme.Size(seg.Style.SizeName)
	full := fyne.MeasureText(PlainText(t), size, seg.Style.TextStyle).Width + 2*theme.InnerPadding()
	return min(full, float32(chars)*size+2*theme.InnerPadding())
}

// StateText returns what the header says about the catalogue.
func (h *Header) StateText() string { return PlainText(h.state) }

// ClockText returns the header's date and time as shown.
func (h *Header) ClockText() string { return PlainText(h.clock) }

func (h *Header) setState(s string) {
	if PlainText(h.state) != s {
		SetText(h.state, s)
		h.relayout() // the text's width changed
	}
}

// relayout lays the whole frame out again: the band may now need
// another row.
func (h *Header) relayout() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(h.content); c != nil && c.Content() != nil {
		c.Content().Refresh()
		return
	}
	h.content.Refresh()
}

func (h *Header) setClock(now time.Time) {
	s := fmt.Sprintf("%d年%d月%d日 %s %s", now.Year(), int(now.Month()), now.Day(),
		weekdays[now.Weekday()], now.Format("15:04"))
	if PlainText(h.clock) != s {
		SetText(h.clock, s)
		h.bar.Refresh()
	}
}

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// stateText words the catalogue state for visitors: demo data is called
// so; an enrolled kiosk says whether it reached the hub (sync, when the
// background sync reports) and when it last synced. The catalogue's
// version means nothing to a visitor (issue 13): the staff screen shows
// it. A kiosk whose last sync is older than three sync intervals (at
// least an hour) is offline whatever its last try said. Sync problems are
// for staff and never shown here.
func stateText(st domain.CatalogueState, err error, sync *SyncStatus, now time.Time, interval time.Duration) string {
	if err != nil {
		return "目录状态暂不可用"
	}
	switch st.Source {
	case domain.SourceEmpty:
		if sync != nil && sync.Enrolled {
			return "尚未同步"
		}
		return "目录尚未载入"
	case domain.SourceDemo:
		return "演示数据"
	}
	last := st.LastSync
	if sync != nil && sync.LastSync.After(last) {
		last = sync.LastSync
	}
	if last.IsZero() {
		return "尚未同步"
	}
	stale := 3 * interval
	if stale < time.Hour {
		stale = time.Hour
	}
	when := last.In(now.Location())
	stamp := when.Format("01-02 15:04")
	if when.Year() != now.Year() {
		stamp = when.Format("2006-01-02 15:04")
	} else if when.YearDay() == now.YearDay() {
		stamp = "今天 " + when.Format("15:04")
	}
	switch {
	case now.Sub(last) > stale || (sync != nil && sync.Network && sync.Tried && !sync.Online):
		return "离线 · 最后同步 " + stamp
	case sync != nil && sync.Network && sync.Online:
		return "在线 · 最后同步 " + stamp
	}
	return "最后同步 " + stamp
}

// LongPressAfter is how long the agency name must be held for OnLongPress:
// the staff gesture's 2 s (staffui.LongPress), so the fallback path opens
// the PIN pad after the same hold.
const LongPressAfter = 2 * time.Second

// AgencyTitle shows the agency's name in the header. Tapping it counts as
// activity; OnTapped and OnLongPress are hooks for the staff gesture, which
// the staff screen (issue 5) sets. The desktop driver has no long press, so
// it is built from MouseDown and MouseUp.
type AgencyTitle struct {
	widget.BaseWidget
	OnTapped    func()
	OnLongPress func()

	app     *App
	text    *widget.RichText
	pressed time.Time
	timer   *time.Timer
	fired   bool
}

func newAgencyTitle(a *App, name string) *AgencyTitle {
	t := &AgencyTitle{app: a, text: styledText(name, SizeNameAgency, ColorNameOnHeader)}
	t.text.Truncation = fyne.TextTruncateEllipsis
	t.ExtendBaseWidget(t)
	return t
}

// Text returns the agency name as shown.
func (t *AgencyTitle) Text() string { return PlainText(t.text) }

// Tapped reports activity and calls OnTapped, unless the tap ended a long press.
func (t *AgencyTitle) Tapped(*fyne.PointEvent) {
	t.app.Active()
	if t.fired {
		t.fired = false
		return
	}
	if t.OnTapped != nil {
		t.OnTapped()
	}
}

// MouseDown starts timing a long press.
func (t *AgencyTitle) MouseDown(*desktop.MouseEvent) {
	t.pressed, t.fired = t.app.Now(), false
	if t.timer != nil {
		t.timer.Stop()
	}
	start := t.pressed
	t.timer = time.AfterFunc(LongPressAfter, func() {
		fyne.Do(func() {
			if t.pressed.Equal(start) {
				t.fireLongPress()
			}
		})
	})
}

// MouseUp ends a press; a press held long enough fires OnLongPress.
func (t *AgencyTitle) MouseUp(*desktop.MouseEvent) {
	if t.timer != nil {
		t.timer.Stop()
	}
	if !t.pressed.IsZero() && t.app.Now().Sub(t.pressed) >= LongPressAfter {
		t.fireLongPress()
	}
	t.pressed = time.Time{}
}

func (t *AgencyTitle) fireLongPress() {
	if t.fired || t.pressed.IsZero() {
		return
	}
	t.fired = true
	t.app.Active()
	if t.OnLongPress != nil {
		t.OnLongPress()
	}
}

func (t *AgencyTitle) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.text)
}

// navBar is the row under the header on every screen: 返回, 首页, the
// screen's title, 使用帮助 for the screen, and the visitor's display
// settings: 高对比度 and the 大字模式 button, which steps through 标准字,
// 大字 (1.5×) and 特大字 (2×). When the window is short for its text size
// and the settings would need a row of their own, they fold behind one
// 显示设置 button (issue 13: at 1280×800 in 2× text the extra row left a
// form step no room for its first choice).
type navBar struct {
	back, home, help, contrast, large *widget.Button
	settings                          *widget.Button // 显示设置: opens the folded settings
	title                             *widget.RichText
	bar                               *fyne.Container
	content                           fyne.CanvasObject
	open, shownOpen                   bool // the folded settings are shown; as 显示设置's icon says
}

func newNavBar(a *App) *navBar {
	n := &navBar{}
	n.back = widget.NewButtonWithIcon("返回", theme.NavigateBackIcon(), a.Handle(a.Back))
	n.home = widget.NewButtonWithIcon("首页", theme.HomeIcon(), a.Handle(a.Home))
	n.help = widget.NewButtonWithIcon("使用帮助", theme.HelpIcon(), a.Handle(a.ShowHelp))
	n.contrast = widget.NewButtonWithIcon("高对比度", theme.CheckButtonIcon(), a.Handle(func() {
		a.SetHighContrast(!a.HighContrast())
	}))
	n.large = widget.NewButtonWithIcon("大字模式", theme.CheckButtonIcon(), a.Handle(func() {
		a.SetTextStep((a.TextStep() + 1) % TextStep(len(TextSteps)))
	}))
	n.settings = widget.NewButtonWithIcon("显示设置", theme.SettingsIcon(), a.Handle(func() {
		n.open = !n.open
		a.Relayout()
	}))
	n.settings.Hidden = true
	n.title = styledText("", theme.SizeNameSubHeadingText, theme.ColorNameForeground)
	n.title.Truncation = fyne.TextTruncateEllipsis
	bg := NewFill(theme.ColorNameHeaderBackground)
	line := NewFill(theme.ColorNameSeparator)
	line.SetMinSize(fyne.NewSize(1, 1))
	n.bar = container.New(&barLayout{lead: 2, trail: 4, keepMiddle: true, minMiddle: func() float32 { return preferredWidth(n.title, 6) }},
		n.back, n.home, n.title, n.help, n.settings, n.contrast, n.large)
	n.content = container.NewBorder(nil, line, nil, nil, container.NewStack(bg, container.NewPadded(n.bar)))
	return n
}

func (n *navBar) heightFor(w float32) float32 { return paddedHeight(n.bar, w) + 1 }

// arrange folds the display settings behind 显示设置 when the window is
// short and they would not fit on the row with 返回, 首页 and the title;
// it shows them again, on their own row, while 显示设置 is open.
func (n *navBar) arrange(w float32, short bool) {
	n.settings.Hidden, n.contrast.Hidden, n.large.Hidden = true, false, false
	if !short || len(n.bar.Layout.(*barLayout).rows(n.bar.Objects, w-2*theme.Padding())) == 1 {
		return
	}
	n.settings.Hidden = false
	n.contrast.Hidden, n.large.Hidden = !n.open, !n.open
	if n.shownOpen != n.open {
		n.shownOpen = n.open
		if n.open {
			n.settings.SetIcon(theme.MenuDropUpIcon())
		} else {
			n.settings.SetIcon(theme.SettingsIcon())
		}
	}
}

func (n *navBar) update(title string, canGoBack bool) {
	n.open = false // a new page starts with the settings folded again
	SetText(n.title, title)
	if canGoBack {
		n.back.Enable()
		n.home.Enable()
	} else {
		n.back.Disable()
		n.home.Disable()
	}
}

// setDisplay shows the text step and the contrast on their buttons.
func (n *navBar) setDisplay(step TextStep, contrast bool) {
	check := func(b *widget.Button, on bool) {
		if on {
			b.SetIcon(theme.CheckButtonCheckedIcon())
			b.Importance = widget.HighImportance
		} else {
			b.SetIcon(theme.CheckButtonIcon())
			b.Importance = widget.MediumImportance
		}
	}
	check(n.large, step != TextNormal)
	switch step {
	case TextLarge:
		n.large.SetText("大字模式 1.5倍")
	case TextLarger:
		n.large.SetText("大字模式 2倍")
	default:
		n.large.SetText("大字模式")
	}
	check(n.contrast, contrast)
	n.large.Refresh()
	n.contrast.Refresh()
}

// noticeBanner is a discreet strip at the bottom that tells staff about a
// problem they must know of (for example a database that was moved aside).
// It is hidden when there is nothing to say.
type noticeBanner struct {
	text    *widget.Label
	content *fyne.Container
	parent  *fyne.Container // re-laid out when the banner appears or goes
}

func newNoticeBanner() *noticeBanner {
	b := &noticeBanner{text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapBreak
	b.text.SizeName = theme.SizeNameCaptionText
	bg := NewFill(ColorNameNotice)
	b.content = container.NewStack(bg, b.text)
	b.content.Hide()
	return b
}

func (b *noticeBanner) set(notices []string) {
	text := ""
	if len(notices) > 0 {
		text = "工作人员请注意：" + strings.Join(notices, "；")
	}
	if text == b.text.Text && b.content.Visible() == (text != "") {
		return
	}
	b.text.SetText(text)
	b.content.Hidden = text == ""
	if b.parent != nil {
		b.parent.Refresh()
	}
}

// heightFor returns the banner's height at width w, its text wrapped.
func (b *noticeBanner) heightFor(w float32) float32 {
	b.text.Resize(fyne.NewSize(w, b.text.MinSize().Height)) // wrap at w before measuring
	return b.text.MinSize().Height
}

// Text returns the staff banner's text, "" when hidden.
func (b *noticeBanner) Text() string {
	if !b.content.Visible() {
		return ""
	}
	return b.text.Text
}

// activitySentinel lies over the whole window and reports pointer motion as
// activity. On a touchscreen every touch moves the pointer first, so this
// catches touches on parts of a screen that have no handler of their own.
// It is Hoverable only: taps, drags and scrolls pass through to the widgets
// underneath. (Hover highlights are lost, which a touchscreen never shows.)
type activitySentinel struct {
	widget.BaseWidget
	onMove func()
}

func newActivitySentinel(onMove func()) *activitySentinel {
	s := &activitySentinel{onMove: onMove}
	s.ExtendBaseWidget(s)
	return s
}

func (s *activitySentinel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}

// MouseIn reports activity.
func (s *activitySentinel) MouseIn(*desktop.MouseEvent) { s.onMove() }

// MouseMoved reports activity.
func (s *activitySentinel) MouseMoved(*desktop.MouseEvent) { s.onMove() }

// MouseOut does nothing.
func (s *activitySentinel) MouseOut() {}
