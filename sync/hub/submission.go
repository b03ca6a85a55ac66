package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
)

// Submissions is the hub's side of in-person submissions: it takes sealed
// records from kiosks (POST /v1/submissions, or a USB export), keeps each
// id once, checks every record's signature against the device key its
// kiosk registered, runs the seats of event sign-ups, records the status
// staff give, and feeds status changes and seat grants back to the kiosk
// that issued each number. It decrypts only on demand, for staff (List).
//
// # Wire format
//
//	PUT  /v1/device-key       {"public_key": base64 Ed25519} -> 204; 409 if another key is registered
//	                          (kiosks that sent no key at enrolment; the same key again is harmless)
//	POST /v1/submissions      {"records": [SealedRecord...]} -> {"acks": [Ack...]} (one per record)
//	POST /v1/status-updates   {"since": N, "returned": [{"event_id", "seats"}]} -> Feed, signed
//	GET  /v1/status-updates?since=N                                            -> Feed, signed (read only)
//	GET  /s/{tracking}?c=CODE the public status page (HTML, for phones; no protocol header needed)
//
// An ack's result is "ok" (stored now or before: received is the hub's
// original receipt time), "conflict" (status 409: the id or tracking
// number is taken by different content), "rejected" (never acceptable: bad signature,
// another kiosk's record, malformed) or "retry" (not now: the device key
// is not registered yet). A whole-request 401 means the credential was
// refused. A Feed is signed like a catalogue page: Gongkai-Signature is
// the base64 Ed25519 signature of the exact body bytes.
type Submissions struct {
	hub *Hub
	w   *sql.DB // single writer
	r   *sql.DB // readers
	opt SubmissionOptions

	keyMu sync.Mutex
	keys  map[string]ed25519.PublicKey // device keys by kiosk id (they never change)

	catMu  sync.Mutex
	catAt  int64 // catalogue head the cache was built at (-1: none)
	events map[string]domain.Event
	cal    *calendar.Calendar

	pages *rateLimiter // status page look-ups per client address
	codes *codeLockout // wrong verification codes per tracking number
}

// SubmissionOptions adjust Submissions. Zero values give the defaults.
type SubmissionOptions struct {
	// SeatBlock is how many seats of an event a kiosk may confirm on its
	// own before it next syncs; 5.
	SeatBlock int
	// PageBurst and PageEvery limit the status page per client address:
	// PageBurst look-ups at once, then one per PageEvery; 10 and 6 s.
	PageBurst int
	PageEvery time.Duration
	// CodeTries wrong verification codes for one tracking number lock its
	// status page for CodeLock, by the hub's clock; 5 and 15 minutes.
	CodeTries int
	CodeLock  time.Duration
	// TrustedProxies are the peers (e.g. the agency's TLS proxy) whose
	// X-Forwarded-For names the client; see ParseTrustedProxies. From any
	// other peer the header is ignored.
	TrustedProxies []netip.Prefix
}

// Via says how records arrived.
const (
	ViaNetwork = "network"
	ViaUSB     = "usb"
)

// Ack results, as the kiosk's outbox knows them.
const (
	AckOK       = "ok"
	AckConflict = "conflict"
	AckRejected = "rejected"
	AckRetry    = "retry"
)

// Ack is the hub's answer for one record. Status is the HTTP status the
// record would have had alone: 200 ok, 409 conflict, 422 rejected, 503
// retry.
type Ack struct {
	ID       string    `json:"id"`
	Result   string    `json:"result"`
	Status   int       `json:"status"`
	Received time.Time `json:"received,omitzero"` // AckOK: the hub's receipt time
	Error    string    `json:"error,omitempty"`

	revoked bool // rejected: made after its kiosk was revoked
}

// ackStatus gives each result its HTTP status.
var ackStatus = map[string]int{AckOK: 200, AckConflict: 409, AckRejected: 422, AckRetry: 503}

// SubmitRequest is the body of POST /v1/submissions.
type SubmitRequest struct {
	Records []submission.SealedRecord `json:"records"`
}

// SubmitResponse answers it, one ack per record in order.
type SubmitResponse struct {
	Acks []Ack `json:"acks"`
}

// DeviceKeyRequest is the body of PUT /v1/device-key.
type DeviceKeyRequest struct {
	PublicKey string `json:"public_key"` // base64 Ed25519 (protocol.EncodePublicKey)
}

// ErrDeviceKey reports a device key other than the one the kiosk
// registered: the kiosk's key file was replaced. Staff must look.
var ErrDeviceKey = errors.New("another device key is registered for this kiosk")

// OpenSubmissions opens (creating if needed) the submissions database in
// h's data directory.
func OpenSubmissions(ctx context.Context, h *Hub, opt SubmissionOptions) (*Submissions, error) {
	if opt.SeatBlock <= 0 {
		opt.SeatBlock = 5
	}
	if opt.PageBurst <= 0 {
		opt.PageBurst = 10
	}
	if opt.PageEvery <= 0 {
		opt.PageEvery = 6 * time.Second
	}
	if opt.CodeTries <= 0 {
		opt.CodeTries = 5
	}
	if opt.CodeLock <= 0 {
		opt.CodeLock = 15 * time.Minute
	}
	w, r, err := openSubmissionDB(ctx, h.Dir)
	if err != nil {
		return nil, err
	}
	return &Submissions{hub: h, w: w, r: r, opt: opt, keys: map[string]ed25519.PublicKey{}, catAt: -1,
		pages: newRateLimiter(opt.PageBurst, opt.PageEvery), codes: newCodeLockout(opt.CodeTries, opt.CodeLock)}, nil
}

// Close closes the database.
func (s *Submissions) Close() error { return errors.Join(s.r.Close(), s.w.Close()) }

// RegisterDeviceKey records a kiosk's device key the first time; the same
// key again is fine, another one is ErrDeviceKey.
func (s *Submissions) RegisterDeviceKey(ctx context.Context, kioskID string, pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("device key: want %d bytes", ed25519.PublicKeySize)
	}
	if have, err := s.deviceKey(ctx, kioskID); err != nil {
		return err
	} else if have != nil {
		if !have.Equal(pub) {
			return ErrDeviceKey
		}
		return nil
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO device_keys (kiosk_id, public_key, registered) VALUES (?, ?, ?)
		ON CONFLICT (kiosk_id) DO NOTHING`, kioskID, []byte(pub), timeText(s.hub.Now()))
	if err != nil {
		return fmt.Errorf("register device key: %w", err)
	}
	if have, err := s.deviceKey(ctx, kioskID); err != nil {
		return err
	} else if !have.Equal(pub) {
		return ErrDeviceKey // lost a race with another key
	}
	s.hub.Log.Info("device key registered", "kiosk", kioskID)
	return nil
}

// DeviceKey returns the device key the hub holds for a kiosk, nil if
// none: the one sent at enrolment or, for a kiosk enrolled without one,
// the one registered with PUT /v1/device-key. `hub kiosks` shows it.
func (s *Submissions) DeviceKey(ctx context.Context, kioskID string) (ed25519.PublicKey, error) {
	return s.deviceKey(ctx, kioskID)
}

// deviceKey returns the registered key of a kiosk, nil if none.
func (s *Submissions) deviceKey(ctx context.Context, kioskID string) (ed25519.PublicKey, error) {
	s.keyMu.Lock()
	k, ok := s.keys[kioskID]
	s.keyMu.Unlock()
	if ok {
		return k, nil
	}
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT public_key FROM device_keys WHERE kiosk_id = ?`, kioskID).Scan(&b)
	if noRows(err) {
		// Not registered by PUT: the key sent at enrolment, if any.
		if !strings.HasPrefix(kioskID, "kiosk-") {
			return nil, nil
		}
		k, err := s.hub.Store.Kiosk(ctx, kioskID)
		if errors.Is(err, ErrNotFound) || (err == nil && k.DeviceKey == nil) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("device key: %w", err)
		}
		b = k.DeviceKey
	} else if err != nil {
		return nil, fmt.Errorf("device key: %w", err)
	}
	s.keyMu.Lock()
	s.keys[kioskID] = b
	s.keyMu.Unlock()
	return b, nil
}

// candidate is a record that passed the checks that need no transaction.
type candidate struct {
	i      int
	rec    *submission.SealedRecord
	digest []byte
}

// Receive stores a batch of sealed records from kiosk from (nil for a USB
// import, where each record's own kiosk is trusted only through its
// signature) and returns one ack per record, in order. New records are
// committed in one durable transaction before Receive returns; an error
// means nothing of the batch may be acknowledged.
func (s *Submissions) Receive(ctx context.Context, from *Kiosk, recs []submission.SealedRecord, via string) ([]Ack, error) {
	acks := make([]Ack, len(recs))
	var cands []candidate
	for i := range recs {
		r := &recs[i]
		acks[i].ID = r.ID
		res, msg, err := s.check(ctx, from, r)
		if err != nil {
			return nil, err
		}
		if res == resultRevoked {
			res, acks[i].revoked = AckRejected, true
		}
		if res != "" {
			acks[i].Result, acks[i].Error = res, msg
			continue
		}
		sum := sha256.Sum256(r.SigningBytes())
		cands = append(cands, candidate{i: i, rec: r, digest: sum[:]})
	}
	if len(cands) == 0 {
		for i := range acks {
			acks[i].Status = ackStatus[acks[i].Result]
		}
		return acks, nil
	}
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, err
	}
	now := s.hub.Now().UTC()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, c := range cands {
			a, err := s.store(ctx, tx, c, via, now)
			if err != nil {
				return fmt.Errorf("store %s: %w", c.rec.ID, err)
			}
			acks[c.i] = a
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range acks {
		acks[i].Status = ackStatus[acks[i].Result]
	}
	return acks, nil
}

// check is what can be decided about a record alone: its shape, its
// kiosk and its signature. It returns an ack result and message for a
// record that goes no further, "" for one to store.
func (s *Submissions) check(ctx context.Context, from *Kiosk, r *submission.SealedRecord) (result, msg string, err error) {
	switch {
	case r.ID == "" || len(r.ID) > 64:
		return AckRejected, "record without a valid id", nil
	case len(r.Sealed) == 0 || len(r.Sig) != ed25519.SignatureSize:
		return AckRejected, "record without sealed content or signature", nil
	case r.Received.IsZero():
		return AckRejected, "record without a receipt time", nil
	}
	pub, err := s.deviceKey(ctx, r.KioskID)
	if err != nil {
		return "", "", err
	}
	if from != nil && r.KioskID != from.ID {
		// A re-enrolled kiosk keeps its device key: it may still send what
		// it queued under its old id, and nothing else.
		own, err := s.deviceKey(ctx, from.ID)
		if err != nil {
			return "", "", err
		}
		if pub == nil || own == nil || !own.Equal(pub) {
			return AckRejected, "record of another kiosk (" + r.KioskID + ")", nil
		}
	}
	if pub == nil {
		return AckRetry, "the device key of " + r.KioskID + " is not registered at the hub yet", nil
	}
	if err := r.Verify(pub); err != nil {
		return AckRejected, "signature does not verify with the kiosk's device key", nil
	}
	k, err := s.hub.Store.Kiosk(ctx, r.KioskID)
	if errors.Is(err, ErrNotFound) {
		return AckRejected, "unknown kiosk " + r.KioskID, nil
	} else if err != nil {
		return "", "", err
	}
	if !k.Revoked.IsZero() && r.Received.After(k.Revoked) {
		return resultRevoked, fmt.Sprintf("终端 %d（%s）已于 %s 停用，这条记录是停用之后（%s）生成的，不予接收；如确为本机关受理的材料，请核实后重新办理",
			k.No, k.ID, beijingSeconds(k.Revoked), beijingSeconds(r.Received)), nil
	}
	if msg := shapeOf(r, k.No); msg != "" {
		return AckRejected, msg, nil
	}
	return "", "", nil
}

// resultRevoked is check's result for a record its kiosk signed after the
// hub revoked it: answered as AckRejected, counted apart by Import. A
// revoked kiosk may have been stolen or tampered with; what it made
// before the revocation is still the agency's to handle.
const resultRevoked = "revoked"

// beijingSeconds formats t for staff in the agency's time zone.
func beijingSeconds(t time.Time) string {
	return t.In(calendar.Beijing).Format("2006-01-02 15:04:05")
}

// shapeOf checks a verified record's readable fields for what the hub
// relies on: tracking numbers of the issuing kiosk, a sign-up's event and
// seats, a cancel's reference.
func shapeOf(r *submission.SealedRecord, kioskNo int) string {
	switch r.Kind {
	case submission.KindApplication, submission.KindFeedback, submission.KindSignup:
		n, err := tracking.Parse(r.Tracking)
		if err != nil || n.String() != r.Tracking {
			return "malformed tracking number"
		}
		if n.Kiosk != kioskNo {
			return "tracking number of kiosk " + strconv.Itoa(n.Kiosk) + ", not " + strconv.Itoa(kioskNo)
		}
		if r.Kind == submission.KindSignup && (r.EventID == "" || r.Attendees < 1 ||
			(r.SeatState != submission.SeatConfirmed && r.SeatState != submission.SeatWaitlist)) {
			return "sign-up without event, attendees or seat state"
		}
	case submission.KindCancel:
		n, err := tracking.Parse(r.Ref)
		if r.Tracking != "" || err != nil || n.String() != r.Ref {
			return "cancel without a valid reference"
		}
	default:
		return "unknown kind " + strconv.Quote(r.Kind)
	}
	return ""
}

// store writes one checked record inside the batch's transaction, or
// answers from what is stored: the same id with the same content gets the
// original acknowledgement, with other content a conflict.
func (s *Submissions) store(ctx context.Context, tx *sql.Tx, c candidate, via string, now time.Time) (Ack, error) {
	r := c.rec
	var digest []byte
	var hubReceived string
	err := tx.QueryRowContext(ctx, `SELECT digest, hub_received FROM records WHERE id = ?`, r.ID).Scan(&digest, &hubReceived)
	switch {
	case err == nil:
		if !bytes.Equal(digest, c.digest) {
			return Ack{ID: r.ID, Result: AckConflict, Error: "the hub holds a different submission with this id"}, nil
		}
		t, _ := time.Parse(time.RFC3339Nano, hubReceived)
		return Ack{ID: r.ID, Result: AckOK, Received: t}, nil
	case !noRows(err):
		return Ack{}, err
	}
	var trk any
	if r.Tracking != "" {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT id FROM records WHERE tracking = ?`, r.Tracking).Scan(&other)
		if err == nil {
			return Ack{ID: r.ID, Result: AckConflict, Error: "tracking number " + r.Tracking + " belongs to submission " + other}, nil
		} else if !noRows(err) {
			return Ack{}, err
		}
		trk = r.Tracking
	}
	deadline := ""
	if !r.Deadline.IsZero() {
		deadline = r.Deadline.String()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO records (id, digest, kind, kiosk_id, tracking, verify_hash,
		received_ms, received, hub_received, deadline, provisional, event_id, attendees, seat_state, ref, sealed, sig, via)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, c.digest, r.Kind, r.KioskID, trk, r.VerifyHash, r.Received.UnixMilli(), r.Received.UTC().Format(time.RFC3339Nano),
		now.Format(time.RFC3339Nano), deadline, r.Provisional, r.EventID, r.Attendees, r.SeatState, r.Ref, r.Sealed, r.Sig, via); err != nil {
		return Ack{}, err
	}
	switch r.Kind {
	case submission.KindSignup:
		if err := s.admitSignup(ctx, tx, r, now); err != nil {
			return Ack{}, err
		}
	case submission.KindCancel:
		if err := s.applyCancel(ctx, tx, r, now); err != nil {
			return Ack{}, err
		}
	}
	return Ack{ID: r.ID, Result: AckOK, Received: now}, nil
}

// refreshCatalogue reloads the events and the calendar when the hub's
// catalogue changed since they were read.
func (s *Submissions) refreshCatalogue(ctx context.Context) error {
	head, err := s.hub.Store.Head(ctx)
	if err != nil {
		return err
	}
	s.catMu.Lock()
	defer s.catMu.Unlock()
	if head == s.catAt {
		return nil
	}
	objs, err := s.hub.Store.Objects(ctx)
	if err != nil {
		return err
	}
	events := map[string]domain.Event{}
	var years []domain.CalendarYear
	for _, o := range objs {
		switch o.Kind {
		case domain.KindEvent:
			var e domain.Event
			if json.Unmarshal(o.Data, &e) == nil {
				events[e.ID] = e
			}
		case domain.KindCalendar:
			var y domain.CalendarYear
			if json.Unmarshal(o.Data, &y) == nil {
				years = append(years, y)
			}
		}
	}
	s.events, s.cal, s.catAt = events, calendar.New(years), head
	return nil
}

// event returns a catalogue event as last loaded.
func (s *Submissions) event(id string) (domain.Event, bool) {
	s.catMu.Lock()
	defer s.catMu.Unlock()
	e, ok := s.events[id]
	return e, ok
}

// openEvents returns the events still open for sign-up at now with seats.
func (s *Submissions) openEvents(now time.Time) []domain.Event {
	s.catMu.Lock()
	defer s.catMu.Unlock()
	var out []domain.Event
	for _, e := range s.events {
		if e.Capacity > 0 && now.Before(e.Start) {
			out = append(out, e)
		}
	}
	return out
}

// Calendar returns the hub's working-day calendar (from its catalogue).
func (s *Submissions) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, err
	}
	s.catMu.Lock()
	defer s.catMu.Unlock()
	return s.cal, nil
}
