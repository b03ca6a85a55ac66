package protocol

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
)

// signed is a payload the hub signs: a page or a bundle's manifest.
type signed interface {
	// signer returns the protocol version and key id the payload names.
	signer() (protocol, keyID string)
}

func (p *Page) signer() (string, string)     { return p.Protocol, p.KeyID }
func (m *Manifest) signer() (string, string) { return m.Protocol, m.KeyID }

// verifySigned checks sig over payload with the pinned key pub, then
// decodes the payload into v, which must name this protocol version and
// pub. what ("page", "bundle") and name ("page",
// "bundle manifest") say in errors what the payload is. A payload that
// fails the signature because it speaks another version or names another
// key is told apart from a damaged or forged one.
func verifySigned(pub ed25519.PublicKey, payload, sig []byte, what, name string, v signed) error {
	if !ed25519.Verify(pub, payload, sig) {
		h := peekHeader(payload)
		if h.Protocol != "" && h.Protocol != Version {
			return fmt.Errorf("%w %q (this kiosk speaks %s)", ErrUnknownVersion, h.Protocol, Version)
		}
		if h.KeyID != "" && h.KeyID != Fingerprint(pub) {
			return wrongKey(what, h.KeyID, pub)
		}
		return fmt.Errorf("%s: %w", name, ErrBadSignature)
	}
	if f, ok := v.(fastDecoder); !ok || !f.decodeFast(payload) {
		if err := json.Unmarshal(payload, v); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
		}
	}
	if protocol, keyID := v.signer(); protocol != Version {
		return fmt.Errorf("%w %q (this kiosk speaks %s)", ErrUnknownVersion, protocol, Version)
	} else if keyID != Fingerprint(pub) {
		return wrongKey(what, keyID, pub)
	}
	return nil
}

// fastDecoder is a signed value with a decoder of its own for the form the
// hub writes; it reports false, leaving the value untouched, for any other
// and for any payload that is not valid JSON.
type fastDecoder interface{ decodeFast([]byte) bool }

// peekHeader reads the version and key id of an unverified payload only
// to explain a signature failure better; nothing else of it is used.
func peekHeader(payload []byte) (h struct {
	Protocol string `json:"protocol"`
	KeyID    string `json:"key_id"`
}) {
	_ = json.Unmarshal(payload, &h)
	return h
}
