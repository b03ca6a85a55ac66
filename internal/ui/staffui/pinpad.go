package staffui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/staff"
	"gongkai/internal/ui"
)

// PINScreen is the PIN pad: 工号 then PIN on big digit keys, the PIN
// shown as dots, 确定, 清除 (on the keypad) and 取消. Wrong PINs and the
// lockout are the staff package's: it counts, locks for five minutes after
// five, and words the message shown here.
type PINScreen struct {
	m *Mode

	id, pin  *field
	active   *field
	message  *widget.RichText
	checking bool

	Keys       map[string]*widget.Button // the keypad by label: 0–9, 清除, 退格
	OK, Cancel *widget.Button
}

func newPINScreen(m *Mode) *PINScreen {
	return &PINScreen{m: m, Keys: map[string]*widget.Button{}}
}

// Title is the PIN pad's title.
func (p *PINScreen) Title() string { return "工作人员登录" }

// Build lays out the two boxes, the keypad and the buttons.
func (p *PINScreen) Build() fyne.CanvasObject {
	p.id = newField("工号", false, 10, p.m.handle(func() { p.focus(p.id) }))
	p.pin = newField("密码", true, staff.MaxPINLen, p.m.handle(func() { p.focus(p.pin) }))
	p.message = wrapped("请输入工号，按“确定”后输入密码。", theme.SizeNameText, theme.ColorNameForeground)
	pad := keypad(p.Keys, func(k string) { p.m.touch(); p.key(k) }, digitKeys...)
	p.OK = bigButton("确定", theme.ConfirmIcon(), widget.HighImportance, p.m.handle(p.confirm))
	p.Cancel = bigButton("取消", theme.CancelIcon(), widget.MediumImportance, p.m.handle(p.m.app.Back))
	buttons := container.NewGridWithColumns(2, sized(p.Cancel, keyWidth, keyHeight), sized(p.OK, keyWidth, keyHeight))
	col := container.NewVBox(p.id, p.pin, sized(p.message, 0, 70), pad, buttons)
	p.focus(p.id)
	// Scrolled, so the pad never runs off a short screen in large text.
	return p.m.app.NewTouchScroll(container.NewVBox(layout.NewSpacer(), container.NewCenter(sized(col, 520, 0)), layout.NewSpacer()))
}

// Shown tells staff, before they type, whose PIN the pad takes (their own
// from the hub's front-desk list, or the shared one before the list
// arrives), and when login is locked or nobody can log in.
func (p *PINScreen) Shown() {
	type hint struct {
		msg string
		bad bool
	}
	background(p.m, 5*time.Second, func(ctx context.Context) hint {
		st, err := p.m.deps.Staff.Status(ctx)
		if err != nil {
			return hint{domain.ErrorMessage(err), true}
		}
		msg, bad := loginHint(st, p.m.app.Now().Location())
		return hint{msg, bad}
	}, func(h hint) {
		if h.msg != "" {
			p.say(h.msg, h.bad)
		}
	})
}

// loginHint words what the PIN pad takes, or why nobody can log in now.
func loginHint(st staff.Status, loc *time.Location) (msg string, bad bool) {
	switch {
	case !st.LockedUntil.IsZero():
		return fmt.Sprintf("密码错误次数过多，已锁定，请于 %s 后再试", st.LockedUntil.In(loc).Format("15:04:05")), true
	case st.Roster && st.Members == 0:
		return "前台人员名单中暂无可登录的人员。请管理员在管理平台为前台账号设置终端密码，本机同步后即可登录。", true
	case st.Roster:
		return "请输入本人工号，按“确定”后输入本人的终端密码（在管理平台设置）。", false
	case !st.PINSet:
		return "本机尚未收到管理平台的前台人员名单，也未设置共用密码：请在终端运行 kiosk set-pin 设置，或先完成同步。", true
	}
	return "本机尚未收到管理平台的前台人员名单，暂用共用密码登录；同步后须用本人工号和终端密码。", false
}

// Reset forgets what was typed.
func (p *PINScreen) Reset() {
	if p.id != nil {
		p.id.set("")
		p.pin.set("")
	}
}

// Message returns the line under the boxes: the prompt or what went wrong.
func (p *PINScreen) Message() string { return ui.PlainText(p.message) }

// Typed returns the 工号 as typed and how many PIN digits are typed.
func (p *PINScreen) Typed() (staffID string, pinDigits int) { return p.id.value, len(p.pin.value) }

func (p *PINScreen) focus(f *field) {
	p.active = f
	p.id.setActive(f == p.id)
	p.pin.setActive(f == p.pin)
}

func (p *PINScreen) key(k string) {
	if p.checking {
		return
	}
	p.active.key(k)
}

func (p *PINScreen) say(msg string, bad bool) {
	col := theme.ColorNameForeground
	if bad {
		col = theme.ColorNameError
	}
	setText(p.message, msg, col)
}

// confirm moves from 工号 to 密码, or checks the PIN.
func (p *PINScreen) confirm() {
	if p.checking {
		return
	}
	if err := staff.CheckStaffID(p.id.value); err != nil {
		p.focus(p.id)
		p.say(domain.ErrorMessage(err), true)
		return
	}
	if p.active == p.id || p.pin.value == "" {
		p.focus(p.pin)
		p.say("请输入密码，然后按“确定”。", false)
		return
	}
	id, pin := p.id.value, p.pin.value
	p.pin.set("")
	p.checking = true
	p.say("正在核对……", false)
	gen := p.m.gen
	p.m.deps.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := p.m.deps.Staff.Login(ctx, id, pin)
		cancel()
		fyne.Do(func() {
			p.checking = false
			if p.m.gen != gen || p.m.app.Current() != p {
				// The pad was left (idle reset, 取消) while checking.
				if err == nil {
					p.m.end(staff.EndIdle)
				}
				return
			}
			if err != nil {
				p.say(domain.ErrorMessage(err), true)
				return
			}
			p.Reset()
			p.m.app.Back()
			p.m.openScreen()
		})
	})
}
