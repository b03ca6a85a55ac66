package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestEnrolDeviceKey: the device key sent with POST /v1/enroll is recorded
// with the kiosk and is the one submissions are checked with; a request
// without one still enrols (the kiosk registers it later with PUT); a
// malformed one is refused before the code is used up.
func TestEnrolDeviceKey(t *testing.T) { eachStore(t, testEnrolDeviceKey) }

func testEnrolDeviceKey(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, _, s := newSubs(t, st)
	srv := httptest.NewServer(NewServer(h, ServerOptions{}))
	t.Cleanup(srv.Close)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	tests := []struct {
		name    string
		key     string
		status  int
		errCode string
		want    ed25519.PublicKey // recorded at enrolment
	}{
		{"with a device key", protocol.EncodePublicKey(pub), 200, "", pub},
		{"without a device key (older kiosk)", "", 200, "", nil},
		{"not base64", "not-a-key!", 400, protocol.CodeDeviceKey, nil},
		{"31 bytes", base64.StdEncoding.EncodeToString(pub[:31]), 400, protocol.CodeDeviceKey, nil},
		{"a private key", base64.StdEncoding.EncodeToString(make([]byte, ed25519.PrivateKeySize)), 400, protocol.CodeDeviceKey, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, err := h.NewEnrollCode(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(protocol.EnrollRequest{Protocol: protocol.Version, Code: code, DeviceKey: tt.key})
			resp := do(t, "POST", srv.URL+"/v1/enroll", "", bytes.NewReader(body), nil)
			if resp.StatusCode != tt.status {
				resp.Body.Close()
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				defer resp.Body.Close()
				var e protocol.ErrorBody
				json.NewDecoder(resp.Body).Decode(&e)
				if e.Code != tt.errCode || !strings.Contains(e.Message, "device_key") {
					t.Errorf("error = %+v, want code %q naming device_key", e, tt.errCode)
				}
				// The code is still good: the kiosk can retry with a proper key.
				if _, err := h.Enroll(ctx, code); err != nil {
					t.Errorf("code after a refused enrolment: %v", err)
				}
				return
			}
			var er protocol.EnrollResponse
			err = json.NewDecoder(resp.Body).Decode(&er)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			k, err := h.Store.Kiosk(ctx, er.KioskID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.DeviceKey(ctx, er.KioskID)
			if err != nil || !got.Equal(tt.want) || !k.DeviceKey.Equal(tt.want) {
				t.Fatalf("device key: submissions %x, kiosk %x, %v; want %x", got, k.DeviceKey, err, tt.want)
			}
			if tt.want == nil {
				if er.DeviceKeyID != "" {
					t.Errorf("DeviceKeyID = %q without a key", er.DeviceKeyID)
				}
				// Backward compatible: the kiosk registers its key later.
				if err := s.RegisterDeviceKey(ctx, er.KioskID, other); err != nil {
					t.Fatalf("PUT-style registration after a keyless enrolment: %v", err)
				}
				if got, _ := s.DeviceKey(ctx, er.KioskID); !got.Equal(other) {
					t.Errorf("device key after registration = %x", got)
				}
				return
			}
			if er.DeviceKeyID != protocol.Fingerprint(pub) {
				t.Errorf("DeviceKeyID = %q, want the key's fingerprint", er.DeviceKeyID)
			}
			// The first sync's PUT of the same key is harmless; another key
			// is a conflict staff must look at.
			if err := s.RegisterDeviceKey(ctx, er.KioskID, pub); err != nil {
				t.Errorf("same key again: %v", err)
			}
			if err := s.RegisterDeviceKey(ctx, er.KioskID, other); !errors.Is(err, ErrDeviceKey) {
				t.Errorf("another key = %v, want ErrDeviceKey", err)
			}
		})
	}
}

// TestEnrolledKeyVerifiesRecords: a kiosk that sent its key at enrolment
// and never registered it otherwise has its records accepted, as a USB
// import (no network kiosk) does.
func TestEnrolledKeyVerifiesRecords(t *testing.T) { eachStore(t, testEnrolledKeyVerifiesRecords) }

func testEnrolledKeyVerifiesRecords(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, clk, s := newSubs(t, st)
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	code, _, _ := h.NewEnrollCode(ctx, "")
	er, err := h.EnrollDevice(ctx, code, pub)
	if err != nil {
		t.Fatal(err)
	}
	k, err := h.Store.Kiosk(ctx, er.KioskID)
	if err != nil {
		t.Fatal(err)
	}
	sk := &subsKiosk{t: t, k: k, key: key, rcp: er.AgeRecipient}
	rec := sk.record(protocol.KindFeedback, clk.Now())
	acks, err := s.Receive(ctx, nil, []protocol.SealedRecord{rec}, ViaUSB)
	if err != nil || len(acks) != 1 || acks[0].Result != protocol.AckOK {
		t.Fatalf("USB import of an enrolled-key record: %+v, %v", acks, err)
	}
	if _, err := h.EnrollDevice(ctx, "whatever", pub[:16]); !errors.Is(err, ErrDeviceKeyFormat) {
		t.Errorf("short key = %v, want ErrDeviceKeyFormat", err)
	}
}

// TestUpgradeKeepsKiosksWithoutDeviceKey: a hub database from before the
// device_key column opens, its kiosks keep working with no key recorded,
// and new enrolments record theirs.
func TestUpgradeKeepsKiosksWithoutDeviceKey(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	schemaOneDB(t, filepath.Join(dir, "hub.db"), migrations, "migrations/001_init.sql",
		`INSERT INTO kiosks (id, no, name, token_hash, enrolled) VALUES ('kiosk-0011223344556677', 1, '旧终端', x'00', '2025-01-01T00:00:00Z')`)
	s, err := OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatalf("open a schema-1 hub: %v", err)
	}
	defer s.Close()
	old, err := s.Kiosk(ctx, "1")
	if err != nil || old.Name != "旧终端" || old.DeviceKey != nil {
		t.Fatalf("old kiosk after the upgrade = %+v, %v", old, err)
	}
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := s.AddEnrollCode(ctx, codeHash("AAAA-BBBB-CCCC"), "", at, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	k, err := s.Enroll(ctx, codeHash("AAAA-BBBB-CCCC"), "kiosk-8899aabbccddeeff", []byte{1}, pub, at)
	if err != nil || k.No != 2 {
		t.Fatalf("enrol after the upgrade = %+v, %v", k, err)
	}
	if got, err := s.Kiosk(ctx, k.ID); err != nil || !got.DeviceKey.Equal(pub) {
		t.Fatalf("new kiosk's device key = %x, %v", got.DeviceKey, err)
	}
}
