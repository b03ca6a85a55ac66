package kioskcli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/kiosk"
	"gongkai/internal/submission"
	"gongkai/internal/tracking"
	"gongkai/sync/client"
	"gongkai/sync/outbox"
	"gongkai/sync/protocol"
)

const exampleApplication = "../../cmd/kiosk/testdata/submit-application.json"

func runSubmitCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: cliNow}
	status = Main(context.Background(), args, env)
	return out.String(), errb.String(), status
}

// enrolForSubmitTest stores what enrolment with a hub would (the sync client's
// meta keys and DATA/device.key) without a hub, and returns the hub's age
// identity and the kiosk's device public key.
func enrolForSubmitTest(t *testing.T, data string) (*age.X25519Identity, ed25519.PublicKey) {
	t.Helper()
	ctx := context.Background()
	k, err := kiosk.Open(ctx, config.Config{DataDir: data}, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	id, _ := age.GenerateX25519Identity()
	hubPub, _, _ := ed25519.GenerateKey(rand.Reader)
	for key, v := range map[string]string{
		client.MetaKioskID: "kiosk-12", client.MetaKioskNo: "12", client.MetaAgeRecipient: id.Recipient().String(),
		client.MetaSignKey: protocol.EncodePublicKey(hubPub),
	} {
		if err := k.Store.SetMeta(ctx, key, v); err != nil {
			t.Fatal(err)
		}
	}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	pem, _ := protocol.MarshalPrivateKey(priv)
	if err := os.WriteFile(filepath.Join(data, client.DeviceKeyFile), pem, 0o600); err != nil {
		t.Fatal(err)
	}
	return id, pub
}

func TestSubmitCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	identity, devicePub := enrolForSubmitTest(t, data)

	out, errs, status := runSubmitCLI(t, "", "submit", "--data", data, "--json", exampleApplication)
	if status != 0 {
		t.Fatalf("submit: status %d: %s", status, errs)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	for _, key := range []string{"id", "tracking_number", "verification_code", "received", "deadline"} {
		if s, _ := res[key].(string); s == "" {
			t.Errorf("output lacks %q:\n%s", key, out)
		}
	}
	trk, _ := res["tracking_number"].(string)
	code, _ := res["verification_code"].(string)
	if n, err := tracking.Parse(trk); err != nil || n.Kiosk != 12 {
		t.Errorf("tracking number %q: %+v, %v", trk, n, err)
	}
	if _, err := calendar.Parse(res["deadline"].(string)); err != nil {
		t.Errorf("deadline: %v", err)
	}

	// The queue listing, in both forms, names the submission but nothing
	// personal from the form.
	jsonOut, errs, status := runSubmitCLI(t, "", "queue", "--data", data, "--json")
	if status != 0 {
		t.Fatalf("queue --json: status %d: %s", status, errs)
	}
	var listing struct {
		Stats   map[string]any   `json:"stats"`
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &listing); err != nil {
		t.Fatalf("queue --json is not JSON: %v\n%s", err, jsonOut)
	}
	if len(listing.Entries) != 1 || listing.Entries[0]["tracking_number"] != trk || listing.Entries[0]["state"] != "queued" ||
		listing.Stats["queued"] != float64(1) {
		t.Errorf("queue --json = %s", jsonOut)
	}
	textOut, _, status := runSubmitCLI(t, "", "queue", "--data", data)
	if status != 0 || !strings.Contains(textOut, trk) || !strings.Contains(textOut, "queued") || !strings.Contains(textOut, "待上传 1") {
		t.Errorf("queue: status %d\n%s", status, textOut)
	}
	for _, secret := range []string{"张三", "11010519491231002X", "0635-6212345", "狮子楼街道", "zhangsan@", "招生计划", code} {
		if strings.Contains(jsonOut, secret) || strings.Contains(textOut, secret) {
			t.Errorf("queue listing shows %q", secret)
		}
	}

	// Only the hub can read it: sealed to its identity, signed by this kiosk.
	k, err := kiosk.Open(context.Background(), config.Config{DataDir: data}, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	ob, err := outbox.Open(context.Background(), k.Store.DB(), cliNow)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := ob.Queued(context.Background())
	if len(recs) != 1 || recs[0].Verify(devicePub) != nil {
		t.Fatalf("queued records %d, verify %v", len(recs), recs[0].Verify(devicePub))
	}
	sub, err := submission.Open(&recs[0], identity)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := sub.Decode()
	a := p.(*submission.Application)
	if a.Name != "张三" || !a.PaperForm || a.StaffID != "yg-014" || a.Phone != "0635-6212345" {
		t.Errorf("sealed application = %+v", a)
	}
}

func TestSubmitCommandErrors(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	example, err := os.ReadFile(exampleApplication)
	if err != nil {
		t.Fatal(err)
	}

	// Not enrolled: nothing can be sealed.
	_, errs, status := runSubmitCLI(t, "", "submit", "--data", data, "--json", exampleApplication)
	if status != 1 || !strings.Contains(errs, "本机尚未接入信息公开中心") {
		t.Errorf("unenrolled: status %d, %q", status, errs)
	}

	enrolForSubmitTest(t, data)
	bad := strings.Replace(string(example), "11010519491231002X", "110105194912310021", 1)
	bad = strings.Replace(bad, `"postal_code": "252300"`, `"postal_code": "2523"`, 1)
	_, errs, status = runSubmitCLI(t, bad, "submit", "--data", data, "--json", "-")
	if status != 1 || !strings.Contains(errs, "id_number: 身份证号码校验位不正确") ||
		!strings.Contains(errs, "postal_code: 邮政编码应为6位数字") || !strings.Contains(errs, "有 2 项需要修改") {
		t.Errorf("invalid form: status %d, %q", status, errs)
	}
	_, errs, status = runSubmitCLI(t, `{"kind":"application","application":{"nmae":"x"}}`, "submit", "--data", data, "--json", "-")
	if status != 1 || !strings.Contains(errs, "nmae") {
		t.Errorf("unknown key: status %d, %q", status, errs)
	}
	_, errs, status = runSubmitCLI(t, "", "submit", "--data", data)
	if status != 2 || !strings.Contains(errs, "usage") {
		t.Errorf("no --json: status %d, %q", status, errs)
	}
	if out, _, _ := runSubmitCLI(t, "", "queue", "--data", data); !strings.Contains(out, "队列为空") {
		t.Errorf("refused submissions were queued:\n%s", out)
	}
}
