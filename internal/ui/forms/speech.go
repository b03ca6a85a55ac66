package forms

import (
	"fmt"
	"fyne.io/fyne/v2"
	"strings"
	"time"

	"fyne.io/fyne/v2/theme"

	"gongkai/internal/calendar"
	"gongkai/internal/tracking"
	"gongkai/internal/ui"
)

// personal are the answers 语音播报 never says aloud: a kiosk's speaker
// is heard by the whole hall. It says that they are filled in.
var personal = map[string]bool{
	"name": true, "id_number": true, "employer": true, "org_name": true, "credit_code": true, "legal_rep": true,
	"contact_name": true, "phone": true, "address": true, "postal_code": true, "email": true, "mobile": true,
	"text": true, "rating_reason": true, "tracking_number": true, "verification_code": true,
}

// speech reads a field: its label, whether it must be answered, its
// hint, what it holds (a choice's options and answer; for typed text only
// whether it is filled in) and the message under it.
func (f *field) speech() string {
	parts := []string{f.label}
	if f.optional {
		parts = append(parts, "选填")
	} else {
		parts = append(parts, "必填")
	}
	if f.hint != "" {
		parts = append(parts, f.hint)
	}
	switch {
	case f.choice != nil:
		parts = append(parts, "可选："+strings.Join(f.choice.options, "、"))
		if all := f.choice.All(); len(all) > 0 {
			parts = append(parts, "已选："+strings.Join(all, "、"))
		} else {
			parts = append(parts, "尚未选择")
		}
	case f.entry != nil && strings.TrimSpace(f.entry.Text) == "":
		parts = append(parts, "尚未填写")
	case f.entry != nil && personal[f.key]:
		parts = append(parts, "已填写")
	case f.entry != nil:
		parts = append(parts, "已填写："+f.entry.Text)
	}
	if e := f.Error(); e != "" {
		parts = append(parts, "提示："+e)
	}
	return ui.Sentence(strings.Join(parts, "，"))
}

// speech reads the step shown: where the visitor is in the form, then
// each question on it, then the form's message, if any. On the review
// page it reads the answers, saying only that personal ones are filled in.
func (w *wizard) speech() []string {
	out := []string{ui.Sentence(w.progress.Summary())}
	if w.cur == len(w.steps)-1 && len(w.reviewRows) > 0 {
		out = append(out, "请核对以下内容，确认无误后选择“确认提交”。")
		for _, r := range w.reviewRows {
			v := r.value
			if personal[r.key] {
				v = "已填写"
			}
			out = append(out, ui.Sentence(r.label+"："+v))
		}
	} else {
		for _, f := range w.fields {
			if f.step == w.cur && f.on {
				out = append(out, f.speech())
			}
		}
	}
	if msg := w.errBanner.String(); msg != "" && w.errBanner.obj.Visible() {
		out = append(out, ui.Sentence("提示："+strings.ReplaceAll(msg, "\n", "；")))
	}
	return out
}

// VisitorForm marks the forms for the frame (ui.Form): no staff notices.
func (s *ApplicationScreen) VisitorForm() {}
func (s *FeedbackScreen) VisitorForm()    {}
func (s *SignupScreen) VisitorForm()      {}
func (s *CancelScreen) VisitorForm()      {}

// FirstAnswer returns the current step's first question and the first
// thing to answer it with (its first choice, or its field), or nils on a
// step without questions (the review): the layout checks that both show
// without scrolling.
func (w *wizard) FirstAnswer() (question, answer fyne.CanvasObject) {
	if w.cur == len(w.steps)-1 && len(w.reviewRows) > 0 {
		return nil, nil
	}
	for _, f := range w.fields {
		if f.step != w.cur || !f.on {
			continue
		}
		if f.choice != nil && len(f.choice.options) > 0 {
			return f.title, f.choice.buttons[f.choice.options[0]]
		}
		return f.title, f.holder
	}
	return nil, nil
}

// FirstAnswer is the current step's (wizard.FirstAnswer).
func (s *ApplicationScreen) FirstAnswer() (fyne.CanvasObject, fyne.CanvasObject) {
	return s.w.FirstAnswer()
}

// FirstAnswer is the current step's (wizard.FirstAnswer).
func (s *FeedbackScreen) FirstAnswer() (fyne.CanvasObject, fyne.CanvasObject) {
	return s.w.FirstAnswer()
}

// FirstAnswer is the current step's (wizard.FirstAnswer).
func (s *SignupScreen) FirstAnswer() (fyne.CanvasObject, fyne.CanvasObject) { return s.w.FirstAnswer() }

// FirstAnswer is the current step's (wizard.FirstAnswer).
func (s *CancelScreen) FirstAnswer() (fyne.CanvasObject, fyne.CanvasObject) { return s.w.FirstAnswer() }

func (s *ApplicationScreen) wizardOf() *wizard { return s.w }
func (s *FeedbackScreen) wizardOf() *wizard    { return s.w }
func (s *SignupScreen) wizardOf() *wizard      { return s.w }
func (s *CancelScreen) wizardOf() *wizard      { return s.w }

// Speech reads the application's current step.
func (s *ApplicationScreen) Speech() []string { return s.w.speech() }

// Speech reads the feedback form's current step.
func (s *FeedbackScreen) Speech() []string { return s.w.speech() }

// Speech reads the sign-up form's current step.
func (s *SignupScreen) Speech() []string { return s.w.speech() }

// Speech reads the cancellation's current step.
func (s *CancelScreen) Speech() []string { return s.w.speech() }

// Speech reads the receipt: what happened, then the tracking number and
// the verification code digit by digit, and the reply's deadline.
func (s *ReceiptScreen) Speech() []string {
	r := s.r
	words, _ := s.headline()
	out := []string{ui.Sentence(words)}
	if r.Tracking != "" {
		out = append(out, ui.Sentence("受理编号："+ui.SpellDigits(r.Tracking)))
	}
	if r.VerificationCode != "" {
		out = append(out, ui.Sentence("查询码："+ui.SpellDigits(tracking.GroupCode(r.VerificationCode))))
	}
	if r.Deadline != nil {
		d := r.Deadline.In(calendar.Beijing)
		v := "答复期限：" + ui.SpeakDate(d.Year(), int(d.Month()), d.Day()) + "前"
		if r.Provisional {
			v += "（暂定）"
		}
		out = append(out, ui.Sentence(v))
	}
	if e := r.Event; e != nil {
		out = append(out, ui.Sentence("活动："+e.Title), ui.Sentence("时间："+speakTime(e.Start)), ui.Sentence("地点："+e.Place))
	}
	if p := s.PrintStatus(); p != "" {
		out = append(out, ui.Sentence(p))
	}
	return out
}

func speakTime(t time.Time) string {
	t = t.In(calendar.Beijing)
	return ui.SpeakDate(t.Year(), int(t.Month()), t.Day()) + fmt.Sprintf("%d点%02d分", t.Hour(), t.Minute())
}

// Speech reads the look-up: what to type, and the answer when there is
// one.
func (s *StatusScreen) Speech() []string {
	out := []string{"请输入回执上的受理编号和查询码，然后选择“查询”；也可以把回执上的二维码对准扫码口。",
		s.tracking.speech(), s.code.speech()}
	if msg := s.msg.String(); msg != "" {
		out = append(out, ui.Sentence(msg))
	}
	for _, r := range s.rows {
		out = append(out, ui.Sentence(ui.PlainText(r)))
	}
	return out
}

// help explains the form's current step: moving between steps, typing,
// the questions on it, and calling staff.
func (w *wizard) help() []ui.HelpItem {
	items := []ui.HelpItem{
		{Icon: theme.NavigateNextIcon(), Text: "表格分几步填写，上方显示第几步。填好一步点“下一步”，要改前面的内容点“上一步”。"},
		{Icon: theme.ComputerIcon(), Text: "点一下要填写的框，屏幕下方会出现键盘：汉字用拼音输入后点选，数字框会出现数字键盘。"},
		{Icon: theme.ErrorIcon(), Text: "有填错或漏填的，框下会出现红色提示，按提示修改即可，已填的内容不会丢失。"},
		{Icon: theme.AccountIcon(), Text: "不会填或有疑问，点“呼叫工作人员”，工作人员会来帮您。"},
	}
	var asked []string
	for _, f := range w.fields {
		if f.step == w.cur && f.on {
			asked = append(asked, f.label)
		}
	}
	if len(asked) > 0 {
		items = append(items, ui.HelpItem{Icon: theme.DocumentCreateIcon(),
			Text: "这一步要填写：" + strings.Join(asked, "、") + "。标 * 的必须填写，标“选填”的可以不填。"})
	}
	return items
}

// Help explains the application's current step.
func (s *ApplicationScreen) Help() []ui.HelpItem {
	items := s.w.help()
	if s.w.cur == appStepSign {
		items = append(items, ui.HelpItem{Icon: theme.DocumentCreateIcon(), Text: "用手指在白色签名框里写下姓名，写错了点“重签”。"})
	}
	return items
}

// Help explains the feedback form's current step.
func (s *FeedbackScreen) Help() []ui.HelpItem { return s.w.help() }

// Help explains the sign-up's current step.
func (s *SignupScreen) Help() []ui.HelpItem { return s.w.help() }

// Help explains the cancellation.
func (s *CancelScreen) Help() []ui.HelpItem { return s.w.help() }

// Help explains the look-up.
func (s *StatusScreen) Help() []ui.HelpItem {
	return []ui.HelpItem{
		{Icon: theme.DocumentIcon(), Text: "找出提交时打印的回执：上面有受理编号（15 位数字）和查询码（8 位数字）。"},
		{Icon: theme.ComputerIcon(), Text: "点一下输入框，用屏幕下方的数字键盘输入，然后点“查询”。"},
		{Icon: theme.SearchIcon(), Text: "也可以把回执上的二维码对准扫码口，终端会自动查询。"},
	}
}

// Help explains the receipt.
func (s *ReceiptScreen) Help() []ui.HelpItem {
	return []ui.HelpItem{
		{Icon: theme.DocumentPrintIcon(), Text: "回执从出纸口打出，请取走并妥善保管：凭受理编号和查询码可以查询办理进度。"},
		{Icon: theme.ConfirmIcon(), Text: "点“完成”回到首页；本页内容不会保留在终端上。"},
	}
}
