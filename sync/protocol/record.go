package protocol

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/calendar"
)

// SealedRecord is a submission as the kiosk keeps and sends it: the
// readable fields the queue and status look-ups need, the sealed
// [Submission], and the kiosk's signature over both. It is the wire form
// (JSON) of upload ([SubmitRequest]) and USB export ([ExportFile]).
type SealedRecord struct {
	ID          string        `json:"id"`
	Kind        string        `json:"kind"` // a Kind* constant
	KioskID     string        `json:"kiosk_id"`
	Tracking    string        `json:"tracking,omitempty"`
	VerifyHash  string        `json:"verify_hash,omitempty"` // tracking.HashVerificationCode
	Received    time.Time     `json:"received"`
	Deadline    calendar.Date `json:"deadline,omitzero"`
	Provisional bool          `json:"provisional,omitempty"`
	EventID     string        `json:"event_id,omitempty"`
	Attendees   int           `json:"attendees,omitempty"`
	SeatState   string        `json:"seat_state,omitempty"` // SeatConfirmed or SeatWaitlist
	Ref         string        `json:"ref,omitempty"`        // cancel: the sign-up's tracking number
	Sealed      []byte        `json:"sealed"`               // age-encrypted JSON of Submission
	Sig         []byte        `json:"sig"`                  // Ed25519 over SigningBytes
}

// Submission is the sealed plaintext: the envelope the kiosk puts around a
// form's payload (package internal/submission decodes the payload). Its
// readable twin is [SealedRecord].
type Submission struct {
	ID          string          `json:"id"` // UUID made by the kiosk; the hub is idempotent by it
	Kind        string          `json:"kind"`
	KioskID     string          `json:"kiosk_id"`
	Tracking    string          `json:"tracking,omitempty"`
	VerifyHash  string          `json:"verify_hash,omitempty"`
	Received    time.Time       `json:"received"`
	Deadline    calendar.Date   `json:"deadline,omitzero"` // applications: reply due
	Provisional bool            `json:"provisional,omitempty"`
	EventID     string          `json:"event_id,omitempty"`
	Attendees   int             `json:"attendees,omitempty"`
	SeatState   string          `json:"seat_state,omitempty"`
	Ref         string          `json:"ref,omitempty"` // cancel: the sign-up's tracking number
	Payload     json.RawMessage `json:"payload"`
}

// signingVersion starts SigningBytes; a new layout gets a new version.
const signingVersion = "gongkai-sealed/1"

// SigningBytes is the canonical form the kiosk signs: the version, then
// each readable field and the SHA-256 of Sealed, each written as its
// decimal byte length, a colon, the bytes and a newline (so no value can
// run into the next). Received is RFC 3339 in UTC with nanoseconds.
func (r *SealedRecord) SigningBytes() []byte {
	sum := sha256.Sum256(r.Sealed)
	fields := []string{
		signingVersion,
		r.ID, r.Kind, r.KioskID, r.Tracking, r.VerifyHash,
		r.Received.UTC().Format(time.RFC3339Nano),
		r.Deadline.String(),
		strconv.FormatBool(r.Provisional),
		r.EventID, strconv.Itoa(r.Attendees), r.SeatState, r.Ref,
		fmt.Sprintf("%x", sum),
	}
	if r.Deadline.IsZero() {
		fields[7] = ""
	}
	var b bytes.Buffer
	for _, f := range fields {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Sign sets r.Sig with the kiosk's device key.
func (r *SealedRecord) Sign(key ed25519.PrivateKey) {
	r.Sig = ed25519.Sign(key, r.SigningBytes())
}

// Verify checks r's signature with the kiosk's device public key: an
// error wrapping [ErrBadSignature] means the record was changed, or not
// made by that kiosk.
func (r *SealedRecord) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, r.SigningBytes(), r.Sig) {
		return fmt.Errorf("sealed record: %w", ErrBadSignature)
	}
	return nil
}

// CheckSealed reports an opened submission whose fields disagree with the
// readable ones of the record it came in: the signature covers those, the
// seal covers the rest, so a record mixed from two submissions is caught.
func (r *SealedRecord) CheckSealed(s *Submission) error {
	if got, want := s.readable(), r.readable(); got != want {
		return fmt.Errorf("%w: readable fields %+v do not match sealed %+v", ErrMalformed, want, got)
	}
	return nil
}

// readable is a comparable summary of the fields both forms carry.
type readable struct {
	ID, Kind, KioskID, Tracking string
	VerifyHash, Received        string
	Deadline                    calendar.Date
	Provisional                 bool
	EventID                     string
	Attendees                   int
	SeatState, Ref              string
}

func (s *Submission) readable() readable {
	return readable{s.ID, s.Kind, s.KioskID, s.Tracking, s.VerifyHash, s.Received.UTC().Format(time.RFC3339Nano),
		s.Deadline, s.Provisional, s.EventID, s.Attendees, s.SeatState, s.Ref}
}

func (r *SealedRecord) readable() readable {
	return readable{r.ID, r.Kind, r.KioskID, r.Tracking, r.VerifyHash, r.Received.UTC().Format(time.RFC3339Nano),
		r.Deadline, r.Provisional, r.EventID, r.Attendees, r.SeatState, r.Ref}
}
