package protocol

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"gongkai/internal/domain"
)

// Version is the protocol version this package speaks.
const Version = "gongkai-sync/1"

// DefaultPageSize is the number of changes a kiosk asks for per page;
// MaxPageSize is the most a hub serves in one page.
const (
	DefaultPageSize = 500
	MaxPageSize     = 2000
)

// MaxPageBytes bounds a page payload a kiosk accepts, so a broken or hostile
// peer cannot make it buffer without limit.
const MaxPageBytes = 256 << 20

// Errors of verification. Callers test them with errors.Is.
var (
	ErrBadSignature   = errors.New("signature does not verify")
	ErrWrongKey       = errors.New("signed by another hub key")
	ErrUnknownVersion = errors.New("unknown protocol version")
	ErrMalformed      = errors.New("malformed data")
)

// Page is one signed unit of catalogue changes: every change with a version
// above From and at most To, in version order. To may be above the last
// change's version (no change has the versions between), so the kiosk's
// cursor lands on the hub's page boundaries.
type Page struct {
	Protocol string          `json:"protocol"`
	KeyID    string          `json:"key_id"`
	From     int64           `json:"from"`
	To       int64           `json:"to"`
	Changes  []domain.Change `json:"changes"`
	More     bool            `json:"more"`
}

// SignedPayload is a payload and the Ed25519 signature over its exact bytes.
type SignedPayload struct {
	Payload   []byte
	Signature []byte
}

// EncodePage returns the canonical bytes of p: what encoding/json gives
// for it, written directly because re-validating and compacting every
// object's data (as json.Marshal does for a json.RawMessage) was the
// largest cost of serving a page. A change's Data is copied verbatim, so it
// must be valid JSON; the hub stores it canonical ([CanonicalJSON]), and
// then the bytes equal json.Marshal's exactly (a test holds them to it).
func EncodePage(p *Page) ([]byte, error) {
	n := 128
	for _, c := range p.Changes {
		n += len(c.Data) + len(c.Kind) + len(c.ID) + 64
	}
	b := make([]byte, 0, n)
	b = append(b, `{"protocol":`...)
	b = appendString(b, p.Protocol)
	b = append(b, `,"key_id":`...)
	b = appendString(b, p.KeyID)
	b = append(b, `,"from":`...)
	b = strconv.AppendInt(b, p.From, 10)
	b = append(b, `,"to":`...)
	b = strconv.AppendInt(b, p.To, 10)
	b = append(b, `,"changes":[`...)
	for i, c := range p.Changes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"v":`...)
		b = strconv.AppendInt(b, c.Version, 10)
		b = append(b, `,"kind":`...)
		b = appendString(b, c.Kind)
		b = append(b, `,"id":`...)
		b = appendString(b, c.ID)
		if c.Deleted {
			b = append(b, `,"deleted":true`...)
		}
		if len(c.Data) > 0 {
			b = append(b, `,"data":`...)
			b = append(b, c.Data...)
		}
		b = append(b, '}')
	}
	b = append(b, `],"more":`...)
	b = strconv.AppendBool(b, p.More)
	b = append(b, '}')
	return b, nil
}

// appendString appends s as encoding/json writes a string.
func appendString(b []byte, s string) []byte {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			simple = false
			break
		}
	}
	if simple {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s)
	return append(b, q...)
}

// SignPage encodes p and signs the bytes with key.
func SignPage(key ed25519.PrivateKey, p *Page) (SignedPayload, error) {
	b, err := EncodePage(p)
	if err != nil {
		return SignedPayload{}, fmt.Errorf("encode page: %w", err)
	}
	return SignedPayload{Payload: b, Signature: ed25519.Sign(key, b)}, nil
}

// CanonicalJSON returns the form of a JSON value that survives being
// embedded in a page unchanged: compact, with <, > and & escaped, exactly
// as encoding/json re-emits a json.RawMessage. The hub stores object data
// in this form.
func CanonicalJSON(data []byte) ([]byte, error) {
	if !json.Valid(data) {
		return nil, fmt.Errorf("%w: object data is not valid JSON", ErrMalformed)
	}
	return json.Marshal(json.RawMessage(data))
}

// VerifyPage checks sig over payload with pub, then decodes the page and
// checks that it is well formed, speaks [Version] and names pub's key id.
// Network and USB paths both use it; nothing of a page is trusted before it
// returns without error.
func VerifyPage(pub ed25519.PublicKey, payload, sig []byte) (*Page, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: pinned key has %d bytes", ErrWrongKey, len(pub))
	}
	if len(payload) > MaxPageBytes {
		return nil, fmt.Errorf("%w: page of %d bytes is too large", ErrMalformed, len(payload))
	}
	var p Page
	if err := verifySigned(pub, payload, sig, "page", "page", &p); err != nil {
		return nil, err
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%w: page %d..%d: %v", ErrMalformed, p.From, p.To, err)
	}
	return &p, nil
}

// decodeFast decodes a page in exactly the form EncodePage writes without
// encoding/json's reflection (verifySigned falls back to json.Unmarshal for
// any other form).
func (p *Page) decodeFast(b []byte) bool { return decodePage(b, p) }

// check reports a page whose numbers or changes contradict each other.
func (p *Page) check() error {
	if p.From < 0 || p.To < p.From {
		return fmt.Errorf("bad range")
	}
	if p.To == p.From && (len(p.Changes) > 0 || p.More) {
		return fmt.Errorf("empty range with changes or more")
	}
	prev := p.From
	for i, c := range p.Changes {
		if c.Version <= prev || c.Version > p.To {
			return fmt.Errorf("change %d: version %d not in %d..%d after %d", i, c.Version, p.From, p.To, prev)
		}
		prev = c.Version
		if c.Kind == "" || c.ID == "" {
			return fmt.Errorf("change %d: no kind or id", i)
		}
		if c.Deleted != (len(c.Data) == 0) {
			return fmt.Errorf("change %d (%s %s): data and deleted disagree", i, c.Kind, c.ID)
		}
		if bytes.Equal(c.Data, []byte("null")) {
			return fmt.Errorf("change %d (%s %s): null data", i, c.Kind, c.ID)
		}
	}
	return nil
}

// Attachments returns the files the page's live documents refer to.
func (p *Page) Attachments() ([]domain.Attachment, error) {
	var out []domain.Attachment
	for _, c := range p.Changes {
		as, err := ChangeAttachments(c)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// ChangeAttachments returns the files a document change refers to; other
// kinds and deletions have none.
func ChangeAttachments(c domain.Change) ([]domain.Attachment, error) {
	if c.Kind != domain.KindDocument || c.Deleted || !bytes.Contains(c.Data, []byte(`"attachments"`)) {
		return nil, nil // most documents have none: skip decoding them
	}
	var d struct {
		Attachments []domain.Attachment `json:"attachments"`
	}
	if err := json.Unmarshal(c.Data, &d); err != nil {
		return nil, fmt.Errorf("%w: document %s: %v", ErrMalformed, c.ID, err)
	}
	for _, a := range d.Attachments {
		if !ValidSHA256(a.SHA256) || a.Size < 0 {
			return nil, fmt.Errorf("%w: document %s: attachment %q has a bad sha256 or size", ErrMalformed, c.ID, a.Name)
		}
	}
	return d.Attachments, nil
}

// ValidSHA256 reports whether s is 64 lower-case hex digits.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func short(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}
