package submission

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/internal/tracking"
	"gongkai/internal/validate"
	"gongkai/sync/protocol"
)

// ReplyWorkingDays is the statutory reply time of an application in
// working days, counted from the day after receipt (Art. 33).
const ReplyWorkingDays = 20

// Store is what the service needs of the kiosk's database: the SQLite
// handle the outbox lives in, the working-day calendar and the catalogue
// objects payloads refer to. *store.Store provides it.
type Store interface {
	DB() *sql.DB
	CalendarYears(ctx context.Context) ([]domain.CalendarYear, error)
	Consultations(ctx context.Context) ([]domain.Consultation, error)
	Events(ctx context.Context) ([]domain.Event, error)
}

// Queue is the durable outbox as the service uses it; every method works
// inside the caller's transaction so a submission's sequence number, seats
// and queue entry commit together. *outbox.Outbox provides it.
type Queue interface {
	// NextSeqTx returns the kiosk's next sequence number for day (1, 2, …).
	NextSeqTx(ctx context.Context, tx *sql.Tx, day calendar.Date) (int, error)
	// ClaimSeatsTx takes n seats of the kiosk's block for an event and
	// returns SeatConfirmed, or SeatWaitlist when the block cannot cover them.
	ClaimSeatsTx(ctx context.Context, tx *sql.Tx, eventID string, n int) (string, error)
	// FindTx returns the readable record with a tracking number this kiosk
	// issued and its latest status ("" when none yet).
	FindTx(ctx context.Context, tx *sql.Tx, tracking string) (rec protocol.SealedRecord, status string, ok bool, err error)
	// EnqueueTx queues a sealed record. A cancel also releases the
	// sign-up's seats and marks it cancelled when this kiosk issued it.
	EnqueueTx(ctx context.Context, tx *sql.Tx, rec protocol.SealedRecord) error
}

// Service takes submissions: validate, seal, queue durably.
type Service struct {
	Store     Store
	Outbox    Queue
	Now       func() time.Time
	Rand      io.Reader          // crypto/rand.Reader in production
	KioskNo   int                // from enrolment; part of every tracking number
	KioskID   string             // from enrolment
	Recipient string             // the hub's age recipient, pinned at enrolment
	DeviceKey ed25519.PrivateKey // the kiosk's signing key
}

// ErrNotEnrolled is returned while the kiosk has no hub to seal to.
var ErrNotEnrolled = &domain.Error{Code: domain.EINTERNAL, Message: "本机尚未接入信息公开中心，暂不能受理提交，请联系工作人员"}

// errFull is returned when a kiosk has issued its last sequence number
// for the day.
var errFull = &domain.Error{Code: domain.ECONFLICT, Message: "本机今日受理数量已达上限，请到服务窗口办理或联系工作人员"}

func (s *Service) ready() error {
	if s.Recipient == "" || s.KioskID == "" || s.KioskNo == 0 || len(s.DeviceKey) != ed25519.PrivateKeySize {
		return ErrNotEnrolled
	}
	if _, err := ParseRecipient(s.Recipient); err != nil {
		return fmt.Errorf("hub recipient: %w", err)
	}
	if s.KioskNo < 1 || s.KioskNo > tracking.MaxKiosk {
		return fmt.Errorf("kiosk number %d out of range", s.KioskNo)
	}
	return nil
}

// Submit validates p, seals it and commits it to the outbox durably
// before returning. A validation failure is a validate.FieldErrors (or a
// *domain.Error); nothing is written then. Only after Submit returns nil
// may the visitor be told the submission was received.
func (s *Service) Submit(ctx context.Context, p Payload) (Result, error) {
	if err := s.ready(); err != nil {
		return Result{}, err
	}
	now := s.Now().Round(0).Truncate(time.Millisecond)
	lk, err := s.lookups(ctx, p.Kind())
	if err != nil {
		return Result{}, err
	}
	p.Normalize()
	if err := p.Validate(now, lk); err != nil {
		return Result{}, err
	}

	sub := protocol.Submission{ID: newUUID(s.Rand), Kind: p.Kind(), KioskID: s.KioskID, Received: now}
	day := calendar.Today(now)
	if sub.Kind == protocol.KindApplication {
		years, err := s.Store.CalendarYears(ctx)
		if err != nil {
			return Result{}, fmt.Errorf("calendar: %w", err)
		}
		sub.Deadline, sub.Provisional = calendar.New(years).AddWorkingDays(day, ReplyWorkingDays)
	}
	var code string
	if sub.Kind != protocol.KindCancel {
		code = tracking.NewVerificationCode(s.Rand)
	}

	// On disk before the visitor is told (store.Durably), the write lock
	// taken first on the outbox's own table.
	err = store.Durably(ctx, s.Store.DB(), `DELETE FROM outbox_meta WHERE key = '-'`, func(tx *sql.Tx) error {
		switch p := p.(type) {
		case *Cancel:
			if err := s.checkCancel(ctx, tx, p); err != nil {
				return err
			}
			sub.Ref = p.Tracking
			sub.VerifyHash = tracking.HashVerificationCode(p.Tracking, p.Code)
		default:
			seq, err := s.Outbox.NextSeqTx(ctx, tx, day)
			if err != nil {
				return fmt.Errorf("next sequence: %w", err)
			}
			if seq > tracking.MaxSeq {
				return errFull
			}
			if sub.Tracking, err = tracking.New(s.KioskNo, day, seq); err != nil {
				return err
			}
			sub.VerifyHash = tracking.HashVerificationCode(sub.Tracking, code)
		}
		if su, ok := p.(*Signup); ok {
			sub.EventID, sub.Attendees = su.EventID, su.Attendees
			st, err := s.Outbox.ClaimSeatsTx(ctx, tx, su.EventID, su.Attendees)
			if err != nil {
				return fmt.Errorf("claim seats: %w", err)
			}
			sub.SeatState = st
		}
		sub.Payload = jsonOf(p)
		rec, err := s.seal(&sub)
		if err != nil {
			return err
		}
		return s.Outbox.EnqueueTx(ctx, tx, rec)
	})
	if err != nil {
		return Result{}, err
	}
	return Result{
		ID: sub.ID, Kind: sub.Kind, Tracking: sub.Tracking, VerificationCode: code,
		Received: sub.Received, Deadline: sub.Deadline, Provisional: sub.Provisional,
		EventID: sub.EventID, SeatState: sub.SeatState, Ref: sub.Ref,
	}, nil
}

// seal encrypts sub and returns the signed record. The plaintext buffer
// is wiped after sealing; it is never written anywhere.
func (s *Service) seal(sub *protocol.Submission) (protocol.SealedRecord, error) {
	plain, err := json.Marshal(sub)
	if err != nil {
		return protocol.SealedRecord{}, fmt.Errorf("encode submission: %w", err)
	}
	sealed, err := Seal(s.Recipient, plain)
	clear(plain)
	if err != nil {
		return protocol.SealedRecord{}, err
	}
	rec := protocol.SealedRecord{
		ID: sub.ID, Kind: sub.Kind, KioskID: sub.KioskID, Tracking: sub.Tracking, VerifyHash: sub.VerifyHash,
		Received: sub.Received, Deadline: sub.Deadline, Provisional: sub.Provisional,
		EventID: sub.EventID, Attendees: sub.Attendees, SeatState: sub.SeatState, Ref: sub.Ref,
		Sealed: sealed,
	}
	rec.Sign(s.DeviceKey)
	return rec, nil
}

// checkCancel checks a cancellation against the sign-up when this kiosk
// issued it; a sign-up from another kiosk is left to the hub, which holds
// the code's hash too.
func (s *Service) checkCancel(ctx context.Context, tx *sql.Tx, c *Cancel) error {
	rec, status, ok, err := s.Outbox.FindTx(ctx, tx, c.Tracking)
	if err != nil {
		return fmt.Errorf("find %s: %w", c.Tracking, err)
	}
	if !ok {
		return nil
	}
	fe := validate.FieldErrors{}
	switch {
	case !tracking.VerifyCode(c.Tracking, c.Code, rec.VerifyHash):
		fe.Add("verification_code", invalid("查询码与受理编号不符，请核对回执"))
	case rec.Kind != protocol.KindSignup:
		fe.Add("tracking_number", invalid("只能取消活动报名；该编号不是活动报名"))
	case status == protocol.StatusCancelled:
		fe.Add("tracking_number", invalid("该报名已经取消"))
	}
	return fe.Err()
}

// lookups loads the catalogue objects a payload of kind may refer to.
func (s *Service) lookups(ctx context.Context, kind string) (Lookups, error) {
	var c Catalogue
	var err error
	switch kind {
	case protocol.KindFeedback:
		c.Consultations, err = s.Store.Consultations(ctx)
	case protocol.KindSignup:
		c.Events, err = s.Store.Events(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return c, nil
}

// newUUID returns a random (version 4) UUID read from rand. It panics if
// rand fails, like tracking.NewVerificationCode.
func newUUID(rand io.Reader) string {
	var b [16]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		panic(fmt.Sprintf("submission: random source failed: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// IsValidation reports whether err is the person's to fix (field errors
// or another invalid-input error), as opposed to a fault of the kiosk.
func IsValidation(err error) bool {
	var fe validate.FieldErrors
	return errors.As(err, &fe) || domain.ErrorCode(err) == domain.EINVALID
}
