package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gongkai/internal/domain"
	"gongkai/internal/ui/uitest"
)

// TestDocumentPrint checks the document view's 打印本文件: absent unless
// the kiosk allows it; otherwise it prints the open document once, says
// how many pages went to the printer, and on a failure shows the error's
// message for visitors (never the Go error) and lets the visitor retry.
func TestDocumentPrint(t *testing.T) {
	const id = "yjt-2021-12"
	t.Run("not allowed", func(t *testing.T) {
		a, _, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
		s := NewDocumentScreen(a, id)
		a.Push(s)
		if s.PrintButton != nil {
			t.Fatal("a print button without Deps.PrintDocument")
		}
	})

	tests := []struct {
		name      string
		err       error
		want      string
		reenabled bool
	}{
		{"printed", nil, "已送往打印机（共 3 页）", false},
		{"over the page limit", &domain.Error{Code: domain.EINVALID, Message: "该文件超过 20 页，超出本机的打印页数上限。"}, "超出本机的打印页数上限", true},
		{"printer down", fmt.Errorf("lp: queue office stopped: %w", &domain.Error{Code: "printer", Message: "文件打印失败，请联系现场工作人员。"}), "文件打印失败", true},
		{"plain Go error", errors.New("dial tcp 10.0.0.9:631: connection refused"), "系统暂时无法完成操作", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, w, _ := newTestApp(t, uitest.MustCatalogue(t, 0), hd)
			queue := make(chan func(), 1)
			a.deps.Do = func(f func()) { queue <- f }
			var printed []string
			a.deps.PrintDocument = func(_ context.Context, d *domain.Document) (int, error) {
				printed = append(printed, d.ID)
				return 3, tt.err
			}
			s := NewDocumentScreen(a, id)
			a.Push(s)
			if s.PrintButton == nil {
				t.Fatal("no print button")
			}
			tapOn(w, s.PrintButton)
			if !s.PrintButton.Disabled() {
				t.Error("the button stays on while printing")
			}
			test.Tap(s.PrintButton) // a second tap while printing does nothing
			(<-queue)()
			if len(printed) != 1 || printed[0] != id {
				t.Fatalf("printed %v, want [%s] once", printed, id)
			}
			if got := s.PrintMessage(); !strings.Contains(got, tt.want) || strings.Contains(got, "tcp") || strings.Contains(got, "lp:") {
				t.Errorf("message %q, want it to say %q and no technical detail", got, tt.want)
			}
			if got := !s.PrintButton.Disabled(); got != tt.reenabled {
				t.Errorf("button enabled after the print = %v, want %v", got, tt.reenabled)
			}
		})
	}
}
