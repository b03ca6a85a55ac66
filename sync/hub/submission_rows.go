package hub

import (
	"fmt"
	"time"

	"gongkai/internal/sqlrows"
	"gongkai/sync/protocol"
)

// The SQL SubmissionStores (SQLiteSubmissions, PGSubmissions) keep the
// same columns in the same text forms; these read their rows, whichever
// driver's row it is.

// recordCols are the columns scanRecord reads, of records r joined with
// the sign-up g and the cancel c of the record.
const recordCols = `r.n, r.id, r.kind, r.kiosk_id, COALESCE(r.tracking, ''), r.verify_hash, r.received, r.hub_received, r.via,
	r.deadline, r.provisional, r.event_id, r.attendees, r.seat_state, r.ref, r.sealed, r.sig,
	COALESCE(g.seat, ''), COALESCE(c.result, '')`

func scanRecord(row sqlrows.Scanner) (StoredRecord, error) {
	var r StoredRecord
	var received, hubReceived, deadline string
	if err := row.Scan(&r.Seq, &r.ID, &r.Kind, &r.KioskID, &r.Tracking, &r.VerifyHash, &received, &hubReceived, &r.Via,
		&deadline, &r.Provisional, &r.EventID, &r.Attendees, &r.SeatState, &r.Ref, &r.Sealed, &r.Sig,
		&r.Seat, &r.CancelResult); err != nil {
		return r, err
	}
	r.Received, _ = time.Parse(time.RFC3339Nano, received)
	r.HubReceived, _ = time.Parse(time.RFC3339Nano, hubReceived)
	r.Deadline = parseDate(deadline)
	return r, nil
}

// trackedCols are the columns scanTracked reads, of records r joined with
// the status s and the sign-up g of its tracking number.
const trackedCols = `r.id, r.kind, r.kiosk_id, r.tracking, r.verify_hash, r.received, r.hub_received,
	r.deadline, r.provisional, r.event_id, r.attendees, r.seat_state,
	s.state, COALESCE(s.outcome, ''), COALESCE(s.deadline, ''), COALESCE(s.provisional, false), COALESCE(s.note, ''),
	COALESCE(s.updated, ''), COALESCE(s.extended, false), COALESCE(g.seat, '')`

func scanTracked(row sqlrows.Scanner) (TrackedRecord, error) {
	var r TrackedRecord
	var received, hubReceived, deadline, stDeadline, stUpdated string
	var st *string // NULL: no status yet
	if err := row.Scan(&r.ID, &r.Kind, &r.KioskID, &r.Tracking, &r.VerifyHash, &received, &hubReceived,
		&deadline, &r.Provisional, &r.EventID, &r.Attendees, &r.SeatState,
		&st, &r.Status.Outcome, &stDeadline, &r.Status.Provisional, &r.Status.Note, &stUpdated, &r.Status.Extended, &r.Seat); err != nil {
		return r, err
	}
	if st != nil {
		r.Status.State = *st
	}
	r.Received, _ = time.Parse(time.RFC3339Nano, received)
	r.HubReceived, _ = time.Parse(time.RFC3339Nano, hubReceived)
	r.Deadline = parseDate(deadline)
	r.Status.Deadline = parseDate(stDeadline)
	r.Status.Updated, _ = time.Parse(time.RFC3339Nano, stUpdated)
	return r, nil
}

// signupCols are the columns of signups scanSignup reads.
const signupCols = `tracking, id, kiosk_id, event_id, attendees, received_ms, verify_hash, seat`

func scanSignup(row sqlrows.Scanner) (Signup, error) {
	var s Signup
	var ms int64
	if err := row.Scan(&s.Tracking, &s.ID, &s.KioskID, &s.EventID, &s.Attendees, &ms, &s.VerifyHash, &s.Seat); err != nil {
		return s, err
	}
	s.Received = time.UnixMilli(ms).UTC()
	return s, nil
}

// feedCols are the columns of feed scanFeedItem reads.
const feedCols = `seq, tracking, state, outcome, deadline, provisional, note, updated, event_id, seats`

// scanFeedItem reads a feed row: a grant row keeps its expiry in
// updated, a status row its update time.
func scanFeedItem(row sqlrows.Scanner) (protocol.FeedItem, error) {
	var it protocol.FeedItem
	var deadline, updated string
	if err := row.Scan(&it.Seq, &it.Tracking, &it.State, &it.Outcome, &deadline, &it.Provisional, &it.Note, &updated,
		&it.EventID, &it.Seats); err != nil {
		return it, err
	}
	it.Deadline = parseDate(deadline)
	if updated != "" {
		at, _ := time.Parse(time.RFC3339Nano, updated)
		if it.Seats > 0 {
			it.Expires = at
		} else {
			it.Updated = at
		}
	}
	return it, nil
}

// grantExpiryText reads the expiry a grant's feed row keeps in updated;
// zero for none.
func grantExpiryText(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	at, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("block expiry %q: %w", v, err)
	}
	return at, nil
}

// openBlocksSQL selects the blocks with seats issued beyond those
// returned, with the seats confirmed from each and the expiry of its
// latest grant (scanSeatBlock).
const openBlocksSQL = `SELECT b.kiosk_id, b.event_id, b.issued - b.returned,
	(SELECT COALESCE(SUM(attendees), 0) FROM signups u WHERE u.kiosk_id = b.kiosk_id AND u.event_id = b.event_id AND u.seat = 'block'),
	COALESCE((SELECT f.updated FROM feed f WHERE f.kiosk_id = b.kiosk_id AND f.event_id = b.event_id AND f.seats > 0
		ORDER BY f.seq DESC LIMIT 1), '')
	FROM seat_blocks b WHERE b.issued > b.returned`

func scanSeatBlock(row sqlrows.Scanner) (SeatBlock, error) {
	var b SeatBlock
	var expires string
	if err := row.Scan(&b.KioskID, &b.EventID, &b.Net, &b.Used, &expires); err != nil {
		return b, err
	}
	var err error
	b.Expires, err = grantExpiryText(expires)
	return b, err
}

func scanPendingCancel(row sqlrows.Scanner) (PendingCancel, error) {
	var p PendingCancel
	err := row.Scan(&p.ID, &p.VerifyHash)
	return p, err
}

// submissionTables are the tables of the SQL SubmissionStores, alike in
// SQLite and PostgreSQL, with the columns CopySubmissions copies.
var submissionTables = []copyTable{
	{"records", []string{"n", "id", "digest", "kind", "kiosk_id", "tracking", "verify_hash", "received_ms", "received",
		"hub_received", "deadline", "provisional", "event_id", "attendees", "seat_state", "ref", "sealed", "sig", "via"}},
	{"status", []string{"tracking", "state", "outcome", "deadline", "provisional", "note", "updated", "extended"}},
	{"feed", []string{"seq", "kiosk_id", "tracking", "state", "outcome", "deadline", "provisional", "note", "updated",
		"event_id", "seats"}},
	{"device_keys", []string{"kiosk_id", "public_key", "registered"}},
	{"seat_blocks", []string{"kiosk_id", "event_id", "issued", "returned"}},
	{"signups", []string{"tracking", "id", "kiosk_id", "event_id", "attendees", "received_ms", "verify_hash", "seat"}},
	{"cancels", []string{"id", "ref", "result"}},
}

// boolCols are the columns SQLite keeps as 0 or 1 and PostgreSQL as
// boolean.
var boolCols = map[string]bool{"provisional": true, "extended": true}

// tableRows streams a table's rows as values, one slice per row, in the
// order of its columns (the shape of pgx.CopyFromSource).
type tableRows interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}
