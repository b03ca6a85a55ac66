package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
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
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
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
// The requests, answers and ack results are package sync/protocol's
// (protocol.SubmitRequest, protocol.Ack, protocol.Feed). PUT /v1/device-key
// serves kiosks that sent no key at enrolment (the same key again is
// harmless). GET /s/{tracking}?c=CODE is the public status page (HTML, for
// phones; no protocol header needed). A Feed is signed like a catalogue
// page: Gongkai-Signature is the base64 Ed25519 signature of the exact
// body bytes.
//
// Submissions holds the rules; what it reads and writes goes through its
// SubmissionStore (no SQL here, and no HTTP but in submission_http.go and
// statuspage.go), so the kiosk API, `hub` commands and the console share
// the same rules over any store.
type Submissions struct {
	hub   *Hub
	store SubmissionStore
	opt   SubmissionOptions

	keyMu sync.Mutex
	keys  map[string]ed25519.PublicKey // device keys by kiosk id (they never change)

	catMu  sync.Mutex
	catAt  int64 // catalogue head the cache was built at (-1: none)
	events map[string]domain.Event
	cal    *calendar.Calendar
}

// SubmissionOptions adjust Submissions. Zero values give the defaults.
type SubmissionOptions struct {
	// SeatBlock is how many seats of an event a kiosk may confirm on its
	// own before it next syncs; 5.
	SeatBlock int
	// PageBurst and PageEvery limit the status page per client address:
	// PageBurst look-ups at once, then one per PageEvery; 10 and 6 s. The
	// counts are the hub's Limits, shared by every hub process.
	PageBurst int
	PageEvery time.Duration
	// CodeTries wrong verification codes in a row for one tracking number
	// lock its status page for CodeLock, by the hub's clock; 5 and 15
	// minutes (a lull longer than CodeLock starts the count afresh).
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

// ErrDeviceKey reports a device key other than the one the kiosk
// registered: the kiosk's key file was replaced. Staff must look.
var ErrDeviceKey = errors.New("another device key is registered for this kiosk")

// OpenSubmissions opens (creating if needed) the submissions store of h:
// in its PostgreSQL database, or the SQLite file in its data directory
// (OpenSubmissionStore).
func OpenSubmissions(ctx context.Context, h *Hub, opt SubmissionOptions) (*Submissions, error) {
	st, err := OpenSubmissionStore(ctx, h.Dir, h.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return NewSubmissions(h, st, opt), nil
}

// withDefaults returns opt with its zero values defaulted.
func (opt SubmissionOptions) withDefaults() SubmissionOptions {
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
	return opt
}

// NewSubmissions returns the submission rules of hub h over store st,
// which Close closes; opt's zero values get their defaults.
func NewSubmissions(h *Hub, st SubmissionStore, opt SubmissionOptions) *Submissions {
	opt = opt.withDefaults()
	return &Submissions{hub: h, store: st, opt: opt, keys: map[string]ed25519.PublicKey{}, catAt: -1}
}

// Close closes the store.
func (s *Submissions) Close() error { return s.store.Close() }

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
	if err := s.store.AddDeviceKey(ctx, kioskID, pub, s.hub.Now()); err != nil {
		return err
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
	b, err := s.store.DeviceKey(ctx, kioskID)
	if err != nil {
		return nil, err
	}
	if b == nil {
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
	}
	s.keyMu.Lock()
	s.keys[kioskID] = b
	s.keyMu.Unlock()
	return b, nil
}

// candidate is a record that passed the checks that need no transaction.
type candidate struct {
	i      int
	rec    *protocol.SealedRecord
	digest []byte
}

// Receive stores a batch of sealed records from kiosk from (nil for a USB
// import, where each record's own kiosk is trusted only through its
// signature) and returns one ack per record, in order. New records are
// committed in one durable transaction before Receive returns; an error
// means nothing of the batch may be acknowledged.
func (s *Submissions) Receive(ctx context.Context, from *Kiosk, recs []protocol.SealedRecord, via string) ([]protocol.Ack, error) {
	acks, _, err := s.receive(ctx, from, recs, via)
	return acks, err
}

// received says more of a record's ack than the kiosk is told.
type received int

const (
	receivedOther   received = iota // answered from what is stored, or not taken
	receivedNew                     // stored now
	receivedRevoked                 // rejected: made after its kiosk was revoked
)

// receive is Receive that also says, for Import, which records were
// stored now and which were rejected because their kiosk had been revoked
// when it made them.
func (s *Submissions) receive(ctx context.Context, from *Kiosk, recs []protocol.SealedRecord, via string) (acks []protocol.Ack, how []received, err error) {
	acks = make([]protocol.Ack, len(recs))
	how = make([]received, len(recs))
	var cands []candidate
	for i := range recs {
		r := &recs[i]
		acks[i].ID = r.ID
		res, msg, err := s.check(ctx, from, r)
		if err != nil {
			return nil, nil, err
		}
		if res == resultRevoked {
			res, how[i] = protocol.AckRejected, receivedRevoked
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
			acks[i].Status = protocol.AckStatus[acks[i].Result]
		}
		return acks, how, nil
	}
	if err := s.refreshCatalogue(ctx); err != nil {
		return nil, nil, err
	}
	now := s.hub.Now().UTC()
	err = s.store.Update(ctx, func(tx SubmissionTx) error {
		for _, c := range cands {
			a, added, err := s.keep(ctx, tx, c, via, now)
			if err != nil {
				return fmt.Errorf("store %s: %w", c.rec.ID, err)
			}
			acks[c.i], how[c.i] = a, receivedOther // a store may run fn again
			if added {
				how[c.i] = receivedNew
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for i := range acks {
		acks[i].Status = protocol.AckStatus[acks[i].Result]
	}
	return acks, how, nil
}

// check is what can be decided about a record alone: its shape, its
// kiosk and its signature. It returns an ack result and message for a
// record that goes no further, "" for one to store.
func (s *Submissions) check(ctx context.Context, from *Kiosk, r *protocol.SealedRecord) (result, msg string, err error) {
	switch {
	case r.ID == "" || len(r.ID) > 64:
		return protocol.AckRejected, "record without a valid id", nil
	case len(r.Sealed) == 0 || len(r.Sig) != ed25519.SignatureSize:
		return protocol.AckRejected, "record without sealed content or signature", nil
	case r.Received.IsZero():
		return protocol.AckRejected, "record without a receipt time", nil
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
			return protocol.AckRejected, "record of another kiosk (" + r.KioskID + ")", nil
		}
	}
	if pub == nil {
		return protocol.AckRetry, "the device key of " + r.KioskID + " is not registered at the hub yet", nil
	}
	if err := r.Verify(pub); err != nil {
		return protocol.AckRejected, "signature does not verify with the kiosk's device key", nil
	}
	k, err := s.hub.Store.Kiosk(ctx, r.KioskID)
	if errors.Is(err, ErrNotFound) {
		return protocol.AckRejected, "unknown kiosk " + r.KioskID, nil
	} else if err != nil {
		return "", "", err
	}
	if !k.Revoked.IsZero() && r.Received.After(k.Revoked) {
		return resultRevoked, fmt.Sprintf("终端 %d（%s）已于 %s 停用，这条记录是停用之后（%s）生成的，不予接收；如确为本机关受理的材料，请核实后重新办理",
			k.No, k.ID, beijingSeconds(k.Revoked), beijingSeconds(r.Received)), nil
	}
	if msg := shapeOf(r, k.No); msg != "" {
		return protocol.AckRejected, msg, nil
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
func shapeOf(r *protocol.SealedRecord, kioskNo int) string {
	switch r.Kind {
	case protocol.KindApplication, protocol.KindFeedback, protocol.KindSignup:
		n, err := tracking.Parse(r.Tracking)
		if err != nil || n.String() != r.Tracking {
			return "malformed tracking number"
		}
		if n.Kiosk != kioskNo {
			return "tracking number of kiosk " + strconv.Itoa(n.Kiosk) + ", not " + strconv.Itoa(kioskNo)
		}
		if r.Kind == protocol.KindSignup && (r.EventID == "" || r.Attendees < 1 ||
			(r.SeatState != protocol.SeatConfirmed && r.SeatState != protocol.SeatWaitlist)) {
			return "sign-up without event, attendees or seat state"
		}
	case protocol.KindCancel:
		n, err := tracking.Parse(r.Ref)
		if r.Tracking != "" || err != nil || n.String() != r.Ref {
			return "cancel without a valid reference"
		}
	default:
		return "unknown kind " + strconv.Quote(r.Kind)
	}
	return ""
}

// keep writes one checked record inside the batch's transaction, or
// answers from what is stored: the same id with the same content gets the
// original acknowledgement, with other content a conflict. added says the
// record is new.
func (s *Submissions) keep(ctx context.Context, tx SubmissionTx, c candidate, via string, now time.Time) (a protocol.Ack, added bool, err error) {
	r := c.rec
	digest, hubReceived, found, err := tx.Record(ctx, r.ID)
	switch {
	case err != nil:
		return protocol.Ack{}, false, err
	case found && !bytes.Equal(digest, c.digest):
		return protocol.Ack{ID: r.ID, Result: protocol.AckConflict, Error: "the hub holds a different submission with this id"}, false, nil
	case found:
		return protocol.Ack{ID: r.ID, Result: protocol.AckOK, Received: hubReceived}, false, nil
	}
	if r.Tracking != "" {
		other, _, taken, err := tx.RecordByTracking(ctx, r.Tracking)
		if err != nil {
			return protocol.Ack{}, false, err
		}
		if taken {
			return protocol.Ack{ID: r.ID, Result: protocol.AckConflict, Error: "tracking number " + r.Tracking + " belongs to submission " + other}, false, nil
		}
	}
	if err := tx.AddRecord(ctx, StoredRecord{SealedRecord: *r, Digest: c.digest, HubReceived: now, Via: via}); err != nil {
		return protocol.Ack{}, false, err
	}
	switch r.Kind {
	case protocol.KindSignup:
		if err := s.admitSignup(ctx, tx, r, now); err != nil {
			return protocol.Ack{}, false, err
		}
	case protocol.KindCancel:
		if err := s.applyCancel(ctx, tx, r, now); err != nil {
			return protocol.Ack{}, false, err
		}
	}
	return protocol.Ack{ID: r.ID, Result: protocol.AckOK, Received: now}, true, nil
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
