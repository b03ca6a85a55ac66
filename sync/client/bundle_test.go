package client

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

func writeBundle(t *testing.T, th *testHub, opt hub.BundleOptions) (string, *protocol.Manifest) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gongkai-test.bundle")
	m, err := th.Hub.WriteBundle(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return path, m
}

func usbKiosk(t *testing.T, th *testHub) *testKiosk {
	t.Helper()
	k := newKiosk(t)
	if _, err := k.PinHub(context.Background(), protocol.EncodePublicKey(th.Hub.Keys.SignPublic()), th.Hub.Keys.AgeRecipient(), false); err != nil {
		t.Fatal(err)
	}
	return k
}

// flip returns a copy of the file at path with one byte changed at the
// given fraction of its length.
func flip(t *testing.T, path string, at float64) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[int(float64(len(b))*at)] ^= 0x01
	out := filepath.Join(t.TempDir(), "gongkai-flipped.bundle")
	os.WriteFile(out, b, 0o644)
	return out
}

func TestUSBKioskConvergesWithNetworkedKiosk(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	att := th.load(1200, "第一版", false)
	net := enrolledKiosk(t, th)
	usb := usbKiosk(t, th)

	// converge gives usb the bundle at path and net a sync: both must then
	// hold the hub's catalogue, and usb the bundle's attachment att.
	converge := func(stage, path string, att domain.Attachment) {
		t.Helper()
		if _, err := usb.ImportBundle(ctx, path); err != nil {
			t.Fatal(err)
		}
		if _, err := net.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if a, b, h := usb.cat.Digest(t), net.cat.Digest(t), th.digest(); a != h || b != h {
			t.Fatalf("%s: usb %s, network %s, hub %s", stage, a, b, h)
		}
		if !usb.hasFile(att.SHA256, att.Size) {
			t.Errorf("%s: the bundle's attachment did not reach the USB kiosk", stage)
		}
	}
	full, m1 := writeBundle(t, th, hub.BundleOptions{})
	converge("full bundle", full, att)

	// An incremental bundle with an update, a new file and a withdrawal.
	att2 := th.load(1100, "第二版", true)
	inc, _ := writeBundle(t, th, hub.BundleOptions{Since: m1.To})
	converge("incremental bundle", inc, att2)
	// The same full bundle is now older than the kiosk.
	if _, err := usb.ImportBundle(ctx, full); !errors.Is(err, ErrOlder) {
		t.Errorf("older bundle = %v, want ErrOlder", err)
	}
}

func TestBadBundlesAreRefusedAndChangeNothing(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	th.load(800, "第一版", false)
	usb := usbKiosk(t, th)
	full, m1 := writeBundle(t, th, hub.BundleOptions{})
	if _, err := usb.ImportBundle(ctx, full); err != nil {
		t.Fatal(err)
	}

	objs, files, _ := catalogue(t, 900, "第二版")
	th.importObjects(objs, files, false)
	inc, m2 := writeBundle(t, th, hub.BundleOptions{Since: m1.To})
	noFiles, _ := writeBundle(t, th, hub.BundleOptions{Since: m1.To, NoAttachments: true})
	later, _ := writeBundle(t, th, hub.BundleOptions{Since: m2.To - 5})

	other := startHub(t)
	other.importObjects(objs, files, false)
	foreign, _ := writeBundle(t, other, hub.BundleOptions{})

	b, _ := os.ReadFile(inc)
	fileAt := float64(bytes.LastIndex(b, []byte("附件：第二版"))) / float64(len(b))

	tests := []struct {
		name string
		path string
		want error
	}{
		{"one byte changed in a page", flip(t, inc, 0.5), protocol.ErrBundle},
		{"one byte changed in the manifest", flip(t, inc, 0.002), protocol.ErrBadSignature},
		{"one byte changed in an attachment", flip(t, inc, fileAt), protocol.ErrBundle},
		{"signed by another hub", foreign, protocol.ErrWrongKey},
		{"older than the kiosk", full, ErrOlder},
		{"starts above the kiosk", later, ErrGap},
		{"lacks a document's file", noFiles, ErrMissingFile},
		{"not a bundle", flip(t, inc, 0), protocol.ErrBundle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, cursor := usb.cat.Digest(t), must.Call(t, usb.cat.Cursor)
			_, err := usb.ImportBundle(ctx, tt.path)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ImportBundle = %v, want %v", err, tt.want)
			}
			if Problem(err) == "同步失败，请查看日志" {
				t.Errorf("no plain message for %v", err)
			}
			if usb.cat.Digest(t) != before || must.Call(t, usb.cat.Cursor) != cursor {
				t.Fatal("the kiosk's catalogue changed after a refused bundle")
			}
		})
	}
	if _, err := usb.ImportBundle(ctx, inc); err != nil {
		t.Fatalf("the good bundle after the bad ones: %v", err)
	}
	if usb.cat.Digest(t) != th.digest() {
		t.Error("the USB kiosk did not converge")
	}
}
