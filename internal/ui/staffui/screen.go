package staffui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/health"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/internal/ui"
	"gongkai/sync/protocol"
)

// comingSoon is what a button whose capability is not wired says.
const comingSoon = "该功能即将开放"

// Screen is the staff screen: queue, sync, printer, today's counts, kiosk
// facts and the audit log, with the staff actions. It shows no personal
// data: counts, tracking numbers, states and 工号 only.
type Screen struct {
	m *Mode

	note     *widget.RichText // the result of the last action
	queue    map[string]*widget.RichText
	oldest   *widget.RichText
	lastErr  *widget.RichText
	catalog  *widget.RichText
	lastSync *widget.RichText
	syncLine *widget.RichText
	roster   *widget.RichText
	prName   *widget.RichText
	prState  *widget.RichText
	pending  *widget.RichText
	today    map[string]*widget.RichText
	kioskID  *widget.RichText
	version  *widget.RichText
	catVer   *widget.RichText
	disk     *widget.RichText
	audit    *fyne.Container
	cols     *fyne.Container // the three columns, re-laid out when texts change

	Sync, Export, Import, TestPage, Choose, Reprint, Assist, SignOut, Quit, Refresh *widget.Button
	// VolumeDown ... SpeedUp adjust 语音播报 (nil without speech).
	VolumeDown, VolumeUp, SpeedDown, SpeedUp, Try *widget.Button

	quitPopup *widget.PopUp
	// QuitConfirm is the confirm dialog's 确定退出程序, set while it shows.
	QuitConfirm *widget.Button

	loads int // snapshots applied (tests wait on it)
}

// openScreen shows the staff screen after a good login.
func (m *Mode) openScreen() {
	m.lastActive = m.app.Now()
	m.app.Push(&Screen{m: m})
}

// Title names the screen and who is logged in.
func (s *Screen) Title() string {
	if sess := s.m.Session(); sess != nil {
		if sess.Name != "" {
			return "工作人员管理（工号 " + sess.StaffID + " " + sess.Name + "）"
		}
		return "工作人员管理（工号 " + sess.StaffID + "）"
	}
	return "工作人员管理"
}

// Build lays the cards out in three columns under a bar with the result
// line and the session's buttons, sized to fit a 1920×1080 screen without
// scrolling (it still scrolls by finger in 大字模式).
func (s *Screen) Build() fyne.CanvasObject {
	h := s.m.handle
	s.note = wrapped("", theme.SizeNameText, theme.ColorNamePrimary)
	s.Refresh = bigButton("刷新", theme.ViewRefreshIcon(), widget.MediumImportance, h(s.refresh))
	s.Assist = bigButton("代为填写申请", theme.DocumentCreateIcon(), widget.HighImportance, h(s.assist))
	s.SignOut = bigButton("退出管理", theme.LogoutIcon(), widget.MediumImportance, h(s.m.signOut))
	s.Quit = bigButton("退出程序", theme.CancelIcon(), widget.DangerImportance, h(s.confirmQuit))
	actions := container.NewHBox(sized(s.Refresh, 150, buttonHeight), sized(s.Assist, 230, buttonHeight),
		sized(s.SignOut, 190, buttonHeight), sized(s.Quit, 190, buttonHeight))
	top := container.NewBorder(nil, nil, nil, actions, s.note)

	s.queue = map[string]*widget.RichText{}
	var tiles []fyne.CanvasObject
	for _, st := range health.QueueStates {
		t, v := tile(st.Name)
		s.queue[st.Name] = v
		tiles = append(tiles, t)
	}
	var qf facts
	s.oldest, s.lastErr = qf.add("最早未上传"), qf.add("最近错误")
	s.Sync = bigButton("立即同步", theme.ViewRefreshIcon(), widget.HighImportance, h(s.syncNow))
	s.Export = bigButton("导出队列到U盘", theme.DownloadIcon(), widget.MediumImportance, h(s.export))
	queueCard := card("提交队列", container.NewGridWithColumns(len(tiles), tiles...), qf.table(),
		container.NewGridWithColumns(2, tall(s.Sync), tall(s.Export)))

	var sf facts
	s.catalog, s.lastSync, s.syncLine, s.roster = sf.add("目录"), sf.add("最后同步"), sf.add("同步状态"), sf.add("前台名单")
	s.Import = bigButton("导入U盘目录", theme.UploadIcon(), widget.MediumImportance, h(s.importBundle))
	syncCard := card("目录同步", sf.table(), tall(s.Import))

	var pf facts
	s.prName, s.prState, s.pending = pf.add("打印机"), pf.add("状态"), pf.add("待补打")
	s.TestPage = bigButton("打印测试页", theme.DocumentPrintIcon(), widget.MediumImportance, h(s.testPage))
	s.Choose = bigButton("选择打印机", theme.SettingsIcon(), widget.MediumImportance, h(s.choosePrinter))
	s.Reprint = bigButton("补打回执", theme.DocumentPrintIcon(), widget.HighImportance, h(s.reprint))
	printerCard := card("打印机", pf.table(),
		container.NewGridWithColumns(2, tall(s.TestPage), tall(s.Choose)), tall(s.Reprint))

	s.today = map[string]*widget.RichText{}
	tiles = nil
	for _, k := range protocol.Kinds {
		t, v := tile(protocol.KindTitle(k))
		s.today[k] = v
		tiles = append(tiles, t)
	}
	todayCard := card("今日受理", container.NewGridWithColumns(len(tiles), tiles...))

	var kf facts
	s.kioskID, s.version, s.catVer, s.disk = kf.add("终端编号"), kf.add("软件版本"), kf.add("目录版本"), kf.add("磁盘可用")
	infoCard := card("本机信息", kf.table())

	s.audit = container.NewVBox()
	auditCard := card(fmt.Sprintf("操作记录（最近 %d 条）", health.AuditShown), container.NewPadded(s.audit))

	s.cols = container.New(&columnsLayout{},
		container.NewVBox(queueCard, syncCard),
		container.NewVBox(printerCard, todayCard),
		container.NewVBox(infoCard, s.speechCard(), auditCard))
	scroll := s.m.app.NewTouchScroll(container.NewPadded(container.NewVBox(top, s.cols)))
	scroll.OnActivity = s.m.touch
	return scroll
}

// Shown re-reads everything.
func (s *Screen) Shown() {
	s.m.lastActive = s.m.app.Now()
	s.refresh()
}

// Reset ends the staff session: the staff screen left the stack.
func (s *Screen) Reset() {
	if s.quitPopup != nil {
		s.quitPopup.Hide()
	}
	s.m.leave()
}

// say shows the result of an action at the top of the screen.
func (s *Screen) say(msg string, bad bool) {
	col := theme.ColorNamePrimary
	if bad {
		col = theme.ColorNameError
	}
	setText(s.note, msg, col)
}

// Note returns the action result line (tests).
func (s *Screen) Note() string { return ui.PlainText(s.note) }

func (s *Screen) refresh() {
	background(s.m, 10*time.Second, s.m.load, s.apply)
}

// apply shows a snapshot.
func (s *Screen) apply(snap health.Report) {
	s.loads++
	now := s.m.app.Now()
	for _, st := range health.QueueStates {
		v := "—"
		if snap.QueueErr == nil {
			v = fmt.Sprint(st.Count(snap.Queue))
		}
		setText(s.queue[st.Name], v, "")
	}
	switch {
	case snap.QueueErr != nil:
		setText(s.oldest, "队列暂不可读", theme.ColorNameError)
	case snap.Queue.OldestUnsent.IsZero():
		setText(s.oldest, "没有待上传的提交", "")
	default:
		col := fyne.ThemeColorName("")
		if snap.Queue.OldestAge > 24*time.Hour {
			col = theme.ColorNameError
		}
		setText(s.oldest, age(snap.Queue.OldestAge)+"前（"+stamp(snap.Queue.OldestUnsent, now)+"）", col)
	}
	lastErr := snap.Queue.LastError
	if snap.Queue.AuthError != "" {
		lastErr = snap.Queue.AuthError
	}
	if lastErr == "" {
		setText(s.lastErr, "无", theme.ColorNameForeground)
	} else {
		setText(s.lastErr, lastErr, theme.ColorNameError)
	}

	if snap.CatalogueErr != nil {
		setText(s.catalog, "目录状态暂不可读", theme.ColorNameError)
	} else {
		setText(s.catalog, fmt.Sprintf("%s，共 %d 份文件", health.SourceName(snap.Catalogue.Source), snap.Catalogue.Documents), "")
		setText(s.catVer, fmt.Sprint(snap.Catalogue.Version), "")
	}
	last := snap.Catalogue.LastSync
	if snap.Sync != nil && snap.Sync.LastSync.After(last) {
		last = snap.Sync.LastSync
	}
	setText(s.lastSync, stamp(last, now), "")
	switch {
	case snap.Sync == nil:
		setText(s.syncLine, "—", "")
	case snap.Sync.Syncing:
		setText(s.syncLine, "正在同步", "")
	case snap.Sync.Problem != "":
		setText(s.syncLine, snap.Sync.Problem, theme.ColorNameError)
	case !snap.Sync.Enrolled:
		setText(s.syncLine, "本机尚未注册到目录中心", theme.ColorNameError)
	case snap.Sync.Online:
		setText(s.syncLine, "正常", theme.ColorNameSuccess)
	default:
		setText(s.syncLine, "离线", theme.ColorNameError)
	}

	switch st := snap.Staff; {
	case snap.StaffErr != nil:
		setText(s.roster, "暂不可读", theme.ColorNameError)
	case st.Roster && st.Members == 0:
		setText(s.roster, "已同步，暂无可登录人员", theme.ColorNameError)
	case st.Roster:
		setText(s.roster, fmt.Sprintf("已同步 %d 人，凭本人工号和终端密码登录", st.Members), "")
	default:
		setText(s.roster, "尚未收到，暂用共用密码登录", theme.ColorNameError)
	}

	setText(s.prName, snap.Printer, "")
	switch {
	case snap.PrinterErr != nil:
		setText(s.prState, reprint.StaffMessage(snap.PrinterErr), theme.ColorNameError)
	default:
		setText(s.prState, snap.PrinterStatus.Message, theme.ColorNameSuccess)
	}
	switch n := len(snap.Pending); {
	case snap.PendingErr != nil:
		setText(s.pending, "暂不可读", theme.ColorNameError)
	case n == 0:
		setText(s.pending, "无", theme.ColorNameForeground)
	default:
		setText(s.pending, fmt.Sprintf("%d 张回执待补打", n), theme.ColorNameError)
	}

	for _, k := range protocol.Kinds {
		v := "—"
		if snap.Today != nil {
			v = fmt.Sprintf("%d 件", snap.Today[k])
		}
		setText(s.today[k], v, "")
	}

	id := s.m.app.Config().KioskID
	if id == "" {
		id = "尚未注册"
	}
	setText(s.kioskID, id, "")
	setText(s.version, s.m.deps.Version, "")
	if snap.FreeErr != nil {
		setText(s.disk, "暂不可读", theme.ColorNameError)
	} else {
		col := fyne.ThemeColorName("")
		if snap.Free < 1<<30 {
			col = theme.ColorNameError
		}
		setText(s.disk, health.Bytes(snap.Free), col)
	}

	s.audit.RemoveAll()
	if snap.AuditErr != nil {
		s.audit.Add(tight(wrapped("操作记录暂不可读", theme.SizeNameText, theme.ColorNameError)))
	}
	for _, e := range snap.Audit {
		line := stamp(e.At, now) + "  " + e.StaffID + "  " + string(e.Action)
		if e.Detail != "" {
			line += "  " + e.Detail
		}
		s.audit.Add(tight(wrapped(line, theme.SizeNameCaptionText, theme.ColorNameForeground)))
	}
	// Wrapped values measure their height only once they have a width:
	// lay the columns out again now that the texts are in.
	s.cols.Refresh()
}

// Loads returns how many snapshots the screen has shown (tests).
func (s *Screen) Loads() int { return s.loads }

// Text returns the visible text of the screen's facts, one per line, for
// tests and the screenshot check.
func (s *Screen) Text() string {
	var b strings.Builder
	for _, st := range health.QueueStates {
		fmt.Fprintf(&b, "%s：%s\n", st.Name, ui.PlainText(s.queue[st.Name]))
	}
	for _, t := range []*widget.RichText{s.oldest, s.lastErr, s.catalog, s.lastSync, s.syncLine, s.roster, s.prName, s.prState, s.pending} {
		b.WriteString(ui.PlainText(t) + "\n")
	}
	for _, k := range protocol.Kinds {
		fmt.Fprintf(&b, "%s：%s\n", protocol.KindTitle(k), ui.PlainText(s.today[k]))
	}
	for _, t := range []*widget.RichText{s.kioskID, s.version, s.catVer, s.disk} {
		b.WriteString(ui.PlainText(t) + "\n")
	}
	for _, o := range s.audit.Objects {
		if c, ok := o.(*fyne.Container); ok {
			if t, ok := c.Objects[0].(*widget.RichText); ok {
				b.WriteString(ui.PlainText(t) + "\n")
			}
		}
	}
	return b.String()
}

func (s *Screen) syncNow() {
	if s.m.deps.SyncNow == nil {
		s.say(comingSoon, false)
		return
	}
	s.Sync.Disable()
	s.say("正在同步……", false)
	type result struct {
		msg string
		err error
	}
	background(s.m, 5*time.Minute, func(ctx context.Context) result {
		s.m.audit(ctx, staff.ActionSyncNow, staff.Detail{})
		msg, err := s.m.deps.SyncNow(ctx)
		return result{msg, err}
	}, func(r result) {
		s.Sync.Enable()
		if r.err != nil {
			s.say("同步失败："+domain.ErrorMessage(r.err), true)
		} else {
			s.say(r.msg, false)
		}
		s.refresh()
	})
}

func (s *Screen) export() { offer(s, s.m.deps.ExportQueue != nil, newDriveScreen) }

func (s *Screen) importBundle() { offer(s, s.m.deps.ImportBundle != nil, newBundleScreen) }

// offer pushes the screen mk makes when its action is configured (ok),
// and says the action is coming soon otherwise.
func offer[T ui.Screen](s *Screen, ok bool, mk func(*Screen) T) {
	if !ok {
		s.say(comingSoon, false)
		return
	}
	s.m.app.Push(mk(s))
}

// printerReady reports whether a printer is configured, and says so when
// none is.
func (s *Screen) printerReady() bool {
	if s.m.deps.Printing == nil {
		s.say("未配置打印机", true)
		return false
	}
	return true
}

func (s *Screen) testPage() {
	if !s.printerReady() {
		return
	}
	s.TestPage.Disable()
	s.say("正在打印测试页……", false)
	target := printerTarget(s.m.current())
	background(s.m, 2*time.Minute, func(ctx context.Context) error {
		s.m.audit(ctx, staff.ActionTestPage, staff.Printer(target))
		return s.m.deps.Printing.PrintTestPage(ctx, s.m.app.Config().AgencyName)
	}, func(err error) {
		s.TestPage.Enable()
		if err != nil {
			s.say("测试页打印失败："+domain.ErrorMessage(err), true)
		} else {
			s.say("测试页已送出，请检查打印效果。", false)
		}
		s.refresh()
	})
}

func (s *Screen) choosePrinter() {
	if s.printerReady() {
		s.m.app.Push(newPrinterScreen(s))
	}
}

func (s *Screen) reprint() {
	if s.printerReady() {
		s.m.app.Push(newReprintScreen(s))
	}
}

func (s *Screen) assist() {
	sess := s.m.Session()
	if s.m.deps.StartAssisted == nil || sess == nil {
		s.say(comingSoon, false)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	s.m.audit(ctx, staff.ActionAssistedFiling, staff.Detail{})
	cancel()
	s.m.deps.StartAssisted(sess.StaffID)
}

// confirmQuit asks before 退出程序: the kiosk goes off the screen.
func (s *Screen) confirmQuit() {
	msg := ui.Text("确定退出自助终端程序吗？", theme.SizeNameSubHeadingText, theme.ColorNameForeground, true)
	sub := wrapped("退出后屏幕上将不再显示自助终端，需要由工作人员重新启动。", theme.SizeNameText, ui.ColorNameMuted)
	var pop *widget.PopUp
	s.QuitConfirm = bigButton("确定退出程序", theme.CancelIcon(), widget.DangerImportance, s.m.handle(func() {
		pop.Hide()
		s.m.end(staff.EndSignOut)
		s.m.deps.Quit()
	}))
	cancel := bigButton("取消", theme.NavigateBackIcon(), widget.MediumImportance, s.m.handle(func() { pop.Hide() }))
	body := container.NewVBox(msg, sized(sub, 560, 0), layout.NewSpacer(),
		container.NewGridWithColumns(2, tall(cancel), tall(s.QuitConfirm)))
	pop = widget.NewModalPopUp(container.NewPadded(container.NewPadded(body)), s.m.app.Window().Canvas())
	s.quitPopup = pop
	pop.Show()
}

// printerTarget names a printer for the audit log: its queue, address or
// device.
func printerTarget(c config.Printer) string {
	switch {
	case c.Transport == config.TransportCUPSRaw || c.Transport == config.TransportCUPSPDF:
		return c.Queue
	case c.Transport == config.TransportTCP:
		return c.TCPAddress()
	case c.Transport == config.TransportDevice:
		return c.Device
	}
	return "none"
}
