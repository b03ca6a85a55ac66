// Package reprint prints receipts (回执) for submissions already committed
// to the outbox, and keeps what a reprint needs.
//
// The order is fixed: a submission is durably queued first, then its
// receipt printed. Print refuses a receipt whose tracking number the
// outbox does not hold, and one whose verification code does not match
// the outbox's hash of it, so nothing can print a receipt for a
// submission that is not durably queued.
//
// A reprint needs the verification code, which the rest of the kiosk keeps
// only as an Argon2id hash. The archive keeps it without weakening that
// design more than a reprint requires: the receipt model (which never
// holds personal data: names are masked, there are no ID numbers, phones
// or addresses) is sealed with XChaCha20-Poly1305 under a kiosk-local key
// (DATA/receipt.key, 0600, never copied off the kiosk) in this package's
// own reprint_* tables, and deleted after a retention period (30 days by
// default). A copy of the database alone reveals no code; the key file and
// the database together reveal the codes of the last 30 days' receipts,
// which is what a front desk holding the paper copies would know anyway.
//
// Archive keeps a receipt without printing it; package intake calls it
// for every submission, printed or not, so a receipt can always be
// reprinted or written to a file (Render).
//
// Printing failures never lose a submission: Print archives the receipt
// first, then prints; a failure is recorded for the staff screen ("N 张回执
// 待补打", Pending) and returned as an error whose visitor message is
// printer.VisitorMessage; StaffMessage gives the printer's own message.
package reprint

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/domain"
	"gongkai/internal/printer"
	"gongkai/internal/receipt"
	"gongkai/internal/sqlrows"
	"gongkai/internal/tracking"
	"gongkai/internal/wallclock"
	"gongkai/sync/outbox"
)

// DefaultRetention is how long an archived receipt can be reprinted.
const DefaultRetention = 30 * 24 * time.Hour

// purgeEvery is how often Print purges expired receipts.
const purgeEvery = time.Hour

// Queue is what the service asks of the outbox: whether a tracking number
// is durably queued, and whether a verification code matches it.
// *outbox.Outbox provides it.
type Queue interface {
	Status(ctx context.Context, tracking string) (outbox.Status, error)
	Lookup(ctx context.Context, tracking, code string) (outbox.Status, error)
}

// Options tune a Service. The zero value is right for production, except
// that the kiosk should pass its own outbox as Queue.
type Options struct {
	Now       func() time.Time // default wallclock.Now (time.Now, or faketime's)
	Retention time.Duration    // default DefaultRetention
	// Printer is the printer section Render draws for (paper width, DPI);
	// default config.Default().Printer (80 mm, 203 dpi).
	Printer config.Printer
	// Queue is the outbox; nil opens one on db with outbox.Open, which also
	// turns records left "sending" back to "queued": pass the kiosk's own
	// outbox when one is running in the same process.
	Queue Queue
	Logf  func(format string, args ...any) // default log.Printf; never given personal data
}

// Service prints and reprints receipts. It is safe for concurrent use;
// print jobs are sent one at a time.
type Service struct {
	db    *sql.DB
	key   *archiveKey
	opt   Options
	queue Queue

	mu     sync.Mutex // guards p and purged
	p      printer.Printer
	purged time.Time

	printMu sync.Mutex // one job at a time: device and TCP printers interleave bytes otherwise
}

// New returns the print service over the kiosk database db (creating the
// reprint_* tables), the data directory that holds receipt.key (made on
// first use) and printer p (nil: no printer; every print then fails and is
// listed for reprinting). It purges expired receipts.
func New(ctx context.Context, db *sql.DB, dataDir string, p printer.Printer, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = wallclock.Now
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Printer == (config.Printer{}) {
		opts.Printer = config.Default().Printer
	}
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	if err := migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("reprint migrate: %w", err)
	}
	key, err := loadKey(dataDir)
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, key: key, opt: opts, queue: opts.Queue, p: p}
	if s.queue == nil {
		ob, err := outbox.Open(ctx, db, opts.Now)
		if err != nil {
			return nil, err
		}
		s.queue = ob
	}
	if _, err := s.Purge(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// SetPrinter replaces the printer (staff chose another one). nil means
// no printer.
func (s *Service) SetPrinter(p printer.Printer) {
	s.mu.Lock()
	s.p = p
	s.mu.Unlock()
}

// Printer returns the current printer, nil for none.
func (s *Service) Printer() printer.Printer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p
}

// Errors of the service. Their messages are for staff and, through the
// forms, for visitors; none carries a Go error string.
var (
	errVisitor    = &domain.Error{Code: printer.EPRINTER, Message: printer.VisitorMessage}
	errNoPrinter  = &domain.Error{Code: printer.EPRINTER, Message: "未配置打印机，请在“选择打印机”中选择，或在配置文件 [printer] 中设置"}
	errNoTracking = &domain.Error{Code: domain.EINVALID, Message: "回执没有受理编号，无法确认提交已保存，不能打印"}
	errKeyChanged = &domain.Error{Code: domain.ECONFLICT, Message: "回执存档密钥已更换，这份存档无法读取，不能补打"}
	errUnreadable = &domain.Error{Code: domain.ECONFLICT, Message: "回执存档已损坏，无法读取，不能补打"}
	errTestKind   = &domain.Error{Code: domain.EINVALID, Message: "测试页请用“打印测试页”打印"}
)

// notQueued is the refusal for a tracking number the outbox does not hold.
func notQueued(trk string) error {
	return domain.Errorf(domain.ENOTFOUND, "受理编号 %s 没有已保存的提交，不能打印回执", trk)
}

// notArchived is Reprint's answer for a receipt it does not keep.
func notArchived(trk string, retention time.Duration) error {
	return domain.Errorf(domain.ENOTFOUND, "没有受理编号 %s 的回执存档（回执只保存 %d 天，或该编号不是本机受理的）",
		trk, int(retention/(24*time.Hour)))
}

// PrintError is a receipt that did not print. Its visitor message
// (domain.ErrorMessage) is printer.VisitorMessage; StaffMessage gives what
// the printer said, for the staff screen.
type PrintError struct {
	Tracking string
	Err      error // the printer's error; its domain message is for staff
}

func (e *PrintError) Error() string {
	return fmt.Sprintf("receipt %s did not print: %v", e.Tracking, e.Err)
}

// Unwrap gives the visitor's message first, so domain.ErrorMessage finds
// it, then the printer's error for errors.Is.
func (e *PrintError) Unwrap() []error { return []error{errVisitor, e.Err} }

// StaffMessage returns the message staff should see for err: the
// printer's own message for a PrintError, else err's domain message.
func StaffMessage(err error) string {
	var pe *PrintError
	if errors.As(err, &pe) {
		return domain.ErrorMessage(pe.Err)
	}
	return domain.ErrorMessage(err)
}

// canonical checks a tracking number and returns its printed form.
func canonical(trk string) (string, error) {
	if trk == "" {
		return "", errNoTracking
	}
	n, err := tracking.Parse(trk)
	if err != nil {
		return "", err
	}
	return n.String(), nil
}

// checkQueued refuses a receipt unless the outbox holds its tracking
// number and, when the receipt has one, its verification code.
func (s *Service) checkQueued(ctx context.Context, trk, code string) error {
	if _, err := s.queue.Status(ctx, trk); errors.Is(err, outbox.ErrNotFound) {
		return notQueued(trk)
	} else if err != nil {
		return fmt.Errorf("outbox status %s: %w", trk, err)
	}
	if code == "" {
		return nil
	}
	if _, err := s.queue.Lookup(ctx, trk, code); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND || domain.ErrorCode(err) == domain.EINVALID {
			return domain.Errorf(domain.ECONFLICT, "回执上的查询码与受理编号 %s 不符，不能打印", trk)
		}
		return fmt.Errorf("outbox lookup %s: %w", trk, err)
	}
	return nil
}

// Archive keeps r for reprinting (sealed, for the retention period)
// without printing it: a submission taken with no printer at hand, or
// whose receipt prints later. r must be the receipt of a submission
// already committed to the outbox (refused otherwise, with a
// *domain.Error). Archiving the same receipt again replaces the copy and
// keeps its print history.
func (s *Service) Archive(ctx context.Context, r receipt.Receipt) error {
	r, err := s.admit(ctx, r)
	if err != nil {
		return err
	}
	return s.put(ctx, r)
}

// Print archives r and prints it. r must be the receipt of a submission
// already committed to the outbox (refused otherwise, with a
// *domain.Error). A printing failure returns a *PrintError, whose visitor
// message is printer.VisitorMessage, and is listed by Pending until a
// reprint succeeds. A failure to archive does not stop the print: the
// visitor still gets the receipt, only a later reprint is lost (logged).
func (s *Service) Print(ctx context.Context, r receipt.Receipt) error {
	r, err := s.admit(ctx, r)
	if err != nil {
		return err
	}
	archived := true
	if err := s.put(ctx, r); err != nil {
		archived = false
		s.opt.Logf("reprint: receipt %s not archived, it cannot be reprinted: %v", r.Tracking, err)
	}
	return s.print(ctx, r, archived)
}

// admit checks that r may be kept and printed (not a test page, its
// submission durably queued) and returns it with its tracking number in
// printed form. It purges expired receipts now and then.
func (s *Service) admit(ctx context.Context, r receipt.Receipt) (receipt.Receipt, error) {
	if r.Kind == receipt.KindTest {
		return r, errTestKind
	}
	trk, err := canonical(r.Tracking)
	if err != nil {
		return r, err
	}
	r.Tracking = trk
	if err := s.checkQueued(ctx, trk, r.VerificationCode); err != nil {
		return r, err
	}
	s.maybePurge(ctx)
	return r, nil
}

// Reprint prints the archived receipt of tracking number trk again (staff
// typed it, or picked it from Pending). Errors are as Print's; a receipt
// not in the archive is a *domain.Error (not_found).
func (s *Service) Reprint(ctx context.Context, trk string) error {
	r, err := s.load(ctx, trk)
	if err != nil {
		return err
	}
	if err := s.checkQueued(ctx, r.Tracking, r.VerificationCode); err != nil {
		return err
	}
	return s.print(ctx, r, true)
}

// load returns the archived receipt of trk.
func (s *Service) load(ctx context.Context, trk string) (receipt.Receipt, error) {
	c, err := canonical(trk)
	if err != nil {
		return receipt.Receipt{}, err
	}
	row, err := s.latest(ctx, c)
	if ok, err := ignoreNoRows(err); err != nil {
		return receipt.Receipt{}, fmt.Errorf("load receipt %s: %w", c, err)
	} else if !ok {
		return receipt.Receipt{}, notArchived(c, s.opt.Retention)
	}
	return s.decrypt(row)
}

// print sends r to the printer and records the outcome when r is archived.
func (s *Service) print(ctx context.Context, r receipt.Receipt, archived bool) error {
	p := s.Printer()
	var err error
	if p == nil {
		err = errNoPrinter
	} else {
		s.printMu.Lock()
		_, err = p.PrintReceipt(ctx, r)
		s.printMu.Unlock()
	}
	if err != nil {
		s.opt.Logf("reprint: receipt %s did not print: %v", r.Tracking, err)
		if archived {
			if merr := s.markFailed(context.WithoutCancel(ctx), r.Tracking, r.Kind, domain.ErrorMessage(err), err.Error()); merr != nil {
				s.opt.Logf("reprint: %v", merr)
			}
		}
		return &PrintError{Tracking: r.Tracking, Err: err}
	}
	if archived {
		if merr := s.markPrinted(context.WithoutCancel(ctx), r.Tracking, r.Kind); merr != nil {
			s.opt.Logf("reprint: %v", merr)
		}
	}
	return nil
}

// Render returns the archived receipt of trk as a file: format
// printer.FormatPDF ("pdf", a roll or A4 page per Options.Printer's paper)
// or printer.FormatESCPOS ("escpos", the bytes a thermal printer takes).
// It checks the outbox like Reprint.
func (s *Service) Render(ctx context.Context, trk, format string) ([]byte, error) {
	r, err := s.load(ctx, trk)
	if err != nil {
		return nil, err
	}
	if err := s.checkQueued(ctx, r.Tracking, r.VerificationCode); err != nil {
		return nil, err
	}
	if format != printer.FormatPDF && format != printer.FormatESCPOS {
		return nil, domain.Errorf(domain.EINVALID, "未知的回执格式 %q，请使用 pdf 或 escpos", format)
	}
	return printer.EncodeReceipt(s.opt.Printer, r, format)
}

// Failure is a receipt that did not print and has not been reprinted
// since. Nothing in it is personal data.
type Failure struct {
	Tracking string
	Kind     string    // receipt.Kind*
	Title    string    // what was submitted, e.g. 政府信息公开申请
	FailedAt time.Time // the last failure
	Message  string    // for staff, Chinese: 打印机 … 拒绝连接
	Detail   string    // what the printer or system said
}

// Pending returns the receipts whose last print failed, oldest first.
func (s *Service) Pending(ctx context.Context) ([]Failure, error) {
	return sqlrows.Query(ctx, s.db, "pending receipts", func(sc sqlrows.Scanner) (Failure, error) {
		var r row
		var failedAt int64
		if err := sc.Scan(&r.tracking, &r.kind, &r.keyID, &r.nonce, &r.sealed, &failedAt, &r.failure, &r.detail); err != nil {
			return Failure{}, err
		}
		f := Failure{Tracking: r.tracking, Kind: r.kind, FailedAt: fromMS(failedAt), Message: r.failure, Detail: r.detail}
		if rc, err := s.decrypt(r); err == nil {
			f.Title = rc.Title
		} else {
			f.Title = "（存档无法读取）"
		}
		return f, nil
	}, `SELECT tracking, kind, key_id, nonce, sealed, failed_at, failure, detail
		FROM reprint_receipts WHERE failed_at > 0 AND expires > ? ORDER BY failed_at, tracking`, ms(s.opt.Now()))
}

// PendingNotice is the staff banner's line about receipts waiting for a
// reprint ("2 张回执待补打"), "" when none.
func (s *Service) PendingNotice(ctx context.Context) string {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM reprint_receipts WHERE failed_at > 0 AND expires > ?`,
		ms(s.opt.Now())).Scan(&n); err != nil || n == 0 {
		return ""
	}
	return fmt.Sprintf("%d 张回执待补打", n)
}

// PrintTestPage prints receipt.TestPage on the current printer (staff
// checking it). Test pages are not archived.
func (s *Service) PrintTestPage(ctx context.Context, agency string) error {
	p := s.Printer()
	if p == nil {
		return errNoPrinter
	}
	s.printMu.Lock()
	defer s.printMu.Unlock()
	_, err := p.PrintReceipt(ctx, receipt.TestPage(agency, p.Describe(), s.opt.Now()))
	return err
}

// Status checks the current printer for the staff screen.
func (s *Service) Status(ctx context.Context) (printer.Status, error) {
	p := s.Printer()
	if p == nil {
		return printer.Status{State: printer.StateNone, Message: "未配置打印机"}, errNoPrinter
	}
	return p.Status(ctx)
}

func (s *Service) maybePurge(ctx context.Context) {
	s.mu.Lock()
	due := s.opt.Now().Sub(s.purged) >= purgeEvery
	s.mu.Unlock()
	if due {
		if _, err := s.Purge(ctx); err != nil {
			s.opt.Logf("reprint: %v", err)
		}
	}
}
