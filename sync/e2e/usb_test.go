package e2e

import (
	"context"
	"crypto/ed25519"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"gongkai/internal/receipt"
	"gongkai/internal/tracking"
	"gongkai/sync/client"
	"gongkai/sync/hub"
	"gongkai/sync/protocol"
)

// TestExportImportNoDuplicates: a queue exported to a USB drive and
// imported at the hub, with the same records also sent over the network
// (before and after), is stored once; a tampered file is refused record
// by record.
func TestExportImportNoDuplicates(t *testing.T) {
	ctx := context.Background()
	clk, th, k := startEnrolled(t) // registers the device key
	ids := submitSome(k, 3, 0, map[string]bool{})
	k.exchange() // these three are at the hub already
	submitSome(k, 6, 1, ids)

	usb := t.TempDir()
	path, n, err := client.ExportQueue(ctx, k.ob, k.hub.KioskID, usb, clk.Now())
	if err != nil || n != 6 {
		t.Fatalf("export: %d records, %v", n, err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "张三") || strings.Contains(string(raw), "13800138000") {
		t.Fatal("the export file holds personal data in the clear")
	}

	// Two of the six go over the network first.
	recs, _ := k.ob.Queued(ctx)
	if acks, err := k.up.Send(ctx, recs[:2]); err != nil || acks[0].Result != protocol.AckOK {
		t.Fatalf("send two: %+v %v", acks, err)
	}
	out, err := hubCLI(t, th, "import-submissions", path)
	if err != nil || !strings.Contains(out, "新收 4 项") || !strings.Contains(out, "中心已有 2 项") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	// The network brings the rest of the queue: nothing new.
	if dr, _ := k.exchange(); dr.Sent != 6 {
		t.Fatalf("drain after the import: %+v", dr)
	}
	if out, err := hubCLI(t, th, "import-submissions", path); err != nil || !strings.Contains(out, "新收 0 项") {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	checkExactlyOnce(t, th, ids)

	// A record altered on the drive is refused; the others are known.
	tampered := strings.Replace(string(raw), `"attendees":1`, `"attendees":2`, 1)
	if tampered == string(raw) {
		t.Fatal("no sign-up in the export to tamper with")
	}
	bad := usb + "/tampered.json"
	os.WriteFile(bad, []byte(tampered), 0o600)
	if _, err := hubCLI(t, th, "import-submissions", bad); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("tampered import: %v", err)
	}
	checkExactlyOnce(t, th, ids)
}

// TestStatusPage: the receipt's QR URL shows the status without personal
// data; a wrong, missing or unknown code gets the same "未找到" page with
// the same status code; look-ups are rate limited per address.
func TestStatusPage(t *testing.T) {
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{PageBurst: 8})
	k := newKiosk(t, th)
	k.exchange()
	app := k.submit(application())
	su := k.submit(signup("kfr-2027-03", 2))
	k.exchange()
	if _, err := hubCLI(t, th, "set-status", app.Tracking, "需补正", "--from", "2026-12-10", "--note", "请补充所需信息的文号"); err != nil {
		t.Fatal(err)
	}
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url) // a phone's browser: no protocol header
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get(receipt.StatusURL(th.URL, app.Tracking, app.VerificationCode))
	for _, want := range []string{"需补正", app.Tracking, "2027年1月7日（暂定", "请补充所需信息的文号", "依申请公开申请"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("status page: %d, missing %q:\n%s", code, want, body)
		}
	}
	for _, personal := range []string{"张三", "11010519491231002X", "13800138000", "某某路"} {
		if strings.Contains(body, personal) {
			t.Fatalf("status page shows %q", personal)
		}
	}
	code, body = get(receipt.StatusURL(th.URL, su.Tracking, su.VerificationCode))
	if code != http.StatusOK || !strings.Contains(body, "已确认") || !strings.Contains(body, "政府开放日") || strings.Contains(body, "李四") {
		t.Fatalf("sign-up status page: %d\n%s", code, body)
	}

	n, _ := tracking.Parse(app.Tracking)
	other, _ := tracking.New(n.Kiosk, n.Day, n.Seq+50)
	_, notFound := get(receipt.StatusURL(th.URL, other, app.VerificationCode))
	for name, url := range map[string]string{
		"wrong code":   receipt.StatusURL(th.URL, app.Tracking, "ZZZZZZ"),
		"no code":      th.URL + "/s/" + n.Compact(),
		"unknown":      receipt.StatusURL(th.URL, other, app.VerificationCode),
		"bad checksum": th.URL + "/s/" + n.Compact()[:14] + "0?c=" + app.VerificationCode,
	} {
		code, body := get(url)
		if code != http.StatusNotFound || body != notFound || !strings.Contains(body, "未找到") {
			t.Errorf("%s: %d\n%s", name, code, body)
		}
	}
	limited := false
	for range 10 {
		if code, body := get(receipt.StatusURL(th.URL, app.Tracking, app.VerificationCode)); code == http.StatusTooManyRequests {
			limited = strings.Contains(body, "查询过于频繁")
			break
		}
	}
	if !limited {
		t.Fatal("no rate limit on the status page")
	}
}

// TestExportBeforeFirstSync: a kiosk enrolled and taken offline before it
// ever synced (so it never sent PUT /v1/device-key) has its USB export
// accepted and decrypted at the hub: its device key came with the
// enrolment.
func TestExportBeforeFirstSync(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	th := startHub(t, clk, hub.SubmissionOptions{})
	k := &testKiosk{t: t, dir: t.TempDir(), clock: clk}
	k.open()
	code, _, err := th.hub.NewEnrollCode(ctx, "离线终端")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.cl.Enroll(ctx, th.URL, code, false); err != nil {
		t.Fatal(err)
	}
	k.service()
	th.stop() // the kiosk never reaches the hub again

	app := k.submit(application())
	fb := k.submit(feedback("离线时提交的意见"))
	usb := t.TempDir()
	path, n, err := client.ExportQueue(ctx, k.ob, k.hub.KioskID, usb, clk.Now())
	if err != nil || n != 2 {
		t.Fatalf("export: %d records, %v", n, err)
	}
	out, err := hubCLI(t, th, "import-submissions", path)
	if err != nil || !strings.Contains(out, "新收 2 项") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	checkExactlyOnce(t, th, map[string]bool{app.ID: true, fb.ID: true})
	out, err = hubCLI(t, th, "submissions")
	for _, want := range []string{"张三", "11010519491231002X", "离线时提交的意见", app.Tracking, fb.Tracking} {
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("hub submissions lacks %q (not decrypted?): %v\n%s", want, err, out)
		}
	}
	key, err := k.cl.DeviceKey()
	if err != nil {
		t.Fatal(err)
	}
	fp := protocol.FormatFingerprint(protocol.Fingerprint(key.Public().(ed25519.PublicKey)))
	if out, err := hubCLI(t, th, "kiosks"); err != nil || !strings.Contains(out, fp[:19]) {
		t.Fatalf("hub kiosks does not show the device key %s: %v\n%s", fp[:19], err, out)
	}
}
