package hub

import (
	"strconv"
	"time"
)

// Call is a visitor's 呼叫工作人员 at a kiosk (protocol.StaffCall) as the
// hub keeps it: open until staff mark it handled.
type Call struct {
	ID        int64
	KioskID   string
	KioskNo   int
	KioskName string
	Screen    string    // where the visitor is: screen and step
	Called    time.Time // the kiosk's clock
	Received  time.Time // the hub's clock: what staff are shown
	Handled   time.Time // zero while open
	HandledBy string
}

// Line describes the call for staff and the audit log: the kiosk, the
// screen and when the hub received it, in loc.
func (c Call) Line(loc *time.Location) string {
	return "终端 " + strconv.Itoa(c.KioskNo) + "（" + c.KioskName + "）：访客在“" + c.Screen + "”呼叫工作人员，" +
		c.Received.In(loc).Format("2006-01-02 15:04")
}
