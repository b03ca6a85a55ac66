package forms

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/validate"
)

// shortUnavailable is the not-connected banner on a short screen.
const shortUnavailable = "本机暂不能受理提交，请联系工作人员"

// step is one page of a form.
type step struct {
	title   string
	keys    []string // payload keys checked here that have no field: their messages go to the banner
	build   func() fyne.CanvasObject
	obj     fyne.CanvasObject
	fill    bool        // the page fills the view's height (the signature pad grows into it)
	rebuild bool        // built afresh each time it is shown (the review page)
	prepare func()      // runs before the step is entered going forward
	skip    func() bool // the step has nothing to show now
	aside   bool        // not a numbered step (the similar-documents page)
	next    string      // the 下一步 button's caption on this step; "" for 下一步
}

// wizard runs a multi-step form: the pages, the progress bar, 上一步 and
// 下一步, the keyboard docked under the page, checking fields with the
// payload's own Validate, and submitting. A screen supplies the steps, the
// fields, how to build the payload from them and what to do once the
// submission is queued.
type wizard struct {
	k       *kit
	kb      *keyboard.Keyboard
	steps   []*step
	cur     int
	fields  []*field
	byEntry map[*widget.Entry]*field
	lookups submission.Lookups

	payload   func() submission.Payload
	onChange  func()                        // an answer changed: update which fields are shown
	onChecked func(fe validate.FieldErrors) // after fields were checked (the credit-code confirmation)
	onDone    func(p submission.Payload, r receipt.Receipt)

	progress  *progress
	errBanner *banner
	scroll    *ui.TouchScroll
	page      *fyne.Container
	prev      *widget.Button
	next      *widget.Button
	call      *widget.Button // 呼叫工作人员
	bar       fyne.CanvasObject
	top       *fyne.Container

	unavailable    *banner // why the kiosk cannot take submissions, hidden when it can
	unavailableMsg string  // its full text (a short line on a short screen); "" when it can
	root           fyne.CanvasObject

	reviewed   map[string]*widget.RichText // the review page's values by label, as last built
	reviewRows []reviewRow                 // the review page's answers, for reading aloud
	last       *widget.Entry               // the keyboard's target, checked when the visitor leaves it
	fromReview bool                        // a 修改 link opened an earlier step: 下一步 returns to the review
	busy       bool                        // a submit is running
}

func newWizard(k *kit) *wizard {
	w := &wizard{k: k, kb: k.deps.NewKeyboard(), byEntry: map[*widget.Entry]*field{}, reviewed: map[string]*widget.RichText{}}
	w.kb.OnActivity = k.app.Active
	w.kb.OnShow = func(e *widget.Entry, _ float32) {
		if w.last != nil && w.last != e {
			w.left(w.last)
		}
		w.last = e
		w.typing(true)
		if f := w.byEntry[e]; f != nil {
			w.k.app.Say(f.speech())
		}
		w.showHints()
		if f := w.byEntry[e]; f != nil && w.scroll.Visible() {
			// The whole field, so its label stays in view above the keyboard.
			f.reveal(w.scroll.Scroll, w.relayout)
		}
	}
	w.kb.OnHide = func() {
		if e := w.last; e != nil {
			w.last = nil
			w.left(e)
		}
		w.showHints()
		w.typing(false)
	}
	return w
}

// text adds a text field on step st.
func (w *wizard) text(key, label string, st int, kind keyboard.FieldKind, o fieldOpts) *field {
	f := newTextField(w.kb, key, label, st, kind, o)
	f.entry.OnChanged = func(string) {
		if f.hasError() {
			w.check(f)
		}
	}
	w.fields = append(w.fields, f)
	w.byEntry[f.entry] = f
	return f
}

// choose adds a choice field on step st.
func (w *wizard) choose(key, label string, st int, options []string, multi bool, cols int, o fieldOpts) *field {
	c := newChoice(w.k.app, options, multi, cols)
	f := newField(key, label, st, c.obj, o)
	f.choice = c
	c.OnChanged = func() {
		w.changed()
		w.check(f)
	}
	w.fields = append(w.fields, f)
	return f
}

// custom adds a field whose input the screen made (the signature pad,
// the attendee stepper).
func (w *wizard) custom(key, label string, st int, input fyne.CanvasObject, o fieldOpts) *field {
	f := newField(key, label, st, input, o)
	w.fields = append(w.fields, f)
	return f
}

func (w *wizard) field(key string) *field {
	for _, f := range w.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// changed runs the screen's visibility rules after an answer changed.
func (w *wizard) changed() {
	if w.onChange != nil {
		w.onChange()
	}
	w.applyVisibility()
	w.relayout()
}

// setBanner shows msg above the buttons ("" hides it).
func (w *wizard) setBanner(msg string) {
	if w.errBanner.String() == msg && w.errBanner.obj.Visible() == (msg != "") {
		return
	}
	w.errBanner.set(msg)
	if w.root != nil {
		w.root.Refresh()
	}
}

// typing gives the page the room the keyboard leaves: 上一步/下一步 hide
// while it is up (it has 下一项 and 完成), and on a short screen the
// progress bar and banners too.
func (w *wizard) typing(on bool) {
	if w.root == nil {
		return
	}
	short := w.k.app.ShortScreen()
	w.k.app.Typing(on)
	if on {
		w.bar.Hide()
		if short {
			w.top.Hide()
		}
	} else {
		w.bar.Show()
		w.top.Show()
	}
	w.root.Refresh()
}

// relayout lays the page out again after fields appeared or disappeared:
// showing an object does not lay out its parent.
func (w *wizard) relayout() {
	if w.page == nil {
		return
	}
	w.page.Refresh()
	w.scroll.Refresh()
	w.k.app.Relayout()
}

// applyVisibility hides the keyboard holders of fields that are not on
// the page shown, so 下一项 never moves to a field the visitor cannot see.
func (w *wizard) applyVisibility() {
	for _, f := range w.fields {
		if f.entry == nil {
			continue
		}
		if f.on && f.step == w.cur {
			f.holder.Show()
		} else {
			f.holder.Hide()
		}
	}
}

// left checks the field the visitor just left.
func (w *wizard) left(e *widget.Entry) {
	if f := w.byEntry[e]; f != nil && f.on {
		w.check(f)
	}
}

// errs runs the payload's Normalize and Validate on what the form holds.
// A Validate error that is not per field is returned under "".
func (w *wizard) errs() validate.FieldErrors {
	p := w.payload()
	p.Normalize()
	return fieldErrors(p.Validate(w.k.deps.Now(), w.lookups))
}

func fieldErrors(err error) validate.FieldErrors {
	var fe validate.FieldErrors
	switch {
	case err == nil:
		return validate.FieldErrors{}
	case errors.As(err, &fe):
		return fe
	}
	return validate.FieldErrors{"": &domain.Error{Code: domain.ErrorCode(err), Message: domain.ErrorMessage(err)}}
}

// check shows the current message of each of fields.
func (w *wizard) check(fields ...*field) {
	fe := w.errs()
	for _, f := range fields {
		if f.on {
			f.setError(fe[f.key])
		}
	}
	if w.onChecked != nil {
		w.onChecked(fe)
	}
	w.relayout()
}

// show puts fe's messages under the fields of steps 0..upTo and in the
// banner, opens the step of the first problem and scrolls it into view.
// It reports whether there was none.
func (w *wizard) show(fe validate.FieldErrors, upTo int) bool {
	var first *field
	for _, f := range w.fields {
		if f.step > upTo || !f.on {
			continue
		}
		f.setError(fe[f.key])
		if fe[f.key] != nil && (first == nil || f.step < first.step) {
			first = f
		}
	}
	if w.onChecked != nil {
		w.onChecked(fe)
	}
	w.relayout()
	var msgs []string
	target := -1
	for i := 0; i <= upTo && i < len(w.steps); i++ {
		for _, key := range w.steps[i].keys {
			if e := fe[key]; e != nil {
				msgs = append(msgs, e.Message)
				if target < 0 {
					target = i
				}
			}
		}
	}
	if e := fe[""]; e != nil {
		msgs = append(msgs, e.Message)
		target = max(target, w.cur)
	}
	if first == nil && len(msgs) == 0 {
		return true
	}
	if first != nil && (target < 0 || first.step < target) {
		target = first.step
	}
	if target != w.cur {
		w.goTo(target)
	}
	if len(msgs) == 0 {
		msgs = []string{"请按红色提示修改后再继续"}
	}
	w.setBanner(strings.Join(msgs, "\n"))
	if first != nil && first.step == target {
		w.reveal(first.box)
	}
	return false
}

// reveal scrolls the page so that obj is in view.
func (w *wizard) reveal(obj fyne.CanvasObject) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(w.root); c != nil && c.Content() != nil {
		c.Content().Refresh() // lay the page out before measuring it
	}
	if w.scroll.Visible() {
		keyboard.ScrollIntoView(w.scroll.Scroll, obj, 0)
	}
}

// build lays the form out and shows its first step.
func (w *wizard) build(banners ...fyne.CanvasObject) fyne.CanvasObject {
	var titles []string
	for _, st := range w.steps {
		if !st.aside {
			titles = append(titles, st.title)
		}
	}
	w.progress = newProgress(titles)
	w.errBanner = newBanner(theme.ColorNameError, theme.ColorNameForegroundOnError)
	w.page = container.NewStack()
	w.scroll = w.k.app.NewTouchScroll(w.page)
	w.kb.Follow(w.scroll.Scroll)
	w.prev = button(w.k.app, "上一步", theme.NavigateBackIcon(), widget.MediumImportance, w.back)
	w.next = button(w.k.app, "下一步", theme.NavigateNextIcon(), widget.HighImportance, w.advance)
	w.next.IconPlacement = widget.ButtonIconTrailingText
	// 呼叫工作人员 on every step (issue 13): the staff banner says where.
	w.call = button(w.k.app, "呼叫工作人员", theme.AccountIcon(), widget.MediumImportance, w.callStaff)
	w.bar = container.NewPadded(container.NewBorder(nil, nil, big(w.prev, 220), big(w.next, 260),
		container.NewCenter(big(w.call, 0))))
	sep := ui.NewFill(theme.ColorNameSeparator)
	sep.SetMinSize(fyne.NewSize(1, 1))
	// The not-connected banner sits above the progress bar, or beside
	// it on a short screen.
	w.unavailable = newNoticeLine()
	if w.k.deps.Unavailable != nil {
		w.unavailableMsg = w.k.deps.Unavailable()
		w.unavailable.set(w.unavailableMsg)
	}
	w.top = container.NewVBox(banners...)
	w.top.Add(container.New(&besideWhenShort{app: w.k.app, banner: w.unavailable},
		container.New(ui.MaxWidth(formWidth), w.unavailable.obj), container.New(ui.MaxWidth(1600), w.progress)))
	w.top.Add(sep)
	bottom := container.NewVBox(container.New(ui.MaxWidth(formWidth), w.errBanner.obj), w.bar, w.kb)
	w.root = container.NewBorder(w.top, bottom, nil, nil, w.scroll)
	w.changed()
	w.goTo(0)
	return w.root
}

// goTo shows step i.
func (w *wizard) goTo(i int) {
	w.kb.Hide()
	w.cur = i
	if i == len(w.steps)-1 {
		w.fromReview = false
	}
	st := w.steps[i]
	if st.obj == nil || st.rebuild {
		if st.rebuild {
			w.reviewRows = nil
		}
		if st.fill {
			st.obj = container.New(ui.MaxWidth(formWidth), container.NewPadded(st.build()))
		} else {
			page := st.build()
			foldHeading(w.k.app, page)
			st.obj = column(page)
		}
	}
	if msg := w.unavailableMsg; msg != "" {
		// On a short screen one short line, so the question keeps its room.
		if w.k.app.ShortScreen() {
			msg = shortUnavailable
		}
		w.unavailable.set(msg)
	}
	w.page.Objects = []fyne.CanvasObject{st.obj}
	w.applyVisibility()
	w.relayout()
	w.scroll.ScrollToTop()
	n := 0
	for j := 0; j < i; j++ {
		if !w.steps[j].aside {
			n++
		}
	}
	if st.aside {
		n--
	}
	w.progress.set(n)
	if i == 0 {
		w.prev.Disable()
	} else {
		w.prev.Enable()
	}
	switch {
	case st.next != "":
		w.next.SetText(st.next)
	case i == len(w.steps)-1:
		w.next.SetText("确认提交")
	case w.fromReview:
		w.next.SetText("返回核对")
	default:
		w.next.SetText("下一步")
	}
	w.setBanner("")
	if w.call != nil {
		w.call.SetText("呼叫工作人员")
		w.call.Enable()
	}
	if app := w.k.app; app.Depth() > 0 {
		if ws, ok := app.Current().(interface{ wizardOf() *wizard }); ok && ws.wizardOf() == w {
			app.ResetFocus() // the keypad starts again at the top of the step
			app.SayPage()    // 语音播报 reads each step as it opens
		}
	}
}

// showHints brings back the hints a field hid while it was typed.
func (w *wizard) showHints() {
	shown := false
	for _, f := range w.fields {
		shown = f.showHint() || shown
	}
	if shown {
		w.relayout()
	}
}

// callStaff calls staff to this step: the banner says where, and the
// button says who was told (once per step): the staff on site at once,
// and the staff behind them too when the hub has the call.
func (w *wizard) callStaff() {
	where := w.steps[w.cur].title
	if w.k.app.Depth() > 0 {
		where = w.k.app.Current().Title() + "·" + where
	}
	step := w.cur
	w.k.app.CallStaff(where, func() {
		if w.cur == step && w.call.Disabled() {
			w.setCallText("已通知现场及后台工作人员")
		}
	})
	w.setCallText("已通知现场工作人员")
	w.call.Disable()
}

func (w *wizard) setCallText(s string) {
	w.call.SetText(s)
	w.k.app.Relayout() // the caption changed width
}

// back shows the previous step that has something to show.
func (w *wizard) back() {
	if w.busy {
		return
	}
	i := w.cur - 1
	for i > 0 && w.steps[i].skip != nil && w.steps[i].skip() {
		i--
	}
	if i >= 0 {
		w.goTo(i)
	}
}

// edit opens step i from the review page.
func (w *wizard) edit(i int) {
	w.fromReview = true
	w.goTo(i)
}

// advance checks the steps so far and moves on, or submits on the last.
func (w *wizard) advance() {
	if w.busy {
		return
	}
	last := len(w.steps) - 1
	upTo := w.cur
	if w.fromReview || w.cur == last {
		upTo = last
	}
	if !w.show(w.errs(), upTo) {
		return
	}
	if w.cur == last {
		w.submit()
		return
	}
	next := w.cur + 1
	for ; next < last; next++ {
		st := w.steps[next]
		if w.fromReview && !st.aside {
			continue
		}
		if st.prepare != nil {
			st.prepare()
		}
		if st.skip == nil || !st.skip() {
			break
		}
	}
	w.goTo(next)
}

// submit hands the payload to the service. Field errors go back to their
// fields; anything else is explained in the banner.
func (w *wizard) submit() {
	w.busy = true
	w.next.Disable()
	defer func() {
		w.busy = false
		w.next.Enable()
	}()
	p := w.payload()
	taken, err := w.k.submit(p)
	if err != nil {
		if submission.IsValidation(err) {
			w.show(fieldErrors(err), len(w.steps)-1)
			return
		}
		w.k.app.Logf("forms: submit %s: %v", p.Kind(), err)
		w.setBanner(domain.ErrorMessage(err))
		return
	}
	w.onDone(p, taken.Receipt)
}

// reviewRow is one answer on the review page.
type reviewRow struct{ label, value, key string }

// reviewKeys maps the review page's labels to the fields they show, so
// that reading aloud knows which are personal.
var reviewKeys = map[string]string{
	"姓名": "name", "证件号码": "id_number", "工作单位": "employer", "名称": "org_name", "统一社会信用代码": "credit_code",
	"法定代表人": "legal_rep", "联系人": "contact_name", "联系电话": "phone", "通信地址": "address", "邮政编码": "postal_code",
	"电子邮箱": "email", "手机号码": "mobile", "内容": "text", "不满意的原因": "rating_reason", "受理编号": "tracking_number",
	"查询码": "verification_code",
}

// reviewSection is one block of the review page: the step's answers and a
// 修改 link back to step st (none when st < 0).
func (w *wizard) reviewSection(title string, st int, rows ...[2]string) fyne.CanvasObject {
	var edit fyne.CanvasObject
	if st >= 0 {
		edit = button(w.k.app, "修改", theme.DocumentCreateIcon(), widget.LowImportance, func() { w.edit(st) })
	}
	lines := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, edit, heading(title))}
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		label := container.New(ui.AtLeast(220, 0), muted(r[0]))
		v := body(r[1])
		w.reviewRows = append(w.reviewRows, reviewRow{label: r[0], value: r[1], key: reviewKeys[r[0]]})
		if w.reviewed != nil {
			w.reviewed[r[0]] = v
		}
		lines = append(lines, container.NewBorder(nil, nil, label, nil, v))
	}
	return panel(ui.ColorNameKeyCell, lines...)
}

// wipe empties every field, the keyboard and the pages built from them.
func (w *wizard) wipe() {
	w.last = nil
	for _, f := range w.fields {
		f.wipe()
	}
	w.kb.Reset()
	if w.errBanner != nil {
		w.setBanner("")
	}
	for _, st := range w.steps {
		if st.rebuild {
			scrub(st.obj) // the review page holds copies of every answer
			st.obj = nil
		}
	}
	if w.page != nil {
		w.page.Objects = nil
		w.page.Refresh()
	}
}
