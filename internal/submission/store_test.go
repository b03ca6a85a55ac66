package submission_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/calendar"
	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/store"
	"gongkai/internal/submission"
	"gongkai/internal/submission/submissiontest"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

var _ submission.Store = (*store.Store)(nil)
var _ submission.Queue = (*outbox.Outbox)(nil)

// TestWithRealStore runs the service on the kiosk's real store loaded with
// the demo catalogue: its calendar gives the deadline, its consultations
// and events are what feedback and sign-ups are checked against.
func TestWithRealStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set, _, err := catalog.Load(assets.DemoCatalog(), catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	changes := set.Changes(1)
	if err := st.Apply(ctx, store.ApplyBatch{Source: domain.SourceDemo, From: 0, To: int64(len(changes)), Changes: changes}); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2025, 9, 26, 10, 0, 0, 0, calendar.Beijing)
	k := submissiontest.New(t, st, 7, func() time.Time { return clock })
	svc, ob := k.Service, k.Outbox

	res, err := svc.Submit(ctx, citizen(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Deadline.String() != "2025-10-30" || res.Provisional {
		t.Errorf("deadline from the demo calendar = %s (provisional %v), want 2025-10-30", res.Deadline, res.Provisional)
	}

	clock = time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Beijing)
	if _, err := svc.Submit(ctx, &submission.Feedback{Target: "意见征集", ConsultationID: "zj-2026-01", Text: "建议"}); err != nil {
		t.Errorf("feedback on the open demo consultation: %v", err)
	}
	if _, err := svc.Submit(ctx, &submission.Feedback{Target: "意见征集", ConsultationID: "zj-2025-01", Text: "建议"}); err == nil {
		t.Error("feedback on the closed demo consultation accepted")
	}
	if err := ob.SetSeatGrant(ctx, "kfr-2027-03", 2); err != nil {
		t.Fatal(err)
	}
	su, err := svc.Submit(ctx, &submission.Signup{EventID: "kfr-2027-03", Name: "张三", Mobile: "13800138000", Attendees: 2, TermsAccepted: true})
	if err != nil || su.SeatState != protocol.SeatConfirmed {
		t.Errorf("sign-up for the demo open day = %+v, %v", su, err)
	}
	// Late December 2026 reaches into 2027, which the demo calendar lacks.
	clock = time.Date(2026, 12, 20, 10, 0, 0, 0, calendar.Beijing)
	if res, _ := svc.Submit(ctx, citizen(t)); !res.Provisional {
		t.Errorf("deadline %s into 2027 not provisional", res.Deadline)
	}
}
