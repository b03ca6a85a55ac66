package kioskcli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/config"
	"gongkai/internal/kiosk"
	"gongkai/sync/outbox"
)

// TestSubmissionCommandsWithHub runs the submission commands of both
// sides against a hub served on loopback: kiosk submit, status,
// export-queue, sync and cancel; hub import-submissions, submissions and
// set-status.
func TestSubmissionCommandsWithHub(t *testing.T) {
	// The usual umask, which leaves new files readable by everyone unless
	// the code says otherwise.
	defer syscall.Umask(syscall.Umask(0o022))
	h := startLoopHub(t, "")
	hubDir := h.dir

	data := filepath.Join(t.TempDir(), "kiosk")
	h.enroll(t, data)
	if out := mustRun(t, kioskMain, "sync", "--data", data); !strings.Contains(out, "新分配活动名额") {
		t.Fatalf("kiosk sync says nothing of submissions:\n%s", out)
	}
	type result struct {
		Tracking string `json:"tracking_number"`
		Code     string `json:"verification_code"`
		Seat     string `json:"seat_state"`
	}
	submit := func(file string) result {
		t.Helper()
		var r result
		if err := json.Unmarshal([]byte(mustRun(t, kioskMain, "submit", "--data", data, "--json", file)), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	app := submit(exampleApplication(t))
	signupFile := filepath.Join(t.TempDir(), "signup.json")
	os.WriteFile(signupFile, []byte(`{"kind":"signup","signup":{"event_id":"kfr-2027-03","name":"李四","mobile":"13900139000","attendees":2,"terms_accepted":true}}`), 0o600)
	su := submit(signupFile)
	if su.Seat != "confirmed" {
		t.Fatalf("sign-up after a sync that brought a block: %s", su.Seat)
	}

	out := mustRun(t, kioskMain, "status", "--data", data, app.Tracking, app.Code)
	for _, want := range []string{app.Tracking, "依申请公开申请", "等待中心受理", "答复期限", "等待上传"} {
		if !strings.Contains(out, want) {
			t.Errorf("kiosk status before upload lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "张三") {
		t.Fatalf("kiosk status shows personal data:\n%s", out)
	}
	if code, _, errs := syncCLI(t, kioskMain, "status", "--data", data, app.Tracking, "ZZZZZZ"); code != 1 || !strings.Contains(errs, "受理编号或查询码不正确") {
		t.Errorf("status with a wrong code: exit %d %s", code, errs)
	}

	// By USB first, then the network: stored once.
	usb := t.TempDir()
	out = mustRun(t, kioskMain, "export-queue", "--data", data, "--to", usb)
	files, _ := filepath.Glob(filepath.Join(usb, "gongkai-submissions-*.json"))
	if len(files) != 1 || !strings.Contains(out, "已导出 2 项") {
		t.Fatalf("export-queue: %v\n%s", files, out)
	}
	if out := mustRun(t, hubMain, "import-submissions", "--data", hubDir, files[0]); !strings.Contains(out, "新收 2 项") {
		t.Fatalf("import-submissions:\n%s", out)
	}
	mustRun(t, kioskMain, "sync", "--data", data)
	out = mustRun(t, hubMain, "submissions", "--data", hubDir)
	if strings.Count(out, "━━") != 2 || !strings.Contains(out, "张三") || !strings.Contains(out, "U盘导入") {
		t.Fatalf("hub submissions after USB and network:\n%s", out)
	}

	mustRun(t, hubMain, "set-status", "--data", hubDir, app.Tracking, "已受理", "--note", "已转教育股办理")
	mustRun(t, kioskMain, "cancel", "--data", data, su.Tracking, su.Code)
	mustRun(t, kioskMain, "sync", "--data", data)
	out = mustRun(t, kioskMain, "status", "--data", data, app.Tracking, app.Code)
	for _, want := range []string{"办理状态：已受理", "已转教育股办理", "已送达信息公开中心"} {
		if !strings.Contains(out, want) {
			t.Errorf("kiosk status after set-status lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, kioskMain, "status", "--data", data, su.Tracking, su.Code)
	if !strings.Contains(out, "办理状态：已取消") || !strings.Contains(out, "政府开放日") || strings.Contains(out, "李四") {
		t.Errorf("kiosk status of the cancelled sign-up:\n%s", out)
	}
	if code, _, errs := syncCLI(t, kioskMain, "cancel", "--data", data, su.Tracking, su.Code); code != 1 || !strings.Contains(errs, "已经取消") {
		t.Errorf("cancelling twice: exit %d %s", code, errs)
	}

	// Every data file of both, databases' -wal and -shm included (the hub
	// is still serving), is the user's alone.
	checkPrivate(t, hubDir, "hub.db", "hub.db-wal", "hub.db-shm", "submissions.db", "submissions.db-wal", "submissions.db-shm")
	k, err := kiosk.Open(context.Background(), config.Config{DataDir: data}, kiosk.Options{Now: cliNow})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	checkPrivate(t, data, "kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "device.key", "attachments")
}

// checkPrivate fails unless every directory under dir (dir included) is
// 0700 and every file 0600, and the named files are among them.
func checkPrivate(t *testing.T, dir string, names ...string) {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", p, got, want)
		}
		rel, _ := filepath.Rel(dir, p)
		seen[rel] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !seen[n] {
			t.Errorf("%s has no %s (files: %v)", dir, n, seen)
		}
	}
}

// TestPrintStatusDeadline: `kiosk status` marks a provisional deadline,
// whether the kiosk computed it or the hub set it (需补正, 已延期).
func TestPrintStatusDeadline(t *testing.T) {
	cases := []struct {
		name        string
		provisional bool
		want, not   string
	}{
		{"final", false, "答复期限：2027年1月7日\n", "暂定"},
		{"provisional", true, "答复期限：2027年1月7日（暂定）", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			printStatus(&out, statusView{Status: outbox.Status{Tracking: "T", Deadline: calendar.MustParse("2027-01-07"),
				Provisional: c.provisional, State: "需补正"}, StateLabel: "需补正"})
			if !strings.Contains(out.String(), c.want) || (c.not != "" && strings.Contains(out.String(), c.not)) {
				t.Errorf("printed:\n%s\nwant %q", out.String(), c.want)
			}
		})
	}
}
