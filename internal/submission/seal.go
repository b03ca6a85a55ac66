package submission

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"

	"gongkai/internal/calendar"
)

// SealedRecord is a submission as the kiosk keeps and sends it: the
// readable fields the queue and status look-ups need, the sealed
// Submission, and the kiosk's signature over both. It is also the wire
// form (JSON) for upload and USB export.
type SealedRecord struct {
	ID          string        `json:"id"`
	Kind        string        `json:"kind"`
	KioskID     string        `json:"kiosk_id"`
	Tracking    string        `json:"tracking,omitempty"`
	VerifyHash  string        `json:"verify_hash,omitempty"` // tracking.HashVerificationCode
	Received    time.Time     `json:"received"`
	Deadline    calendar.Date `json:"deadline,omitzero"`
	Provisional bool          `json:"provisional,omitempty"`
	EventID     string        `json:"event_id,omitempty"`
	Attendees   int           `json:"attendees,omitempty"`
	SeatState   string        `json:"seat_state,omitempty"`
	Ref         string        `json:"ref,omitempty"` // cancel: the sign-up's tracking number
	Sealed      []byte        `json:"sealed"`        // age-encrypted JSON of Submission
	Sig         []byte        `json:"sig"`           // Ed25519 over SigningBytes
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

// ErrBadSignature reports a sealed record whose signature does not verify
// with the kiosk's device key: it was changed, or not made by that kiosk.
var ErrBadSignature = errors.New("submission: sealed record signature does not verify")

// Verify checks r's signature with the kiosk's device public key.
func (r *SealedRecord) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, r.SigningBytes(), r.Sig) {
		return ErrBadSignature
	}
	return nil
}

// ParseRecipient parses the hub's age recipient, as pinned at enrolment:
// an X25519 recipient ("age1…") or a hybrid post-quantum one ("age1pq1…").
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		return age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		return age.ParseX25519Recipient(s)
	}
	return nil, errors.New("submission: not an age recipient (want age1…)")
}

// Seal encrypts plaintext to the hub's age recipient. The result is the
// binary age format; only the holder of the hub's identity can open it.
func Seal(recipient string, plaintext []byte) ([]byte, error) {
	rcp, err := ParseRecipient(recipient)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rcp)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return buf.Bytes(), nil
}

// MaxPlaintext bounds what Open decrypts, so a hostile record cannot
// exhaust the hub's memory.
const MaxPlaintext = 4 << 20

// Open decrypts r with the hub's identity and checks that the sealed
// Submission agrees with r's readable fields (the signature covers those,
// the seal covers the rest, so a record mixed from two submissions is
// caught). Verify the signature first; Open does not.
func Open(r *SealedRecord, identity age.Identity) (*Submission, error) {
	rd, err := age.Decrypt(bytes.NewReader(r.Sealed), identity)
	if err != nil {
		return nil, fmt.Errorf("open sealed record %s: %w", r.ID, err)
	}
	plain, err := io.ReadAll(io.LimitReader(rd, MaxPlaintext+1))
	if err != nil {
		return nil, fmt.Errorf("open sealed record %s: %w", r.ID, err)
	}
	if len(plain) > MaxPlaintext {
		return nil, fmt.Errorf("open sealed record %s: plaintext over %d bytes", r.ID, MaxPlaintext)
	}
	var s Submission
	if err := json.Unmarshal(plain, &s); err != nil {
		return nil, fmt.Errorf("open sealed record %s: %w", r.ID, err)
	}
	if got, want := s.readable(), r.readable(); got != want {
		return nil, fmt.Errorf("open sealed record %s: readable fields %+v do not match sealed %+v", r.ID, want, got)
	}
	return &s, nil
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

// Decode returns the typed payload of an opened submission, for the hub.
func (s *Submission) Decode() (Payload, error) {
	var p Payload
	switch s.Kind {
	case KindApplication:
		p = &Application{}
	case KindFeedback:
		p = &Feedback{}
	case KindSignup:
		p = &Signup{}
	case KindCancel:
		p = &Cancel{}
	default:
		return nil, fmt.Errorf("submission %s: unknown kind %q", s.ID, s.Kind)
	}
	if err := json.Unmarshal(s.Payload, p); err != nil {
		return nil, fmt.Errorf("submission %s: %w", s.ID, err)
	}
	return p, nil
}
