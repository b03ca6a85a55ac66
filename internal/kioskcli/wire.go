package kioskcli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/intake"
	"gongkai/internal/kiosk"
	"gongkai/internal/printer"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint"
	"gongkai/internal/speech"
	"gongkai/internal/staff"
	"gongkai/internal/submission"
	"gongkai/internal/ui"
	"gongkai/internal/ui/forms"
	"gongkai/internal/ui/keyboard"
	"gongkai/internal/ui/staffui"
	"gongkai/internal/wallclock"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
)

// ServiceOptions adjust OpenServices for tests and tools; the zero value
// is the production kiosk.
type ServiceOptions struct {
	Now    func() time.Time                 // default wallclock.Now (time.Now, or faketime's)
	Logf   func(format string, args ...any) // default discards; never given personal data
	Logger *slog.Logger                     // the data directory's and the sync client's log; default slog.Default()
	Staff  staff.Options                    // tests use quick argon2id parameters
	Sync   client.Options                   // the sync client (HTTP client, page size); Now and Logger are filled in

	// Do runs a worker's update on the UI goroutine (default fyne.Do);
	// Go runs staff mode's background work (default `go f()`). Tests make
	// both deterministic.
	Do func(func())
	Go func(func())
	// NewKeyboard makes the forms' keyboards; default keyboard.New.
	NewKeyboard func() *keyboard.Keyboard
	// Quit leaves the program (staff's 退出程序); default the Fyne app's Quit.
	Quit func()
}

// Services are the running kiosk below its screens, opened on one data
// directory: the store (kiosk.Open), the outbox and its uplink to the
// hub, the sync client and, on an enrolled kiosk, its background worker,
// the submission service, the printer with the receipt archive, the
// intake that joins them, and staff mode's PIN and audit log. run opens them, builds the UI on them
// (UIDeps, Install) and starts the worker (Start); the headless test of
// the whole app does exactly the same.
type Services struct {
	Kiosk       *kiosk.Kiosk
	Config      config.Config
	Outbox      *outbox.Outbox
	Client      *client.Client
	Uplink      *client.Uplink
	Worker      *client.Worker // nil until Start, and on a kiosk not enrolled with a hub
	Submissions *submission.Service
	Printer     printer.Printer
	Printing    *reprint.Service
	Intake      *intake.Service // every on-screen submission: queue, archive the receipt, print
	Staff       *staff.Staff
	Mode        *staffui.Mode  // staff mode, once Install has run
	Speech      *speech.Engine // 语音播报; nil when [speech] engine is ""
	Forms       forms.Deps     // what the forms were installed with

	opt     ServiceOptions
	app     *ui.App
	network bool       // the worker syncs from a hub over the network (not only from USB bundles)
	svcMu   sync.Mutex // guards Submissions, re-read when a kiosk enrolled while running
	stop    context.CancelFunc
	stopped chan struct{}
}

// OpenServices opens cfg's data directory and everything the app runs on.
// Nothing runs in the background until Start.
func OpenServices(ctx context.Context, cfg config.Config, opt ServiceOptions) (s *Services, err error) {
	if opt.Now == nil {
		opt.Now = wallclock.Now
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	k, err := kiosk.Open(ctx, cfg, kiosk.Options{Now: opt.Now, Logger: opt.Logger})
	if err != nil {
		return nil, err
	}
	s = &Services{Kiosk: k, Config: k.Config, opt: opt}
	if k.Config.Speech.Engine != "" {
		s.Speech = speech.New(k.Config.Speech)
		s.Speech.Logf = opt.Logf
		if err := s.Speech.Check(ctx); err != nil {
			opt.Logf("kiosk: %v", err) // and a staff notice in the banner
		}
	}
	defer func() {
		if err != nil {
			k.Close()
		}
	}()
	db := k.Store.DB()
	if s.Outbox, err = outbox.Open(ctx, db, opt.Now); err != nil {
		return nil, err
	}
	copt := opt.Sync
	copt.Now, copt.Logger = opt.Now, opt.Logger
	if copt.PageSize == 0 {
		copt.PageSize = cfg.Sync.PageSize
	}
	if copt.HubURLs == nil {
		copt.HubURLs = cfg.Sync.HubURLs
	}
	if copt.Report == nil {
		// The printer is opened below; the report asks for it at sync time.
		copt.Report = kioskReport(s.Outbox, func() printer.Printer { return s.Printer }, k.DataDir, opt.Now)
	}
	s.Client = client.New(k.DataDir, client.NewStoreCatalogue(k.Store), copt)
	s.Uplink = client.NewUplink(s.Client, s.Outbox, client.UplinkOptions{})
	if h, err := s.Client.Hub(ctx); err == nil && h.KioskID != "" {
		// The enrolment names the kiosk (config's kiosk_id predates it):
		// staff see the id the hub knows it by.
		s.Config.KioskID = h.KioskID
	}
	if s.Submissions, err = submissionService(ctx, k, s.Outbox, s.Client, opt.Now); err != nil {
		return nil, err
	}
	if s.Printer, err = printer.New(cfg.Printer, printer.Options{}); err != nil {
		return nil, err
	}
	if s.Printing, err = reprint.New(ctx, db, k.DataDir, s.Printer,
		reprint.Options{Now: opt.Now, Queue: s.Outbox, Printer: cfg.Printer, Logf: opt.Logf}); err != nil {
		return nil, err
	}
	s.Intake = &intake.Service{Queue: s, Archive: s.Printing, Catalogue: k.Store,
		Agency: s.Config.AgencyName, PublicURL: s.Config.Sync.PublicURL, Logf: opt.Logf}
	if s.Staff, err = staff.Open(ctx, db, k.Store, staffOptions(opt, k.Store)); err != nil {
		return nil, err
	}
	return s, nil
}

// staffOptions are opt's staff options on the command's clock, with the
// hub's front-desk staff list from the kiosk store.
func staffOptions(opt ServiceOptions, roster staff.Roster) staff.Options {
	so := opt.Staff
	if so.Now == nil {
		so.Now = opt.Now
	}
	if so.Roster == nil {
		so.Roster = roster
	}
	return so
}

// submissionService returns the submission service of an open kiosk with
// the enrolment the sync client stored (kiosk id and number, the hub's
// age recipient in the store's meta, and the device key DATA/device.key).
// An unenrolled kiosk gets a service whose Submit says so in Chinese
// (submission.ErrNotEnrolled). `kiosk submit` and the app share it.
func submissionService(ctx context.Context, k *kiosk.Kiosk, ob *outbox.Outbox, cl *client.Client, now func() time.Time) (*submission.Service, error) {
	svc := &submission.Service{Store: k.Store, Outbox: ob, Now: now, Rand: rand.Reader}
	hub, err := cl.Hub(ctx)
	switch {
	case errors.Is(err, client.ErrNotEnrolled):
		return svc, nil
	case err != nil:
		return nil, err
	}
	svc.KioskID, svc.KioskNo, svc.Recipient = hub.KioskID, hub.KioskNo, hub.AgeRecipient
	key, err := cl.DeviceKey()
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("device key: %w", err)
	}
	svc.DeviceKey = key
	return svc, nil
}

// Submit is the intake's queue: the submission service (re-read from
// the store if staff enrolled the kiosk while the app was up), and a
// nudge to the worker so the new record goes up to the hub at once
// rather than at the next interval.
func (s *Services) Submit(ctx context.Context, p submission.Payload) (submission.Result, error) {
	res, err := s.service(ctx).Submit(ctx, p)
	if err == nil && s.Worker != nil {
		s.Worker.SyncNow()
	}
	return res, err
}

// service returns the submission service, reading the enrolment again
// while it has none: `kiosk enroll` may have run beside the app.
func (s *Services) service(ctx context.Context) *submission.Service {
	s.svcMu.Lock()
	defer s.svcMu.Unlock()
	if !enrolled(s.Submissions) {
		if fresh, err := submissionService(ctx, s.Kiosk, s.Outbox, s.Client, s.opt.Now); err == nil && enrolled(fresh) {
			s.Submissions = fresh
		}
	}
	return s.Submissions
}

func enrolled(svc *submission.Service) bool {
	return svc.KioskID != "" && svc.KioskNo > 0 && svc.Recipient != "" && len(svc.DeviceKey) > 0
}

// unavailable is the forms' Deps.Unavailable: a kiosk not connected to a
// hub says so on each form's first page.
func (s *Services) unavailable() string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if !enrolled(s.service(ctx)) {
		return submission.ErrNotEnrolled.Message
	}
	return ""
}

// UIDeps is what the screens read: the catalogue, the configuration, the
// staff notices (the data directory's and the receipts waiting for a
// reprint), the sync status for the header and, when staff allow it,
// printing a document.
func (s *Services) UIDeps() ui.Deps {
	d := ui.Deps{
		Catalogue: s.Kiosk.Store, Config: s.Config, Now: s.opt.Now, Logf: s.opt.Logf, Do: s.opt.Do,
		Notices: s.notices, Sync: s.syncStatus, CallStaff: s.callStaff, TrimMemory: freeMemory,
	}
	if s.Speech != nil {
		d.Speaker = s.Speech
	}
	if s.Config.Printer.AllowDocumentPrint {
		d.PrintDocument = s.printDocument
	}
	return d
}

// callStaff passes a visitor's 呼叫工作人员 to the hub at once (a kiosk
// fed only by USB, or offline, says so with an error: the staff banner
// has the call anyway).
func (s *Services) callStaff(ctx context.Context, where string) error {
	return s.Uplink.CallStaff(ctx, where, s.opt.Now())
}

// notices runs on the UI goroutine when the header refreshes (every 30 s).
func (s *Services) notices() []string {
	n := s.Kiosk.Notices()
	if s.Speech != nil && s.Speech.Problem() != "" {
		n = append(n, s.Speech.Problem())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if line := s.Printing.PendingNotice(ctx); line != "" {
		n = append(n, line)
	}
	return n
}

// syncStatus words the worker's status for the header; the problem it
// may carry is for the staff screen only.
func (s *Services) syncStatus() ui.SyncStatus {
	if s.Worker == nil {
		return ui.SyncStatus{}
	}
	st := s.Worker.Status()
	return ui.SyncStatus{
		Enrolled: st.Enrolled, Network: s.network,
		Tried:  st.Online || st.Problem != "" || !st.NextTry.IsZero(),
		Online: st.Online, LastSync: st.LastSync, Version: st.Version,
	}
}

// errDocumentPrint is what a visitor sees when the document printer
// fails; staff find the printer's own message in the log.
var errDocumentPrint = &domain.Error{Code: printer.EPRINTER, Message: "文件打印失败，请联系现场工作人员。"}

// printDocument renders doc as an A4 PDF within the configured page limit
// and sends it to the document queue. A document over the limit is
// refused before anything prints, with the renderer's message for the
// visitor.
func (s *Services) printDocument(ctx context.Context, doc *domain.Document) (int, error) {
	pdf, pages, err := receipt.RenderDocumentPDF(doc, s.Config.AgencyName, s.Config.Printer.DocumentPageLimit)
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			return 0, err // over the page limit: the message says so
		}
		return 0, fmt.Errorf("render %s: %v: %w", doc.ID, err, errDocumentPrint)
	}
	if _, err := s.Printer.PrintDocument(ctx, pdf); err != nil {
		return 0, fmt.Errorf("print %s (%s): %v: %w", doc.ID, reprint.StaffMessage(err), err, errDocumentPrint)
	}
	s.opt.Logf("kiosk: document %s printed for a visitor (%d pages)", doc.ID, pages)
	return pages, nil
}

// exportQueue is staff's 导出队列到U盘: the queued records, still sealed
// and signed, into a file on the drive mounted at dir.
func (s *Services) exportQueue(ctx context.Context, dir string) (int, error) {
	kioskID := ""
	if h, err := s.Client.Hub(ctx); err == nil {
		kioskID = h.KioskID
	}
	_, n, err := client.ExportQueue(ctx, s.Outbox, kioskID, dir, s.opt.Now())
	if err != nil {
		s.opt.Logf("kiosk: export queue to %s: %v", dir, err)
		return 0, fmt.Errorf("%v: %w", err, domain.Errorf(domain.EINTERNAL, "无法写入U盘，请检查U盘是否插好、是否写保护，然后重试。"))
	}
	return n, nil
}

// Install builds the kiosk's capabilities into a built app: the forms
// (taken in through the intake, so every receipt is archived, printed or
// not), staff mode behind the
// hidden gesture with every staff action wired, and nothing else: the
// search screen's keyboard and the document view's print button come
// with the app itself (UIDeps).
func (s *Services) Install(a *ui.App) {
	s.app = a
	s.Forms = forms.Deps{
		Submit:      s.Intake.Submit,
		Lookup:      forms.OutboxLookup(s.Outbox),
		Seats:       forms.OutboxSeats(s.Outbox),
		NewKeyboard: s.opt.NewKeyboard,
		Unavailable: s.unavailable,
	}
	if s.Config.Printer.Transport != config.TransportNone {
		// Without a printer the receipt screen says to write the numbers
		// down, rather than that printing failed; the receipt is archived
		// either way.
		s.Forms.PrintReceipt = s.Intake.Print
	}
	forms.Install(a, s.Forms)

	sd := staffui.Deps{
		Staff: s.Staff, Outbox: s.Outbox, Printing: s.Printing,
		SyncNow:       s.syncNow,
		SyncStatus:    s.workerStatus,
		ImportBundle:  s.importBundle,
		ExportQueue:   s.exportQueue,
		StartAssisted: func(staffID string) { forms.StartAssisted(a, s.Forms, staffID) },
		Quit:          s.opt.Quit,
		DataDir:       s.Kiosk.DataDir,
		Now:           s.opt.Now,
		Go:            s.opt.Go,
	}
	if s.Speech != nil {
		sd.Speech = s.Speech
	}
	s.Mode = staffui.Install(a, sd)
}

// syncNow is staff's 立即同步: a nudge to the running worker, or one pass
// here on a kiosk that has none (not enrolled: the reason comes back in
// plain Chinese).
func (s *Services) syncNow(ctx context.Context) (string, error) {
	if w := s.Worker; w != nil {
		return staffui.SyncWithWorker(w)(ctx)
	}
	msg, err := staffui.SyncWithClient(s.Client)(ctx)
	s.changed()
	return msg, err
}

func (s *Services) workerStatus() client.Status {
	if w := s.Worker; w != nil {
		return w.Status()
	}
	_, err := s.Client.Hub(context.Background())
	return client.Status{Enrolled: err == nil, LastSync: s.Client.LastSync(context.Background()), Problem: client.Problem(err)}
}

func (s *Services) importBundle(ctx context.Context, path string) (string, error) {
	msg, err := staffui.ImportWithClient(s.Client)(ctx, path)
	s.changed()
	return msg, err
}

// changed shows a new catalogue state in the header.
func (s *Services) changed() {
	if s.app != nil {
		s.app.SyncChanged()
	}
}

// Start runs the background sync worker on an enrolled kiosk: it uploads
// the outbox and pulls the status feed (the uplink), then the catalogue,
// every [sync] interval with backoff while the hub is unreachable, and
// picks up bundles on USB drives; every change of its status refreshes
// the header. An unenrolled kiosk starts nothing: it runs on its demo
// catalogue and its forms say it is not yet connected.
func (s *Services) Start(ctx context.Context) {
	if s.stop != nil {
		return
	}
	h, err := s.Client.Hub(ctx)
	if err != nil {
		s.opt.Logf("kiosk: not enrolled with a hub: no background sync (%v)", err)
		return
	}
	s.network = h.URL != ""
	wo := client.ConfigOptions(s.Config.Sync)
	wo.Now = s.opt.Now
	wo.Uplink = s.Uplink.Sync
	wo.OnStatus = func(client.Status) { s.changed() }
	s.Worker = client.NewWorker(s.Client, wo)
	ctx, s.stop = context.WithCancel(context.WithoutCancel(ctx))
	s.stopped = make(chan struct{})
	go func() {
		defer close(s.stopped)
		s.Worker.Run(ctx)
	}()
}

// Close stops the worker (waiting up to 10 s for a sync to notice) and
// closes the data directory.
func (s *Services) Close() error {
	if s.Speech != nil {
		s.Speech.Stop()
	}
	if s.stop != nil {
		s.stop()
		select {
		case <-s.stopped:
		case <-time.After(10 * time.Second):
			s.opt.Logf("kiosk: the sync worker did not stop within 10 s")
		}
	}
	return s.Kiosk.Close()
}
