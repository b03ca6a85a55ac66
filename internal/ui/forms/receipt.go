package forms

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
	"gongkai/sync/protocol"
)

// Print outcomes shown on the receipt screen.
const (
	msgPrinting    = "正在打印回执，请稍候……"
	msgPrinted     = "回执已打印，请从出纸口取走并妥善保管。"
	msgPrintFailed = "回执打印失败，请联系工作人员。您的提交已保存，不受影响；请记下本页的受理编号和查询码。"
	msgNoPrinter   = "本机暂未连接回执打印机。请记下或用手机拍下本页的受理编号和查询码，用于查询办理进度。"
)

// ReceiptScreen shows a submission's receipt after it was durably queued,
// and prints it. It shows no personal data: the numbers, the dates, the
// deadline and the event, never the summary lines.
type ReceiptScreen struct {
	k       *kit
	r       receipt.Receipt
	print   *widget.RichText
	texts   []*widget.RichText
	big     *canvas.Text
	done    *widget.Button
	printed chan struct{} // closed once printing has finished or was skipped
}

func newReceiptScreen(k *kit, r receipt.Receipt) *ReceiptScreen {
	return &ReceiptScreen{k: k, r: r, printed: make(chan struct{})}
}

// Title is the navigation bar's title.
func (s *ReceiptScreen) Title() string { return "提交成功" }

func (s *ReceiptScreen) line(label, value string) fyne.CanvasObject {
	v := body(value)
	s.texts = append(s.texts, v)
	return container.NewBorder(nil, nil, container.New(ui.AtLeast(170, 0), muted(label)), nil, v)
}

// headline says in a few words what happened, in green, or amber for a
// waitlist place: a sign-up must say plainly whether the seat is certain.
func (s *ReceiptScreen) headline() (string, fyne.ThemeColorName) {
	switch s.r.Kind {
	case protocol.KindApplication:
		return "您的申请已提交", theme.ColorNameSuccess
	case protocol.KindSignup:
		switch s.r.Event.SeatState {
		case protocol.StatusConfirmed:
			return "报名成功，名额已确认", theme.ColorNameSuccess
		case protocol.StatusWaitlist:
			return "名额已满，您已登记为候补", theme.ColorNameWarning
		}
		return "报名已登记，待确认", theme.ColorNameWarning
	case protocol.KindCancel:
		return "取消报名已受理", theme.ColorNameSuccess
	}
	return "您的意见已提交", theme.ColorNameSuccess
}

// Build lays the receipt out and starts printing it.
func (s *ReceiptScreen) Build() fyne.CanvasObject {
	r := s.r
	words, col := s.headline()
	res := theme.ConfirmIcon()
	if col == theme.ColorNameWarning {
		res = theme.InfoIcon()
	}
	icon := widget.NewIcon(theme.NewColoredResource(res, col))
	head := container.NewHBox(container.New(ui.AtLeast(56, 56), icon),
		container.NewCenter(ui.Text(words, theme.SizeNameHeadingText, col, true)))
	body := container.NewVBox(head, muted(r.Title))
	if r.Tracking != "" {
		s.big = canvas.NewText(r.Tracking, theme.Color(theme.ColorNamePrimary))
		s.big.TextSize = theme.Size(theme.SizeNameHeadingText) * 1.6
		s.big.TextStyle.Bold = true
		body.Add(spacer(4))
		body.Add(muted("受理编号"))
		body.Add(s.big)
	}
	if r.VerificationCode != "" {
		code := ui.Text("查询码　"+tracking.GroupCode(r.VerificationCode), theme.SizeNameHeadingText, theme.ColorNameForeground, true)
		s.texts = append(s.texts, code)
		body.Add(code)
	}
	received := "提交时间"
	if r.Kind == protocol.KindApplication {
		received = "受理日期"
	}
	body.Add(s.line(received, dateTimeText(r.Received)))
	if r.Deadline != nil {
		v := dateText(*r.Deadline) + "前"
		if r.Provisional {
			v += "（暂定）"
		}
		body.Add(s.line("答复期限", v))
		basis := r.LegalBasis
		if basis == "" {
			basis = receipt.DefaultLegalBasis
		}
		body.Add(s.line("法律依据", basis))
	}
	if e := r.Event; e != nil {
		body.Add(s.line("报名结果", e.SeatState))
		body.Add(s.line("活动", e.Title))
		body.Add(s.line("时间", eventTime(domain.Event{Start: e.Start})))
		body.Add(s.line("地点", e.Place))
	}
	notes := r.Notes
	if r.Deadline != nil && r.Provisional {
		notes = append([]string{"答复期限所在年度的节假日安排尚未公布，期限为暂定，以工作人员书面告知为准。"}, notes...)
	}
	for _, n := range notes {
		body.Add(muted("※ " + n))
	}
	s.print = ui.Wrapped(msgPrinting, theme.SizeNameText, theme.ColorNameForeground, true)
	body.Add(panel(ui.ColorNameNotice, s.print))

	var right fyne.CanvasObject
	if r.StatusURL != "" {
		if q, err := receipt.QRImage(r.StatusURL, 12); err == nil {
			img := canvas.NewImageFromImage(q)
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSquareSize(220))
			right = container.NewVBox(img, container.NewCenter(ui.Text("手机扫码查询进度", theme.SizeNameText, ui.ColorNameMuted, false)))
		}
	}
	s.done = button(s.k.app, "完成", theme.ConfirmIcon(), widget.HighImportance, s.k.app.Home)
	main := container.NewBorder(nil, nil, nil, right, body)
	bar := container.NewPadded(container.NewHBox(layout.NewSpacer(), big(s.done, 300), layout.NewSpacer()))
	s.startPrint()
	return container.NewBorder(nil, bar, nil, nil, s.k.app.NewTouchScroll(column(main)))
}

// ShowReceipt shows r on the receipt screen without printing it (the
// layout tour and its screenshots: a receipt needs a submission, and a
// kiosk without a hub takes none).
func ShowReceipt(app *ui.App, r receipt.Receipt) {
	k := &kit{app: app, deps: Deps{Now: app.Now}, live: map[wiper]bool{}, do: fyne.Do}
	app.Push(newReceiptScreen(k, r))
}

// startPrint prints off the UI goroutine and shows how it went.
func (s *ReceiptScreen) startPrint() {
	if s.k.deps.PrintReceipt == nil {
		setText(s.print, msgNoPrinter)
		close(s.printed)
		return
	}
	printFn, r, do := s.k.deps.PrintReceipt, s.r, s.k.do
	go func() {
		defer close(s.printed)
		ctx, cancel := s.k.ctx(60 * time.Second)
		defer cancel()
		err := printFn(ctx, r)
		if err != nil {
			s.k.app.Logf("forms: print receipt %s: %v", r.Tracking, err)
		}
		do(func() {
			if err != nil {
				setText(s.print, msgPrintFailed)
			} else {
				setText(s.print, msgPrinted)
			}
		})
	}()
}

// PrintStatus returns what the screen says about printing.
func (s *ReceiptScreen) PrintStatus() string { return ui.PlainText(s.print) }

// Reset drops the numbers from the screen.
func (s *ReceiptScreen) Reset() {
	for _, t := range s.texts {
		setText(t, "")
	}
	if s.big != nil {
		s.big.Text = ""
		s.big.Refresh()
	}
	s.r = receipt.Receipt{}
}
