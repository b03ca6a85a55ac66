package hub

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/calendar/calendartest"
	"gongkai/internal/domain"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/sync/protocol"
)

// subsKiosk is an enrolled kiosk with a registered device key that makes
// sealed records the way internal/submission does.
type subsKiosk struct {
	t   testing.TB
	k   *Kiosk
	key ed25519.PrivateKey
	rcp string
	seq int
}

// newSubs is a hub on st's stores with a calendar and an event "ev" of 2
// seats, and its Submissions, with blocks of 2 seats.
func newSubs(t testing.TB, st storeMaker) (*Hub, *clock, *Submissions) {
	t.Helper()
	h, clk := st.init(t)
	clk.t = time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)
	years := []domain.Object{
		obj(t, domain.KindCalendar, "2025", calendartest.Year(t, 2025)),
		obj(t, domain.KindEvent, "ev", domain.Event{ID: "ev", Title: "开放日", Start: time.Date(2025, 12, 1, 9, 0, 0, 0, calendar.Beijing), Capacity: 2, MaxAttendees: 2}),
	}
	if _, err := h.ImportCatalogue(context.Background(), &Catalogue{Objects: years}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSubmissions(context.Background(), h, SubmissionOptions{SeatBlock: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return h, clk, s
}

// enrolKiosk enrols a kiosk at h and registers a device key for it.
func enrolKiosk(t testing.TB, h *Hub, s *Submissions) *subsKiosk {
	t.Helper()
	sk := enrolled(t, h)
	if err := s.RegisterDeviceKey(context.Background(), sk.k.ID, sk.key.Public().(ed25519.PublicKey)); err != nil {
		t.Fatal(err)
	}
	return sk
}

// subsWithKiosk is newSubs with one kiosk enrolled by enrolKiosk.
func subsWithKiosk(t testing.TB, st storeMaker) (*clock, *Submissions, *subsKiosk) {
	t.Helper()
	h, clk, s := newSubs(t, st)
	return clk, s, enrolKiosk(t, h, s)
}

// enrolled enrols a kiosk at h with a device key it has not registered.
func enrolled(t testing.TB, h *Hub) *subsKiosk {
	t.Helper()
	ctx := context.Background()
	code, _, err := h.NewEnrollCode(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	er, err := h.Enroll(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	k, err := h.Store.Kiosk(ctx, er.KioskID)
	if err != nil {
		t.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	return &subsKiosk{t: t, k: k, key: key, rcp: er.AgeRecipient}
}

// secondProcess opens h's data directory again, as a second hub process
// does, and its Submissions.
func secondProcess(t testing.TB, h *Hub, now func() time.Time, opt SubmissionOptions) *Submissions {
	t.Helper()
	ctx := context.Background()
	h2, err := Open(ctx, h.Dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h2.Close() })
	s, err := OpenSubmissions(ctx, h2, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// record makes a signed, sealed record of kind at time at.
func (sk *subsKiosk) record(kind string, at time.Time) protocol.SealedRecord {
	sk.t.Helper()
	sk.seq++
	r := protocol.SealedRecord{ID: fmt.Sprintf("%s-%d", sk.k.ID, sk.seq), Kind: kind, KioskID: sk.k.ID, Received: at}
	if kind != protocol.KindCancel {
		r.Tracking, _ = tracking.New(sk.k.No, calendar.Today(at), sk.seq)
		r.VerifyHash = tracking.HashVerificationCode(r.Tracking, "ABCDEF")
	}
	if kind == protocol.KindApplication {
		r.Deadline = calendar.MustParse("2025-10-30")
	}
	if kind == protocol.KindSignup {
		r.EventID, r.Attendees, r.SeatState = "ev", 1, protocol.SeatWaitlist
	}
	sk.seal(&r, `{"kind":"`+kind+`"}`)
	return r
}

func (sk *subsKiosk) seal(r *protocol.SealedRecord, payload string) {
	sub := protocol.Submission{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Tracking: r.Tracking, VerifyHash: r.VerifyHash,
		Received: r.Received, Deadline: r.Deadline, EventID: r.EventID, Attendees: r.Attendees, SeatState: r.SeatState,
		Ref: r.Ref, Payload: []byte(payload)}
	plain, err := json.Marshal(sub)
	if err != nil {
		sk.t.Fatal(err)
	}
	if r.Sealed, err = submission.Seal(sk.rcp, []byte(plain)); err != nil {
		sk.t.Fatal(err)
	}
	r.Sign(sk.key)
}

func TestReceiveChecksEachRecord(t *testing.T) { eachStore(t, testReceiveChecksEachRecord) }

func testReceiveChecksEachRecord(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, clk, s := newSubs(t, st)
	a, b := enrolKiosk(t, h, s), enrolKiosk(t, h, s)
	now := clk.Now()
	orig := a.record(protocol.KindApplication, now)
	if acks, err := s.Receive(ctx, a.k, []protocol.SealedRecord{orig}, ViaNetwork); err != nil || acks[0].Result != protocol.AckOK {
		t.Fatalf("first receipt: %+v %v", acks, err)
	}
	firstAt := clk.Now()
	clk.Add(time.Hour)

	changed := orig
	a.seal(&changed, `{"other":true}`)
	sameNumber := a.record(protocol.KindFeedback, now)
	sameNumber.Tracking = orig.Tracking
	a.seal(&sameNumber, `{}`)
	badSig := a.record(protocol.KindFeedback, now)
	badSig.Attendees = 3
	otherKiosk := b.record(protocol.KindFeedback, now)
	wrongNo := a.record(protocol.KindFeedback, now)
	wrongNo.Tracking, _ = tracking.New(b.k.No, calendar.Today(now), 99)
	a.seal(&wrongNo, `{}`)
	unknownKind := a.record(protocol.KindFeedback, now)
	unknownKind.Kind = "poll"
	a.seal(&unknownKind, `{}`)
	noKey := &subsKiosk{t: t, k: b.k, key: a.key, rcp: a.rcp, seq: 50}
	noKey.k = &Kiosk{ID: "kiosk-unregistered", No: 77}

	tests := []struct {
		name   string
		from   *Kiosk
		rec    protocol.SealedRecord
		result string
	}{
		{"same id, same content", a.k, orig, protocol.AckOK},
		{"same id, other content", a.k, changed, protocol.AckConflict},
		{"number of another submission", a.k, sameNumber, protocol.AckConflict},
		{"bad signature", a.k, badSig, protocol.AckRejected},
		{"another kiosk's record", a.k, otherKiosk, protocol.AckRejected},
		{"number of another kiosk", a.k, wrongNo, protocol.AckRejected},
		{"unknown kind", a.k, unknownKind, protocol.AckRejected},
		{"device key not registered", noKey.k, noKey.record(protocol.KindFeedback, now), protocol.AckRetry},
		{"USB import, any kiosk", nil, b.record(protocol.KindFeedback, now), protocol.AckOK},
	}
	for _, tt := range tests {
		acks, err := s.Receive(ctx, tt.from, []protocol.SealedRecord{tt.rec}, ViaNetwork)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if acks[0].Result != tt.result {
			t.Errorf("%s: %s (%s), want %s", tt.name, acks[0].Result, acks[0].Error, tt.result)
		}
		if tt.result == protocol.AckConflict && acks[0].Status != 409 {
			t.Errorf("%s: status %d, want 409", tt.name, acks[0].Status)
		}
		if tt.name == "same id, same content" && !acks[0].Received.Equal(firstAt.UTC()) {
			t.Errorf("resend acknowledged at %v, want the original %v", acks[0].Received, firstAt)
		}
	}
	if n, _ := s.Count(ctx); n != 2 {
		t.Errorf("hub holds %d records, want 2", n)
	}
}

func TestDeviceKeyRegisteredOnce(t *testing.T) { eachStore(t, testDeviceKeyRegisteredOnce) }

func testDeviceKeyRegisteredOnce(t *testing.T, st storeMaker) {
	ctx := context.Background()
	_, s, a := subsWithKiosk(t, st)
	if err := s.RegisterDeviceKey(ctx, a.k.ID, a.key.Public().(ed25519.PublicKey)); err != nil {
		t.Errorf("the same key again: %v", err)
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if err := s.RegisterDeviceKey(ctx, a.k.ID, other); !errors.Is(err, ErrDeviceKey) {
		t.Errorf("another key: %v, want ErrDeviceKey", err)
	}
}

// TestApplicationStatuses walks an application through the statuses,
// with the deadlines of the worked examples in docs/ogi-rules.md.
func TestApplicationStatuses(t *testing.T) { eachStore(t, testApplicationStatuses) }

func testApplicationStatuses(t *testing.T, st storeMaker) {
	ctx := context.Background()
	clk, s, a := subsWithKiosk(t, st)
	app := a.record(protocol.KindApplication, clk.Now())
	fb := a.record(protocol.KindFeedback, clk.Now())
	if _, err := s.Receive(ctx, a.k, []protocol.SealedRecord{app, fb}, ViaNetwork); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		trk      string
		change   StatusChange
		deadline string // "" keeps; "-" means the change must fail
		wantErr  string
	}{
		{app.Tracking, StatusChange{State: protocol.StatusAnswered}, "-", "--outcome"},
		{app.Tracking, StatusChange{State: protocol.StatusAccepted, Outcome: "1"}, "-", "--outcome"},
		{app.Tracking, StatusChange{State: "已通过"}, "-", "可用的状态"},
		{app.Tracking, StatusChange{State: protocol.StatusConfirmed}, "-", "可用的状态"},
		{app.Tracking, StatusChange{State: protocol.StatusAccepted}, "2025-10-30", ""},
		{app.Tracking, StatusChange{State: protocol.StatusExtended, WorkingDays: 21}, "-", "最多 20"},
		// 补正 received on 2025-09-26: 20 working days from the next day.
		{app.Tracking, StatusChange{State: protocol.StatusCorrection, From: calendar.MustParse("2025-09-26")}, "2025-10-30", ""},
		{app.Tracking, StatusChange{State: protocol.StatusCorrection, From: calendar.MustParse("2025-09-01")}, "-", "早于"},
		// Extended once by 20: +40 from receipt, 2025-11-27.
		{app.Tracking, StatusChange{State: protocol.StatusExtended}, "2025-11-27", ""},
		{app.Tracking, StatusChange{State: protocol.StatusExtended, WorkingDays: 5}, "-", "只允许延长一次"},
		{app.Tracking, StatusChange{State: protocol.StatusAnswered, Outcome: "9"}, "-", "未知的办理结果代码"},
		{app.Tracking, StatusChange{State: protocol.StatusAnswered, Outcome: "3.4"}, "2025-11-27", ""},
		{app.Tracking, StatusChange{State: protocol.StatusClosed}, "2025-11-27", ""},
		{fb.Tracking, StatusChange{State: protocol.StatusCorrection}, "-", "可用的状态"},
		{fb.Tracking, StatusChange{State: protocol.StatusAnswered}, "", ""},
		{"0001-250926-0099-0", StatusChange{State: protocol.StatusAccepted}, "-", "受理编号"},
	}
	for i, st := range steps {
		got, err := s.SetStatus(ctx, st.trk, st.change)
		if st.deadline == "-" {
			if err == nil || !strings.Contains(domain.ErrorMessage(err), st.wantErr) {
				t.Errorf("step %d %s: error %v, want one saying %q", i, st.change.State, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d %s: %v", i, st.change.State, err)
		}
		if st.deadline != "" {
			if d, _ := s.deadlineOf(ctx, st.trk); d != st.deadline {
				t.Errorf("step %d %s: deadline %s, want %s", i, st.change.State, d, st.deadline)
			}
		}
		if got.State != st.change.State {
			t.Errorf("step %d: state %s", i, got.State)
		}
	}
	// Every change reached the kiosk's feed, in order.
	f, err := s.Exchange(ctx, a.k, protocol.FeedRequest{}, true)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, it := range f.Items {
		states = append(states, it.State)
	}
	if got, want := strings.Join(states, " "), "已受理 需补正 已延期 已答复 已办结 已答复"; got != want {
		t.Errorf("feed %q, want %q", got, want)
	}
}

// deadlineOf returns the deadline in force for a tracking number.
func (s *Submissions) deadlineOf(ctx context.Context, trk string) (string, error) {
	t, err := s.tracked(ctx, trk)
	if err != nil {
		return "", err
	}
	d, _ := s.deadline(t)
	return d.String(), nil
}

// tracked reads what the store holds for a tracking number.
func (s *Submissions) tracked(ctx context.Context, trk string) (TrackedRecord, error) {
	var t TrackedRecord
	err := s.store.View(ctx, func(tx SubmissionTx) error {
		var err error
		t, _, err = tx.Tracked(ctx, trk)
		return err
	})
	return t, err
}
