package staffui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/reprint"
	"gongkai/internal/staff"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
	"gongkai/internal/usb"
)

// page lays out a staff sub-screen: a line for results, then the body,
// in a finger-scrolled column.
func page(m *Mode, msg *widget.RichText, body ...fyne.CanvasObject) fyne.CanvasObject {
	col := container.NewVBox(append([]fyne.CanvasObject{msg}, body...)...)
	s := m.app.NewTouchScroll(container.NewPadded(container.NewPadded(col)))
	s.OnActivity = m.touch
	return s
}

func say(t *widget.RichText, msg string, bad bool) {
	col := theme.ColorNamePrimary
	if bad {
		col = theme.ColorNameError
	}
	setText(t, msg, col)
}

// ReprintScreen is 补打回执: a tracking number typed on a keypad, and the
// receipts whose print failed, each a big button.
type ReprintScreen struct {
	s       *Screen
	number  *field
	keys    map[string]*widget.Button
	Print   *widget.Button
	message *widget.RichText
	list    *fyne.Container
	Pending map[string]*widget.Button // by tracking number
}

func newReprintScreen(s *Screen) *ReprintScreen {
	return &ReprintScreen{s: s, keys: map[string]*widget.Button{}, Pending: map[string]*widget.Button{}}
}

// Title is the screen's title.
func (r *ReprintScreen) Title() string { return "补打回执" }

// Build lays the keypad out beside the list of failed receipts.
func (r *ReprintScreen) Build() fyne.CanvasObject {
	m := r.s.m
	r.number = newField("受理编号", false, tracking.Len, nil)
	r.number.group = true
	r.number.setActive(true)
	r.message = wrapped("输入回执上的受理编号（15 位数字），或在右侧选择打印失败的回执。", theme.SizeNameText, theme.ColorNameForeground)
	pad := keypad(r.keys, func(k string) { m.touch(); r.number.key(k) }, digitKeys...)
	r.Print = bigButton("补打", theme.DocumentPrintIcon(), widget.HighImportance, m.handle(func() { r.reprint(r.number.value) }))
	left := container.NewVBox(r.number, pad, sized(r.Print, 0, keyHeight))
	r.list = container.NewVBox()
	right := card("打印失败、待补打的回执", r.list)
	return page(m, r.message, container.NewGridWithColumns(2, container.NewCenter(left), right))
}

// Shown lists the failed receipts.
func (r *ReprintScreen) Shown() { r.load() }

func (r *ReprintScreen) load() {
	type result struct {
		list []reprint.Failure
		err  error
	}
	background(r.s.m, 10*time.Second, func(ctx context.Context) result {
		l, err := r.s.m.deps.Printing.Pending(ctx)
		return result{l, err}
	}, func(res result) {
		r.list.RemoveAll()
		r.Pending = map[string]*widget.Button{}
		switch {
		case res.err != nil:
			r.list.Add(wrapped("暂时无法读取待补打的回执", theme.SizeNameText, theme.ColorNameError))
		case len(res.list) == 0:
			r.list.Add(wrapped("没有打印失败的回执", theme.SizeNameText, theme.ColorNameForeground))
		}
		now := r.s.m.app.Now()
		for _, f := range res.list {
			trk := f.Tracking
			b := widget.NewButtonWithIcon(fmt.Sprintf("%s  %s  %s", trk, f.Title, stamp(f.FailedAt, now)),
				theme.DocumentPrintIcon(), r.s.m.handle(func() { r.reprint(trk) }))
			b.Alignment = widget.ButtonAlignLeading
			r.Pending[trk] = b
			r.list.Add(tall(b))
			r.list.Add(wrapped("　"+f.Message, theme.SizeNameCaptionText, theme.ColorNameError))
		}
		r.list.Refresh()
	})
}

// reprint prints the archived receipt of trk again.
func (r *ReprintScreen) reprint(trk string) {
	n, err := tracking.Parse(trk)
	if err != nil {
		say(r.message, domain.ErrorMessage(err), true)
		return
	}
	trk = n.String()
	r.Print.Disable()
	say(r.message, "正在补打 "+trk+" ……", false)
	background(r.s.m, 2*time.Minute, func(ctx context.Context) error {
		r.s.m.audit(ctx, staff.ActionReprint, staff.Tracking(trk))
		return r.s.m.deps.Printing.Reprint(ctx, trk)
	}, func(err error) {
		r.Print.Enable()
		if err != nil {
			say(r.message, "补打失败："+reprint.StaffMessage(err), true)
		} else {
			say(r.message, "已补打受理编号 "+trk+" 的回执。", false)
			r.number.set("")
		}
		r.load()
	})
}

// Message returns the screen's result line (tests).
func (r *ReprintScreen) Message() string { return ui.PlainText(r.message) }

// Keys returns the keypad's buttons by label (tests).
func (r *ReprintScreen) Keys() map[string]*widget.Button { return r.keys }

// fileChoice is a file or folder offered as a big button.
type fileChoice struct {
	path  string
	label string
}

// listScreen is a sub-screen that offers files or folders found by a
// glob as big buttons and runs an action on the one tapped.
type listScreen struct {
	s       *Screen
	title   string
	intro   string
	find    func() ([]fileChoice, error)
	act     func(ctx context.Context, path string) (string, error)
	message *widget.RichText
	list    *fyne.Container
	Choices map[string]*widget.Button // by path
}

func (l *listScreen) Title() string { return l.title }

func (l *listScreen) Build() fyne.CanvasObject {
	l.message = wrapped(l.intro, theme.SizeNameText, theme.ColorNameForeground)
	l.list = container.NewVBox()
	refresh := bigButton("重新查找", theme.ViewRefreshIcon(), widget.MediumImportance, l.s.m.handle(l.load))
	return page(l.s.m, l.message, l.list, container.NewHBox(sized(refresh, 240, buttonHeight)))
}

func (l *listScreen) Shown() { l.load() }

func (l *listScreen) load() {
	type result struct {
		list []fileChoice
		err  error
	}
	background(l.s.m, 10*time.Second, func(context.Context) result {
		c, err := l.find()
		return result{c, err}
	}, func(res result) {
		l.list.RemoveAll()
		l.Choices = map[string]*widget.Button{}
		if res.err != nil {
			l.list.Add(wrapped("查找失败："+domain.ErrorMessage(res.err), theme.SizeNameText, theme.ColorNameError))
		} else if len(res.list) == 0 {
			l.list.Add(wrapped("没有找到。请插入U盘，稍候再按“重新查找”。", theme.SizeNameText, theme.ColorNameForeground))
		}
		for _, c := range res.list {
			path := c.path
			b := widget.NewButtonWithIcon(c.label, theme.StorageIcon(), l.s.m.handle(func() { l.run(path) }))
			b.Alignment = widget.ButtonAlignLeading
			l.Choices[path] = b
			l.list.Add(tall(b))
		}
		l.list.Refresh()
	})
}

func (l *listScreen) run(path string) {
	for _, b := range l.Choices {
		b.Disable()
	}
	say(l.message, "正在处理 "+filepath.Base(path)+" ……", false)
	type result struct {
		msg string
		err error
	}
	background(l.s.m, 10*time.Minute, func(ctx context.Context) result {
		msg, err := l.act(ctx, path)
		return result{msg, err}
	}, func(r result) {
		for _, b := range l.Choices {
			b.Enable()
		}
		if r.err != nil {
			say(l.message, "失败："+domain.ErrorMessage(r.err), true)
		} else {
			say(l.message, r.msg, false)
		}
	})
}

// Message returns the result line (tests).
func (l *listScreen) Message() string { return ui.PlainText(l.message) }

// BundleScreen is 导入U盘目录: the catalogue bundles found on USB drives
// (the sync section's usb_glob), one big button each.
type BundleScreen struct{ listScreen }

func newBundleScreen(s *Screen) *BundleScreen {
	m := s.m
	return &BundleScreen{usbList(s, "导入U盘目录", "选择U盘上的目录包导入。目录包经签名校验后才会导入。", bundles,
		func(ctx context.Context, path string) (string, error) {
			m.audit(ctx, staff.ActionImportUSB, staff.File(path))
			return m.deps.ImportBundle(ctx, path)
		})}
}

// usbList is a list of what find finds under the sync section's
// usb_glob, with act run on the one chosen.
func usbList(s *Screen, title, intro string, find func(glob string) ([]fileChoice, error),
	act func(ctx context.Context, path string) (string, error)) listScreen {
	glob := s.m.app.Config().Sync.USBGlob
	return listScreen{s: s, title: title, intro: intro, act: act,
		find: func() ([]fileChoice, error) { return find(glob) }}
}

// bundles lists the bundle files on the drives, newest first.
func bundles(glob string) ([]fileChoice, error) {
	files, err := usb.Bundles(glob)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Modified.After(files[j].Modified) })
	out := make([]fileChoice, len(files))
	for i, f := range files {
		out[i] = fileChoice{f.Path, fmt.Sprintf("%s（%s，%s）", filepath.Base(f.Path), bytesSize(f.Size), f.Modified.Format("2006-01-02 15:04"))}
	}
	return out, nil
}

func bytesSize(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
}

// DriveScreen is 导出队列到U盘: the mounted drives (the folders usb_glob
// looks in), one big button each.
type DriveScreen struct{ listScreen }

func newDriveScreen(s *Screen) *DriveScreen {
	m := s.m
	return &DriveScreen{usbList(s, "导出队列到U盘", "选择要写入的U盘。导出的提交仍是加密和签名的，只有信息公开中心能够读取。", drives,
		func(ctx context.Context, dir string) (string, error) {
			n, err := m.deps.ExportQueue(ctx, dir)
			detail := staff.File(dir)
			if err == nil {
				detail = staff.Join(staff.Count(n), staff.File(dir))
			}
			m.audit(ctx, staff.ActionExportQueue, detail)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("已导出 %d 件待上传的提交到 %s。", n, filepath.Base(dir)), nil
		})}
}

// drives lists the mounted USB drives.
func drives(glob string) ([]fileChoice, error) {
	dirs, err := usb.Drives(glob)
	if err != nil {
		return nil, err
	}
	out := make([]fileChoice, len(dirs))
	for i, p := range dirs {
		out[i] = fileChoice{p, filepath.Base(p) + "（" + p + "）"}
	}
	return out, nil
}

// PrinterScreen is 选择打印机: the configured printers and, for switching
// transport or queue, every CUPS queue `lpstat -a` lists, raw (thermal
// ESC/POS) or PDF. The choice lasts until the kiosk restarts.
type PrinterScreen struct {
	s       *Screen
	message *widget.RichText
	list    *fyne.Container
	Choices map[string]*widget.Button // by label
}

func newPrinterScreen(s *Screen) *PrinterScreen {
	return &PrinterScreen{s: s, Choices: map[string]*widget.Button{}}
}

// Title is the screen's title.
func (p *PrinterScreen) Title() string { return "选择打印机" }

// Build lays the choices out; Shown fills them.
func (p *PrinterScreen) Build() fyne.CanvasObject {
	p.message = wrapped("", theme.SizeNameText, theme.ColorNameForeground)
	p.list = container.NewVBox()
	note := wrapped("所选打印机在本次运行中有效；终端重启后恢复配置文件 [printer] 中的打印机。", theme.SizeNameCaptionText, ui.ColorNameMuted)
	return page(p.s.m, p.message, p.list, note)
}

// choice is a printer staff may switch to.
type choice struct {
	label string
	cfg   config.Printer
}

// Shown lists the configured printers and the CUPS queues.
func (p *PrinterScreen) Shown() {
	m := p.s.m
	current := "未配置打印机"
	if pr := m.deps.Printing.Printer(); pr != nil {
		current = pr.Describe()
	}
	say(p.message, "当前："+current, false)
	type result struct {
		list []choice
		err  error
	}
	background(m, 10*time.Second, func(ctx context.Context) result {
		var out []choice
		for _, c := range m.deps.Printers {
			out = append(out, choice{"配置：" + describe(m, c), c})
		}
		queues, err := m.deps.CUPSQueues(ctx)
		base := m.current()
		if base.Paper == config.PaperA4 {
			base.Paper = config.Paper80mm
		}
		for _, q := range queues {
			raw, pdf := base, base
			raw.Transport, raw.Queue = config.TransportCUPSRaw, q
			pdf.Transport, pdf.Queue = config.TransportCUPSPDF, q
			if raw.Validate() == nil {
				out = append(out, choice{"CUPS 队列 " + q + "（热敏打印机，原始数据）", raw})
			}
			if pdf.Validate() == nil {
				out = append(out, choice{"CUPS 队列 " + q + "（PDF）", pdf})
			}
		}
		return result{out, err}
	}, func(r result) {
		p.list.RemoveAll()
		p.Choices = map[string]*widget.Button{}
		for _, c := range r.list {
			c := c
			b := widget.NewButtonWithIcon(c.label, theme.DocumentPrintIcon(), m.handle(func() { p.choose(c) }))
			b.Alignment = widget.ButtonAlignLeading
			if c.cfg == m.current() {
				b.Importance = widget.HighImportance
			}
			p.Choices[c.label] = b
			p.list.Add(tall(b))
		}
		if r.err != nil {
			p.list.Add(wrapped("无法列出 CUPS 打印队列（打印服务可能未运行）", theme.SizeNameText, theme.ColorNameError))
		}
		p.list.Refresh()
	})
}

// choose switches receipts to c.
func (p *PrinterScreen) choose(c choice) {
	m := p.s.m
	pr, err := m.deps.NewPrinter(c.cfg)
	if err != nil {
		say(p.message, "无法使用该打印机："+domain.ErrorMessage(err), true)
		return
	}
	m.deps.Printing.SetPrinter(pr)
	m.cur = c.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	m.audit(ctx, staff.ActionChoosePrinter, staff.Printer(printerTarget(c.cfg)))
	cancel()
	say(p.message, "已改用："+pr.Describe(), false)
	for label, b := range p.Choices {
		if label == c.label {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

// Message returns the result line (tests).
func (p *PrinterScreen) Message() string { return ui.PlainText(p.message) }

// describe names a printer section the way the printer package does.
func describe(m *Mode, c config.Printer) string {
	if pr, err := m.deps.NewPrinter(c); err == nil {
		return pr.Describe()
	}
	return "无效的打印机设置"
}
