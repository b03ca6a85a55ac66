package kioskcli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/cmdline/cmdlinetest"
	"gongkai/internal/config"
	"gongkai/internal/hubcli"
	"gongkai/internal/kiosk"
)

// cliStart anchors cliNow, the clock of the command-line tests' kiosks
// and hubs: it starts on a fixed day (the demo catalogue's consultation
// open, its events ahead) and runs at the wall clock's pace from there, so
// no test depends on today's date.
var cliStart = time.Now()

func cliNow() time.Time {
	return time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Beijing).Add(time.Since(cliStart))
}

// The kiosk and the hub command lines, on the tests' clock.
var (
	kioskMain cmdlinetest.Main = Main
	hubMain   cmdlinetest.Main = hubcli.Main
)

// syncCLI runs the kiosk or the hub command line.
func syncCLI(t *testing.T, main cmdlinetest.Main, args ...string) (int, string, string) {
	t.Helper()
	return cmdlinetest.Run(context.Background(), main, cliNow, "", args...)
}

// mustRun runs a command that must succeed and returns its output.
func mustRun(t *testing.T, main cmdlinetest.Main, args ...string) string {
	t.Helper()
	return cmdlinetest.MustRun(t, main, cliNow, "", args...)
}

// demoSource copies the embedded demo catalogue to a directory the test
// can edit, as an agency's catalogue directory.
func demoSource(t *testing.T) string { return cmdlinetest.DemoSource(t) }

// loopHub is `hub serve` on 127.0.0.1 over a hub loaded with the demo
// catalogue from a source directory the test can add to.
type loopHub struct {
	dir, src, url string
	initOut       string // what `hub init` printed
}

// startLoopHub makes a hub, imports src (a copy of the demo catalogue if
// empty) and serves it until the test ends, when it must stop cleanly.
func startLoopHub(t *testing.T, src string) *loopHub {
	t.Helper()
	if src == "" {
		src = demoSource(t)
	}
	h := &loopHub{dir: filepath.Join(t.TempDir(), "hub"), src: src}
	h.initOut = mustRun(t, hubMain, "init", "--data", h.dir)
	mustRun(t, hubMain, "import", "--data", h.dir, h.src)
	h.url = cmdlinetest.ServeHub(t, hubMain, h.dir, cliNow).APIURL
	return h
}

// enrollCode makes a one-time enrolment code at the hub.
func (h *loopHub) enrollCode(t *testing.T) string {
	t.Helper()
	out := mustRun(t, hubMain, "enroll", "--data", h.dir, "--name", "一楼大厅")
	return regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(out)
}

// enroll enrols the kiosk data directory data with the hub.
func (h *loopHub) enroll(t *testing.T, data string) {
	t.Helper()
	mustRun(t, kioskMain, "enroll", "--data", data, "--hub", h.url, "--code", h.enrollCode(t))
}

const syncTestDoc = `+++
id = "sync-test-zuqiu"
title = "关于开展全县中小学校园足球联赛的通知"
category = "%s"
issuer = "阳谷县教育和体育局"
published = 2026-03-01
validity = "%s"
+++

各中小学：为推进校园足球运动，现举办全县校园足球联赛。
`

func firstCategoryID(t *testing.T, src string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(src, "categories.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^id\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no category id in the demo catalogue")
	}
	return string(m[1])
}

func fingerprint(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`指纹[:：]\s*([0-9a-f ]{79})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no fingerprint in:\n%s", out)
	}
	return m[1]
}

// TestSyncCommandsEndToEnd runs the staff commands of both sides against
// a hub served on loopback: import the demo catalogue with a new document,
// enrol, sync, find the document with `kiosk search`; then a 废止 and a
// prune propagate; a USB-only kiosk gets the same catalogue from a bundle;
// a revoked kiosk's sync fails with the plain reason.
func TestSyncCommandsEndToEnd(t *testing.T) {
	src := demoSource(t)
	cat := firstCategoryID(t, src)
	docPath := filepath.Join(src, "docs", "sync-test.md")
	os.WriteFile(docPath, []byte(fmt.Sprintf(syncTestDoc, cat, "有效")), 0o644)

	h := startLoopHub(t, src)
	hubDir, url := h.dir, h.url

	data := filepath.Join(t.TempDir(), "kiosk")
	if _, out, _ := syncCLI(t, kioskMain, "search", "--data", data, "足球联赛"); strings.Contains(out, "校园足球联赛") {
		t.Fatal("the new document is on the kiosk before any sync")
	}
	enrolOut := mustRun(t, kioskMain, "enroll", "--data", data, "--hub", url, "--code", h.enrollCode(t))
	if got, want := fingerprint(t, enrolOut), fingerprint(t, h.initOut); got != want {
		t.Fatalf("kiosk pinned fingerprint %s, hub shows %s", got, want)
	}
	// The device key went with the enrolment: `hub kiosks` shows it.
	dev := regexp.MustCompile(`本机设备公钥指纹：([0-9a-f ]{19})…`).FindStringSubmatch(enrolOut)
	if dev == nil || !strings.Contains(enrolOut, "目录中心已登记本机设备公钥") {
		t.Fatalf("kiosk enroll does not say the hub recorded its device key:\n%s", enrolOut)
	}
	if out := mustRun(t, hubMain, "kiosks", "--data", hubDir); !strings.Contains(out, dev[1]+"…") {
		t.Fatalf("hub kiosks does not show the device key %s:\n%s", dev[1], out)
	}
	mustRun(t, kioskMain, "sync", "--data", data)
	if out := mustRun(t, kioskMain, "search", "--data", data, "足球联赛"); !strings.Contains(out, "关于开展全县中小学校园足球联赛的通知") {
		t.Fatalf("kiosk search after sync does not find the new document:\n%s", out)
	}

	// 废止 propagates as an update.
	os.WriteFile(docPath, []byte(fmt.Sprintf(syncTestDoc, cat, "废止")), 0o644)
	mustRun(t, hubMain, "import", "--data", hubDir, src)
	mustRun(t, kioskMain, "sync", "--data", data)
	if out := mustRun(t, kioskMain, "search", "--data", data, "--validity", "废止", "足球联赛"); !strings.Contains(out, "校园足球联赛") {
		t.Fatalf("the 废止 did not reach the kiosk:\n%s", out)
	}
	// A removed file with --prune withdraws the document.
	os.Remove(docPath)
	mustRun(t, hubMain, "import", "--data", hubDir, "--prune", src)
	mustRun(t, kioskMain, "sync", "--data", data)
	if out := mustRun(t, kioskMain, "search", "--data", data, "足球联赛"); strings.Contains(out, "校园足球联赛") {
		t.Fatalf("the pruned document is still found:\n%s", out)
	}

	// A USB-only kiosk converges to the same catalogue from a bundle.
	bundle := filepath.Join(t.TempDir(), "gongkai-full.bundle")
	mustRun(t, hubMain, "bundle", "--data", hubDir, "--out", bundle)
	key := regexp.MustCompile(`签名公钥 \(Ed25519\):\s*(\S+)`).FindStringSubmatch(h.initOut)[1]
	usb := filepath.Join(t.TempDir(), "usb-kiosk")
	mustRun(t, kioskMain, "enroll", "--data", usb, "--sign-key", key)
	mustRun(t, kioskMain, "import-bundle", "--data", usb, bundle)
	if a, b := kioskDigest(t, data), kioskDigest(t, usb); a != b {
		t.Fatalf("USB kiosk digest %s != networked kiosk digest %s", b, a)
	}
	if code, _, errs := syncCLI(t, kioskMain, "import-bundle", "--data", usb, bundle); code == 0 || !strings.Contains(errs, "不比本机目录新") {
		t.Errorf("importing the same bundle again: exit %d, %s", code, errs)
	}
	// A bundle whose format line differs only by an invisible byte says
	// which byte, escaped.
	raw, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	crlf := filepath.Join(t.TempDir(), "gongkai-crlf.bundle")
	os.WriteFile(crlf, append([]byte("GONGKAI-BUNDLE/1\r"), raw[len("GONGKAI-BUNDLE/1\n"):]...), 0o600)
	status, _, errs := syncCLI(t, kioskMain, "import-bundle", "--data", usb, crlf)
	if want := `"GONGKAI-BUNDLE/1\r", this kiosk reads "GONGKAI-BUNDLE/1\n"; from byte 17: 0d, want 0a`; status != 1 ||
		!strings.Contains(errs, "协议版本与本机不兼容") || !strings.Contains(errs, want) || strings.Contains(errs, "\r") {
		t.Errorf("bundle with a CR in its format line: exit %d, %q", status, errs)
	}

	// A revoked kiosk's sync fails with the reason in plain Chinese.
	mustRun(t, hubMain, "revoke", "--data", hubDir, "1")
	if code, _, errs := syncCLI(t, kioskMain, "sync", "--data", data); code != 1 || !strings.Contains(errs, "本机已被中心停用") {
		t.Errorf("sync of a revoked kiosk: exit %d, %s", code, errs)
	}
	if out := mustRun(t, hubMain, "kiosks", "--data", hubDir); !strings.Contains(out, "已停用") || !strings.Contains(out, "一楼大厅") {
		t.Errorf("hub kiosks:\n%s", out)
	}
}

func kioskDigest(t *testing.T, data string) string {
	t.Helper()
	k, err := kiosk.Open(context.Background(), config.Config{DataDir: data}, kiosk.Options{NoDemo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	d, err := k.Store.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSyncCommandUsage(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"enroll", "--data", data}, 2, "--hub URL and --code"},
		{[]string{"enroll", "--data", data, "--hub", "http://x", "--sign-key", "abc"}, 2, "--hub URL and --code"},
		{[]string{"sync", "--data", data}, 1, "本机尚未注册到目录中心"},
		{[]string{"import-bundle", "--data", data}, 2, "one bundle FILE"},
		{[]string{"import-bundle", "--data", data, filepath.Join(data, "none.bundle")}, 1, "本机尚未注册到目录中心"},
		{[]string{"enroll", "--data", data, "--hub", "ftp://x", "--code", "AAAA"}, 1, "hub URL"},
	}
	for _, tt := range tests {
		code, out, errs := syncCLI(t, kioskMain, tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.want) {
			t.Errorf("kiosk %s = %d, want %d with %q:\n%s%s", strings.Join(tt.args, " "), code, tt.code, tt.want, out, errs)
		}
	}
}
