package outbox_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/internal/tracking"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

var t0 = time.Date(2026, 11, 25, 9, 30, 0, 0, calendar.Beijing)

// openDB opens the kiosk's real store at path and returns its database,
// which the outbox shares.
func openDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st.DB()
}

func mustOpen(tb testing.TB) (*outbox.Outbox, string) {
	tb.Helper()
	return mustOpenAt(tb, func() time.Time { return t0 })
}

// mustOpenAt opens an outbox on a new database with the clock now.
func mustOpenAt(tb testing.TB, now func() time.Time) (*outbox.Outbox, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "kiosk.db")
	ob, err := outbox.Open(context.Background(), openDB(tb, path), now)
	if err != nil {
		tb.Fatal(err)
	}
	ob.SetJitterSource(mrand.New(mrand.NewPCG(7, 7)))
	return ob, path
}

// record makes a readable record with stand-in sealed bytes; these tests
// are about the queue, not the sealing (see internal/submission).
func record(i int, kind string) protocol.SealedRecord {
	trk, _ := tracking.New(12, calendar.Today(t0), i)
	r := protocol.SealedRecord{
		ID: fmt.Sprintf("id-%04d", i), Kind: kind, KioskID: "k-12", Tracking: trk,
		VerifyHash: "a2id1$stand-in", // see withHash
		Received:   t0.Add(time.Duration(i) * time.Second),
		Sealed:     []byte(fmt.Sprintf("sealed-%d", i)), Sig: []byte("sig"),
	}
	if kind == protocol.KindApplication {
		r.Deadline = calendar.MustParse("2026-12-23")
	}
	return r
}

// withHash gives r the real hash of verification code K7M2QX (Argon2id
// costs milliseconds, so only look-up tests pay for it).
func withHash(r protocol.SealedRecord) protocol.SealedRecord {
	r.VerifyHash = tracking.HashVerificationCode(r.Tracking, "K7M2QX")
	return r
}

func enqueue(tb testing.TB, ob *outbox.Outbox, recs ...protocol.SealedRecord) {
	tb.Helper()
	ctx := context.Background()
	tx, err := ob.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := ob.EnqueueTx(ctx, tx, r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func states(tb testing.TB, ob *outbox.Outbox) map[string]string {
	tb.Helper()
	list, err := ob.List(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range list {
		m[e.ID] = e.State
	}
	return m
}

func TestOpenTwiceAndSequence(t *testing.T) {
	ctx := context.Background()
	ob, path := mustOpen(t)
	if _, err := outbox.Open(ctx, ob.DB(), func() time.Time { return t0 }); err != nil {
		t.Fatalf("second Open: %v", err)
	}
	var version int
	if err := ob.DB().QueryRow(`SELECT version FROM schema_version WHERE component = 'outbox'`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.DB().Exec(`UPDATE schema_version SET version = 99 WHERE component = 'outbox'`); err != nil {
		t.Fatal(err)
	}
	if _, err := outbox.Open(ctx, ob.DB(), func() time.Time { return t0 }); !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("Open over a newer outbox = %v, want store.ErrNewerSchema", err)
	}
	ob.DB().Exec(`UPDATE schema_version SET version = ? WHERE component = 'outbox'`, version)

	day := calendar.MustParse("2026-11-25")
	next := func(d calendar.Date) int {
		tx, _ := ob.DB().BeginTx(ctx, nil)
		defer tx.Rollback()
		n, err := ob.NextSeqTx(ctx, tx, d)
		if err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		return n
	}
	for want := 1; want <= 3; want++ {
		if got := next(day); got != want {
			t.Fatalf("NextSeqTx = %d, want %d", got, want)
		}
	}
	if got := next(day.AddDays(1)); got != 1 {
		t.Errorf("a new day starts at %d, want 1", got)
	}
	// A rolled-back transaction does not use up a number.
	tx, _ := ob.DB().BeginTx(ctx, nil)
	ob.NextSeqTx(ctx, tx, day)
	tx.Rollback()
	// A clock set back to an earlier day continues that day's sequence,
	// across a reopen of the database.
	ob2, err := outbox.Open(ctx, openDB(t, path), func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	tx, _ = ob2.DB().BeginTx(ctx, nil)
	n, _ := ob2.NextSeqTx(ctx, tx, day)
	tx.Commit()
	if n != 4 {
		t.Errorf("after reopen NextSeqTx = %d, want 4", n)
	}
}

func TestQueueStates(t *testing.T) {
	ctx := context.Background()
	ob, _ := mustOpen(t)
	enqueue(t, ob, record(1, protocol.KindApplication), record(2, protocol.KindFeedback), record(3, protocol.KindSignup))

	due, err := ob.Next(ctx, t0, 10)
	if err != nil || len(due) != 3 || due[0].ID != "id-0001" || due[2].ID != "id-0003" {
		t.Fatalf("Next = %v, %v; want three, oldest first", due, err)
	}
	if string(due[0].Sealed) != "sealed-1" || due[0].Deadline.String() != "2026-12-23" || !due[0].Received.Equal(t0.Add(time.Second)) {
		t.Errorf("record did not round-trip: %+v", due[0])
	}
	if err := ob.MarkSending(ctx, "id-0001", "id-0002", "id-0003"); err != nil {
		t.Fatal(err)
	}
	if due, _ := ob.Next(ctx, t0, 10); len(due) != 0 {
		t.Errorf("records in sending are due: %d", len(due))
	}
	hubTime := t0.Add(time.Minute)
	must(t, ob.MarkSent(ctx, "id-0001", hubTime, t0))
	must(t, ob.MarkFailed(ctx, "id-0002", errors.New("hub: 500 Internal Server Error"), false, t0))
	must(t, ob.MarkRejected(ctx, "id-0003", "conflict"))
	if got := states(t, ob); got["id-0001"] != "sent" || got["id-0002"] != "failed" || got["id-0003"] != "rejected" {
		t.Errorf("states = %v", got)
	}
	if err := ob.MarkSent(ctx, "nope", hubTime, t0); !errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("MarkSent(unknown) = %v, want ErrNotFound", err)
	}

	st, err := ob.Stats(ctx, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if st.Sent != 1 || st.Failed != 1 || st.Rejected != 1 || st.Queued != 0 || st.Pending() != 1 {
		t.Errorf("Stats = %+v", st)
	}
	if !st.OldestUnsent.Equal(t0.Add(2*time.Second)) || st.OldestAge != time.Hour-2*time.Second {
		t.Errorf("oldest unsent %v, age %v", st.OldestUnsent, st.OldestAge)
	}
	if st.LastError == "" {
		t.Error("Stats has no last error")
	}

	// The listing carries no sealed bytes and nothing personal: only the
	// readable fields. (The stand-in sealed bytes must not appear.)
	list, _ := ob.List(ctx)
	b, _ := json.Marshal(list)
	if strings.Contains(string(b), "sealed-") || strings.Contains(string(b), "a2id1$") {
		t.Errorf("List exposes sealed bytes or hashes: %s", b)
	}
	if list[0].HubReceived == "" || list[0].SentAt.IsZero() || list[1].NextTry.IsZero() || list[1].Attempts != 1 {
		t.Errorf("List = %+v", list)
	}
}

func TestBackoff(t *testing.T) {
	ctx := context.Background()
	ob, _ := mustOpen(t)
	enqueue(t, ob, record(1, protocol.KindFeedback))
	now := t0
	var waits []time.Duration
	for range 10 {
		must(t, ob.MarkFailed(ctx, "id-0001", errors.New("timeout"), true, now))
		list, _ := ob.List(ctx)
		wait := list[0].NextTry.Sub(now)
		waits = append(waits, wait)
		if due, _ := ob.Next(ctx, now.Add(wait-time.Millisecond), 10); len(due) != 0 {
			t.Fatalf("due before its next try (wait %v)", wait)
		}
		if due, _ := ob.Next(ctx, now.Add(wait), 10); len(due) != 1 {
			t.Fatalf("not due at its next try (wait %v)", wait)
		}
		now = now.Add(wait)
	}
	for i, w := range waits {
		base := min(outbox.MinBackoff<<i, outbox.MaxBackoff)
		if w < base || w > min(base+base/2, outbox.MaxBackoff) {
			t.Errorf("wait %d = %v, want in [%v, %v]", i+1, w, base, min(base+base/2, outbox.MaxBackoff))
		}
	}
	if waits[len(waits)-1] != outbox.MaxBackoff {
		t.Errorf("backoff not capped at 1h: %v", waits)
	}
	// The hub answers again: the record is due at once and starts over.
	must(t, ob.ResetBackoff(ctx, now))
	if due, _ := ob.Next(ctx, now, 10); len(due) != 1 {
		t.Fatal("not due after ResetBackoff")
	}
	must(t, ob.MarkFailed(ctx, "id-0001", errors.New("timeout"), true, now))
	list, _ := ob.List(ctx)
	if w := list[0].NextTry.Sub(now); w > outbox.MinBackoff*3/2 || list[0].Attempts != 11 {
		t.Errorf("after reset: wait %v, attempts %d", w, list[0].Attempts)
	}
}

func TestStatusAndLookup(t *testing.T) {
	ctx := context.Background()
	ob, _ := mustOpen(t)
	rec := withHash(record(1, protocol.KindApplication))
	enqueue(t, ob, rec)

	st, err := ob.Lookup(ctx, strings.ReplaceAll(rec.Tracking, "-", " "), "k7m2qx")
	if err != nil {
		t.Fatalf("Lookup: %v", err)
	}
	if st.Queue != "queued" || st.State != "" || st.Deadline.String() != "2026-12-23" || st.Kind != "application" {
		t.Errorf("status = %+v", st)
	}
	for _, bad := range []struct{ trk, code, msg string }{
		{rec.Tracking, "K7M2QY", "受理编号或查询码不正确"},
		{record(2, "").Tracking, "K7M2QX", "受理编号或查询码不正确"}, // not issued
		{rec.Tracking[:len(rec.Tracking)-1] + "0", "K7M2QX", "受理编号"},
		{rec.Tracking, "K7M", "查询码应为8位"},
	} {
		_, err := ob.Lookup(ctx, bad.trk, bad.code)
		if err == nil || !strings.Contains(domain.ErrorMessage(err), bad.msg) {
			t.Errorf("Lookup(%s, %s) = %v, want %q", bad.trk, bad.code, err, bad.msg)
		}
	}

	later := t0.Add(48 * time.Hour)
	must(t, ob.SetStatus(ctx, rec.Tracking, protocol.StatusReport{State: "已受理", Updated: t0.Add(time.Hour)}))
	must(t, ob.SetStatus(ctx, rec.Tracking, protocol.StatusReport{State: "已延期", Deadline: calendar.MustParse("2027-01-21"), Note: "延期答复", Updated: later}))
	// An older report arriving late does not undo the newer one.
	must(t, ob.SetStatus(ctx, rec.Tracking, protocol.StatusReport{State: "已受理", Updated: t0.Add(2 * time.Hour)}))
	st, _ = ob.Status(ctx, rec.Tracking)
	if st.State != "已延期" || st.Deadline.String() != "2027-01-21" || st.Note != "延期答复" || !st.Updated.Equal(later) {
		t.Errorf("status after updates = %+v", st)
	}
	if err := ob.SetStatus(ctx, record(9, "").Tracking, protocol.StatusReport{State: "已受理", Updated: later}); !errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("SetStatus(unknown) = %v", err)
	}
}

func TestSeats(t *testing.T) {
	ctx := context.Background()
	ob, _ := mustOpen(t)
	must(t, ob.SetSeatGrant(ctx, "kfr", 3))
	claim := func(n int) string {
		tx, _ := ob.DB().BeginTx(ctx, nil)
		defer tx.Rollback()
		st, err := ob.ClaimSeatsTx(ctx, tx, "kfr", n)
		if err != nil {
			t.Fatal(err)
		}
		tx.Commit()
		return st
	}
	if got := []string{claim(2), claim(2), claim(1), claim(1)}; got[0] != "confirmed" || got[1] != "waitlist" || got[2] != "confirmed" || got[3] != "waitlist" {
		t.Errorf("claims = %v, want confirmed waitlist confirmed waitlist", got)
	}
	tx, _ := ob.DB().BeginTx(ctx, nil)
	if st, _ := ob.ClaimSeatsTx(ctx, tx, "no-grant", 1); st != "waitlist" {
		t.Errorf("no grant: %s", st)
	}
	tx.Rollback()

	// Cancelling a confirmed local sign-up gives its seats back.
	su := record(1, protocol.KindSignup)
	su.EventID, su.Attendees, su.SeatState = "kfr", 2, "confirmed"
	enqueue(t, ob, su)
	cancel := protocol.SealedRecord{ID: "c-1", Kind: protocol.KindCancel, KioskID: "k-12", Ref: su.Tracking,
		Received: t0.Add(time.Hour), Sealed: []byte("x"), Sig: []byte("s")}
	enqueue(t, ob, cancel)
	if _, used, _ := ob.Seats(ctx, "kfr"); used != 1 {
		t.Errorf("used after cancel = %d, want 1", used)
	}
	st, _ := ob.Status(ctx, su.Tracking)
	if st.State != protocol.StatusCancelled {
		t.Errorf("sign-up status after cancel = %q", st.State)
	}
	// A second cancel changes nothing.
	cancel.ID = "c-2"
	enqueue(t, ob, cancel)
	if _, used, _ := ob.Seats(ctx, "kfr"); used != 1 {
		t.Errorf("used after second cancel = %d, want 1", used)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
