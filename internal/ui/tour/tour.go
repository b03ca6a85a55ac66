// Package tour visits every screen of the kiosk the way a visitor's
// finger would (tiles, buttons by their captions, typed fields, a drawn
// signature), for the layout tests: the headless matrix of window sizes,
// text steps and palettes, and the real-window tour that the scenes build
// of the kiosk plays under Xvfb for screenshots. Each stop starts from the
// home screen, so a stop does not depend on the one before it.
//
// Stops run on Fyne's UI goroutine (the real-window tour wraps them in
// fyne.DoAndWait). It is not built into the kiosk that ships: only tests
// and the "scenes" build import it.
package tour

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/layoutcheck"
	"gongkai/sync/protocol"
)

// Sizes are the screens kiosks have: an upright 立式 machine's portrait
// 1080×1920, and the common landscape panels.
var Sizes = []fyne.Size{{Width: 1080, Height: 1920}, {Width: 1280, Height: 800}, {Width: 1366, Height: 768}, {Width: 1920, Height: 1080}}

// SampleReceipt is an application's receipt for the receipt stop.
func SampleReceipt(now time.Time) receipt.Receipt {
	deadline := now.AddDate(0, 0, 28)
	return receipt.Receipt{Kind: protocol.KindApplication, Title: "政府信息公开申请回执",
		Tracking: "2026-1116-0000-017", VerificationCode: "48291375", Received: now, // a code as issued now: 8 digits
		Deadline: &deadline, StatusURL: "https://gk.example.gov.cn/s/202611160000017?c=48291375"}
}

// Stop is one screen state: a name for reports and screenshots, how to
// get there from the home screen, and what to do once the screen has been
// drawn (a finger cannot touch a field before it is on the screen, and
// Fyne's window knows an object's position only once it has drawn it).
type Stop struct {
	Name  string
	Enter func(g *Guide) error
	Then  func(g *Guide) error // nil: nothing
}

// Guide drives the app for the stops.
type Guide struct {
	App *ui.App
	// Receipt is shown by the receipt stop (forms.ShowReceipt).
	Receipt receipt.Receipt
	// PINPad opens the staff PIN pad (staffui's Mode.OpenPINPad); nil
	// leaves that stop out.
	PINPad func()
}

// Stops returns the tour. Stops that need something the guide lacks are
// left out.
func (g *Guide) Stops() []Stop {
	stops := []Stop{
		{Name: "home", Enter: func(g *Guide) error { return nil }},
		{Name: "countdown", Enter: func(g *Guide) error { g.App.ShowCountdown(10); return nil }},
		{Name: "browse", Enter: func(g *Guide) error { return g.tile(ui.TileBrowse) }},
		{Name: "browse-level", Enter: func(g *Guide) error { return g.category(true) }},
		{Name: "document-list", Enter: func(g *Guide) error { return g.category(false) }},
		{Name: "document", Enter: func(g *Guide) error { return g.document(false) }},
		{Name: "document-end", Enter: func(g *Guide) error { return g.document(true) }},
		{Name: "search", Enter: func(g *Guide) error { return g.tile(ui.TileSearch) }},
		{Name: "search-typing", Enter: func(g *Guide) error { return g.tile(ui.TileSearch) }, Then: func(g *Guide) error { return g.searchTyping() }},
		{Name: "search-results", Enter: func(g *Guide) error { return g.searchResults() }},
		{Name: "policy", Enter: func(g *Guide) error { return g.tile(ui.TilePolicy) }},
		{Name: "consultations", Enter: func(g *Guide) error { return g.tile(ui.TileConsult) }},
		{Name: "events", Enter: func(g *Guide) error { return g.tile(ui.TileEvents) }},
		{Name: "event", Enter: func(g *Guide) error { return g.chain(g.tileStep(ui.TileEvents), g.tapStep("查看详情并报名")) }},
		{Name: "signup", Enter: func(g *Guide) error {
			return g.chain(g.tileStep(ui.TileEvents), g.tapStep("查看详情并报名"), g.tapStep("我要报名"))
		}},
		{Name: "signup-typing", Enter: func(g *Guide) error {
			return g.chain(g.tileStep(ui.TileEvents), g.tapStep("查看详情并报名"), g.tapStep("我要报名"))
		}, Then: typing(0)},
		{Name: "cancel", Enter: func(g *Guide) error { return g.chain(g.tileStep(ui.TileEvents), g.tapStep("取消报名")) }},
		{Name: "progress", Enter: func(g *Guide) error { return g.tile(ui.TileProgress) }},
		{Name: "progress-typing", Enter: func(g *Guide) error { return g.tile(ui.TileProgress) }, Then: typing(1)},
		{Name: "progress-not-found", Enter: func(g *Guide) error {
			return g.chain(g.tileStep(ui.TileProgress), g.fillStep("202611160000017", "ABC234"), g.tapStep("查询"))
		}},
	}
	stops = append(stops,
		Stop{Name: "help", Enter: func(g *Guide) error { g.App.ShowHelp(); return nil }},
		Stop{Name: "help-application", Enter: func(g *Guide) error {
			return g.chain(g.tileStep(ui.TileApply), g.tapStep("公民"), g.tapStep("下一步"), func() error { g.App.ShowHelp(); return nil })
		}},
		Stop{Name: "keypad-focus", Enter: func(g *Guide) error { return g.tile(ui.TileBrowse) }, Then: func(g *Guide) error {
			for range 3 {
				g.App.KeyTyped(&fyne.KeyEvent{Name: fyne.Key2})
			}
			return nil
		}},
	)
	stops = append(stops, g.feedbackStops()...)
	stops = append(stops, g.applicationStops()...)
	if g.Receipt.Tracking != "" {
		stops = append(stops, Stop{Name: "receipt", Enter: func(g *Guide) error { forms.ShowReceipt(g.App, g.Receipt); return nil }})
	}
	if g.PINPad != nil {
		stops = append(stops, Stop{Name: "staff-pin", Enter: func(g *Guide) error { g.PINPad(); return nil }})
	}
	return stops
}

func (g *Guide) feedbackStops() []Stop {
	open := g.tileStep(ui.TileFeedback)
	obstacle := g.chain0(open, g.tapStep("办事堵点"), g.tapStep("下一步"))
	text := g.chain0(open, g.tapStep("政务公开工作"), g.tapStep("下一步"))
	filled := g.chain0(text, g.fillStep("希望公开更多的办事指南和收费标准。"), g.tapStep("下一步"))
	return []Stop{
		{Name: "feedback", Enter: func(g *Guide) error { return open() }},
		{Name: "feedback-category", Enter: func(g *Guide) error { return obstacle() }},
		{Name: "feedback-consultation", Enter: func(g *Guide) error {
			return g.chain(open, g.tapStep("意见征集"), g.tapStep("下一步"))
		}},
		{Name: "feedback-text", Enter: func(g *Guide) error { return text() }},
		{Name: "feedback-typing", Enter: func(g *Guide) error { return text() }, Then: typing(0)},
		{Name: "feedback-contact", Enter: func(g *Guide) error { return filled() }},
		{Name: "feedback-review", Enter: func(g *Guide) error {
			return g.chain(filled, g.tapStep("匿名提交（不留姓名和联系方式）"), g.tapStep("下一步"))
		}},
	}
}

func (g *Guide) applicationStops() []Stop {
	open := g.tileStep(ui.TileApply)
	citizen := g.chain0(open, g.tapStep("公民"), g.tapStep("下一步"))
	orgCategory := g.chain0(open, g.tapStep("法人或者其他组织"), g.tapStep("下一步"))
	org := g.chain0(orgCategory, g.tapStep("商业企业"), g.tapStep("下一步"))
	info := g.chain0(citizen, g.fillStep("张晓明", "11010519491231002X", "", "13800138000", "阳谷县狮子楼路1号", "252300", ""),
		g.tapStep("下一步"))
	delivery := g.chain0(info, g.fillStep("2025年阳谷县财政预算执行情况"), g.tapStep("下一步"), g.skipSimilar)
	sign := g.chain0(delivery, g.tapStep("纸质"), g.tapStep("自行领取/当场查阅、抄录"), g.tapStep("下一步"))
	review := g.chain0(sign, g.signStep, g.tapStep("下一步"))
	return []Stop{
		{Name: "application", Enter: func(g *Guide) error { return open() }},
		{Name: "application-citizen", Enter: func(g *Guide) error { return citizen() }},
		{Name: "application-citizen-typing", Enter: func(g *Guide) error { return citizen() }, Then: typing(0)},
		{Name: "application-id-typing", Enter: func(g *Guide) error { return citizen() }, Then: typing(1)},
		{Name: "application-org-category", Enter: func(g *Guide) error { return orgCategory() }},
		{Name: "application-org", Enter: func(g *Guide) error { return org() }},
		{Name: "application-info", Enter: func(g *Guide) error { return info() }},
		{Name: "application-info-typing", Enter: func(g *Guide) error { return info() }, Then: typing(2)},
		{Name: "application-delivery", Enter: func(g *Guide) error { return delivery() }},
		{Name: "application-sign", Enter: func(g *Guide) error { return sign() }},
		{Name: "application-review", Enter: func(g *Guide) error { return review() }},
		{Name: "application-call-staff", Enter: func(g *Guide) error { return g.chain(citizen, g.tapStep("呼叫工作人员")) }},
	}
}

// Go runs stop s from the home screen, all at once (headless tests: the
// test driver knows objects before they are drawn). The real-window tour
// runs Enter and Then apart, a frame between them.
func (g *Guide) Go(s Stop) error {
	if err := g.Enter(s); err != nil {
		return err
	}
	return g.Then(s)
}

// Enter resets the session and goes to stop s.
func (g *Guide) Enter(s Stop) error {
	g.App.ResetSession()
	if err := s.Enter(g); err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	return nil
}

// Then does what stop s does on the drawn screen.
func (g *Guide) Then(s Stop) error {
	if s.Then == nil {
		return nil
	}
	if err := s.Then(g); err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	return nil
}

// typing opens the keyboard on the i-th shown field.
func typing(i int) func(g *Guide) error {
	return func(g *Guide) error { return g.typeStep(i)() }
}

// chain runs steps in order, stopping at the first error.
func (g *Guide) chain(steps ...func() error) error {
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// chain0 is chain kept for later.
func (g *Guide) chain0(steps ...func() error) func() error {
	return func() error { return g.chain(steps...) }
}

func (g *Guide) tileStep(name string) func() error { return func() error { return g.tile(name) } }

func (g *Guide) tile(name string) error {
	t := g.App.Tile(name)
	if t == nil {
		return fmt.Errorf("no tile %q", name)
	}
	t.Tapped(&fyne.PointEvent{})
	return nil
}

func (g *Guide) tapStep(caption string) func() error { return func() error { return g.Tap(caption) } }

// Tap taps the first shown, enabled button or option captioned caption.
func (g *Guide) Tap(caption string) error {
	var found fyne.Tappable
	g.visit(func(o fyne.CanvasObject) bool {
		switch b := o.(type) {
		case *widget.Button:
			if b.Text == caption && !b.Disabled() {
				found = b
			}
		case *forms.Option:
			if b.Text == caption {
				found = b
			}
		}
		return found == nil
	})
	if found == nil {
		return fmt.Errorf("no button %q on %q", caption, g.App.Current().Title())
	}
	found.Tapped(&fyne.PointEvent{})
	return nil
}

// Entries returns the shown entries of the current screen, top to bottom.
func (g *Guide) Entries() []*widget.Entry {
	var out []*widget.Entry
	g.visit(func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
		return true
	})
	return out
}

func (g *Guide) fillStep(values ...string) func() error {
	return func() error {
		es := g.Entries()
		if len(es) < len(values) {
			return fmt.Errorf("%d fields on %q, want %d", len(es), g.App.Current().Title(), len(values))
		}
		for i, v := range values {
			if v != "" {
				es[i].SetText(v)
			}
		}
		return nil
	}
}

// typeStep opens the on-screen keyboard on the i-th shown field.
func (g *Guide) typeStep(i int) func() error {
	return func() error {
		es := g.Entries()
		if i >= len(es) {
			return fmt.Errorf("no field %d on %q", i, g.App.Current().Title())
		}
		var kb *keyboard.Keyboard
		g.visitAll(func(o fyne.CanvasObject) bool {
			if k, ok := o.(*keyboard.Keyboard); ok && kb == nil && k.Attached(es[i]) {
				kb = k
			}
			return true
		})
		if kb == nil {
			return fmt.Errorf("field %d on %q has no keyboard", i, g.App.Current().Title())
		}
		kb.ShowFor(es[i])
		return nil
	}
}

// skipSimilar continues past the already-public documents, when shown.
func (g *Guide) skipSimilar() error {
	if g.has("继续申请") {
		return g.Tap("继续申请")
	}
	return nil
}

// signStep draws a signature on the pad.
func (g *Guide) signStep() error {
	var pad *forms.SignaturePad
	g.visit(func(o fyne.CanvasObject) bool {
		if p, ok := o.(*forms.SignaturePad); ok {
			pad = p
			return false
		}
		return true
	})
	if pad == nil {
		return fmt.Errorf("no signature pad on %q", g.App.Current().Title())
	}
	s := pad.Size()
	for i := 1; i <= 20; i++ {
		x := s.Width * float32(i) / 24
		y := s.Height/2 + float32(i%4)*8
		pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}, Dragged: fyne.NewDelta(s.Width/24, 8)})
	}
	pad.DragEnd()
	return nil
}

func (g *Guide) has(caption string) bool {
	found := false
	g.visit(func(o fyne.CanvasObject) bool {
		switch b := o.(type) {
		case *widget.Button:
			found = b.Text == caption
		case *forms.Option:
			found = b.Text == caption
		}
		return !found
	})
	return found
}

// category opens the first category with sub-categories (level) or the
// first category without (its document list).
func (g *Guide) category(level bool) error {
	n := g.findCategory(level)
	if n == nil {
		return fmt.Errorf("no category with sub-categories = %v", level)
	}
	g.App.OpenCategory(n, []string{n.Name})
	return nil
}

func (g *Guide) findCategory(withChildren bool) *domain.CategoryNode {
	roots, err := g.App.Catalogue().Categories(context.Background())
	if err != nil {
		return nil
	}
	var walk func([]*domain.CategoryNode) *domain.CategoryNode
	walk = func(ns []*domain.CategoryNode) *domain.CategoryNode {
		for _, n := range ns {
			if (len(n.Children) > 0) == withChildren && n.Count > 0 {
				return n
			}
			if f := walk(n.Children); f != nil {
				return f
			}
		}
		return nil
	}
	return walk(roots)
}

// document opens the demo catalogue's longest document, at its end when
// end is set.
func (g *Guide) document(end bool) error {
	docs, _, err := g.App.Catalogue().Documents(context.Background(), domain.DocumentFilter{Limit: 200})
	if err != nil || len(docs) == 0 {
		return fmt.Errorf("no documents: %v", err)
	}
	best, most := docs[0].ID, 0
	for _, d := range docs {
		full, err := g.App.Catalogue().Document(context.Background(), d.ID)
		if err != nil {
			continue
		}
		n := len(full.Attachments) * 100
		for _, b := range full.Body {
			n += len(b.Text) + len(strings.Join(b.Items, "")) + 40*len(b.Rows)
		}
		if n > most {
			best, most = d.ID, n
		}
	}
	s := ui.NewDocumentScreen(g.App, best)
	g.App.Push(s)
	if end && s.Scroll() != nil {
		s.Scroll().ScrollToOffset(1e6)
	}
	return nil
}

func (g *Guide) searchTyping() error {
	s, ok := g.App.Current().(*ui.SearchScreen)
	if !ok {
		return fmt.Errorf("the search tile opened %q", g.App.Current().Title())
	}
	g.App.Keyboard().ShowFor(s.Entry)
	s.Entry.SetText("招生")
	return nil
}

func (g *Guide) searchResults() error {
	if err := g.tile(ui.TileSearch); err != nil {
		return err
	}
	s, ok := g.App.Current().(*ui.SearchScreen)
	if !ok {
		return fmt.Errorf("the search tile opened %q", g.App.Current().Title())
	}
	s.Entry.SetText("招生")
	s.Button.Tapped(&fyne.PointEvent{})
	return nil
}

// visit calls fn on the shown objects of the window's content, depth
// first through containers, scrollers and widgets, until fn returns
// false.
func (g *Guide) visit(fn func(fyne.CanvasObject) bool) {
	walk(g.App.Window().Content(), true, fn)
}

// visitAll is visit including hidden objects.
func (g *Guide) visitAll(fn func(fyne.CanvasObject) bool) {
	walk(g.App.Window().Content(), false, fn)
}

func walk(o fyne.CanvasObject, shownOnly bool, fn func(fyne.CanvasObject) bool) bool {
	if o == nil || shownOnly && !o.Visible() {
		return true
	}
	if !fn(o) {
		return false
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if !walk(c, shownOnly, fn) {
				return false
			}
		}
	case *container.Scroll:
		return walk(x.Content, shownOnly, fn)
	case *widget.Entry, *widget.Select:
		return true
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if !walk(c, shownOnly, fn) {
				return false
			}
		}
	}
	return true
}

// typing returns the on-screen keyboard that is typing into a field, or
// nil.
func (g *Guide) typing() *keyboard.Keyboard {
	var kb *keyboard.Keyboard
	g.visit(func(o fyne.CanvasObject) bool {
		if k, ok := o.(*keyboard.Keyboard); ok && k.Target() != nil {
			kb = k
		}
		return kb == nil
	})
	return kb
}

// Answerable is a form screen that names its step's first question and
// the first thing to answer it with (forms' wizard screens).
type Answerable interface {
	FirstAnswer() (question, answer fyne.CanvasObject)
}

// answerNeed is how much of the first answer must show at normal text
// (it grows with the text step): a field's first line. A choice shows
// whole.
const answerNeed = 40

// FirstAnswerInView checks that a form step shows its question and the
// top of its first answer without scrolling, as the step opens (with the
// keyboard up the page scrolls to the field typed instead: TypingInView).
func (g *Guide) FirstAnswerInView() []layoutcheck.Problem {
	s, ok := g.App.Current().(Answerable)
	if !ok || g.typing() != nil {
		return nil
	}
	q, a := s.FirstAnswer()
	if q == nil || a == nil {
		return nil
	}
	root, size := g.App.Window().Content(), g.App.Window().Canvas().Size()
	need := float32(answerNeed) * g.App.TextStep().Scale()
	if _, choice := a.(*forms.Option); choice {
		need = a.Size().Height // a choice must show whole
	}
	out := layoutcheck.InView(root, size, q, fmt.Sprintf("the question %q", questionText(q)), q.Size().Height)
	return append(out, layoutcheck.InView(root, size, a, fmt.Sprintf("its first answer (%T)", a), need)...)
}

func questionText(o fyne.CanvasObject) string {
	if rt, ok := o.(*widget.RichText); ok {
		return ui.PlainText(rt)
	}
	return fmt.Sprintf("%T", o)
}

// TypingInView checks that the field the on-screen keyboard types into,
// with its label, is in view above the keyboard: inside its scroller's
// visible part and not under the keyboard. It returns nil when no
// keyboard is up.
func (g *Guide) TypingInView() error {
	kb := g.typing()
	if kb == nil {
		return nil
	}
	d := fyne.CurrentApp().Driver()
	entry := kb.Target()
	// The innermost scroller holding the entry bounds what is in view.
	var path []fyne.CanvasObject
	var viewTop, viewBottom float32 = 0, d.AbsolutePositionForObject(kb).Y
	var find func(o fyne.CanvasObject) bool
	find = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return false
		}
		path = append(path, o)
		if o == entry {
			return true
		}
		var kids []fyne.CanvasObject
		switch x := o.(type) {
		case *fyne.Container:
			kids = x.Objects
		case *container.Scroll:
			kids = []fyne.CanvasObject{x.Content}
		case fyne.Widget:
			kids = test.WidgetRenderer(x).Objects()
		}
		for _, k := range kids {
			if find(k) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if !find(g.App.Window().Content()) {
		return fmt.Errorf("the keyboard's field is not shown")
	}
	for _, o := range path {
		if s, ok := o.(*container.Scroll); ok {
			top := d.AbsolutePositionForObject(s).Y
			viewTop = max(viewTop, top)
			viewBottom = min(viewBottom, top+s.Size().Height)
		}
	}
	ey := d.AbsolutePositionForObject(entry).Y
	need := min(entry.Size().Height, 64) // the field's first line at least
	if ey < viewTop-1 || ey+need > viewBottom+1 {
		return fmt.Errorf("the field being typed (%.0f–%.0f) is out of view (%.0f–%.0f)", ey, ey+need, viewTop, viewBottom)
	}
	// Its label: the nearest bold text above it.
	var label *widget.RichText
	var labelY float32 = -1
	g.visit(func(o fyne.CanvasObject) bool {
		rt, ok := o.(*widget.RichText)
		if !ok || len(rt.Segments) == 0 {
			return true
		}
		seg, ok := rt.Segments[0].(*widget.TextSegment)
		if !ok || !seg.Style.TextStyle.Bold || seg.Text == "" {
			return true
		}
		y := d.AbsolutePositionForObject(rt).Y
		if y+rt.Size().Height <= ey+1 && y > labelY && ey-y < 400 {
			label, labelY = rt, y
		}
		return true
	})
	if label == nil {
		return nil // a field without a label of its own (the search box)
	}
	if labelY < viewTop-1 {
		return fmt.Errorf("the label %q of the field being typed is above the view (%.0f < %.0f)",
			ui.PlainText(label), labelY, viewTop)
	}
	return nil
}
