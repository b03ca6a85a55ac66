package client

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"gongkai/sync/protocol"
)

// TestEnrolSendsTheDeviceKey: enrolment makes (or reuses) DATA/device.key
// and sends its public key, which the hub records with the kiosk; the
// kiosk then skips the PUT on its first sync. A hub that does not record
// it (an older hub) leaves the PUT to the first sync.
func TestEnrolSendsTheDeviceKey(t *testing.T) {
	stripKey := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/enroll" {
				var req protocol.EnrollRequest
				json.NewDecoder(r.Body).Decode(&req)
				req.DeviceKey = ""
				b, _ := json.Marshal(req)
				r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			}
			next.ServeHTTP(w, r)
		})
	}
	tests := []struct {
		name     string
		existing bool                            // a device.key made before enrolment is reused
		wrap     func(http.Handler) http.Handler // nil: a current hub
		recorded bool
	}{
		{"new key", false, nil, true},
		{"existing key reused", true, nil, true},
		{"hub ignores the key", false, stripKey, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			th := startHub(t)
			th.setWrap(tt.wrap)
			k := newKiosk(t)
			var before ed25519.PrivateKey
			if tt.existing {
				if err := k.ensureDeviceKey(); err != nil {
					t.Fatal(err)
				}
				before, _ = k.DeviceKey()
			}
			h, err := k.Enroll(ctx, th.URL, th.enrollCode(), false)
			if err != nil {
				t.Fatal(err)
			}
			key, err := k.DeviceKey()
			if err != nil {
				t.Fatal(err)
			}
			pub := key.Public().(ed25519.PublicKey)
			if tt.existing && !key.Equal(before) {
				t.Error("enrolment replaced an existing device key")
			}
			hk, err := th.Hub.Store.Kiosk(ctx, h.KioskID)
			if err != nil {
				t.Fatal(err)
			}
			meta, _ := k.cat.Meta(ctx, MetaDeviceKeyRegistered)
			if tt.recorded {
				if !hk.DeviceKey.Equal(pub) || meta != protocol.Fingerprint(pub) {
					t.Errorf("hub holds %x, kiosk meta %q; want %x recorded", hk.DeviceKey, meta, pub)
				}
			} else if hk.DeviceKey != nil || meta != "" {
				t.Errorf("hub holds %x, kiosk meta %q; want nothing (the first sync registers it)", hk.DeviceKey, meta)
			}
		})
	}
}
