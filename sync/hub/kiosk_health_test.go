package hub

import (
	"strings"
	"testing"
	"time"

	"gongkai/sync/protocol"
)

// TestKioskWarnings: what makes a kiosk need attention, and a revoked one
// never does.
func TestKioskWarnings(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	ok := Kiosk{Enrolled: now.Add(-48 * time.Hour), LastSeen: now.Add(-time.Minute),
		Report: &protocol.KioskReport{Printer: protocol.PrinterReady, FreeDisk: 10 << 30}}
	if w := KioskWarnings(ok, now, time.Hour); len(w) != 0 {
		t.Errorf("a healthy kiosk: %v", w)
	}
	bad := ok
	bad.LastSeen = now.Add(-3 * time.Hour)
	bad.Report = &protocol.KioskReport{Printer: protocol.PrinterPaperOut, FreeDisk: 100 << 20, Queue: 4, Oldest: now.Add(-30 * time.Hour)}
	w := strings.Join(KioskWarnings(bad, now, time.Hour), "|")
	for _, want := range []string{"已 3 小时 未联系中心（超过 1 小时）", "打印机缺纸", "磁盘剩余不足", "4 项提交未上传，最早的已等待 1 天 6 小时"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
	never := Kiosk{Enrolled: now.Add(-2 * time.Hour)}
	if w := KioskWarnings(never, now, time.Hour); len(w) != 1 || w[0] != "注册后从未联系中心" {
		t.Errorf("never seen: %v", w)
	}
	bad.Revoked = now
	if w := KioskWarnings(bad, now, time.Hour); len(w) != 0 {
		t.Errorf("a revoked kiosk: %v", w)
	}
}
