package protocol

import (
	"crypto/ed25519"
	"fmt"
)

// wrongKey reports a page or bundle (what) naming key id named while pub
// is pinned. Both fingerprints are shown in full, grouped as `hub keys`
// prints them: shortened, two different keys can look the same (a key id
// is only text in the payload, and anyone can copy the first digits).
func wrongKey(what, named string, pub ed25519.PublicKey) error {
	return fmt.Errorf("%w: %s names key %s, pinned key is %s", ErrWrongKey, what, showKeyID(named), FormatFingerprint(Fingerprint(pub)))
}

// showKeyID shows a key id from a payload: grouped when it is one, else
// quoted with every non-ASCII or invisible byte escaped.
func showKeyID(id string) string {
	if ValidSHA256(id) {
		return FormatFingerprint(id)
	}
	if len(id) > 80 {
		id = id[:80] + "…"
	}
	return fmt.Sprintf("%+q", id)
}

// showDifference shows two byte strings that should have been equal so
// that the difference is visible: both quoted with every non-ASCII or
// invisible byte escaped (%+q: a CR, a NUL or a look-alike letter is not
// hidden), then the bytes from the first difference on in hex.
func showDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("%+q, this kiosk reads %+q; from byte %d: % x, want % x", got, want, i+1, got[i:], want[i:])
}
