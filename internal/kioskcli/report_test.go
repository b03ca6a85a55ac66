package kioskcli

import (
	"errors"
	"testing"

	"gongkai/internal/printer"
	"gongkai/sync/protocol"
)

// TestPrinterState: what the printer package says becomes one of the
// report's states; a queue stopped for want of paper is out of paper.
func TestPrinterState(t *testing.T) {
	down := errors.New("down")
	for _, c := range []struct {
		st   printer.Status
		err  error
		want string
	}{
		{printer.Status{State: printer.StateReady}, nil, protocol.PrinterReady},
		{printer.Status{State: printer.StateBusy}, nil, protocol.PrinterReady},
		{printer.Status{State: printer.StateNone}, nil, ""},
		{printer.Status{State: printer.StateOffline, Message: "打印机未连接或未开机"}, down, protocol.PrinterOffline},
		{printer.Status{State: printer.StateStopped, Detail: "lpstat: printer kiosk disabled - media-empty-error"}, down, protocol.PrinterPaperOut},
		{printer.Status{State: printer.StateFailed, Message: "打印机缺纸"}, down, protocol.PrinterPaperOut},
	} {
		if got := printerState(c.st, c.err); got != c.want {
			t.Errorf("%+v: %q, want %q", c.st, got, c.want)
		}
	}
	if freeDisk(t.TempDir()) <= 0 {
		t.Error("no free disk reported for a temporary directory")
	}
}
