package hub

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestCopySubmissionsToPostgres: a SQLite hub's submissions (records of
// every kind, statuses, sign-ups with seats from a block, promoted and
// waiting, a cancel, grants and their feed) copied into PostgreSQL read
// back the same through Submissions: records with their numbers and
// signatures, tracked numbers, seats, each kiosk's feed by the same
// sequence numbers. New records and feed items are numbered after the
// copied ones, and a copy again into the database that has moved on is
// refused (ErrCopyDiffers).
func TestCopySubmissionsToPostgres(t *testing.T) {
	ctx := context.Background()
	h, clk, src := newSubs(t, storeMakers[0])
	if storeMakers[0].name != "sqlite" {
		t.Fatal("storeMakers[0] is not SQLite")
	}
	a, b := enrolKiosk(t, h, src), enrolKiosk(t, h, src)
	for _, k := range []*subsKiosk{a, b} {
		if _, err := src.Exchange(ctx, k.k, protocol.FeedRequest{Returned: []protocol.SeatReturn{}}, false); err != nil {
			t.Fatal(err)
		}
	}
	app := a.record(protocol.KindApplication, clk.Now())
	su := a.record(protocol.KindSignup, clk.Now())
	su.SeatState = protocol.SeatConfirmed
	a.seal(&su, `{}`)
	wait := b.record(protocol.KindSignup, clk.Now())
	cancel := a.record(protocol.KindCancel, clk.Now())
	cancel.Ref, cancel.VerifyHash = su.Tracking, su.VerifyHash
	a.seal(&cancel, `{}`)
	for _, up := range []struct {
		from *subsKiosk
		recs []protocol.SealedRecord
	}{{a, []protocol.SealedRecord{app, su}}, {b, []protocol.SealedRecord{wait}}, {a, []protocol.SealedRecord{cancel}}} {
		if acks, err := src.Receive(ctx, up.from.k, up.recs, ViaNetwork); err != nil || acks[0].Result != protocol.AckOK {
			t.Fatalf("receive: %+v %v", acks, err)
		}
	}
	clk.Add(time.Hour)
	if _, err := src.SetStatus(ctx, app.Tracking, StatusChange{State: protocol.StatusAccepted}); err != nil {
		t.Fatal(err)
	}

	to, counts := copyToPG(t, src.store.(*SQLiteSubmissions), OpenPGSubmissions, CopySubmissions)
	if counts["records"] != 4 || counts["device_keys"] != 2 || counts["signups"] != 2 || counts["feed"] == 0 {
		t.Errorf("copied %v", counts)
	}
	dst := NewSubmissions(h, to, SubmissionOptions{SeatBlock: 2})
	t.Cleanup(func() { dst.Close() })

	if got, want := submissionsView(t, dst, a, b, app, su, wait), submissionsView(t, src, a, b, app, su, wait); got != want {
		t.Errorf("PostgreSQL after the copy:\n%s\nSQLite:\n%s", got, want)
	}
	recs := storedRecords(t, dst)
	for _, r := range recs {
		k := a
		if r.KioskID == b.k.ID {
			k = b
		}
		if err := r.Verify(k.key.Public().(ed25519.PublicKey)); err != nil {
			t.Errorf("%s no longer verifies: %v", r.ID, err)
		}
	}

	// Numbering goes on after the copied rows.
	lastFeed := feedOf(t, dst, a)
	more := a.record(protocol.KindFeedback, clk.Now())
	if _, err := dst.Receive(ctx, a.k, []protocol.SealedRecord{more}, ViaNetwork); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.SetStatus(ctx, more.Tracking, StatusChange{State: protocol.StatusAnswered}); err != nil {
		t.Fatal(err)
	}
	after := storedRecords(t, dst)
	if n := after[len(after)-1].Seq; n <= recs[len(recs)-1].Seq {
		t.Errorf("new record numbered %d, copied ones up to %d", n, recs[len(recs)-1].Seq)
	}
	if f := feedOf(t, dst, a); len(f) != len(lastFeed)+1 || f[len(f)-1].Seq <= lastFeed[len(lastFeed)-1].Seq {
		t.Errorf("feed after a new status: %v, before %v", feedSeqs(f), feedSeqs(lastFeed))
	}

	if _, err := CopySubmissions(ctx, src.store.(*SQLiteSubmissions), to); !errors.Is(err, ErrCopyDiffers) {
		t.Errorf("second copy: %v, want a refusal", err)
	}
}

func storedRecords(t testing.TB, s *Submissions) []StoredRecord {
	t.Helper()
	var recs []StoredRecord
	if err := s.store.View(context.Background(), func(tx SubmissionTx) error {
		var err error
		recs, err = tx.Records(context.Background(), ListOptions{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return recs
}

func feedOf(t testing.TB, s *Submissions, k *subsKiosk) []protocol.FeedItem {
	t.Helper()
	f, err := s.Exchange(context.Background(), k.k, protocol.FeedRequest{}, true)
	if err != nil {
		t.Fatal(err)
	}
	return f.Items
}

// submissionsView is what s says of the records, numbers, seats and
// feeds, as text to compare.
func submissionsView(t testing.TB, s *Submissions, a, b *subsKiosk, recs ...protocol.SealedRecord) string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, r := range storedRecords(t, s) {
		r.Received, r.HubReceived = r.Received.UTC(), r.HubReceived.UTC()
		out = append(out, fmt.Sprintf("record %+v", r))
	}
	for _, r := range recs {
		tr, err := s.tracked(ctx, r.Tracking)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("tracked %+v", tr))
	}
	seats, err := s.Seats(ctx, "ev")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, fmt.Sprintf("seats %+v", seats))
	for _, k := range []*subsKiosk{a, b} {
		key, err := s.DeviceKey(ctx, k.k.ID)
		if err != nil || !key.Equal(k.key.Public()) {
			out = append(out, fmt.Sprintf("device key of %s: %x %v", k.k.ID, key, err))
		}
		for _, it := range feedOf(t, s, k) {
			out = append(out, fmt.Sprintf("feed %s %+v", k.k.ID, it))
		}
	}
	return strings.Join(out, "\n")
}
