package submission_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"gongkai/internal/calendar"
	"gongkai/internal/calendar/calendartest"
	"gongkai/internal/domain"
	"gongkai/internal/must"
	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/internal/submission/submissiontest"
	"gongkai/internal/tracking"
	"gongkai/internal/validate"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// testStore is the real store's database with a calendar and catalogue
// chosen by the test (store_test.go runs on the real store throughout).
type testStore struct {
	db    *sql.DB
	years []domain.CalendarYear
	cat   submission.Catalogue
}

func (s *testStore) DB() *sql.DB { return s.db }
func (s *testStore) CalendarYears(context.Context) ([]domain.CalendarYear, error) {
	return s.years, nil
}
func (s *testStore) Consultations(context.Context) ([]domain.Consultation, error) {
	return s.cat.Consultations, nil
}
func (s *testStore) Events(context.Context) ([]domain.Event, error) { return s.cat.Events, nil }

type fixture struct {
	svc      *submission.Service
	ob       *outbox.Outbox
	identity *age.X25519Identity
	pub      ed25519.PublicKey
	dir      string
	clock    *time.Time
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "kiosk.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	clock := now
	f := &fixture{dir: dir, clock: &clock}
	k := submissiontest.New(tb, &testStore{db: st.DB(), years: []domain.CalendarYear{calendartest.Year(tb, 2025)}, cat: catalogue},
		12, func() time.Time { return *f.clock })
	f.svc, f.ob, f.identity, f.pub = k.Service, k.Outbox, k.Hub, k.Device
	return f
}

func TestSubmitApplication(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := citizen(t)
	res, err := f.svc.Submit(ctx, a)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	// Received 2025-09-26: 20 working days from the next day (docs/ogi-rules.md).
	if res.Deadline.String() != "2025-10-30" || res.Provisional {
		t.Errorf("deadline %s provisional %v, want 2025-10-30 not provisional", res.Deadline, res.Provisional)
	}
	n, err := tracking.Parse(res.Tracking)
	if err != nil || n.Kiosk != 12 || n.Day.String() != "2025-09-26" || n.Seq != 1 {
		t.Errorf("tracking %s = %+v, %v", res.Tracking, n, err)
	}
	if tracking.CheckCode(res.VerificationCode) != nil || len(res.ID) != 36 || !res.Received.Equal(now) {
		t.Errorf("result %+v", res)
	}

	recs := must.Call(t, f.ob.Queued)
	if len(recs) != 1 {
		t.Fatalf("%d queued", len(recs))
	}
	rec := recs[0]
	if err := rec.Verify(f.pub); err != nil {
		t.Fatalf("stored record does not verify: %v", err)
	}
	if !tracking.VerifyCode(res.Tracking, res.VerificationCode, rec.VerifyHash) {
		t.Error("stored hash does not match the verification code")
	}
	sub, err := submission.Open(&rec, f.identity)
	if err != nil {
		t.Fatalf("hub cannot open: %v", err)
	}
	p, err := submission.Contents(sub)
	if err != nil {
		t.Fatal(err)
	}
	got := p.(*submission.Application)
	if got.Name != "张三" || got.IDNumber != "11010519491231002X" || !bytes.Equal(got.Signature, a.Signature) ||
		sub.Tracking != res.Tracking || sub.Deadline != res.Deadline || sub.KioskID != "kiosk-12" {
		t.Errorf("opened submission = %+v / %+v", sub, got)
	}

	// The status look-up works with the receipt's numbers.
	st, err := f.ob.Lookup(ctx, res.Tracking, strings.ToLower(res.VerificationCode))
	if err != nil || st.Deadline != res.Deadline || st.Kind != "application" {
		t.Errorf("Lookup = %+v, %v", st, err)
	}

	// A second submission the same day gets the next number.
	res2, err := f.svc.Submit(ctx, org(t))
	if err != nil {
		t.Fatal(err)
	}
	if n2, _ := tracking.Parse(res2.Tracking); n2.Seq != 2 || res2.ID == res.ID || res2.VerificationCode == res.VerificationCode {
		t.Errorf("second result %+v", res2)
	}
}

// TestNoPlaintextOnDisk checks the database files for what the visitor
// typed: nothing personal may be readable on the kiosk.
func TestNoPlaintextOnDisk(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := citizen(t)
	a.Address = "阳谷县狮子楼街道幸福路88号"
	a.InfoName = "某某不寻常的信息名称"
	res, err := f.svc.Submit(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	var disk []byte
	files, _ := filepath.Glob(filepath.Join(f.dir, "*"))
	for _, p := range files {
		b, _ := os.ReadFile(p)
		disk = append(disk, b...)
	}
	if len(disk) == 0 {
		t.Fatal("no database files")
	}
	for _, secret := range []string{"张三", "11010519491231002X", "13800138000", "幸福路88号", "某某不寻常", res.VerificationCode} {
		if bytes.Contains(disk, []byte(secret)) {
			t.Errorf("%q is readable in the kiosk's database files", secret)
		}
	}
	if !bytes.Contains(disk, []byte(res.Tracking)) {
		t.Error("the tracking number is not on disk (the test reads the wrong files)")
	}
}

func TestSubmitRefusesAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	bad := citizen(t)
	bad.IDNumber = "110105194912310021"
	_, err := f.svc.Submit(ctx, bad)
	var fe validate.FieldErrors
	if !errors.As(err, &fe) || fe["id_number"] == nil || !submission.IsValidation(err) {
		t.Fatalf("Submit(bad) = %v, want field errors", err)
	}
	if got := domain.ErrorMessage(err); !strings.Contains(got, "校验位") {
		t.Errorf("message %q", got)
	}

	f.svc.Recipient = ""
	_, err = f.svc.Submit(ctx, citizen(t))
	if got := domain.ErrorMessage(err); got != "本机尚未接入信息公开中心，暂不能受理提交，请联系工作人员" {
		t.Errorf("not enrolled: %q", got)
	}
	if len(must.Call(t, f.ob.Queued)) != 0 {
		t.Error("a refused submission was queued")
	}
	// A good submission afterwards still starts at sequence 1.
	f.svc.Recipient = f.identity.Recipient().String()
	res, err := f.svc.Submit(ctx, citizen(t))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := tracking.Parse(res.Tracking); n.Seq != 1 {
		t.Errorf("sequence %d after refusals, want 1", n.Seq)
	}
}

func TestDeadlineDayAndProvisional(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// 23:30 in Beijing on 2025-09-26 is still the 26th (15:30 UTC).
	*f.clock = time.Date(2025, 9, 26, 15, 30, 0, 0, time.UTC)
	res, err := f.svc.Submit(ctx, citizen(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Deadline.String() != "2025-10-30" {
		t.Errorf("deadline %s, want 2025-10-30", res.Deadline)
	}
	// 16:30 UTC is already the 27th (a Saturday) in Beijing.
	*f.clock = time.Date(2025, 9, 26, 16, 30, 0, 0, time.UTC)
	res, _ = f.svc.Submit(ctx, citizen(t))
	if n, _ := tracking.Parse(res.Tracking); n.Day.String() != "2025-09-27" || n.Seq != 1 {
		t.Errorf("tracking %s for a submission on the 27th", res.Tracking)
	}
	// December 2025 reaches into 2026, which this calendar lacks.
	*f.clock = time.Date(2025, 12, 10, 10, 0, 0, 0, calendar.Beijing)
	a := citizen(t)
	res, err = f.svc.Submit(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Provisional {
		t.Errorf("deadline %s into an unknown year is not provisional", res.Deadline)
	}
	recs := must.Call(t, f.ob.Queued)
	if last := recs[len(recs)-1]; !last.Provisional || last.Deadline != res.Deadline {
		t.Errorf("queued record %+v", last)
	}
}

func TestSignupSeatsAndCancel(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if err := f.ob.SetSeatGrant(ctx, "kfr", 3); err != nil {
		t.Fatal(err)
	}
	signup := func(n int) submission.Result {
		res, err := f.svc.Submit(ctx, &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000", Attendees: n, TermsAccepted: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first, second := signup(2), signup(2)
	if first.SeatState != "confirmed" || second.SeatState != "waitlist" {
		t.Fatalf("seat states %s, %s; want confirmed, waitlist", first.SeatState, second.SeatState)
	}

	cancel := func(trk, code string) error {
		_, err := f.svc.Submit(ctx, &submission.Cancel{Tracking: trk, Code: code})
		return err
	}
	if err := cancel(first.Tracking, "ABCDEF"); err == nil || !strings.Contains(domain.ErrorMessage(err), "查询码与受理编号不符") {
		t.Errorf("cancel with a wrong code = %v", err)
	}
	if err := cancel(strings.ReplaceAll(first.Tracking, "-", ""), strings.ToLower(first.VerificationCode)); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	if err := cancel(first.Tracking, first.VerificationCode); err == nil || !strings.Contains(domain.ErrorMessage(err), "已经取消") {
		t.Errorf("second cancel = %v", err)
	}
	if _, used, _ := f.ob.Seats(ctx, "kfr"); used != 0 {
		t.Errorf("seats used after cancel = %d, want 0", used)
	}
	if third := signup(2); third.SeatState != "confirmed" {
		t.Errorf("seat freed by the cancel not reused: %s", third.SeatState)
	}
	// Cancelling something that is not a sign-up is refused.
	app, _ := f.svc.Submit(ctx, citizen(t))
	if err := cancel(app.Tracking, app.VerificationCode); err == nil || !strings.Contains(domain.ErrorMessage(err), "只能取消活动报名") {
		t.Errorf("cancel of an application = %v", err)
	}
	// A sign-up from another kiosk is left to the hub: queued with the
	// code's hash so the hub can check it.
	other, _ := tracking.New(13, calendar.Today(now), 5)
	if err := cancel(other, "ABCDEF"); err != nil {
		t.Fatalf("cancel of another kiosk's sign-up: %v", err)
	}
	recs := must.Call(t, f.ob.Queued)
	last := recs[len(recs)-1]
	if last.Kind != "cancel" || last.Ref != other || last.Tracking != "" || !tracking.VerifyCode(other, "ABCDEF", last.VerifyHash) {
		t.Errorf("cancel record %+v", last)
	}
	sub, err := submission.Open(&last, f.identity)
	if err != nil || sub.Ref != other {
		t.Errorf("Open(cancel) = %+v, %v", sub, err)
	}
}

func TestSealedRecordTampering(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if _, err := f.svc.Submit(ctx, citizen(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Submit(ctx, &submission.Feedback{Target: "政务公开工作", Rating: "满意"}); err != nil {
		t.Fatal(err)
	}
	recs := must.Call(t, f.ob.Queued)
	a, b := recs[0], recs[1]

	// The wire form round-trips and still verifies.
	js, _ := json.Marshal(a)
	var back protocol.SealedRecord
	if err := json.Unmarshal(js, &back); err != nil || back.Verify(f.pub) != nil {
		t.Fatalf("JSON round trip: %v / %v", err, back.Verify(f.pub))
	}

	for name, mutate := range map[string]func(r *protocol.SealedRecord){
		"deadline":  func(r *protocol.SealedRecord) { r.Deadline = r.Deadline.AddDays(20) },
		"tracking":  func(r *protocol.SealedRecord) { r.Tracking = b.Tracking },
		"received":  func(r *protocol.SealedRecord) { r.Received = r.Received.Add(time.Nanosecond) },
		"sealed":    func(r *protocol.SealedRecord) { r.Sealed = b.Sealed },
		"hash":      func(r *protocol.SealedRecord) { r.VerifyHash = b.VerifyHash },
		"kiosk":     func(r *protocol.SealedRecord) { r.KioskID = "kiosk-13" },
		"attendees": func(r *protocol.SealedRecord) { r.Attendees = 1 },
	} {
		r := a
		mutate(&r)
		if r.Verify(f.pub) == nil {
			t.Errorf("changed %s still verifies", name)
		}
	}
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	if a.Verify(other) == nil {
		t.Error("verifies with another kiosk's key")
	}
	// A record whose readable fields were swapped for another's (and
	// re-signed, e.g. by a buggy kiosk) does not open cleanly.
	mixed := a
	mixed.Sealed = b.Sealed
	if _, err := submission.Open(&mixed, f.identity); err == nil {
		t.Error("Open accepted readable fields of one submission with the sealed bytes of another")
	}
	wrong, _ := age.GenerateX25519Identity()
	if _, err := submission.Open(&a, wrong); err == nil {
		t.Error("opened with the wrong identity")
	}
	if _, err := submission.Seal("not-a-recipient", []byte("x")); err == nil {
		t.Error("Seal accepted a bad recipient")
	}
}

// BenchmarkSubmit measures submit to durable: validate, seal, commit with
// synchronous=FULL on a real SQLite file. It reports the p95 per op.
func BenchmarkSubmit(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	*f.clock = time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)
	var times []time.Duration
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%9000 == 0 { // stay within the per-day sequence
			*f.clock = f.clock.AddDate(0, 0, 1)
		}
		start := time.Now()
		if _, err := f.svc.Submit(ctx, citizen(b)); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	if len(times) > 0 {
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	}
}

// TestConcurrentSubmits runs submits from goroutines on two connection
// pools to the same file (the screen and `kiosk submit` in another
// process): every tracking number is distinct and the day's sequence has
// no gaps.
func TestConcurrentSubmits(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st2, err := store.Open(ctx, filepath.Join(f.dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	db2 := st2.DB()
	ob2, err := outbox.Open(ctx, db2, f.svc.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc2 := *f.svc
	svc2.Store = &testStore{db: db2, years: f.svc.Store.(*testStore).years, cat: catalogue}
	svc2.Outbox = ob2

	const workers, each = 4, 6
	results := make(chan submission.Result, workers*each)
	errs := make(chan error, workers*each)
	for w := range workers {
		svc := f.svc
		if w%2 == 1 {
			svc = &svc2
		}
		go func() {
			for i := range each {
				var p submission.Payload = &submission.Feedback{Target: "政务公开工作", Rating: "满意"}
				if i%3 == 0 {
					p = &submission.Signup{EventID: "kfr", Name: "张三", Mobile: "13800138000", TermsAccepted: true}
				}
				res, err := svc.Submit(ctx, p)
				results <- res
				errs <- err
			}
		}()
	}
	seen := map[string]bool{}
	seqs := map[int]bool{}
	for range workers * each {
		res, err := <-results, <-errs
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		if seen[res.Tracking] {
			t.Fatalf("tracking number %s issued twice", res.Tracking)
		}
		seen[res.Tracking] = true
		n, _ := tracking.Parse(res.Tracking)
		seqs[n.Seq] = true
	}
	for i := 1; i <= workers*each; i++ {
		if !seqs[i] {
			t.Errorf("sequence %d missing", i)
		}
	}
	if got := len(must.Call(t, f.ob.Queued)); got != workers*each {
		t.Errorf("%d queued, want %d", got, workers*each)
	}
}
