package kioskcli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// exampleSource is the README's example paper form.
const exampleSource = "../../cmd/kiosk/testdata/submit-application.json"

// exampleApplication writes the example paper form, signed on the tests'
// day (cliNow: a signature date must be at most 30 days before the form
// is entered), to a temporary file and returns its path.
func exampleApplication(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(exampleSource)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["application"].(map[string]any)["signed_on"] = calendar.Today(cliNow()).String()
	return writeJSON(t, m)
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

	out, errs, status := runWith("", "submit", "--data", data, "--json", exampleApplication(t))
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
	jsonOut, errs, status := runWith("", "queue", "--data", data, "--json")
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
	textOut, _, status := runWith("", "queue", "--data", data)
	if status != 0 || !strings.Contains(textOut, trk) || !strings.Contains(textOut, "queued") || !strings.Contains(textOut, "待上传 1") {
		t.Errorf("queue: status %d\n%s", status, textOut)
	}
	for _, secret := range []string{"张三", "11010519491231002X", "0635-6212345", "狮子楼街道", "zhangsan@", "招生计划", code} {
		if strings.Contains(jsonOut, secret) || strings.Contains(textOut, secret) {
			t.Errorf("queue listing shows %q", secret)
		}
	}

	// Only the hub can read it: sealed to its identity, signed by this kiosk.
	a := sealedApplication(t, data, identity, devicePub)
	if a.Name != "张三" || !a.PaperForm || a.StaffID != "yg-014" || a.Phone != "0635-6212345" {
		t.Errorf("sealed application = %+v", a)
	}
}

// writeJSON writes v to a file in a temporary directory and returns its path.
func writeJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "submit.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// sealedApplication opens the one record queued in data as the hub would:
// its signature verified with the kiosk's device key, decrypted with the
// hub's identity.
func sealedApplication(t *testing.T, data string, identity *age.X25519Identity, devicePub ed25519.PublicKey) *submission.Application {
	t.Helper()
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
		t.Fatalf("queued records %d, want 1 that verifies", len(recs))
	}
	sub, err := submission.Open(&recs[0], identity)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := submission.Contents(sub)
	return p.(*submission.Application)
}

func TestSubmitCommandErrors(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	example, err := os.ReadFile(exampleApplication(t))
	if err != nil {
		t.Fatal(err)
	}

	// Not enrolled: nothing can be sealed.
	_, errs, status := runWith("", "submit", "--data", data, "--json", exampleApplication(t))
	if status != 1 || !strings.Contains(errs, "本机尚未接入信息公开中心") {
		t.Errorf("unenrolled: status %d, %q", status, errs)
	}

	enrolForSubmitTest(t, data)
	bad := strings.Replace(string(example), "11010519491231002X", "110105194912310021", 1)
	bad = strings.Replace(bad, `"postal_code":"252300"`, `"postal_code":"2523"`, 1)
	_, errs, status = runWith(bad, "submit", "--data", data, "--json", "-")
	if status != 1 || !strings.Contains(errs, "id_number: 身份证号码校验位不正确") ||
		!strings.Contains(errs, "postal_code: 邮政编码应为6位数字") || !strings.Contains(errs, "有 2 项需要修改") {
		t.Errorf("invalid form: status %d, %q", status, errs)
	}
	_, errs, status = runWith(`{"kind":"application","application":{"nmae":"x"}}`, "submit", "--data", data, "--json", "-")
	if status != 1 || !strings.Contains(errs, "nmae") {
		t.Errorf("unknown key: status %d, %q", status, errs)
	}
	_, errs, status = runWith("", "submit", "--data", data)
	if status != 2 || !strings.Contains(errs, "usage") {
		t.Errorf("no --json: status %d, %q", status, errs)
	}
	if out, _, _ := runWith("", "queue", "--data", data); !strings.Contains(out, "队列为空") {
		t.Errorf("refused submissions were queued:\n%s", out)
	}
}

// TestSubmitRefusesHostileInput: what a person at the desk could type or
// paste into a `kiosk submit` file is refused in Chinese, field by field,
// and nothing is queued.
func TestSubmitRefusesHostileInput(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	identity, devicePub := enrolForSubmitTest(t, data)
	example, err := os.ReadFile(exampleApplication(t))
	if err != nil {
		t.Fatal(err)
	}
	// set replaces one key of the example application.
	set := func(key, value string) string {
		var m map[string]any
		if err := json.Unmarshal(example, &m); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			t.Fatalf("%s: %v", value, err)
		}
		m["application"].(map[string]any)[key] = v
		b, _ := json.Marshal(m)
		return string(b)
	}
	today := calendar.Today(cliNow())
	big := `{"kind":"feedback","feedback":{"target":"政务公开工作","text":"` + strings.Repeat("长", submission.MaxInputBytes/3) + `"}}`
	tests := []struct {
		name, in string
		want     []string
	}{
		{"born in the future", set("id_number", `"110105203001010028"`),
			[]string{"id_number: 身份证号码中的出生日期（2030年1月1日）晚于今天"}},
		{"born 151 years ago", set("id_number", `"110105187409250028"`), []string{"id_number: ", "超过150年"}},
		{"invisible name", set("name", `"\u200b\u200d\ufeff"`), []string{"name: 请填写姓名"}},
		{"control characters in the name", set("name", `"张\u0000三\u0007\u001b[31m"`),
			[]string{"name: 第2个字符是不可见的控制字符（0x00）"}},
		{"escape sequence in the address", set("address", `"某某路\u001b]0;x\u00071号"`), []string{"address: ", "控制字符（0x1B）"}},
		{"bidi override around control characters", set("employer", `"\u202e公司\u0007"`), []string{"employer: ", "控制字符（0x07）"}},
		{"signed in 1800", set("signed_on", `"1800-01-01"`),
			[]string{"signed_on: 签名日期（1800-01-01）早于受理日期（" + today.String() + "）30天以上"}},
		{"signed next year", set("signed_on", `"`+today.AddDays(365).String()+`"`),
			[]string{"signed_on: 签名日期（" + today.AddDays(365).String() + "）不能晚于今天"}},
		{"array instead of an object", `[{"kind":"application"}]`,
			[]string{"提交内容应为一个 JSON 对象（{\"kind\": …}），现在是数组"}},
		{"string instead of a list", set("media", `"纸质"`),
			[]string{"字段 application.media 的类型不对", "应为文字列表，如 [\"纸质\"]，现在是带引号的文字"}},
		{"number instead of text", set("name", `42`), []string{"字段 application.name 的类型不对", "应为带引号的文字，现在是数字"}},
		{"syntax error", "{\n \"kind\": \"application\",\n \"application\": {\"name\": 张三}\n}",
			[]string{"第 3 行第 26 列有语法错误"}},
		{"unknown field", `{"kind":"application","application":{"nmae":"张三"}}`, []string{"未知字段 \"nmae\"（第 1 行第 38 列）"}},
		{"cut short", string(example[:len(example)/2]), []string{"提交内容不完整：JSON 在第 ", "意外结束"}},
		{"over the size limit", big, []string{"提交内容超过大小上限 1048576 字节（1 MiB）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, status := runWith(tt.in, "submit", "--data", data, "--json", "-")
			if status != 1 {
				t.Errorf("status %d, want 1: %s", status, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			for _, english := range []string{"cannot unmarshal", "Go value", "Go struct", "unexpected EOF", "invalid character", "json:"} {
				if strings.Contains(errs, english) {
					t.Errorf("stderr answers in Go's English (%q):\n%s", english, errs)
				}
			}
			if strings.ContainsAny(errs, "\x00\x07\x1b\u202e") {
				t.Errorf("stderr echoes control characters: %q", errs)
			}
		})
	}
	// The same over-size file read from disk says the same.
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, status := runWith("", "submit", "--data", data, "--json", path); status != 1 || !strings.Contains(errs, "超过大小上限") {
		t.Errorf("big file: status %d, %q", status, errs)
	}
	if _, errs, status := runWith("", "submit", "--data", data, "--json", path+".missing"); status != 1 || !strings.Contains(errs, "找不到文件") {
		t.Errorf("missing file: status %d, %q", status, errs)
	}
	if out, _, _ := runWith("", "queue", "--data", data); !strings.Contains(out, "队列为空") {
		t.Errorf("refused submissions were queued:\n%s", out)
	}

	// Invisible and bidirectional characters around a real name are
	// stripped, and the form goes through sealed with the clean name.
	_, errs, status := runWith(set("name", `"\u202e张\u200b三\ufeff"`), "submit", "--data", data, "--json", "-")
	if status != 0 {
		t.Fatalf("submit with invisible characters: %d %s", status, errs)
	}
	if a := sealedApplication(t, data, identity, devicePub); a.Name != "张三" {
		t.Errorf("sealed name %q, want 张三", a.Name)
	}
}

// TestStatusAndQueueEscapeControlCharacters: a status note from the hub
// holding an escape sequence and a bidi override reaches `kiosk status`
// and `kiosk queue`, text and JSON, only escaped.
func TestStatusAndQueueEscapeControlCharacters(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	enrolForSubmitTest(t, data)
	out, errs, status := runWith("", "submit", "--data", data, "--json", exampleApplication(t))
	if status != 0 {
		t.Fatalf("submit: %d %s", status, errs)
	}
	var res struct {
		Tracking string `json:"tracking_number"`
		Code     string `json:"verification_code"`
	}
	json.Unmarshal([]byte(out), &res)
	note := "请补正\x1b]0;owned\x07\x1b[2J\u202e文号\u009b31m"
	k, err := kiosk.Open(context.Background(), config.Config{DataDir: data}, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(context.Background(), k.Store.DB(), cliNow)
	if err != nil {
		t.Fatal(err)
	}
	err = ob.SetStatus(context.Background(), res.Tracking, protocol.StatusReport{State: "需补正", Note: note, Updated: cliNow().Add(time.Hour)})
	k.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"status", "--data", data, res.Tracking, res.Code},
		{"status", "--data", data, "--json", res.Tracking, res.Code},
		{"queue", "--data", data},
		{"queue", "--data", data, "--json"},
	} {
		out, errs, status := runWith("", args...)
		if status != 0 {
			t.Fatalf("%v: %d %s", args, status, errs)
		}
		if strings.ContainsAny(out+errs, "\x1b\x07\u202e\u009b") {
			t.Errorf("%v prints raw control characters: %q", args, out)
		}
		switch {
		case args[0] == "status" && args[3] == "--json":
			// Still JSON, with the note as the hub sent it.
			var v struct{ Note string }
			if err := json.Unmarshal([]byte(out), &v); err != nil || v.Note != note {
				t.Errorf("%v: note %q, %v", args, v.Note, err)
			}
		case args[0] == "status":
			if !strings.Contains(out, `说明：请补正\x1b]0;owned\x07\x1b[2J\u202e文号\u009b31m`) {
				t.Errorf("%v does not show the note escaped:\n%s", args, out)
			}
		}
	}
}
