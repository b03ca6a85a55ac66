// Package submissiontest enrols a submission service for tests: an outbox
// on the kiosk's database and throw-away hub and device keys.
package submissiontest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"filippo.io/age"

	"gongkai/internal/submission"
	"gongkai/sync/outbox"
)

// Kiosk is a submission service enrolled with throw-away keys, with the
// keys a test needs to check what it queues.
type Kiosk struct {
	Service *submission.Service
	Outbox  *outbox.Outbox
	Hub     *age.X25519Identity // opens what the service seals
	Device  ed25519.PublicKey   // verifies what the service signs
}

// New opens an outbox on st's database and enrols a submission service on
// it as kiosk number no (ID "kiosk-<no>"); now is the service's clock.
func New(tb testing.TB, st submission.Store, no int, now func() time.Time) *Kiosk {
	tb.Helper()
	ob, err := outbox.Open(context.Background(), st.DB(), now)
	if err != nil {
		tb.Fatal(err)
	}
	hub, err := age.GenerateX25519Identity()
	if err != nil {
		tb.Fatal(err)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return &Kiosk{Outbox: ob, Hub: hub, Device: pub, Service: &submission.Service{
		Store: st, Outbox: ob, Now: now, Rand: rand.Reader, KioskNo: no, KioskID: fmt.Sprintf("kiosk-%d", no),
		Recipient: hub.Recipient().String(), DeviceKey: priv,
	}}
}
