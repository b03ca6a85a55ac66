package forms

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
)

// openConsultations returns the consultations open today by the kiosk's
// clock, as submission.Feedback.Validate decides.
func (k *kit) openConsultations() ([]domain.Consultation, error) {
	now := k.deps.Now()
	return k.consultations(func(c domain.Consultation) bool {
		return submission.ConsultationPhase(c, now) == submission.PhaseOpen
	})
}

// consultations returns the catalogue's consultations that keep accepts,
// in the catalogue's order.
func (k *kit) consultations(keep func(domain.Consultation) bool) ([]domain.Consultation, error) {
	ctx, cancel := k.ctx(5 * time.Second)
	defer cancel()
	all, err := k.deps.Catalogue.Consultations(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.Consultation
	for _, c := range all {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// ConsultationsScreen lists the 意见征集 open today, each with its summary,
// its draft and a 我要提意见 button. Closed ones are not offered.
type ConsultationsScreen struct {
	k    *kit
	open []domain.Consultation
	// Comment holds the 我要提意见 buttons by consultation id.
	Comment map[string]*widget.Button
	// Feedback holds the 查看意见反馈情况 buttons of closed consultations
	// by consultation id.
	Feedback map[string]*widget.Button
}

func newConsultationsScreen(k *kit) *ConsultationsScreen {
	return &ConsultationsScreen{k: k, Comment: map[string]*widget.Button{}, Feedback: map[string]*widget.Button{}}
}

// Title is the navigation bar's title.
func (s *ConsultationsScreen) Title() string { return "意见征集" }

// Build lists the open consultations.
func (s *ConsultationsScreen) Build() fyne.CanvasObject {
	app := s.k.app
	var err error
	if s.open, err = s.k.openConsultations(); err != nil {
		return ui.NewErrorScreen(app, "意见征集", err).Build()
	}
	other := button(app, "对政务公开工作提意见建议", theme.MailComposeIcon(), widget.MediumImportance,
		func() { app.Push(newFeedbackScreen(s.k, nil)) })
	col := container.NewVBox(heading("正在征求意见的事项"))
	if len(s.open) == 0 {
		col.Add(body("目前没有正在征求意见的事项。您可以对政务公开工作提出意见建议。"))
	}
	for _, c := range s.open {
		c := c
		lines := []fyne.CanvasObject{
			ui.Wrapped(c.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true),
			muted("征求意见时间：" + c.Opens + " 至 " + c.Closes),
		}
		if c.Summary != "" {
			lines = append(lines, body(c.Summary))
		}
		if len(c.Questions) > 0 {
			lines = append(lines, questions(c.Questions))
		}
		row := container.NewHBox()
		if d := draftButton(app, c); d != nil {
			row.Add(big(d, 0))
		}
		b := button(app, "我要提意见", theme.MailComposeIcon(), widget.HighImportance, func() {
			app.Push(newFeedbackScreen(s.k, &c))
		})
		s.Comment[c.ID] = b
		row.Add(big(b, 220))
		lines = append(lines, row)
		col.Add(panel(ui.ColorNameKeyCell, lines...))
	}
	col.Add(spacer(8))
	col.Add(container.NewHBox(big(other, 0)))
	s.addAnswered(col)
	return app.NewTouchScroll(column(col))
}

// draftButton opens a consultation's draft: a catalogue document, or the
// draft given inline.
func draftButton(app *ui.App, c domain.Consultation) *widget.Button {
	switch {
	case c.DocumentID != "":
		return button(app, "查看征求意见稿", theme.DocumentIcon(), widget.MediumImportance,
			func() { app.Push(ui.NewDocumentScreen(app, c.DocumentID)) })
	case len(c.Draft) > 0:
		return button(app, "查看征求意见稿", theme.DocumentIcon(), widget.MediumImportance,
			func() { app.Push(ui.NewDraftScreen(app, c)) })
	}
	return nil
}

// Steps of the feedback form.
const (
	fbStepWhat = iota
	fbStepSub  // aside: 问题类别 or the consultation, after 反馈类型 asked for one
	fbStepText
	fbStepContact
	fbStepReview
)

const anonymousOption = "匿名提交（不留姓名和联系方式）"

// FeedbackScreen takes a comment on a consultation, an opinion on the
// disclosure work or a 办事堵点 report, with an optional 好差评 rating and
// optional contact details (or none: anonymous). Opened from a
// consultation it is that consultation's comment form.
type FeedbackScreen struct {
	k      *kit
	w      *wizard
	preset *domain.Consultation
	open   []domain.Consultation

	target, consultation, category *field
	text, rating, reason           *field
	anonymous, name, phone, email  *field
	textHint, subHeading           *widget.RichText
}

func newFeedbackScreen(k *kit, preset *domain.Consultation) *FeedbackScreen {
	s := &FeedbackScreen{k: k, preset: preset}
	w := newWizard(k)
	s.w = w
	w.payload = func() submission.Payload { return s.feedback() }
	w.onChange = s.update
	w.onDone = s.done
	var err error
	if s.open, err = k.openConsultations(); err != nil {
		k.app.Logf("forms: consultations: %v", err)
	}

	targets := []string{submission.TargetDisclosure, submission.TargetObstacle}
	if len(s.open) > 0 {
		targets = append(targets, submission.TargetConsultation)
	}
	titles := make([]string, len(s.open))
	for i, c := range s.open {
		titles[i] = c.Title
	}
	s.target = w.choose("target", "反馈类型", fbStepWhat, targets, false, 3, fieldOpts{})
	s.consultation = w.choose("consultation_id", "征求意见的事项", fbStepSub, titles, false, 1, fieldOpts{})
	s.category = w.choose("category", "问题类别", fbStepSub, submission.ObstacleCategories, false, 4, fieldOpts{})
	s.text = w.text("text", "具体内容", fbStepText, keyboard.Chinese, fieldOpts{rows: 5})
	s.rating = w.choose("rating", "好差评：您对我们的服务是否满意", fbStepText, submission.Ratings, false, 5, fieldOpts{optional: true})
	s.reason = w.text("rating_reason", "不满意的原因", fbStepText, keyboard.Chinese,
		fieldOpts{rows: 2, hint: "请告诉我们哪里做得不好，我们会认真整改并回访"})
	s.anonymous = w.choose("anonymous", "是否匿名", fbStepContact, []string{anonymousOption}, true, 1, fieldOpts{optional: true})
	s.name = w.text("name", "姓名", fbStepContact, keyboard.Chinese, fieldOpts{optional: true})
	s.phone = w.text("phone", "联系电话", fbStepContact, keyboard.Phone, fieldOpts{optional: true})
	s.email = w.text("email", "电子邮箱", fbStepContact, keyboard.Email, fieldOpts{optional: true})
	s.textHint = muted("")
	s.subHeading = heading("")
	if preset != nil {
		s.target.choice.Set(submission.TargetConsultation)
		s.target.show(false)
	}

	first := &step{title: "反馈类型", build: s.whatPage}
	if preset != nil {
		first = &step{title: "征求意见稿", keys: []string{"target", "consultation_id"}, build: s.presetPage}
	}
	w.steps = []*step{
		first,
		// A choice that asks a further question asks it on a page of its
		// own: 下一步 never fails on a question that appeared only after
		// the first answer (issue 13).
		{title: first.title, aside: true, build: s.subPage, skip: func() bool {
			t := s.target.choice.Selected()
			return s.preset != nil || t != submission.TargetObstacle && t != submission.TargetConsultation
		}},
		{title: "填写内容", build: s.textPage},
		{title: "联系方式", build: s.contactPage},
		{title: "核对提交", rebuild: true, build: s.reviewPage},
	}
	return s
}

// Title is the navigation bar's title.
func (s *FeedbackScreen) Title() string {
	if s.preset != nil {
		return "意见征集"
	}
	return "问题反馈"
}

// Build lays the form out.
func (s *FeedbackScreen) Build() fyne.CanvasObject { return s.k.buildWizard(s, s.w) }

// Reset wipes what was typed.
func (s *FeedbackScreen) Reset() { s.k.reset(s) }

func (s *FeedbackScreen) wipe() {
	s.w.wipe()
	if s.preset != nil {
		s.target.choice.Set(submission.TargetConsultation)
	}
}

func (s *FeedbackScreen) consultationID() string {
	if s.preset != nil {
		return s.preset.ID
	}
	sel := s.consultation.choice.Selected()
	for _, c := range s.open {
		if c.Title == sel {
			return c.ID
		}
	}
	return ""
}

func (s *FeedbackScreen) consultationTitle(id string) string {
	if s.preset != nil {
		return s.preset.Title
	}
	for _, c := range s.open {
		if c.ID == id {
			return c.Title
		}
	}
	return ""
}

func (s *FeedbackScreen) feedback() *submission.Feedback {
	f := &submission.Feedback{
		Target: s.target.choice.Selected(), ConsultationID: s.consultationID(), Category: s.category.choice.Selected(),
		Text: s.text.entry.Text, Rating: s.rating.choice.Selected(), RatingReason: s.reason.entry.Text,
		Anonymous: len(s.anonymous.choice.All()) > 0,
		Name:      s.name.entry.Text, Phone: s.phone.entry.Text, Email: s.email.entry.Text,
	}
	if f.Target != submission.TargetConsultation {
		f.ConsultationID = ""
	}
	return f
}

// update shows the fields that apply.
func (s *FeedbackScreen) update() {
	t := s.target.choice.Selected()
	s.consultation.show(s.preset == nil && t == submission.TargetConsultation)
	s.category.show(t == submission.TargetObstacle)
	s.reason.show(submission.IsBadRating(s.rating.choice.Selected()))
	anon := len(s.anonymous.choice.All()) > 0
	for _, f := range []*field{s.name, s.phone, s.email} {
		f.show(!anon)
	}
	hint := "请写下您对政务公开工作的意见建议，也可以只在下方选择一项评价。"
	switch t {
	case submission.TargetConsultation:
		hint = "请写下您对征求意见稿的意见，最好注明涉及的条款。"
	case submission.TargetObstacle:
		hint = "请写下您在办事中遇到的问题：办的什么事、在哪个环节、遇到了什么困难。"
	}
	setText(s.textHint, hint)
	if t == submission.TargetConsultation {
		setText(s.subHeading, "请选择要提意见的征求意见事项")
	} else {
		setText(s.subHeading, "请选择问题类别")
	}
}

func (s *FeedbackScreen) whatPage() fyne.CanvasObject {
	// What each type means comes after the choices, so that the choices
	// show first on a short screen.
	return container.NewVBox(heading("请选择反馈类型"), s.target.box,
		muted("政务公开工作：对信息公开的内容、方式提意见建议；办事堵点：反映办事过程中遇到的难点、堵点；意见征集：对正在征求意见的文件草案提意见。"))
}

// subPage asks what 反馈类型 needs next: the 问题类别 of a 办事堵点, or
// which consultation a comment is on.
func (s *FeedbackScreen) subPage() fyne.CanvasObject {
	return container.NewVBox(s.subHeading, s.consultation.box, s.category.box)
}

func (s *FeedbackScreen) presetPage() fyne.CanvasObject {
	c := s.preset
	col := container.NewVBox(
		ui.Wrapped(c.Title, theme.SizeNameSubHeadingText, theme.ColorNameForeground, true),
		muted("征求意见时间："+c.Opens+" 至 "+c.Closes))
	if c.Summary != "" {
		col.Add(body(c.Summary))
	}
	if d := draftButton(s.k.app, *c); d != nil {
		col.Add(container.NewHBox(big(d, 0), layout.NewSpacer()))
	}
	col.Add(muted("阅读征求意见稿后，点“下一步”填写您的意见。"))
	return col
}

func (s *FeedbackScreen) textPage() fyne.CanvasObject {
	return container.NewVBox(heading("填写内容"), s.textHint, s.text.box, spacer(8), s.rating.box, s.reason.box)
}

func (s *FeedbackScreen) contactPage() fyne.CanvasObject {
	return container.NewVBox(heading("联系方式"),
		muted("均为选填。留下联系方式，便于工作人员向您反馈办理情况；也可以匿名提交。"),
		s.anonymous.box, s.name.box, s.phone.box, s.email.box)
}

func (s *FeedbackScreen) reviewPage() fyne.CanvasObject {
	f := s.feedback()
	f.Normalize()
	what := [][2]string{{"反馈类型", f.Target}}
	switch f.Target {
	case submission.TargetConsultation:
		what = append(what, [2]string{"征集事项", s.consultationTitle(f.ConsultationID)})
	case submission.TargetObstacle:
		what = append(what, [2]string{"问题类别", f.Category})
	}
	contact := [][2]string{{"署名", "匿名"}}
	if !f.Anonymous {
		contact = [][2]string{{"姓名", f.Name}, {"联系电话", f.Phone}, {"电子邮箱", f.Email}}
		if f.Name == "" && f.Phone == "" && f.Email == "" {
			contact = [][2]string{{"联系方式", "未填写"}}
		}
	}
	reason := ""
	if submission.IsBadRating(f.Rating) {
		reason = f.RatingReason
	}
	return container.NewVBox(
		heading("请核对反馈内容"),
		muted("确认无误后点“确认提交”。"),
		s.w.reviewSection("反馈类型", fbStepWhat, what...),
		s.w.reviewSection("内容", fbStepText, [2]string{"内容", f.Text}, [2]string{"评价", f.Rating},
			[2]string{"不满意的原因", reason}),
		s.w.reviewSection("联系方式", fbStepContact, contact...),
	)
}

func (s *FeedbackScreen) done(_ submission.Payload, r receipt.Receipt) {
	s.k.app.Back()
	s.k.app.Push(newReceiptScreen(s.k, r))
}
