package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/sync/protocol"
)

func TestEnrolPinsTheHubKey(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	k := newKiosk(t)
	h, err := k.Enroll(ctx, th.URL+"/", th.enrollCode(), false)
	if err != nil {
		t.Fatal(err)
	}
	if h.KeyID != th.Hub.Keys.KeyID() || h.KioskNo != 1 || h.URL != th.URL || !strings.HasPrefix(h.AgeRecipient, "age1") {
		t.Errorf("enrolled = %+v", h)
	}
	for _, name := range []string{SecretFile, DeviceKeyFile} {
		st, err := os.Stat(filepath.Join(k.dir, name))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", name, err, st)
		}
	}
	if _, err := k.DeviceKey(); err != nil {
		t.Errorf("device key: %v", err)
	}
	got, err := k.Hub(ctx)
	if err != nil || !got.SignKey.Equal(th.Hub.Keys.SignPublic()) {
		t.Errorf("pinned key = %v, %v", got, err)
	}
	code := th.enrollCode()
	if _, err := newKiosk(t).Enroll(ctx, th.URL, code, false); err != nil {
		t.Fatal(err)
	}
	if _, err := newKiosk(t).Enroll(ctx, th.URL, code, false); !errors.Is(err, ErrEnrollCode) || Problem(err) == "" {
		t.Errorf("second use of a code = %v", err)
	}
	other := startHub(t)
	if _, err := k.Enroll(ctx, other.URL, other.enrollCode(), false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("enrolling with another hub's key without force = %v", err)
	}
}

func TestSyncPropagatesUpdatesWithdrawalsAndFiles(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	objs, files, att := catalogue(t, 5, "通知")
	th.importObjects(objs, files, false)
	k := enrolledKiosk(t, th)

	res, err := k.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.To != 6 || res.Changes != 6 || res.Files != 1 {
		t.Errorf("first sync = %+v", res)
	}
	if got, want := k.cat.Digest(t), th.digest(); got != want {
		t.Fatalf("kiosk digest %s != hub digest %s", got, want)
	}
	if b, err := os.ReadFile(k.AttachmentPath(att.SHA256)); err != nil || sha256Hex(b) != att.SHA256 {
		t.Errorf("attachment on the kiosk: %v", err)
	}

	// An update, a 废止 and a pruned document.
	var d domain.Document
	json.Unmarshal(objs[2].Data, &d)
	d.Validity = domain.ValidityRepealed
	objs[2].Data = mustJSON(t, d)
	objs[1].Data = bytes.Replace(objs[1].Data, []byte("通知"), []byte("公告"), 1)
	th.importObjects(objs[:5], files, true)
	res, err = k.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changes != 3 || res.Files != 0 {
		t.Errorf("second sync = %+v, want 3 changes and no file fetched again", res)
	}
	if got, want := k.cat.Digest(t), th.digest(); got != want {
		t.Fatalf("after update: kiosk digest %s != hub digest %s", got, want)
	}
	if !bytes.Contains(k.cat.Get(t, domain.KindDocument, "d00001"), []byte(domain.ValidityRepealed)) {
		t.Error("废止 did not reach the kiosk")
	}
	if k.cat.Get(t, domain.KindDocument, "d00004") != nil {
		t.Error("pruned document is still on the kiosk")
	}
	kk, _ := th.Hub.Store.Kiosk(ctx, "1")
	if kk.Version != res.To {
		t.Errorf("hub thinks the kiosk is at %d, it is at %d", kk.Version, res.To)
	}
	if res, err := k.SyncOnce(ctx); err != nil || res.Pages != 0 {
		t.Errorf("sync with nothing new = %+v, %v", res, err)
	}
}

// tamper returns a wrapper that changes one byte of what the hub sends for
// paths starting with prefix (inside the gzip layer for pages).
func tamper(prefix string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasPrefix(r.URL.Path, prefix) {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			gz := rec.Header().Get("Content-Encoding") == "gzip"
			if gz {
				zr, _ := gzip.NewReader(bytes.NewReader(body))
				body, _ = io.ReadAll(zr)
			}
			if len(body) > 0 {
				body[len(body)/2] ^= 0x01
			}
			if gz {
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				zw.Write(body)
				zw.Close()
				body = buf.Bytes()
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	}
}

func TestTamperingIsRefusedAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prefix  string
		want    error
		problem string
	}{
		{"page with one byte changed", "/v1/changes", protocol.ErrBadSignature, "目录签名校验失败，已拒绝"},
		{"attachment with one byte changed", "/v1/attachments/", protocol.ErrContent, "附件校验失败，已拒绝"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := startHub(t)
			objs, _, _ := catalogue(t, 3, "旧")
			th.importObjects(objs[:1], nil, false) // the category only
			k := enrolledKiosk(t, th)
			if _, err := k.SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			before, cursor := k.cat.Digest(t), must.Call(t, k.cat.Cursor)
			objs, files, att := catalogue(t, 3, "新")
			th.importObjects(objs, files, false)
			th.setWrap(tamper(tt.prefix))
			_, err := k.SyncOnce(ctx)
			if !errors.Is(err, tt.want) || Problem(err) != tt.problem {
				t.Fatalf("sync through a tampering proxy = %v (%q), want %v", err, Problem(err), tt.want)
			}
			if k.cat.Digest(t) != before || must.Call(t, k.cat.Cursor) != cursor {
				t.Fatal("the kiosk's catalogue changed after a refused sync")
			}
			if ents, _ := os.ReadDir(filepath.Join(k.dir, AttachmentDir)); len(ents) != 0 {
				t.Errorf("attachment directory holds %d files after a refused sync", len(ents))
			}
			th.setWrap(nil)
			if _, err := k.SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if k.cat.Digest(t) != th.digest() || !k.hasFile(att.SHA256, att.Size) {
				t.Error("the kiosk did not converge once the tampering stopped")
			}
		})
	}
}

func TestRevokedAndUnknownKiosks(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	k := enrolledKiosk(t, th)
	if _, err := k.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(k.dir, SecretFile), []byte("not-the-token\n"), 0o600)
	if _, err := k.SyncOnce(ctx); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("sync with a wrong token = %v, want ErrUnauthorized", err)
	}
	k2 := enrolledKiosk(t, th)
	if _, err := th.Hub.Store.Revoke(ctx, "2", th.Hub.Now()); err != nil {
		t.Fatal(err)
	}
	_, err := k2.SyncOnce(ctx)
	if !errors.Is(err, ErrRevoked) || Problem(err) != "本机已被中心停用" {
		t.Errorf("sync of a revoked kiosk = %v (%q)", err, Problem(err))
	}
	if _, err := newKiosk(t).SyncOnce(ctx); !errors.Is(err, ErrNotEnrolled) {
		t.Errorf("sync before enrolment = %v", err)
	}
}

func TestLeftoversAreCleanedUp(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	k := enrolledKiosk(t, th)
	dir := filepath.Join(k.dir, AttachmentDir)
	os.MkdirAll(dir, 0o755)
	left := filepath.Join(dir, strings.Repeat("a", 64)+".1234"+protocol.PartSuffix)
	os.WriteFile(left, make([]byte, 1<<20), 0o644)
	if _, err := k.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("partial download left after a sync: %v", err)
	}
}

func TestForcedReenrolmentReplacesTheCatalogue(t *testing.T) {
	ctx := context.Background()
	a, b := startHub(t), startHub(t)
	objsA, filesA, _ := catalogue(t, 700, "甲中心")
	a.importObjects(objsA, filesA, false)
	objsB, filesB, _ := catalogue(t, 20, "乙中心")
	b.importObjects(objsB[:15], filesB, false)
	k := enrolledKiosk(t, a)
	if _, err := k.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Enroll(ctx, b.URL, b.enrollCode(), true); err != nil {
		t.Fatal(err)
	}
	if _, err := k.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := k.cat.Digest(t), b.digest(); got != want {
		t.Fatalf("after re-enrolling with another hub the kiosk holds %s, the new hub %s", got, want)
	}
}
