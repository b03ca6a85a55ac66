package staffui

import (
	"context"
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
	return container.NewVBox(layout.NewSpacer(), container.NewCenter(sized(col, 520, 0)), layout.NewSpacer())
}

// Shown tells staff when login is locked or no PIN is set yet, before
// they type.
func (p *PINScreen) Shown() {
	background(p.m, 5*time.Second, func(ctx context.Context) error {
		st, err := p.m.deps.Staff.Status(ctx)
		switch {
		case err != nil:
			return err
		case !st.PINSet:
			return domain.Errorf(domain.ENOTFOUND, "尚未设置工作人员密码，请在终端运行 kiosk set-pin 设置")
		case !st.LockedUntil.IsZero():
			return domain.Errorf(domain.EAUTH, "密码错误次数过多，已锁定，请于 %s 后再试", st.LockedUntil.In(p.m.app.Now().Location()).Format("15:04:05"))
		}
		return nil
	}, func(err error) {
		if err != nil {
			p.say(domain.ErrorMessage(err), true)
		}
	})
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
