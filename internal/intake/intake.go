// Package intake takes a submission in, whatever path it came by (a
// visitor's on-screen form, staff's 代为填写 on screen, or a paper form
// entered with `kiosk submit`), always in the same order:
//
//  1. queue it durably (submission.Service: validated, sealed to the hub,
//     committed with synchronous=FULL);
//  2. archive its receipt (reprint.Service: sealed under the kiosk-local
//     key, kept 30 days), so staff can reprint it or write it to a file
//     whether or not anything printed;
//  3. only then print it, when the caller wants it printed.
//
// Printing is a separate call because the screen shows the receipt before
// it prints. The receipt printer refuses a receipt whose submission the
// outbox does not hold, so no receipt can ever print for a submission that
// was not durably queued.
package intake

import (
	"context"
	"fmt"

	"gongkai/internal/domain"
	"gongkai/internal/receipt"
	"gongkai/internal/submission"
)

// Queue takes a payload durably: *submission.Service, or the running
// kiosk's wrapper around it that also nudges the sync worker.
type Queue interface {
	Submit(ctx context.Context, p submission.Payload) (submission.Result, error)
}

// Archive keeps receipts and prints them: *reprint.Service.
type Archive interface {
	Archive(ctx context.Context, r receipt.Receipt) error
	Print(ctx context.Context, r receipt.Receipt) error
}

// Catalogue gives the titles a receipt names: the consultation a feedback
// answers and the event of a sign-up. *store.Store provides it.
type Catalogue interface {
	Consultations(ctx context.Context) ([]domain.Consultation, error)
	Events(ctx context.Context) ([]domain.Event, error)
}

// Service takes submissions in. Every field but Logf is required.
type Service struct {
	Queue     Queue
	Archive   Archive
	Catalogue Catalogue
	// Agency heads the receipt (config agency_name); PublicURL is the base
	// of the status URL in its QR code ([sync] public_url; "" prints no QR).
	Agency, PublicURL string
	Logf              func(format string, args ...any) // default discards; never given personal data
}

// Taken is a submission durably queued: what the service answered (the
// output of `kiosk submit`) and its receipt.
type Taken struct {
	Result  submission.Result
	Receipt receipt.Receipt
	// Archived is false when the receipt could not be kept: the
	// submission is queued all the same and the receipt can print now,
	// but it cannot be reprinted later. The reason went to Logf.
	Archived bool
}

// Submit queues p durably and then archives its receipt. An error means
// nothing was queued (a validate.FieldErrors or *domain.Error, as from
// submission.Service.Submit); a failure to archive is not an error: the
// person must still be told their submission was taken.
func (s *Service) Submit(ctx context.Context, p submission.Payload) (Taken, error) {
	res, err := s.Queue.Submit(ctx, p)
	if err != nil {
		return Taken{}, err
	}
	t := Taken{Result: res, Receipt: s.receipt(ctx, p, res)}
	if err := s.Archive.Archive(ctx, t.Receipt); err != nil {
		s.logf("intake: receipt %s of a queued %s not archived, it cannot be reprinted: %v", t.Receipt.Tracking, res.Kind, err)
	} else {
		t.Archived = true
	}
	return t, nil
}

// Print prints a receipt Submit returned. It archives it again first (a
// replace that keeps the print history), so a receipt whose archiving
// failed at Submit gets a second chance. A printing failure is a
// *reprint.PrintError: the submission stays queued and the receipt is
// listed for a reprint.
func (s *Service) Print(ctx context.Context, r receipt.Receipt) error {
	return s.Archive.Print(ctx, r)
}

// receipt builds the receipt of p as queued with result res.
func (s *Service) receipt(ctx context.Context, p submission.Payload, res submission.Result) receipt.Receipt {
	iss := issuer{agency: s.Agency, publicURL: s.PublicURL}
	switch p := p.(type) {
	case *submission.Application:
		return iss.application(p, res)
	case *submission.Feedback:
		return iss.feedback(p, s.consultationTitle(ctx, p.ConsultationID), res)
	case *submission.Signup:
		return iss.signup(p, s.event(ctx, p.EventID), res)
	case *submission.Cancel:
		return iss.cancel(p, res)
	}
	panic(fmt.Sprintf("intake: no receipt for %T", p))
}

// consultationTitle names the consultation a feedback answers; "" when
// there is none or it cannot be read (the receipt then leaves it out).
func (s *Service) consultationTitle(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	list, err := s.Catalogue.Consultations(ctx)
	if err != nil {
		s.logf("intake: consultations: %v", err)
	}
	if c, ok := (submission.Catalogue{Consultations: list}).Consultation(id); ok {
		return c.Title
	}
	return ""
}

// event returns the event of a sign-up; only its id when it cannot be
// read (it was there a moment ago, when the sign-up was validated).
func (s *Service) event(ctx context.Context, id string) domain.Event {
	list, err := s.Catalogue.Events(ctx)
	if err != nil {
		s.logf("intake: events: %v", err)
	}
	if e, ok := (submission.Catalogue{Events: list}).Event(id); ok {
		return e
	}
	return domain.Event{ID: id}
}

func (s *Service) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}
