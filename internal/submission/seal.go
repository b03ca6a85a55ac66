package submission

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"gongkai/sync/protocol"
)

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
func Open(r *protocol.SealedRecord, identity age.Identity) (*protocol.Submission, error) {
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
	var s protocol.Submission
	if err := json.Unmarshal(plain, &s); err != nil {
		return nil, fmt.Errorf("open sealed record %s: %w", r.ID, err)
	}
	if err := r.CheckSealed(&s); err != nil {
		return nil, fmt.Errorf("open sealed record %s: %w", r.ID, err)
	}
	return &s, nil
}

// Contents returns the typed payload of an opened submission, for the hub.
func Contents(s *protocol.Submission) (Payload, error) {
	var p Payload
	switch s.Kind {
	case protocol.KindApplication:
		p = &Application{}
	case protocol.KindFeedback:
		p = &Feedback{}
	case protocol.KindSignup:
		p = &Signup{}
	case protocol.KindCancel:
		p = &Cancel{}
	default:
		return nil, fmt.Errorf("submission %s: unknown kind %q", s.ID, s.Kind)
	}
	if err := json.Unmarshal(s.Payload, p); err != nil {
		return nil, fmt.Errorf("submission %s: %w", s.ID, err)
	}
	return p, nil
}
