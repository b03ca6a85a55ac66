package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestRevokedKioskRecords: records a kiosk signed after the hub revoked it
// are refused whichever way they come (USB import, or the network from a
// re-enrolled kiosk holding the same device key); those made before are
// kept; and the revoked kiosk itself gets 401 on the upload endpoint.
func TestRevokedKioskRecords(t *testing.T) { eachStore(t, testRevokedKioskRecords) }

func testRevokedKioskRecords(t *testing.T, st storeMaker) {
	ctx := context.Background()
	h, clk, s := newSubs(t, st)
	srv := NewServer(h, ServerOptions{})
	s.Register(srv)
	web := httptest.NewServer(srv)
	t.Cleanup(web.Close)

	code, _, _ := h.NewEnrollCode(ctx, "")
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	er, err := h.EnrollDevice(ctx, code, pub)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := h.Store.Kiosk(ctx, er.KioskID)
	sk := &subsKiosk{t: t, k: k, key: key, rcp: er.AgeRecipient}
	before := sk.record(protocol.KindFeedback, clk.Now())
	clk.Add(time.Hour)
	if _, err := h.Store.Revoke(ctx, k.ID, clk.Now()); err != nil {
		t.Fatal(err)
	}
	atRevocation := sk.record(protocol.KindFeedback, clk.Now())
	clk.Add(time.Minute)
	after := sk.record(protocol.KindFeedback, clk.Now())

	// The revoked kiosk cannot upload at all.
	body, _ := json.Marshal(protocol.SubmitRequest{Records: []protocol.SealedRecord{after}})
	resp := do(t, "POST", web.URL+"/v1/submissions", er.KioskID+"."+er.Token, bytes.NewReader(body), nil)
	if resp.StatusCode != 401 || errCode(t, resp) != protocol.CodeRevoked {
		t.Errorf("upload by a revoked kiosk: %d, want 401 %s", resp.StatusCode, protocol.CodeRevoked)
	}

	// Re-enrolled with the same device key, it may send what it made under
	// its old id before the revocation, not after.
	code2, _, _ := h.NewEnrollCode(ctx, "")
	er2, err := h.EnrollDevice(ctx, code2, pub)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := h.Store.Kiosk(ctx, er2.KioskID)
	acks, how, err := s.receive(ctx, k2, []protocol.SealedRecord{before, atRevocation, after}, ViaNetwork)
	if err != nil {
		t.Fatal(err)
	}
	if acks[0].Result != protocol.AckOK || acks[1].Result != protocol.AckOK {
		t.Errorf("records made up to the revocation: %+v", acks[:2])
	}
	if a := acks[2]; a.Result != protocol.AckRejected || a.Status != 422 || how[2] != receivedRevoked || !strings.Contains(a.Error, "停用之后") {
		t.Errorf("record made after the revocation: %+v", a)
	}

	// The same by USB: counted apart from other rejections.
	var f bytes.Buffer
	json.NewEncoder(&f).Encode(protocol.ExportFile{Format: protocol.ExportFormat, KioskID: k.ID, Records: []protocol.SealedRecord{before, after}})
	sum, err := s.Import(ctx, &f)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Known != 1 || sum.New != 0 || sum.Revoked != 1 || sum.Rejected != 0 || len(sum.Problems) != 1 {
		t.Errorf("import = %+v", sum)
	}
	if n, _ := s.Count(ctx); n != 2 {
		t.Errorf("hub holds %d records, want 2", n)
	}
}
