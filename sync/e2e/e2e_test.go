package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gongkai/internal/hubcli"
	"gongkai/internal/submission"
	"gongkai/sync/hub"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

// hubCLI runs a hub command on th's data directory, as staff would.
func hubCLI(t *testing.T, th *testHub, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &hubcli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: th.clock.Now}
	args = append(args[:1:1], append([]string{"--data", th.dir}, args[1:]...)...)
	if code := hubcli.Main(context.Background(), args, env); code != 0 {
		return out.String(), &cliError{code: code, stderr: errb.String()}
	}
	return out.String(), nil
}

type cliError struct {
	code   int
	stderr string
}

func (e *cliError) Error() string { return e.stderr }

// TestEndToEnd follows an application, a feedback and a sign-up from the
// kiosk's form to the hub's staff and back: submitted (sealed, queued),
// uploaded, decrypted at the hub, given a status with `hub set-status`,
// and shown by the kiosk's status look-up.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{SeatBlock: 4})
	k := newKiosk(t, th)

	// The first exchange registers the device key and brings a seat block.
	_, sr := k.exchange()
	if granted, _, _ := k.ob.Seats(ctx, Small); granted != 4 || sr.Grants == 0 {
		t.Fatalf("seat block of %s = %d (grants %d), want 4", Small, granted, sr.Grants)
	}

	app := k.submit(application())
	fb := k.submit(feedback("专区的查询终端很好用"))
	su := k.submit(signup(Small, 2))
	if su.SeatState != protocol.SeatConfirmed {
		t.Fatalf("sign-up within the block: %s", su.SeatState)
	}
	if app.Deadline.String() != "2026-12-29" || app.Provisional {
		t.Fatalf("deadline %s (provisional %v), want 2026-12-29", app.Deadline, app.Provisional)
	}

	dr, _ := k.exchange()
	if dr.Sent != 3 {
		t.Fatalf("sent %d, want 3 (%+v)", dr.Sent, dr)
	}

	// Staff read them decrypted.
	list, err := th.Subs().List(ctx, hub.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("hub lists %d submissions, want 3", len(list))
	}
	var a submission.Application
	if err := json.Unmarshal(list[0].Payload, &a); err != nil || a.Name != "张三" || a.IDNumber != "11010519491231002X" {
		t.Fatalf("decrypted application = %+v, %v (entry error %q)", a, err, list[0].Error)
	}
	out, err := hubCLI(t, th, "submissions")
	if err != nil || !strings.Contains(out, "张三") || !strings.Contains(out, "专区的查询终端很好用") || !strings.Contains(out, app.Tracking) {
		t.Fatalf("hub submissions: %v\n%s", err, out)
	}

	// Status: accepted, then answered with an outcome code.
	if out, err := hubCLI(t, th, "set-status", app.Tracking, "已受理"); err != nil {
		t.Fatalf("set-status: %v %s", err, out)
	}
	if _, err := hubCLI(t, th, "set-status", app.Tracking, "已答复"); err == nil || !strings.Contains(err.Error(), "--outcome") {
		t.Fatalf("已答复 without an outcome: %v", err)
	}
	if _, err := hubCLI(t, th, "set-status", app.Tracking, "已答复", "--outcome", "9"); err == nil || !strings.Contains(err.Error(), "未知的办理结果代码") {
		t.Fatalf("unknown outcome: %v", err)
	}
	clk.Advance(time.Hour)
	if out, err := hubCLI(t, th, "set-status", app.Tracking, "已答复", "--outcome", "1", "--note", "已通过电子邮件答复"); err != nil {
		t.Fatalf("set-status: %v %s", err, out)
	}
	if out, err := hubCLI(t, th, "set-status", fb.Tracking, "已办结"); err != nil {
		t.Fatalf("set-status feedback: %v %s", err, out)
	}

	_, sr = k.exchange()
	if sr.Updates < 3 {
		t.Errorf("status updates %d, want at least 3 (sign-up confirmed, application, feedback)", sr.Updates)
	}
	tests := []struct {
		res      submission.Result
		state    string
		outcome  string
		deadline string
	}{
		{app, "已答复", "1", "2026-12-29"},
		{fb, "已办结", "", ""},
		{su, "已确认", "", ""},
	}
	for _, tt := range tests {
		st, err := k.ob.Lookup(ctx, tt.res.Tracking, tt.res.VerificationCode)
		if err != nil {
			t.Fatalf("lookup %s: %v", tt.res.Tracking, err)
		}
		if st.State != tt.state || st.Outcome != tt.outcome || st.Queue != outbox.StateSent {
			t.Errorf("%s: state %q outcome %q queue %q, want %q %q sent", tt.res.Kind, st.State, st.Outcome, st.Queue, tt.state, tt.outcome)
		}
		if tt.deadline != "" && st.Deadline.String() != tt.deadline {
			t.Errorf("%s: deadline %s, want %s", tt.res.Kind, st.Deadline, tt.deadline)
		}
	}
	if _, err := k.ob.Lookup(ctx, app.Tracking, "ZZZZZZ"); err == nil {
		t.Error("look-up with a wrong code succeeded")
	}
}
