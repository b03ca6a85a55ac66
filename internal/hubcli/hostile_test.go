package hubcli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// offlineKiosk is a kiosk enrolled at a hub made with `hub init`, with its
// device key: it seals and signs records as internal/submission does,
// with whatever payload a test wants (as older kiosk software might have
// let through).
type offlineKiosk struct {
	t       *testing.T
	hubDir  string
	id      string
	no      int
	key     ed25519.PrivateKey
	rcp     string
	seq     int
	records []protocol.SealedRecord
}

func newOfflineKiosk(t *testing.T) *offlineKiosk {
	t.Helper()
	dir := newHub(t)
	ctx := context.Background()
	h := openHub(t, dir)
	defer h.Close()
	code, _, err := h.NewEnrollCode(ctx, "一楼大厅")
	if err != nil {
		t.Fatal(err)
	}
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	er, err := h.EnrollDevice(ctx, code, pub)
	if err != nil {
		t.Fatal(err)
	}
	return &offlineKiosk{t: t, hubDir: dir, id: er.KioskID, no: er.KioskNo, key: key, rcp: er.AgeRecipient}
}

// add seals a feedback with payload made at time at.
func (k *offlineKiosk) add(at time.Time, payload any) protocol.SealedRecord {
	k.t.Helper()
	k.seq++
	r := protocol.SealedRecord{ID: fmt.Sprintf("rec-%d", k.seq), Kind: protocol.KindFeedback, KioskID: k.id, Received: at}
	r.Tracking, _ = tracking.New(k.no, calendar.Today(at), k.seq)
	r.VerifyHash = tracking.HashVerificationCode(r.Tracking, "ABCDEF")
	p, _ := json.Marshal(payload)
	plain, _ := json.Marshal(protocol.Submission{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Tracking: r.Tracking,
		VerifyHash: r.VerifyHash, Received: r.Received, Payload: p})
	var err error
	if r.Sealed, err = submission.Seal(k.rcp, plain); err != nil {
		k.t.Fatal(err)
	}
	r.Sign(k.key)
	k.records = append(k.records, r)
	return r
}

// export writes the records as `kiosk export-queue` does and returns the
// file's path.
func (k *offlineKiosk) export() string {
	k.t.Helper()
	b, err := json.Marshal(protocol.ExportFile{Format: protocol.ExportFormat, KioskID: k.id, Exported: testNow, Records: k.records})
	if err != nil {
		k.t.Fatal(err)
	}
	path := filepath.Join(k.t.TempDir(), "gongkai-queue.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		k.t.Fatal(err)
	}
	return path
}

// TestImportRefusesRecordsAfterRevocation: a revoked kiosk's USB export is
// taken in up to the revocation; what it signed afterwards is refused,
// counted and explained in Chinese, and the import exits non-zero.
func TestImportRefusesRecordsAfterRevocation(t *testing.T) {
	k := newOfflineKiosk(t)
	before := k.add(testNow.Add(-time.Hour), map[string]string{"target": "政务公开工作", "text": "停用之前"})
	after := k.add(testNow.Add(time.Hour), map[string]string{"target": "政务公开工作", "text": "停用之后"})
	if code, out, errs := run(t, "revoke", "--data", k.hubDir, "1"); code != 0 || !strings.Contains(out, "已停用终端 1") {
		t.Fatalf("revoke: %d %s %s", code, out, errs)
	}

	code, out, errs := run(t, "import-submissions", "--data", k.hubDir, k.export())
	if code != 1 {
		t.Errorf("import with a record made after the revocation: exit %d, want 1", code)
	}
	for _, want := range []string{"文件中 2 项", "新收 1 项", "未导入 1 项", "终端停用后生成 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{after.ID, after.Tracking, "终端 1（" + k.id + "）已于 2026-03-02 17:00:00 停用",
		"停用之后（2026-03-02 18:00:00）生成的，不予接收", "其中 1 项是终端被停用之后生成的"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, before.ID+" ") {
		t.Errorf("the record made before the revocation is reported:\n%s", errs)
	}
	code, out, _ = run(t, "submissions", "--data", k.hubDir)
	if code != 0 || !strings.Contains(out, before.Tracking) || !strings.Contains(out, "停用之前") ||
		strings.Contains(out, after.Tracking) || !strings.Contains(out, "共 1 项") {
		t.Errorf("hub submissions after the import:\n%s", out)
	}
	// Importing again changes nothing and still refuses it.
	if code, out, _ := run(t, "import-submissions", "--data", k.hubDir, k.export()); code != 1 ||
		!strings.Contains(out, "新收 0 项，中心已有 1 项") || !strings.Contains(out, "终端停用后生成 1") {
		t.Errorf("second import: %d\n%s", code, out)
	}
}

// TestSubmissionsEscapeControlCharacters: records already at the hub may
// hold control characters and bidi overrides (older kiosks did not refuse
// them); `hub submissions` shows them escaped, never raw, in text and in
// JSON, and keeps multi-line text readable. A hostile id or tracking
// number in an import file is escaped in the problem lines too.
func TestSubmissionsEscapeControlCharacters(t *testing.T) {
	k := newOfflineKiosk(t)
	k.add(testNow, map[string]any{
		"target": "政务公开工作", "name": "张\u0000三\u0007\u001b[31m", "phone": "\u202e0008 3100 831",
		"text": "第一段\n第二段\u001b[2J\u001b]0;owned\u0007", "\u001b[1mextra": "\u009b31m",
	})
	bad := k.add(testNow, map[string]string{"target": "政务公开工作"})
	bad.ID = "\u001b[2J\u001b]0;x\u0007"
	k.records[1] = bad // its signature no longer verifies: refused, and named
	code, _, errs := run(t, "import-submissions", "--data", k.hubDir, k.export())
	if code != 1 || strings.ContainsAny(errs, "\x1b\x07") || !strings.Contains(errs, `\x1b[2J\x1b]0;x\x07`) {
		t.Errorf("import: exit %d, stderr %q", code, errs)
	}

	code, out, errs := run(t, "submissions", "--data", k.hubDir)
	if code != 0 {
		t.Fatalf("submissions: %d %s", code, errs)
	}
	if strings.ContainsAny(out, "\x00\x07\x1b\u202e\u009b") {
		t.Errorf("hub submissions prints raw control characters: %q", out)
	}
	for _, want := range []string{`姓名：张\x00三\x07\x1b[31m`, `联系电话：\u202e0008 3100 831`,
		"内容：第一段\n     第二段\\x1b[2J\\x1b]0;owned\\x07\n", `\x1b[1mextra：\u009b31m`} {
		if !strings.Contains(out, want) {
			t.Errorf("hub submissions lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "submissions", "--data", k.hubDir, "--json")
	var list []hub.StaffEntry
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 1 {
		t.Fatalf("submissions --json: %d %v\n%s", code, err, out)
	}
	var p map[string]string
	json.Unmarshal(list[0].Payload, &p)
	if p["name"] != "张\u0000三\u0007\u001b[31m" || p["phone"] != "\u202e0008 3100 831" {
		t.Errorf("JSON does not carry the stored values: %q", p)
	}
	if strings.ContainsAny(out, "\x00\x07\x1b\u202e\u009b") {
		t.Errorf("hub submissions --json prints raw control characters: %q", out)
	}
}
