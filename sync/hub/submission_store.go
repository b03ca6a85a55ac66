package hub

import (
	"context"
	"crypto/ed25519"
	"time"

	"gongkai/internal/calendar"
	"gongkai/sync/protocol"
)

// SubmissionStore is where the hub keeps what kiosks send and what became
// of it: sealed records once per id, statuses and the per-kiosk status
// feed, sign-ups and their seats, kiosks' blocks of seats, cancellations
// and device keys. It holds no rules: Submissions decides, the store
// reads and writes. SQLiteSubmissions (submissions.db) is the default;
// PGSubmissions keeps the same tables in PostgreSQL for several hub
// processes on one database. Both run the same tests, and nothing in the
// rules changes.
type SubmissionStore interface {
	// Update runs fn in one durable write transaction: everything fn
	// writes is committed together before Update returns, or nothing is.
	// Write transactions are serialised, so fn sees the latest state. A
	// store may run fn more than once (after a rolled-back attempt), so
	// fn sets, rather than adds to, what it hands out.
	Update(ctx context.Context, fn func(SubmissionTx) error) error
	// View runs fn on a consistent read of the store; fn must not write.
	View(ctx context.Context, fn func(SubmissionTx) error) error
	// DeviceKey returns the device key registered for a kiosk, nil if none.
	DeviceKey(ctx context.Context, kioskID string) (ed25519.PublicKey, error)
	// AddDeviceKey registers a kiosk's device key unless one is already
	// registered (the first one stays); DeviceKey says which won.
	AddDeviceKey(ctx context.Context, kioskID string, pub ed25519.PublicKey, at time.Time) error
	Close() error
}

// SubmissionTx is one transaction on a SubmissionStore.
type SubmissionTx interface {
	// Record returns the digest and the hub's receipt time of the record
	// with an id; found false if none.
	Record(ctx context.Context, id string) (digest []byte, hubReceived time.Time, found bool, err error)
	// RecordByTracking returns the id and kind of the record holding a
	// tracking number; found false if none.
	RecordByTracking(ctx context.Context, trk string) (id, kind string, found bool, err error)
	// AddRecord stores a record; its id and tracking number are new.
	AddRecord(ctx context.Context, r StoredRecord) error
	// CountRecords returns how many records the store holds.
	CountRecords(ctx context.Context) (int, error)
	// Records returns the stored records opt selects, in arrival order.
	Records(ctx context.Context, opt ListOptions) ([]StoredRecord, error)
	// Tracked returns the record with a tracking number, its status and
	// its sign-up's seat; found false if none.
	Tracked(ctx context.Context, trk string) (t TrackedRecord, found bool, err error)

	// PutStatus records the status of a tracking number and appends it to
	// the feed of the kiosk that issued it. A zero Deadline keeps the
	// stored deadline and its Provisional mark; Extended never goes back
	// to false.
	PutStatus(ctx context.Context, kioskID, trk string, st protocol.StatusReport) error
	// Feed returns at most limit items of a kiosk's feed after since, in
	// order.
	Feed(ctx context.Context, kioskID string, since int64, limit int) ([]protocol.FeedItem, error)

	// Block returns a kiosk's block of an event (issued − returned) and the
	// seats of its sign-ups confirmed from it.
	Block(ctx context.Context, kioskID, eventID string) (net, used int, err error)
	// Holding returns who holds seats of an event.
	Holding(ctx context.Context, eventID string) (EventHolding, error)
	// OpenBlocks returns every block with seats issued beyond those
	// returned, with the seats confirmed from it.
	OpenBlocks(ctx context.Context) ([]SeatBlock, error)
	// Grant adds seats to a kiosk's block of an event and appends the
	// grant, with the block's new expiry, to the kiosk's feed.
	Grant(ctx context.Context, kioskID, eventID string, seats int, expires time.Time) error
	// GrantExpiry returns the expiry of a kiosk's latest grant of an
	// event; zero when there is none or it has none.
	GrantExpiry(ctx context.Context, kioskID, eventID string) (time.Time, error)
	// SetReturned records a kiosk's cumulative hand-back of an event's
	// seats, capped at what it was issued, when that is more than before;
	// changed says it was.
	SetReturned(ctx context.Context, kioskID, eventID string, total int) (changed bool, err error)
	// Unreturn takes n seats back into a block from those returned, if at
	// least n were; ok says it did.
	Unreturn(ctx context.Context, kioskID, eventID string, n int) (ok bool, err error)
	// Reclaim returns every seat of a block but the used ones.
	Reclaim(ctx context.Context, kioskID, eventID string, used int) error

	// AddSignup stores a sign-up with its seat.
	AddSignup(ctx context.Context, s Signup) error
	// Signup returns the sign-up with a tracking number; found false if none.
	Signup(ctx context.Context, trk string) (s Signup, found bool, err error)
	// SetSeat changes a sign-up's seat.
	SetSeat(ctx context.Context, trk, seat string) error
	// FirstWaiting returns an event's first sign-up on the waitlist (by the
	// kiosk's receipt time, then id); found false if none.
	FirstWaiting(ctx context.Context, eventID string) (s Signup, found bool, err error)
	// SeatCounts returns the attendees of an event's sign-ups confirmed
	// (from a block or promoted) and waiting.
	SeatCounts(ctx context.Context, eventID string) (confirmed, waiting int, err error)

	// AddCancel records a cancellation record and what became of it.
	AddCancel(ctx context.Context, id, ref, result string) error
	// PendingCancels returns the cancellations waiting for the sign-up
	// ref, by the kiosk's receipt time, then id.
	PendingCancels(ctx context.Context, ref string) ([]PendingCancel, error)
	// SetCancelResult records what became of a pending cancellation.
	SetCancelResult(ctx context.Context, id, result string) error
}

// StoredRecord is a sealed record as the hub keeps it.
type StoredRecord struct {
	protocol.SealedRecord
	Seq          int64  // arrival order
	Digest       []byte // SHA-256 of SigningBytes: "same content"
	HubReceived  time.Time
	Via          string // ViaNetwork or ViaUSB
	Seat         string // sign-ups: the hub's seat (Records only)
	CancelResult string // cancels: what became of it (Records only)
}

// TrackedRecord is a stored submission with a tracking number and its
// status.
type TrackedRecord struct {
	ID, Kind, KioskID, Tracking, VerifyHash string
	Received, HubReceived                   time.Time
	Deadline                                calendar.Date // as the kiosk computed it
	Provisional                             bool
	EventID                                 string
	Attendees                               int
	SeatState                               string
	Status                                  protocol.StatusReport // State "" when none yet
	Seat                                    string                // sign-ups: the hub's seat
}

// Signup is a sign-up and where its seats come from (its Seat).
type Signup struct {
	Tracking, ID, KioskID, EventID string
	Attendees                      int
	Received                       time.Time
	VerifyHash                     string
	Seat                           string
}

// EventHolding says who holds seats of an event: each kiosk's block
// (issued − returned) and the seats it confirmed from it, and the seats
// the hub promoted from the waitlist.
type EventHolding struct {
	Blocks    map[string]int
	Confirmed map[string]int
	Promoted  int
}

// SeatBlock is a kiosk's block of an event's seats.
type SeatBlock struct {
	KioskID, EventID string
	Net, Used        int
}

// PendingCancel is a cancellation waiting for its sign-up.
type PendingCancel struct {
	ID, VerifyHash string
}
