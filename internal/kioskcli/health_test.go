package kioskcli

import (
	"strings"
	"testing"

	"gongkai/internal/reprint/reprinttest"
)

// TestHealthCommand: `kiosk health` reads what the staff screen shows
// (package health), and a reprint at the command line is in its audit
// lines under the console's name.
func TestHealthCommand(t *testing.T) {
	tp := reprinttest.NewTCPPrinter(t)
	data, _, failed := printedReceipt(t, tp)
	conf := tcpPrinterConfig(t, tp)
	health := func() string {
		t.Helper()
		out, errs, status := runCLI("health", "--data", data, "--config", conf)
		if status != 0 {
			t.Fatalf("kiosk health: status %d: %s", status, errs)
		}
		return out
	}
	out := health()
	for _, want := range []string{"待上传：2", "已上传：0", "今日意见建议：2 件", "今日政府信息公开申请：0 件", tp.Addr(), "待补打回执：1 张", "磁盘剩余："} {
		if !strings.Contains(out, want) {
			t.Errorf("kiosk health lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, failed.VerificationCode) {
		t.Errorf("kiosk health shows a verification code:\n%s", out)
	}
	if _, errs, status := runCLI("reprint", "--data", data, "--config", conf, failed.Tracking); status != 0 {
		t.Fatalf("reprint: status %d: %s", status, errs)
	}
	tp.Job(t)
	out = health()
	for _, want := range []string{"待补打回执：0 张", "最近操作：", "console  补打回执  受理编号 " + failed.Tracking} {
		if !strings.Contains(out, want) {
			t.Errorf("kiosk health after a reprint lacks %q:\n%s", want, out)
		}
	}
}
