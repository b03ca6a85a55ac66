package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// Object is one live catalogue object as stored: its kind, id and the exact
// JSON bytes the hub sent for it.
type Object struct {
	Kind string
	ID   string
	Data []byte
}

// CatalogueDigest returns a hex SHA-256 that identifies a whole catalogue:
// the same set of objects with the same bytes gives the same digest on the
// hub and on every kiosk, whatever order they are listed in. Tests use it to
// check that a kiosk converged to exactly the hub's catalogue.
func CatalogueDigest(objects []Object) string {
	lines := make([]string, len(objects))
	for i, o := range objects {
		sum := sha256.Sum256(o.Data)
		lines[i] = o.Kind + "\t" + o.ID + "\t" + hex.EncodeToString(sum[:]) + "\n"
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil))
}
