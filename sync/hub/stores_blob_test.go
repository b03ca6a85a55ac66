package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestBlobs: bytes are stored only when they match their SHA-256 and
// size, read back whole and from any offset (across PostgreSQL's chunks),
// and the same blob stored by two writers at once is stored once.
func TestBlobs(t *testing.T) { eachStore(t, testBlobs) }

func testBlobs(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b := st.pair(t)
	data := make([]byte, 2*blobChunk+blobChunk/2)
	for i := range data {
		data[i] = byte(i * 7 / 3)
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])

	wrong := bytes.Clone(data)
	wrong[len(wrong)-1]++
	for name, put := range map[string]func() error{
		"other bytes": func() error { return a.PutBlob(ctx, sha, int64(len(data)), bytes.NewReader(wrong)) },
		"too short":   func() error { return a.PutBlob(ctx, sha, int64(len(data)), bytes.NewReader(data[:blobChunk])) },
		"too long":    func() error { return a.PutBlob(ctx, sha, int64(len(data)-1), bytes.NewReader(data)) },
	} {
		if err := put(); !errors.Is(err, protocol.ErrContent) {
			t.Errorf("%s: %v, want ErrContent", name, err)
		}
		if have, err := b.HasBlob(ctx, sha); have || err != nil {
			t.Fatalf("after %s: HasBlob = %v, %v", name, have, err)
		}
		if _, err := b.OpenBlob(ctx, sha); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after %s: OpenBlob = %v, want ErrNotFound", name, err)
		}
	}

	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		s := []Store{a, b}[i%2]
		wg.Go(func() { errs[i] = s.PutBlob(ctx, sha, int64(len(data)), bytes.NewReader(data)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("PutBlob %d: %v", i, err)
		}
	}
	if have, err := a.HasBlob(ctx, sha); !have || err != nil {
		t.Fatalf("HasBlob = %v, %v", have, err)
	}
	r, err := b.OpenBlob(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (%v), want %d", len(got), err, len(data))
	}
	for _, off := range []int64{0, blobChunk - 3, blobChunk, int64(len(data)) - 5} {
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		part := make([]byte, 10)
		n, err := io.ReadFull(r, part)
		want := data[off:min(off+10, int64(len(data)))]
		if !bytes.Equal(part[:n], want) || (err != nil && n != len(want)) {
			t.Errorf("at %d: %x (%v), want %x", off, part[:n], err, want)
		}
	}
	if end, err := r.Seek(0, io.SeekEnd); err != nil || end != int64(len(data)) {
		t.Errorf("Seek to the end = %d, %v", end, err)
	}
}

// TestKioskRecords: what a kiosk's syncs record (last contact, version,
// health report) reads back by id and by number; a second revocation
// keeps the first time.
func TestKioskRecords(t *testing.T) { eachStore(t, testKioskRecords) }

func testKioskRecords(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b, at := st.pairWithCode(t)
	if _, err := b.Enroll(ctx, []byte("code"), "kid", []byte("token"), nil, at.Add(time.Hour)); !errors.Is(err, ErrEnrollCode) {
		t.Fatalf("enrol at expiry = %v, want ErrEnrollCode", err)
	}
	k, err := b.Enroll(ctx, []byte("code"), "kid", []byte("token"), nil, at.Add(time.Minute))
	if err != nil || k.No != 1 || k.Name != "一楼大厅" {
		t.Fatalf("Enroll = %+v, %v", k, err)
	}
	rep := protocol.KioskReport{App: "1.2.3", Queue: 2, Oldest: at.Add(-time.Hour), Printer: protocol.PrinterPaperOut, FreeDisk: 5 << 30}
	if err := a.Seen(ctx, "kid", 42, at.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := a.Report(ctx, "kid", rep, at.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"kid", "1"} {
		k, err := b.Kiosk(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if k.ID != "kid" || k.Version != 42 || !k.LastSeen.Equal(at.Add(2*time.Minute)) || !k.Enrolled.Equal(at.Add(time.Minute)) ||
			k.Report == nil || k.Report.App != "1.2.3" || k.Report.Printer != protocol.PrinterPaperOut || !k.Reported.Equal(at.Add(3*time.Minute)) ||
			!k.Revoked.IsZero() || string(k.TokenHash) != "token" {
			t.Errorf("Kiosk(%s) = %+v", ref, k)
		}
	}
	for _, ref := range []string{"2", "99999999999999999999", "nobody"} {
		if _, err := a.Kiosk(ctx, ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("Kiosk(%s) = %v, want ErrNotFound", ref, err)
		}
	}
	if _, err := a.Revoke(ctx, "1", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	k, err = b.Revoke(ctx, "kid", at.Add(2*time.Hour))
	if err != nil || !k.Revoked.Equal(at.Add(time.Hour)) {
		t.Fatalf("second Revoke = %+v, %v; want the first time kept", k, err)
	}
}

// TestKioskContactsAtOnce: contacts of several kiosks written together
// (WriteContacts, or Seen and Report one by one where a Store cannot)
// each change only the parts they carry, and an unknown kiosk is passed
// over.
func TestKioskContactsAtOnce(t *testing.T) { eachStore(t, testKioskContactsAtOnce) }

func testKioskContactsAtOnce(t *testing.T, st storeMaker) {
	ctx := context.Background()
	a, b, _, at := st.pairWithKiosks(t, 3)
	old := protocol.KioskReport{App: "1.0", Printer: protocol.PrinterReady}
	if err := a.Report(ctx, "k01", old, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := a.Seen(ctx, "k02", 7, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	now := at.Add(time.Hour)
	rep := protocol.KioskReport{App: "2.0", Queue: 3, Printer: protocol.PrinterPaperOut}
	cs := []KioskContact{
		{ID: "k00", Seen: true, Version: 40, SeenAt: now, Report: &rep, ReportedAt: now},
		{ID: "k01", Seen: true, Version: 41, SeenAt: now},           // its report stays
		{ID: "k02", Report: &rep, ReportedAt: now.Add(time.Second)}, // its last contact stays
		{ID: "nobody", Seen: true, Version: 1, SeenAt: now},
	}
	if err := writeContacts(ctx, b, cs); err != nil {
		t.Fatal(err)
	}
	check := func(id string, version int64, seen time.Time, app string, reported time.Time) {
		t.Helper()
		k, err := a.Kiosk(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if k.Version != version || !k.LastSeen.Equal(seen) || k.Report == nil || k.Report.App != app || !k.Reported.Equal(reported) {
			t.Errorf("%s: version %d seen %v, report %+v at %v; want %d %v %s %v", id, k.Version, k.LastSeen, k.Report, k.Reported, version, seen, app, reported)
		}
	}
	check("k00", 40, now, "2.0", now)
	check("k01", 41, now, "1.0", at.Add(time.Minute))
	check("k02", 7, at.Add(time.Minute), "2.0", now.Add(time.Second))
	if _, err := a.Kiosk(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a contact of an unknown kiosk made it: %v", err)
	}
}

// TestPGEnrollCodeRunAgain: PostgreSQL's AddEnrollCode, run again after a
// connection lost at its commit (here: simply twice), finds its own row
// and succeeds; the same hash for another code is still refused.
func TestPGEnrollCodeRunAgain(t *testing.T) {
	ctx := context.Background()
	a, _ := storeMakers[1].pair(t)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for range 2 {
		if err := a.AddEnrollCode(ctx, []byte("code"), "一楼大厅", at, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.AddEnrollCode(ctx, []byte("code"), "二楼", at, at.Add(time.Hour)); err == nil {
		t.Fatal("a second code with the same hash was taken")
	}
	if k, err := a.Enroll(ctx, []byte("code"), "kid", []byte("token"), nil, at.Add(time.Minute)); err != nil || k.Name != "一楼大厅" {
		t.Fatalf("Enroll = %+v, %v", k, err)
	}
}
