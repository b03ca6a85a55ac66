package hub

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"gongkai/internal/pgdb"
	"gongkai/sync/protocol"
)

// TestPGWriterKilledMidUpload: hub process A dies in the middle of
// storing a record (its transaction holds the writer lock, the record
// written but not committed) while process B is asked for the same
// record. B waits for the lock, gets it when A's session ends, stores the
// record and acknowledges it; A acknowledged nothing. When A's kiosk
// sends the record again (to A, reconnected), it is answered from what B
// stored: one record, one receipt time.
func TestPGWriterKilledMidUpload(t *testing.T) {
	ctx := context.Background()
	pg := storeMakers[1]
	if pg.name != "postgres" {
		t.Fatal("storeMakers[1] is not PostgreSQL")
	}
	ha, clk, a := newSubs(t, pg)
	b := secondProcess(t, ha, clk.Now, SubmissionOptions{SeatBlock: 2})
	k := enrolKiosk(t, ha, a)
	rec := k.record(protocol.KindApplication, clk.Now())
	sum := sha256.Sum256(rec.SigningBytes())

	// A: the record written, the commit not yet sent.
	written, hang := make(chan struct{}), make(chan struct{})
	aDone := make(chan error, 1)
	t.Cleanup(func() {
		select {
		case <-hang:
		default:
			close(hang) // a failed test lets A finish, so its pool can close
		}
	})
	go func() {
		aDone <- a.store.Update(ctx, func(tx SubmissionTx) error {
			if err := tx.AddRecord(ctx, StoredRecord{SealedRecord: rec, Digest: sum[:], HubReceived: clk.Now(), Via: ViaNetwork}); err != nil {
				return err
			}
			close(written)
			<-hang
			return nil
		})
	}()
	<-written
	type result struct {
		acks []protocol.Ack
		err  error
	}
	bDone := make(chan result, 1)
	clk.Add(time.Minute)
	go func() {
		acks, err := b.Receive(ctx, k.k, []protocol.SealedRecord{rec}, ViaNetwork)
		bDone <- result{acks, err}
	}()
	// B waits for the writer lock A holds.
	pool, err := pgdb.Open(ctx, ha.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	key := pgdb.LockKey(pgSubmissionsWriter)
	const thisDB = `(SELECT oid FROM pg_database WHERE datname = current_database())`
	holders := func(granted bool) int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = $1
			AND classid = $2 AND objid = $3 AND objsubid = 1 AND database = `+thisDB, granted, uint32(uint64(key)>>32), uint32(uint64(key))).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(time.Minute); holders(false) == 0; time.Sleep(10 * time.Millisecond) {
		select {
		case r := <-bDone:
			t.Fatalf("B answered %+v %v while A held the writer lock", r.acks, r.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("B never waited for the writer lock")
		}
	}
	if n := holders(true); n != 1 {
		t.Fatalf("%d sessions hold the writer lock, want A's", n)
	}

	// A's process dies: its session ends (as when the process is killed
	// and the kernel closes its socket).
	var killed int
	if err := pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1 AND database = `+thisDB,
		uint32(uint64(key)>>32), uint32(uint64(key))).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("ended %d sessions holding the writer lock: %v", killed, err)
	}
	close(hang)
	if err := <-aDone; err == nil {
		t.Error("A's transaction committed after its session ended")
	}
	r := <-bDone
	if r.err != nil || r.acks[0].Result != protocol.AckOK {
		t.Fatalf("B: %+v %v", r.acks, r.err)
	}

	acks, err := a.Receive(ctx, k.k, []protocol.SealedRecord{rec}, ViaNetwork)
	if err != nil || acks[0].Result != protocol.AckOK || !acks[0].Received.Equal(r.acks[0].Received) {
		t.Errorf("resent to A: %+v %v, want B's receipt %v", acks, err, r.acks[0].Received)
	}
	for _, s := range []*Submissions{a, b} {
		if n, err := s.Count(ctx); err != nil || n != 1 {
			t.Errorf("%d records (%v), want 1", n, err)
		}
	}
}

// TestPGSessionsEnded: the server ends every session of the hub's
// database (as a PostgreSQL restart does) while both hub processes have
// connections in their pools; their next reads and writes of submissions
// run on new connections without an error. (The catalogue store is not
// asked here: the pools ping a connection only after a second idle.)
func TestPGSessionsEnded(t *testing.T) {
	ctx := context.Background()
	ha, clk, a := newSubs(t, storeMakers[1])
	b := secondProcess(t, ha, clk.Now, SubmissionOptions{})
	k := enrolKiosk(t, ha, a)
	r := k.record(protocol.KindApplication, clk.Now())
	if acks, err := a.Receive(ctx, k.k, []protocol.SealedRecord{r}, ViaNetwork); err != nil || acks[0].Result != protocol.AckOK {
		t.Fatalf("upload: %+v %v", acks, err)
	}
	status := func(s *Submissions, state string) {
		t.Helper()
		if _, err := s.SetStatus(ctx, r.Tracking, StatusChange{State: state}); err != nil {
			t.Fatal(err)
		}
	}
	status(a, protocol.StatusAccepted)
	status(b, protocol.StatusClosed)
	if _, err := b.SetStatus(ctx, r.Tracking, StatusChange{State: protocol.StatusAnswered}); err == nil {
		t.Fatal("已答复 without an outcome was taken") // and nothing of it stored
	}

	admin, err := pgdb.Open(ctx, ha.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var ended int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&ended); err != nil || ended == 0 {
		t.Fatalf("ended %d sessions: %v", ended, err)
	}
	for i, s := range []*Submissions{b, a} {
		if key, err := s.store.DeviceKey(ctx, k.k.ID); err != nil || !key.Equal(k.key.Public()) {
			t.Fatalf("device key after the sessions ended: %x %v", key, err)
		}
		if err := s.store.Update(ctx, func(tx SubmissionTx) error {
			return tx.PutStatus(ctx, k.k.ID, r.Tracking, protocol.StatusReport{State: protocol.StatusClosed, Updated: clk.Now()})
		}); err != nil {
			t.Fatalf("status after the sessions ended: %v", err)
		}
		var items []protocol.FeedItem
		if err := s.store.View(ctx, func(tx SubmissionTx) error {
			var err error
			items, err = tx.Feed(ctx, k.k.ID, 0, 10)
			return err
		}); err != nil || len(items) != 3+i {
			t.Fatalf("feed after the sessions ended: %+v %v", items, err)
		}
	}
}
