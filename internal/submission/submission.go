// Package submission holds what visitors hand in at the kiosk (依申请公开
// applications, feedback, event sign-ups and their cancellations), checks
// it, seals it to the hub and queues it durably.
//
// # Lifecycle
//
// A form (or `kiosk submit` for a paper form) builds a Payload and calls
// Service.Submit, which
//
//  1. normalises and validates the payload (field-keyed validate.FieldErrors
//     with Chinese messages; nothing is written when it fails);
//  2. in one SQLite transaction on a connection switched to synchronous=FULL:
//     takes the kiosk's next sequence number for the day, makes the tracking
//     number, claims seats for a sign-up, seals the whole Submission with
//     age to the hub's recipient, signs the sealed record with the kiosk's
//     Ed25519 device key, queues it in the outbox, and commits;
//  3. returns the Result (tracking number, verification code, received time,
//     deadline) for the screen and the receipt.
//
// The plaintext exists only in memory: the kiosk cannot read a submission
// back. What stays readable on the kiosk is what the queue and status
// look-ups need (protocol.SealedRecord): id, kind, tracking number, the
// verification code's hash, times, deadline, event id, attendees and seat
// state; nothing that names or identifies a person.
//
// # Input JSON (`kiosk submit --json FILE`)
//
// One object: {"kind": KIND, "<kind>": {...}} where KIND is application,
// feedback, signup or cancel and the inner object has the JSON fields of
// Application, Feedback, Signup or Cancel (snake_case, see the types;
// unknown keys are refused; at most MaxInputBytes). Enumerations use the
// Chinese words printed on the forms. Example:
// cmd/kiosk/testdata/submit-application.json. Mistakes are reported in
// Chinese with the field or the line and column (Decode).
//
// # Free text
//
// Every text field of every kind goes through validate.NormalizeFields in
// Normalize (NFC, no invisible or bidirectional control characters, line
// breaks only in the fields tagged text:"multiline") and
// FieldErrors.CheckText in Validate, which refuses the control characters
// that remain.
//
// # Sealing and signing
//
// The sealed bytes are an age file (binary, not armoured) whose plaintext
// is the JSON of protocol.Submission (both record types are the wire
// contract's, package sync/protocol). The signature is Ed25519 over
// protocol.SealedRecord.SigningBytes: a versioned, length-prefixed list of every
// readable field and the SHA-256 of the sealed bytes, so neither the
// readable fields nor the ciphertext can be changed without the hub
// noticing, whichever way the record travels (network or USB export).
// The hub checks the signature (Verify), decrypts (Open), and Open checks
// that the readable fields agree with the sealed ones; Contents decodes
// the payload.
package submission

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
)

// Payload is one kind of form content. Normalize tidies what was typed
// (full-width digits, spaces, anonymous contact details dropped) and
// Validate reports what is wrong, keyed by JSON field name.
type Payload interface {
	Kind() string
	Normalize()
	Validate(now time.Time, lk Lookups) error
}

// Lookups gives validation the catalogue objects a payload refers to.
type Lookups interface {
	Consultation(id string) (domain.Consultation, bool)
	Event(id string) (domain.Event, bool)
}

// Catalogue is a Lookups over lists, e.g. from the store's Consultations
// and Events.
type Catalogue struct {
	Consultations []domain.Consultation
	Events        []domain.Event
}

// Consultation returns the consultation with the given id.
func (c Catalogue) Consultation(id string) (domain.Consultation, bool) {
	for _, x := range c.Consultations {
		if x.ID == id {
			return x, true
		}
	}
	return domain.Consultation{}, false
}

// Event returns the event with the given id.
func (c Catalogue) Event(id string) (domain.Event, bool) {
	for _, x := range c.Events {
		if x.ID == id {
			return x, true
		}
	}
	return domain.Event{}, false
}

// Result is what the visitor is told, and what the receipt prints.
type Result struct {
	ID               string        `json:"id"`
	Kind             string        `json:"kind"`
	Tracking         string        `json:"tracking_number,omitempty"`
	VerificationCode string        `json:"verification_code,omitempty"`
	Received         time.Time     `json:"received"`
	Deadline         calendar.Date `json:"deadline,omitzero"`
	Provisional      bool          `json:"provisional,omitempty"`
	EventID          string        `json:"event_id,omitempty"`
	SeatState        string        `json:"seat_state,omitempty"`
	Ref              string        `json:"ref,omitempty"`
}

// oneOf reports whether v is one of allowed.
func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// describe lists allowed values for a message.
func describe(allowed []string) string { return strings.Join(allowed, "、") }

// jsonOf marshals v; the payload types marshal without error.
func jsonOf(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("submission: marshal %T: %v", v, err))
	}
	return b
}
