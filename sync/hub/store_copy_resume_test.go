package hub

import (
	"context"
	"crypto/ed25519"
	"errors"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"

	"gongkai/internal/pgdb/pgtest"
	"gongkai/sync/protocol"
)

// TestCopyResumesAfterACut: `hub migrate-store` cut off halfway leaves
// the target with part of the hub (here: some objects, the blob, most
// records and feed items missing, as a run stopped between tables would
// if each were committed on its own). Run again, the copies keep what is
// there and copy the rest: the target then holds exactly the source's
// rows, every record once with its number, sealed bytes and signature,
// and the catalogue's digest. A target whose record differs from the
// source's is refused (ErrCopyDiffers) and left as it was.
func TestCopyResumesAfterACut(t *testing.T) {
	ctx := context.Background()
	h, clk, src := newSubs(t, storeMakers[0])
	mustImport(t, h, baseCatalogue(t), false)
	k := enrolKiosk(t, h, src)
	var recs []protocol.SealedRecord
	for range 5 {
		recs = append(recs, k.record(protocol.KindApplication, clk.Now()))
	}
	if acks, err := src.Receive(ctx, k.k, recs, ViaNetwork); err != nil || acks[4].Result != protocol.AckOK {
		t.Fatalf("receive: %+v %v", acks, err)
	}
	if _, err := src.SetStatus(ctx, recs[0].Tracking, StatusChange{State: protocol.StatusAccepted}); err != nil {
		t.Fatal(err)
	}

	url := pgtest.URL(t)
	cat, err := OpenPG(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	subs, err := OpenPGSubmissions(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer subs.Close()
	from, fromSubs := h.Store.(*SQLiteStore), src.store.(*SQLiteSubmissions)
	full, err := CopyStore(ctx, from, cat)
	if err != nil {
		t.Fatal(err)
	}
	fullSubs, err := CopySubmissions(ctx, fromSubs, subs)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	exec := func(sql string) {
		t.Helper()
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	// The cut: what a run stopped halfway had not copied yet.
	for _, sql := range []string{
		`DELETE FROM objects WHERE version > 2`, `DELETE FROM blob_chunks`, `DELETE FROM blobs`, `DELETE FROM imports`,
		`DELETE FROM records WHERE n > 2`, `DELETE FROM feed WHERE seq > (SELECT min(seq) FROM feed)`, `DELETE FROM status`,
		`UPDATE catalogue_head SET version = 2`,
	} {
		exec(sql)
	}

	again, err := CopyStore(ctx, from, cat)
	if err != nil || !reflect.DeepEqual(again, full) {
		t.Fatalf("catalogue copied again = %v, %v; want %v", again, err, full)
	}
	againSubs, err := CopySubmissions(ctx, fromSubs, subs)
	if err != nil || !reflect.DeepEqual(againSubs, fullSubs) {
		t.Fatalf("submissions copied again = %v, %v; want %v", againSubs, err, fullSubs)
	}
	dst := NewSubmissions(h, subs, SubmissionOptions{SeatBlock: 2})
	want, got := storedRecords(t, src), storedRecords(t, dst)
	if len(got) != len(recs) || !reflect.DeepEqual(got, want) {
		t.Fatalf("records after the rerun:\n%+v\nwant:\n%+v", got, want)
	}
	for _, r := range got {
		if err := r.Verify(k.key.Public().(ed25519.PublicKey)); err != nil {
			t.Errorf("%s no longer verifies: %v", r.ID, err)
		}
	}
	if f, w := feedOf(t, dst, k), feedOf(t, src, k); !reflect.DeepEqual(f, w) {
		t.Errorf("feed after the rerun: %v, want %v", feedSeqs(f), feedSeqs(w))
	}
	if d1, _ := h.Digest(ctx); d1 == "" {
		t.Fatal("no digest")
	} else if d2, err := cat.Digest(ctx); err != nil || d2 != d1 {
		t.Errorf("digest after the rerun %s, %v; want %s", d2, err, d1)
	}

	// A record that is not the source's is neither kept quietly nor
	// overwritten.
	exec(`UPDATE records SET sig = '\x00'::bytea || sig WHERE n = 3`)
	sig := func() (b []byte) {
		t.Helper()
		if err := admin.QueryRow(ctx, `SELECT sig FROM records WHERE n = 3`).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	before := sig()
	if _, err := CopySubmissions(ctx, fromSubs, subs); !errors.Is(err, ErrCopyDiffers) {
		t.Fatalf("copy onto a changed record = %v, want ErrCopyDiffers", err)
	}
	if after := sig(); before[0] != 0 || !reflect.DeepEqual(after, before) {
		t.Errorf("the refused copy changed the target's record: %x, was %x", after, before)
	}
}
