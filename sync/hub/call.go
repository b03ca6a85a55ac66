package hub

import "time"

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
