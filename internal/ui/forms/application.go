package forms

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// Steps of the application, in order.
const (
	appStepType = iota
	appStepOrg  // aside: 组织类别, for an organisation
	appStepApplicant
	appStepInfo
	appStepSimilar // aside: already-public documents, when any match
	appStepDelivery
	appStepSign
	appStepReview
)

// Fee waiver answers (是否申请减免费用).
const (
	feeNo  = "不申请"
	feeYes = "申请减免"
)

// minSignature is the shortest stroke length (in screen units) taken as a
// signature: a tap or a tick is not one.
const minSignature = 40

// ApplicationScreen is the 依申请公开 application (《政府信息公开条例》
// Art. 29): applicant type, applicant and contact details, the
// information wanted, medium and delivery, a finger signature and a
// review, in numbered steps. With a staff id it is 代为填写.
type ApplicationScreen struct {
	k       *kit
	w       *wizard
	staffID string

	appType, orgCat                    *field
	name, idType, idNumber, employer   *field
	orgName, credit, legalRep, contact *field
	phone, address, postal, email      *field
	infoName, infoDocNo, infoDesc      *field
	media, delivery, fee               *field
	sign                               *field

	confirm  *choice          // 我确认代码无误, under the credit code
	idGroups *widget.RichText // the ID number in its groups, under the field
	pad      *SignaturePad
	sigPNG   []byte // the pad as PNG, made again after every stroke
	similar  []domain.SearchHit
}

const confirmCredit = "我确认代码无误"

func newApplicationScreen(k *kit, staffID string) *ApplicationScreen {
	s := &ApplicationScreen{k: k, staffID: staffID}
	w := newWizard(k)
	s.w = w
	w.lookups = submission.Catalogue{}
	w.payload = func() submission.Payload { return s.application() }
	w.onChange = s.update
	w.onChecked = s.checked
	w.onDone = s.done

	s.appType = w.choose("applicant_type", "申请人类型", appStepType,
		[]string{submission.ApplicantCitizen, submission.ApplicantOrg}, false, 2, fieldOpts{})
	s.orgCat = w.choose("org_category", "组织类别", appStepOrg, submission.OrgCategories, false, 3,
		fieldOpts{hint: "请选择最接近的一类"})

	st := appStepApplicant
	s.name = w.text("name", "姓名", st, keyboard.Chinese, fieldOpts{})
	s.idType = w.choose("id_type", "证件类型", st, submission.IDTypes, false, 3, fieldOpts{})
	s.idType.choice.Set(submission.IDTypeResident)
	s.idNumber = w.text("id_number", "证件号码", st, keyboard.IDNumber, fieldOpts{})
	s.employer = w.text("employer", "工作单位", st, keyboard.Chinese, fieldOpts{optional: true})
	s.orgName = w.text("org_name", "法人或者其他组织名称", st, keyboard.Chinese, fieldOpts{})
	s.credit = w.text("credit_code", "统一社会信用代码", st, keyboard.Code, fieldOpts{hint: "18位，见营业执照或登记证书"})
	s.legalRep = w.text("legal_rep", "法定代表人", st, keyboard.Chinese, fieldOpts{})
	s.contact = w.text("contact_name", "联系人姓名", st, keyboard.Chinese, fieldOpts{})
	s.phone = w.text("phone", "联系电话", st, keyboard.Phone, fieldOpts{hint: "手机号码，或带区号的固定电话"})
	s.address = w.text("address", "通信地址", st, keyboard.Chinese, fieldOpts{})
	s.postal = w.text("postal_code", "邮政编码", st, keyboard.Digits, fieldOpts{})
	s.email = w.text("email", "电子邮箱", st, keyboard.Email, fieldOpts{optional: true, hint: "选择以电子邮件方式获取信息时必填"})

	st = appStepInfo
	either := fieldOpts{optional: true}
	s.infoName = w.text("info_name", "所需信息的名称", st, keyboard.Chinese, either)
	s.infoDocNo = w.text("info_doc_no", "文号", st, keyboard.Text, fieldOpts{optional: true, place: "例如：阳教体发〔2021〕12号"})
	s.infoDesc = w.text("info_description", "所需信息的特征性描述", st, keyboard.Chinese,
		fieldOpts{optional: true, rows: 4, hint: "例如信息的内容、形成时间、发布机关等，越具体越便于查找"})

	st = appStepDelivery
	s.media = w.choose("media", "信息的载体（可多选）", st, submission.Media, true, 3, fieldOpts{})
	s.delivery = w.choose("delivery", "获取方式（可多选）", st, submission.Deliveries, true, 3, fieldOpts{})
	s.fee = w.choose("fee_waiver", "是否申请减免费用", st, []string{feeNo, feeYes}, false, 2,
		fieldOpts{hint: "政府信息公开一般不收费；申请数量、频次明显超过合理范围的，可能按规定收取信息处理费"})
	s.fee.choice.Set(feeNo)

	s.pad = NewSignaturePad()
	s.pad.OnActivity = k.app.Active
	s.pad.OnChanged = func() {
		s.sigPNG = nil
		if s.sign.hasError() {
			w.check(s.sign)
		}
	}
	redo := button(k.app, "重签", theme.ContentUndoIcon(), widget.MediumImportance, s.pad.Clear)
	s.sign = w.custom("signature", "申请人签名", appStepSign,
		container.NewBorder(nil, nil, nil, container.NewVBox(big(redo, 160)), s.pad), fieldOpts{fill: true})

	// An 18-digit number is hard to check as one run: it is repeated under
	// the field in its groups as it is typed (issue 13).
	s.idGroups = muted("")
	s.idGroups.Hide()
	s.idNumber.box.Add(s.idGroups)
	onID := s.idNumber.entry.OnChanged
	s.idNumber.entry.OnChanged = func(v string) {
		s.showIDGroups()
		onID(v)
	}

	s.confirm = newChoice(k.app, []string{confirmCredit}, true, 1)
	s.confirm.OnChanged = func() { w.check(s.credit) }
	s.confirm.obj.Hide()
	s.credit.box.Add(s.confirm.obj)
	onCredit := s.credit.entry.OnChanged
	s.credit.entry.OnChanged = func(v string) {
		if len(s.confirm.All()) > 0 {
			s.confirm.Set() // a confirmation is for the code as it was
		}
		onCredit(v)
	}

	w.steps = []*step{
		{title: "申请人类型", build: s.typePage},
		{title: "申请人类型", aside: true, build: s.orgPage, skip: func() bool {
			return s.appType.choice.Selected() != submission.ApplicantOrg
		}},
		{title: "申请人信息", build: s.applicantPage},
		{title: "所需信息", build: s.infoPage},
		{title: "已公开信息", aside: true, prepare: s.findSimilar, skip: func() bool { return len(s.similar) == 0 },
			rebuild: true, build: s.similarPage, next: "继续申请"},
		{title: "获取方式", build: s.deliveryPage},
		{title: "签名", keys: []string{"signed_on"}, fill: true, build: s.signPage},
		{title: "核对提交", keys: []string{"staff_id"}, rebuild: true, build: s.reviewPage},
	}
	return s
}

// Title is the navigation bar's title.
func (s *ApplicationScreen) Title() string {
	if s.staffID != "" {
		return "代为填写" + protocol.KindTitle(protocol.KindApplication)
	}
	return "依申请公开"
}

// Build lays the form out on its first step.
func (s *ApplicationScreen) Build() fyne.CanvasObject {
	s.k.hold(s)
	var banners []fyne.CanvasObject
	if s.staffID != "" {
		b := newBanner(ui.ColorNameNotice, theme.ColorNameForeground)
		b.set("工作人员代为填写（工号 " + s.staffID + "）：请根据申请人口述如实填写，填好后请申请人核对并本人签名。")
		banners = append(banners, b.obj)
	}
	return s.w.build(banners...)
}

// Reset wipes everything typed, drawn and found.
func (s *ApplicationScreen) Reset() { s.k.reset(s) }

func (s *ApplicationScreen) wipe() {
	s.w.wipe()
	s.pad.Clear()
	clear(s.sigPNG)
	s.sigPNG, s.similar = nil, nil
	s.confirm.Set()
}

// update shows the fields that apply to the answers so far.
func (s *ApplicationScreen) update() {
	t := s.appType.choice.Selected()
	citizen, org := t == submission.ApplicantCitizen, t == submission.ApplicantOrg
	s.orgCat.show(org)
	for _, f := range []*field{s.name, s.idType, s.idNumber, s.employer} {
		f.show(citizen)
	}
	for _, f := range []*field{s.orgName, s.credit, s.legalRep, s.contact} {
		f.show(org)
	}
	kind := keyboard.Text // passports and permits have letters
	if s.idType.choice.Selected() == submission.IDTypeResident {
		kind = keyboard.IDNumber
	}
	s.w.kb.Attach(s.idNumber.entry, kind)
	s.showIDGroups()
	if s.idNumber.hasError() {
		s.w.check(s.idNumber)
	}
}

// showIDGroups shows a 居民身份证 number being typed in its groups.
func (s *ApplicationScreen) showIDGroups() {
	v := strings.TrimSpace(s.idNumber.entry.Text)
	if v == "" || s.idType.choice.Selected() != submission.IDTypeResident {
		setText(s.idGroups, "") // no copy of the number left behind
		if s.idGroups.Visible() {
			s.idGroups.Hide()
			s.w.relayout()
		}
		return
	}
	setText(s.idGroups, "分段核对："+validate.GroupIDNumber(v))
	if !s.idGroups.Visible() {
		s.idGroups.Show()
		s.w.relayout()
	}
}

// checked shows the credit-code confirmation while the code only fails
// its checksum (validate.IsWarning): some genuine early codes do.
func (s *ApplicationScreen) checked(fe validate.FieldErrors) {
	if validate.IsWarning(fe["credit_code"]) || len(s.confirm.All()) > 0 {
		s.confirm.obj.Show()
	} else {
		s.confirm.obj.Hide()
	}
}

// application builds the payload from the form.
func (s *ApplicationScreen) application() *submission.Application {
	if s.sigPNG == nil && s.pad.Length() >= minSignature {
		s.sigPNG = s.pad.PNG()
	}
	a := &submission.Application{
		ApplicantType: s.appType.choice.Selected(),
		Name:          s.name.entry.Text, IDType: s.idType.choice.Selected(), IDNumber: s.idNumber.entry.Text,
		Employer:    s.employer.entry.Text,
		OrgCategory: s.orgCat.choice.Selected(), OrgName: s.orgName.entry.Text, CreditCode: s.credit.entry.Text,
		CreditCodeConfirmed: len(s.confirm.All()) > 0,
		LegalRep:            s.legalRep.entry.Text, ContactName: s.contact.entry.Text,
		Phone: s.phone.entry.Text, Address: s.address.entry.Text, PostalCode: s.postal.entry.Text, Email: s.email.entry.Text,
		InfoName: s.infoName.entry.Text, InfoDocNo: s.infoDocNo.entry.Text, InfoDescription: s.infoDesc.entry.Text,
		Media: s.media.choice.All(), Delivery: s.delivery.choice.All(), FeeWaiver: s.fee.choice.Selected() == feeYes,
		Signature: s.sigPNG, SignedOn: calendar.Today(s.k.deps.Now()),
	}
	if s.staffID != "" {
		a.FilledByStaff, a.StaffID = true, s.staffID
	}
	return a
}

func (s *ApplicationScreen) typePage() fyne.CanvasObject {
	return container.NewVBox(
		heading("第一步：请选择申请人类型"),
		muted("以个人名义申请请选“公民”；以企业、社会组织、律师事务所等单位名义申请请选“法人或者其他组织”。"),
		s.appType.box)
}

// orgPage asks an organisation's category on a page of its own.
func (s *ApplicationScreen) orgPage() fyne.CanvasObject {
	return container.NewVBox(heading("请选择组织类别"), s.orgCat.box)
}

func (s *ApplicationScreen) applicantPage() fyne.CanvasObject {
	return container.NewVBox(
		heading("申请人信息"),
		s.name.box, s.idType.box, s.idNumber.box, s.employer.box,
		s.orgName.box, s.credit.box, s.legalRep.box, s.contact.box,
		spacer(8), heading("联系方式"),
		muted("用于送达答复和联系补正，请准确填写。"),
		s.phone.box, s.address.box, s.postal.box, s.email.box)
}

func (s *ApplicationScreen) infoPage() fyne.CanvasObject {
	return container.NewVBox(
		heading("您需要的政府信息"),
		muted("名称、文号、特征性描述至少填写一项，便于我们准确查找。每份申请只申请一项信息（一事一申请）。"),
		s.infoName.box, s.infoDocNo.box, s.infoDesc.box)
}

func (s *ApplicationScreen) findSimilar() {
	s.similar = s.k.findSimilar(s.infoName.entry.Text, s.infoDocNo.entry.Text, s.infoDesc.entry.Text)
}

func (s *ApplicationScreen) similarPage() fyne.CanvasObject {
	return similarPanel(s.k.app, s.similar, func(id string) {
		s.w.kb.Hide()
		s.k.app.Push(ui.NewDocumentScreen(s.k.app, id))
	})
}

func (s *ApplicationScreen) deliveryPage() fyne.CanvasObject {
	return container.NewVBox(heading("提供信息的方式"), s.media.box, s.delivery.box, s.fee.box)
}

func (s *ApplicationScreen) signPage() fyne.CanvasObject {
	who := "请申请人本人在下方签名。"
	if s.appType.choice.Selected() == submission.ApplicantOrg {
		who = "请联系人在下方签名。"
	}
	date := muted("签名日期：" + dateText(s.k.deps.Now().In(calendar.Beijing)))
	return container.NewBorder(container.NewVBox(heading("签名确认"), muted(who+"写错了可以点“重签”。")), date, nil, nil, s.sign.box)
}

// reviewPage lists everything entered, with 修改 links back to the steps.
// The requester is the one reading, but others may be looking: the ID
// number is masked unless asked for.
func (s *ApplicationScreen) reviewPage() fyne.CanvasObject {
	a := s.application()
	a.Normalize() // show what will be submitted: 11010519491231002X, not ...x
	applicant := [][2]string{}
	var reveal fyne.CanvasObject
	if a.ApplicantType == submission.ApplicantCitizen {
		// The review is on a public screen: the number is masked until the
		// visitor asks to see it (issue 13), and grouped when shown.
		masked, full := validate.MaskIDNumber(a.IDNumber), validate.GroupIDNumber(a.IDNumber)
		applicant = append(applicant, [2]string{"姓名", a.Name}, [2]string{"证件类型", a.IDType},
			[2]string{"证件号码", masked}, [2]string{"工作单位", a.Employer})
		shown := false
		var b *widget.Button
		b = button(s.k.app, "显示完整证件号码", theme.VisibilityIcon(), widget.LowImportance, func() {
			shown = !shown
			if v := s.w.reviewed["证件号码"]; v != nil {
				if shown {
					setText(v, full)
					b.SetText("隐藏证件号码")
				} else {
					setText(v, masked)
					b.SetText("显示完整证件号码")
				}
			}
		})
		reveal = container.NewHBox(b)
	} else {
		reveal = container.NewHBox()
		code := a.CreditCode
		if a.CreditCodeConfirmed {
			code += "（已确认无误）"
		}
		applicant = append(applicant, [2]string{"名称", a.OrgName}, [2]string{"统一社会信用代码", code},
			[2]string{"法定代表人", a.LegalRep}, [2]string{"联系人", a.ContactName})
	}
	applicant = append(applicant, [2]string{"联系电话", a.Phone}, [2]string{"通信地址", a.Address},
		[2]string{"邮政编码", a.PostalCode}, [2]string{"电子邮箱", a.Email})
	typ := a.ApplicantType
	if a.OrgCategory != "" && a.ApplicantType == submission.ApplicantOrg {
		typ += "（" + a.OrgCategory + "）"
	}
	fee := feeNo
	if a.FeeWaiver {
		fee = feeYes
	}
	col := container.NewVBox(
		heading("请核对申请内容"),
		muted("确认无误后点“确认提交”。提交后将给您受理编号和查询码，用于查询办理进度。"),
		s.w.reviewSection("申请人类型", appStepType, [2]string{"申请人类型", typ}),
		s.w.reviewSection("申请人信息", appStepApplicant, applicant...),
		reveal,
		s.w.reviewSection("所需信息", appStepInfo, [2]string{"名称", a.InfoName}, [2]string{"文号", a.InfoDocNo},
			[2]string{"特征性描述", a.InfoDescription}),
		s.w.reviewSection("获取方式", appStepDelivery, [2]string{"载体", strings.Join(a.Media, "、")},
			[2]string{"获取方式", strings.Join(a.Delivery, "、")}, [2]string{"减免费用", fee}),
	)
	sig := canvas.NewImageFromImage(s.pad.Image(400))
	sig.FillMode = canvas.ImageFillContain
	sig.SetMinSize(fyne.NewSize(300, 110))
	col.Add(panel(ui.ColorNameKeyCell, container.NewBorder(nil, nil, nil,
		button(s.k.app, "修改", theme.DocumentCreateIcon(), widget.LowImportance, func() { s.w.edit(appStepSign) }),
		heading("签名")), container.NewHBox(sig)))
	if s.staffID != "" {
		col.Add(s.w.reviewSection("代为填写", -1, [2]string{"工作人员工号", s.staffID}))
	}
	return col
}

// done runs once the application is durably queued: the form is wiped
// and the receipt shown and printed.
func (s *ApplicationScreen) done(p submission.Payload, r receipt.Receipt) {
	clear(p.(*submission.Application).Signature)
	s.k.app.Back()
	s.k.app.Push(newReceiptScreen(s.k, r))
}
