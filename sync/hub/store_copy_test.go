package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"math"
	"reflect"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/pgdb/pgtest"
	"gongkai/sync/protocol"
)

// copyToPG opens a fresh PostgreSQL database with open and copies from
// into it with copyInto (as `hub migrate-store` does), returning the copy and
// what it counted.
func copyToPG[S, D any](t *testing.T, from S, open func(context.Context, string) (D, error),
	copyInto func(context.Context, S, D) (map[string]int64, error)) (D, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	to, err := open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	counts, err := copyInto(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return to, counts
}

// TestCopyStoreMovesEverything: a SQLite hub's catalogue store copied into
// PostgreSQL has the same changes at the same versions (tombstones
// included), so the hub's key signs the same pages; the same kiosks with
// their credentials, keys and reports; the attachments and their bytes;
// an unused enrolment code still enrols, under the next number; the next
// publication continues after the head; a copy again into the
// database that has moved on is refused (ErrCopyDiffers).
func TestCopyStoreMovesEverything(t *testing.T) {
	ctx := context.Background()
	src, clk := storeMakers[0].init(t)
	cat := baseCatalogue(t)
	mustImport(t, src, cat, false)
	mustImport(t, src, &Catalogue{Objects: cat.Objects[:2]}, true)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	var kiosks []*protocol.EnrollResponse
	for i := range 2 {
		code, _, err := src.NewEnrollCode(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		er, err := src.EnrollDevice(ctx, code, []ed25519.PublicKey{pub, nil}[i])
		if err != nil {
			t.Fatal(err)
		}
		kiosks = append(kiosks, er)
		clk.Add(time.Minute)
	}
	if err := src.Store.Seen(ctx, kiosks[0].KioskID, 4, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := src.Store.Report(ctx, kiosks[0].KioskID, protocol.KioskReport{App: "1.0", Queue: 1, Printer: protocol.PrinterReady}, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Store.Revoke(ctx, "2", clk.Now()); err != nil {
		t.Fatal(err)
	}
	unused, _, err := src.NewEnrollCode(ctx, "三楼")
	if err != nil {
		t.Fatal(err)
	}

	dst, counts := copyToPG(t, src.Store.(*SQLiteStore), OpenPG, CopyStore)
	if counts["objects"] != 3 || counts["kiosks"] != 2 || counts["enroll_codes"] != 3 || counts["blobs"] != 1 || counts["imports"] != 2 {
		t.Errorf("copied %v", counts)
	}
	moved, err := Open(ctx, src.Dir, Options{Now: clk.Now, Store: dst})
	if err != nil {
		t.Fatal(err)
	}
	defer moved.Close()

	for _, h := range []*Hub{src, moved} {
		if head, err := h.Store.Head(ctx); err != nil || head != 4 {
			t.Fatalf("%T head %d, %v", h.Store, head, err)
		}
	}
	was, _, _, _ := src.Store.Changes(ctx, 0, math.MaxInt64, 1<<30)
	got, _, _, err := moved.Store.Changes(ctx, 0, math.MaxInt64, 1<<30)
	if err != nil || !reflect.DeepEqual(got, was) || len(got) != 3 || !got[2].Deleted {
		t.Errorf("changes after the copy:\n%+v\nbefore:\n%+v (%v)", got, was, err)
	}
	p1, _, err := src.Page(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	p2, _, err := moved.Page(ctx, 0, 10)
	if err != nil || !bytes.Equal(p1.Payload, p2.Payload) || !bytes.Equal(p1.Signature, p2.Signature) {
		t.Errorf("the signed first page differs after the copy (%v)", err)
	}
	d1, _ := src.Digest(ctx)
	if d2, err := moved.Digest(ctx); err != nil || d1 != d2 {
		t.Errorf("digest %s after the copy, %s before (%v)", d2, d1, err)
	}
	k1, _ := src.Store.Kiosks(ctx)
	k2, err := moved.Store.Kiosks(ctx)
	if err != nil || !reflect.DeepEqual(k1, k2) {
		t.Errorf("kiosks after the copy:\n%+v\nbefore:\n%+v (%v)", k2, k1, err)
	}
	if _, err := moved.Authenticate(ctx, "Bearer "+kiosks[0].KioskID+"."+kiosks[0].Token); err != nil {
		t.Errorf("the copied kiosk's credential: %v", err)
	}
	att := cat.Files[0]
	if a, err := moved.Store.Attachment(ctx, att.SHA256); err != nil || a.Size != att.Size {
		t.Errorf("attachment %+v, %v", a, err)
	}
	r, err := moved.Store.OpenBlob(ctx, att.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); err != nil || string(b) != "工作计划全文" {
		t.Errorf("blob = %q, %v", b, err)
	}
	r.Close()

	er, err := moved.Enroll(ctx, unused)
	if err != nil || er.KioskNo != 3 || er.Name != "三楼" {
		t.Errorf("the unused code after the copy: %+v, %v", er, err)
	}
	res, err := moved.ImportCatalogue(ctx, &Catalogue{Objects: []domain.Object{doc(t, "d9", "迁移后的新文件")}}, ImportOptions{})
	if err != nil || res.From != 4 || res.To != 5 {
		t.Errorf("the next publication = %+v, %v; want 4..5", res, err)
	}
	if _, err := CopyStore(ctx, src.Store.(*SQLiteStore), dst); !errors.Is(err, ErrCopyDiffers) {
		t.Errorf("a second copy = %v", err)
	}
}
