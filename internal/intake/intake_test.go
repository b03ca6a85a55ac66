package intake_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/intake"
	"gongkai/internal/printer"
	"gongkai/internal/receipt"
	"gongkai/internal/reprint"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/submission"
)

var testNow = time.Date(2026, 3, 16, 9, 30, 0, 0, calendar.Beijing)

func now() time.Time { return testNow }

// noCatalogue answers a feedback on the disclosure work, which names no
// consultation or event.
type noCatalogue struct{}

func (noCatalogue) Consultations(context.Context) ([]domain.Consultation, error) { return nil, nil }
func (noCatalogue) Events(context.Context) ([]domain.Event, error)               { return nil, nil }

// brokenArchive fails to archive, as a full disk would.
type brokenArchive struct{ *reprint.Service }

func (brokenArchive) Archive(context.Context, receipt.Receipt) error { return errors.New("disk full") }

func newIntake(t *testing.T) (*intake.Service, *reprint.Service, *reprinttest.Kiosk, *[]string) {
	t.Helper()
	k := reprinttest.NewKiosk(t, t.TempDir(), now)
	archive, err := reprint.New(context.Background(), k.DB, k.Dir, nil, reprint.Options{Now: now, Queue: k.Outbox, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	var logs []string
	in := &intake.Service{Queue: k.Subs, Archive: archive, Catalogue: noCatalogue{},
		Agency: reprinttest.Agency, PublicURL: reprinttest.PublicURL,
		Logf: func(format string, args ...any) { logs = append(logs, format) }}
	return in, archive, k, &logs
}

func feedback() *submission.Feedback {
	return &submission.Feedback{Target: submission.TargetDisclosure, Text: "希望增加周末开放时间。", Rating: "满意", Anonymous: true}
}

// TestSubmitQueuesThenArchives: a submission is queued and its receipt
// archived without any printer, so it can be reprinted or written out.
func TestSubmitQueuesThenArchives(t *testing.T) {
	ctx := context.Background()
	in, archive, k, _ := newIntake(t)
	got, err := in.Submit(ctx, feedback())
	if err != nil {
		t.Fatal(err)
	}
	r := got.Receipt
	if !got.Archived || r.Tracking != got.Result.Tracking || r.VerificationCode != got.Result.VerificationCode ||
		r.Agency != reprinttest.Agency || r.StatusURL != receipt.StatusURL(reprinttest.PublicURL, r.Tracking, r.VerificationCode) {
		t.Fatalf("Taken = %+v", got)
	}
	if _, err := k.Outbox.Lookup(ctx, r.Tracking, r.VerificationCode); err != nil {
		t.Fatalf("not queued: %v", err)
	}
	b, err := archive.Render(ctx, r.Tracking, printer.FormatESCPOS)
	if err != nil {
		t.Fatalf("not archived: %v", err)
	}
	if qr := reprinttest.QR(t, b); qr != r.StatusURL {
		t.Errorf("archived QR %q, want %q", qr, r.StatusURL)
	}
	if p, _ := archive.Pending(ctx); len(p) != 0 {
		t.Errorf("a receipt nobody tried to print is pending: %+v", p)
	}
	// Printing it with no printer fails and lists it for staff; the
	// submission stays queued.
	if err := in.Print(ctx, r); domain.ErrorMessage(err) != printer.VisitorMessage {
		t.Errorf("Print without a printer = %v", err)
	}
	if p, _ := archive.Pending(ctx); len(p) != 1 || p[0].Tracking != r.Tracking {
		t.Errorf("Pending = %+v", p)
	}
}

// TestSubmitRefusedKeepsNothing: a payload the service refuses is neither
// queued nor archived.
func TestSubmitRefusedKeepsNothing(t *testing.T) {
	ctx := context.Background()
	in, _, k, _ := newIntake(t)
	f := feedback()
	f.Target = "其他"
	if _, err := in.Submit(ctx, f); !submission.IsValidation(err) {
		t.Fatalf("Submit of a feedback on no known target = %v", err)
	}
	if recs, _ := k.Outbox.Queued(ctx); len(recs) != 0 {
		t.Errorf("%d queued", len(recs))
	}
	var n int
	if err := k.DB.QueryRow(`SELECT count(*) FROM reprint_receipts`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d receipts archived, %v", n, err)
	}
}

// TestSubmitArchiveFails: the submission is taken all the same (the person
// must be told), the receipt can still print, and the failure is logged.
func TestSubmitArchiveFails(t *testing.T) {
	ctx := context.Background()
	in, archive, k, logs := newIntake(t)
	in.Archive = brokenArchive{archive}
	got, err := in.Submit(ctx, feedback())
	if err != nil || got.Archived || got.Result.Tracking == "" {
		t.Fatalf("Submit = %+v, %v", got, err)
	}
	if _, err := k.Outbox.Status(ctx, got.Result.Tracking); err != nil {
		t.Errorf("not queued: %v", err)
	}
	if len(*logs) != 1 || !strings.Contains((*logs)[0], "not archived") {
		t.Errorf("logs %q", *logs)
	}
}
