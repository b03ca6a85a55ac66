package staffui_test

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/printer"
	"gongkai/internal/reprint/reprinttest"
	"gongkai/internal/staff"
	"gongkai/internal/tracking"
	"gongkai/internal/ui/staffui"
)

// TestActionsAudited runs each staff action from the staff screen and
// checks what it did and that the audit log holds it with the 工号.
func TestActionsAudited(t *testing.T) {
	tests := []struct {
		name   string
		run    func(t *testing.T, e *env, s *staffui.Screen)
		action staff.Action
		detail string
	}{
		{"立即同步", func(t *testing.T, e *env, s *staffui.Screen) {
			test.Tap(s.Sync)
			if !strings.Contains(s.Note(), "同步失败：本机尚未注册到目录中心") {
				t.Fatalf("note %q", s.Note())
			}
		}, staff.ActionSyncNow, ""},
		{"导入U盘目录", func(t *testing.T, e *env, s *staffui.Screen) {
			path := filepath.Join(e.dir, "media", "KINGSTON", "gongkai-20260316.bundle")
			writeFile(t, path, "not a bundle")
			test.Tap(s.Import)
			b := current[*staffui.BundleScreen](t, e.app)
			if len(b.Choices) != 1 || b.Choices[path] == nil {
				t.Fatalf("bundles offered: %v", b.Choices)
			}
			test.Tap(b.Choices[path])
			if !strings.Contains(b.Message(), "失败：本机尚未注册到目录中心") {
				t.Fatalf("message %q", b.Message())
			}
		}, staff.ActionImportUSB, "文件 gongkai-20260316.bundle"},
		{"导出队列到U盘", func(t *testing.T, e *env, s *staffui.Screen) {
			drive := filepath.Join(e.dir, "media", "KINGSTON")
			if err := os.MkdirAll(drive, 0o755); err != nil {
				t.Fatal(err)
			}
			test.Tap(s.Export)
			d := current[*staffui.DriveScreen](t, e.app)
			test.Tap(d.Choices[drive])
			if len(e.exported) != 1 || e.exported[0] != drive || !strings.Contains(d.Message(), "已导出 2 件") {
				t.Fatalf("exported %v, message %q", e.exported, d.Message())
			}
		}, staff.ActionExportQueue, "数量 2；文件 KINGSTON"},
		{"打印测试页", func(t *testing.T, e *env, s *staffui.Screen) {
			test.Tap(s.TestPage)
			if got := reprinttest.QR(t, e.tp.Job(t)); !strings.HasPrefix(got, "GONGKAI-TEST-") {
				t.Fatalf("test page QR %q", got)
			}
			if !strings.Contains(s.Note(), "测试页已送出") {
				t.Fatalf("note %q", s.Note())
			}
		}, staff.ActionTestPage, "打印机 127.0.0.1:"},
		{"选择打印机", func(t *testing.T, e *env, s *staffui.Screen) {
			test.Tap(s.Choose)
			p := current[*staffui.PrinterScreen](t, e.app)
			var second string
			for label := range p.Choices {
				if strings.Contains(label, e.tp2.Addr()) {
					second = label
				}
			}
			if second == "" || p.Choices["CUPS 队列 front-desk（PDF）"] == nil {
				t.Fatalf("printers offered: %v", keys(p.Choices))
			}
			test.Tap(p.Choices[second])
			if d := e.print.Printer().Describe(); !strings.Contains(d, e.tp2.Addr()) || !strings.Contains(p.Message(), "已改用") {
				t.Fatalf("printer now %q, message %q", d, p.Message())
			}
			e.app.Back()
			test.Tap(s.TestPage) // goes to the chosen printer
			e.tp2.Job(t)
		}, staff.ActionChoosePrinter, "打印机 127.0.0.1:"},
		{"补打回执", func(t *testing.T, e *env, s *staffui.Screen) {
			res := e.kiosk.Submit(t)
			r := reprinttest.Receipt(res)
			if err := e.print.Print(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			e.tp.Job(t) // the visitor's copy
			test.Tap(s.Reprint)
			rs := current[*staffui.ReprintScreen](t, e.app)
			enter(t, rs.Keys(), tracking.Normalize(res.Tracking))
			test.Tap(rs.Print)
			if got := reprinttest.QR(t, e.tp.Job(t)); got != r.StatusURL {
				t.Fatalf("reprint QR %q, want %q", got, r.StatusURL)
			}
			if !strings.Contains(rs.Message(), "已补打") {
				t.Fatalf("message %q", rs.Message())
			}
		}, staff.ActionReprint, "受理编号 "},
		{"代为填写申请", func(t *testing.T, e *env, s *staffui.Screen) {
			test.Tap(s.Assist)
			if len(e.assisted) != 1 || e.assisted[0] != staffID {
				t.Fatalf("StartAssisted calls %v", e.assisted)
			}
		}, staff.ActionAssistedFiling, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			s := e.login()
			if _, ok := e.lastAudit(tt.action); ok {
				t.Fatalf("%s in the audit log before the action", tt.action)
			}
			tt.run(t, e, s)
			e.wantAudit(tt.action, tt.detail)
			if err := e.staff.VerifyChain(context.Background()); err != nil {
				t.Fatalf("audit chain: %v", err)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReprintFailedReceipt: a receipt that did not print is listed for
// staff, and tapping it reprints the same QR once the printer is back.
func TestReprintFailedReceipt(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	res := e.kiosk.Submit(t)
	r := reprinttest.Receipt(res)
	working := e.print.Printer()
	e.print.SetPrinter(nil)
	if err := e.print.Print(ctx, r); err == nil {
		t.Fatal("Print without a printer succeeded")
	}
	s := e.login()
	if !strings.Contains(s.Text(), "1 张回执待补打") {
		t.Fatalf("staff screen:\n%s", s.Text())
	}
	test.Tap(s.Reprint)
	rs := current[*staffui.ReprintScreen](t, e.app)
	b := rs.Pending[res.Tracking]
	if b == nil || !strings.Contains(b.Text, r.Title) {
		t.Fatalf("pending list: %v", keys(rs.Pending))
	}
	test.Tap(b) // still no printer
	if !strings.Contains(rs.Message(), "补打失败：未配置打印机") {
		t.Fatalf("message %q", rs.Message())
	}
	e.print.SetPrinter(working)
	test.Tap(rs.Pending[res.Tracking])
	if got := reprinttest.QR(t, e.tp.Job(t)); got != r.StatusURL {
		t.Fatalf("reprint QR %q, want %q", got, r.StatusURL)
	}
	if len(rs.Pending) != 0 {
		t.Fatalf("still pending: %v", keys(rs.Pending))
	}
	e.app.Back()
	if strings.Contains(s.Text(), "张回执待补打") {
		t.Fatalf("staff screen after the reprint:\n%s", s.Text())
	}
	if st, _ := e.print.Status(ctx); st.State != printer.StateReady {
		t.Fatalf("printer state %q", st.State)
	}
}

// TestScreenshot renders the staff screen at 1920×1080 for review. Set
// GONGKAI_SHOT_DIR to keep the PNG.
func TestScreenshot(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for range 3 {
		e.kiosk.Submit(t)
	}
	res := e.kiosk.Submit(t)
	e.print.SetPrinter(nil)
	_ = e.print.Print(ctx, reprinttest.Receipt(res))
	e.print.SetPrinter(nil)
	p := e.pinPad()
	attempt(t, p, staffID, "135790")
	shot(t, e, "pinpad.png")
	attempt(t, p, staffID, PIN)
	s := current[*staffui.Screen](t, e.app)
	test.Tap(s.Sync)
	shot(t, e, "staff.png")
	e.app.SetLargeText(true)
	shot(t, e, "staff_large.png")
	e.app.SetLargeText(false)
	test.Tap(s.Reprint)
	shot(t, e, "reprint.png")
}

func shot(t *testing.T, e *env, name string) {
	t.Helper()
	dir := os.Getenv("GONGKAI_SHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	img := e.w.Canvas().Capture()
	if b := img.Bounds(); b.Dx() != 1920 || b.Dy() != 1080 {
		t.Fatalf("capture is %v", b)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
