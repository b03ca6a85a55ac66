// Package forms is the visible half of in-person submissions (issue 4):
// the 依申请公开 application with its signature pad and similar-documents
// check, feedback (意见征集, 问题反馈, 办事堵点, 好差评), event sign-up and
// cancellation, the receipt screen, and the 办理进度查询 status look-up.
//
// Install sets the home tiles' handlers; StartAssisted opens the
// application for staff writing down an oral application (代为填写).
//
// Every form is one ui.Screen with numbered steps (上一步/下一步, a progress
// bar, a review page). Fields are checked with the submission package's own
// Validate, so the screen and the service can never disagree: a field is
// checked when the visitor leaves it (the on-screen keyboard moves on or
// hides) and every field of the step on 下一步, and the message appears
// under the field without touching what was typed.
//
// Privacy: what a visitor typed lives only in the form's widgets and is
// wiped (entries emptied, signature cleared, keyboard reset) when the form
// leaves the screen stack, whether by 返回, 首页, a successful submit or the
// idle reset. The receipt screen shows only the tracking number, the
// verification code, dates and the event; the printed receipt's summary is
// masked (receipt.MaskName, receipt.MaskPhone).
package forms

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/intake"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/keyboard"
	"gongkai/sync/outbox"
)

// Deps is what the forms need from the rest of the kiosk.
type Deps struct {
	// Submit validates, seals and queues a payload durably, then archives
	// its receipt; it is (*intake.Service).Submit in production, the one
	// path every submission takes. Required.
	Submit func(ctx context.Context, p submission.Payload) (intake.Taken, error)
	// Lookup answers a status look-up by tracking number and verification
	// code (OutboxLookup in production). A wrong number or code is a
	// *domain.Error with code domain.ENOTFOUND. Required for 办理进度查询.
	Lookup func(ctx context.Context, tracking, code string) (StatusView, error)
	// PrintReceipt prints a receipt Submit returned ((*intake.Service).
	// Print); nil shows the receipt on screen only, with a note to write
	// the numbers down (it is archived all the same: staff can reprint it).
	PrintReceipt func(ctx context.Context, r receipt.Receipt) error
	// Seats tells how many seats of an event this kiosk can still confirm
	// (OutboxSeats); nil or !known shows the event's capacity instead.
	Seats func(ctx context.Context, eventID string) (left int, known bool, err error)
	// Catalogue is searched for similar documents and lists consultations
	// and events; nil means the app's catalogue.
	Catalogue domain.CatalogueService
	// NewKeyboard makes the on-screen keyboard docked under each form; nil
	// means keyboard.New. Each form has its own (the pinyin engine is shared).
	NewKeyboard func() *keyboard.Keyboard
	// Now is the kiosk's clock; nil means the app's.
	Now func() time.Time
	// Unavailable says, in Chinese for visitors, why this kiosk cannot
	// take submissions now (not yet connected to a hub: submission.
	// ErrNotEnrolled's message), or "" when it can. A form shows it above
	// its first step, so nobody fills in six pages to learn it on
	// submitting. nil means always available.
	Unavailable func() string
}

// StatusView is what 办理进度查询 shows of a submission: no personal data.
type StatusView struct {
	Tracking    string
	Kind        string // protocol.Kind...
	Received    time.Time
	Deadline    calendar.Date // zero when none
	Provisional bool
	Delivered   bool   // the hub has acknowledged it
	State       string // the hub's status (已受理, 需补正, ...); "" before the first one
	Outcome     string
	Note        string
	Updated     time.Time // when the hub last changed the status
	SeatState   string    // sign-ups: protocol.Seat...
	EventID     string
}

// OutboxLookup returns a Deps.Lookup answered from the kiosk's outbox.
func OutboxLookup(ob *outbox.Outbox) func(ctx context.Context, tracking, code string) (StatusView, error) {
	return func(ctx context.Context, tracking, code string) (StatusView, error) {
		st, err := ob.Lookup(ctx, tracking, code)
		if err != nil {
			return StatusView{}, err
		}
		return StatusView{
			Tracking: st.Tracking, Kind: st.Kind, Received: st.Received, Deadline: st.Deadline,
			Provisional: st.Provisional, Delivered: st.Queue == outbox.StateSent, State: st.State,
			Outcome: st.Outcome, Note: st.Note, Updated: st.Updated, SeatState: st.SeatState, EventID: st.EventID,
		}, nil
	}
}

// OutboxSeats returns a Deps.Seats answered from the kiosk's block of
// seats; an event the hub has granted no block is unknown.
func OutboxSeats(ob *outbox.Outbox) func(ctx context.Context, eventID string) (int, bool, error) {
	return func(ctx context.Context, eventID string) (int, bool, error) {
		granted, used, err := ob.Seats(ctx, eventID)
		if err != nil || granted == 0 {
			return 0, false, err
		}
		return max(granted-used, 0), true, nil
	}
}

// kit is the forms' state for one app: the dependencies with their
// defaults filled in, and the screens that hold visitor data, which the
// idle reset wipes.
type kit struct {
	app  *ui.App
	deps Deps
	live map[wiper]bool
	// do runs a function on the UI goroutine from a worker: fyne.Do, which
	// tests replace so that the update runs on the test's goroutine.
	do func(func())
}

// wiper is a screen holding visitor data.
type wiper interface{ wipe() }

var (
	kitsMu sync.Mutex
	kits   = map[*ui.App]*kit{}
)

// kitFor returns the kit of app with deps, registering the idle-reset
// hook the first time app is seen.
func kitFor(app *ui.App, deps Deps) *kit {
	if deps.Catalogue == nil {
		deps.Catalogue = app.Catalogue()
	}
	if deps.Now == nil {
		deps.Now = app.Now
	}
	if deps.NewKeyboard == nil {
		deps.NewKeyboard = keyboard.New
	}
	kitsMu.Lock()
	defer kitsMu.Unlock()
	k := kits[app]
	if k == nil {
		k = &kit{app: app, live: map[wiper]bool{}, do: fyne.Do}
		kits[app] = k
		app.OnReset(k.wipeAll)
	}
	k.deps = deps
	return k
}

// wipeAll wipes every screen still holding visitor data. The idle reset
// has already popped (and so reset) the screens; this catches anything
// left, such as a form whose content was built but never pushed.
func (k *kit) wipeAll() {
	for w := range k.live {
		w.wipe()
	}
	clear(k.live)
}

func (k *kit) hold(w wiper)    { k.live[w] = true }
func (k *kit) release(w wiper) { delete(k.live, w) }

// buildWizard lays out the wizard of screen s, which holds visitor data
// from now until its Reset, with the live look-ups of the kit.
func (k *kit) buildWizard(s wiper, w *wizard) fyne.CanvasObject {
	k.hold(s)
	w.lookups = k.lookups()
	return w.build()
}

// reset wipes screen s and lets it go: a screen's Reset.
func (k *kit) reset(s wiper) {
	s.wipe()
	k.release(s)
}

// Install makes the home tiles 依申请公开, 意见征集, 问题反馈, 活动报名 and
// 办理进度查询 open the forms.
func Install(app *ui.App, deps Deps) {
	k := kitFor(app, deps)
	app.SetTileHandler(ui.TileApply, func() { app.Push(newApplicationScreen(k, "")) })
	app.SetTileHandler(ui.TileConsult, func() { app.Push(newConsultationsScreen(k)) })
	app.SetTileHandler(ui.TileFeedback, func() { app.Push(newFeedbackScreen(k, nil)) })
	app.SetTileHandler(ui.TileEvents, func() { app.Push(newEventsScreen(k)) })
	app.SetTileHandler(ui.TileProgress, func() { app.Push(newStatusScreen(k)) })
}

// StartAssisted opens the application form for an oral application
// written down by staff (代为填写, Art. 29): the form carries a banner with
// the staff member's id and the payload records it. The staff screen calls
// it after the staff member has signed in.
func StartAssisted(app *ui.App, deps Deps, staffID string) {
	k := kitFor(app, deps)
	app.Push(newApplicationScreen(k, staffID))
}

// ctx bounds one call made from the UI goroutine, so a wedged database or
// printer cannot freeze the screen for ever.
func (k *kit) ctx(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

// errNoService is shown when the kiosk was started without a submission
// service (not enrolled, or a wiring fault).
var errNoService = &domain.Error{Code: domain.EINTERNAL, Message: "本机暂不能受理提交，请到服务窗口办理或联系工作人员"}

// submit hands p to Deps.Submit.
func (k *kit) submit(p submission.Payload) (intake.Taken, error) {
	if k.deps.Submit == nil {
		return intake.Taken{}, errNoService
	}
	ctx, cancel := k.ctx(15 * time.Second)
	defer cancel()
	return k.deps.Submit(ctx, p)
}

// lookups returns the catalogue objects Validate needs, for checking a
// field as the visitor leaves it. A failure leaves them empty; the service
// checks again on submit.
func (k *kit) lookups() submission.Catalogue {
	ctx, cancel := k.ctx(5 * time.Second)
	defer cancel()
	var c submission.Catalogue
	var err1, err2 error
	c.Consultations, err1 = k.deps.Catalogue.Consultations(ctx)
	c.Events, err2 = k.deps.Catalogue.Events(ctx)
	if err := errors.Join(err1, err2); err != nil {
		k.app.Logf("forms: catalogue lookups: %v", err)
	}
	return c
}
