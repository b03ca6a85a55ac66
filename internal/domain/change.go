package domain

import "encoding/json"

// Change kinds: what a Change carries.
const (
	KindCategory     = "category"
	KindDocument     = "document"
	KindConsultation = "consultation"
	KindEvent        = "event"
	KindCalendar     = "calendar" // ID is the year, e.g. "2026"
	// KindStaff is a front-desk staff member's kiosk login (the data is
	// sync/protocol's StaffMember; ID is the 工号). The hub publishes these
	// from its console accounts: a catalogue import neither writes nor
	// prunes them.
	KindStaff = "staff"
)

// Change is one versioned record of the hub's catalogue. Versions increase
// monotonically across all kinds; a kiosk applies changes in version order
// and keeps the highest applied version as its cursor.
type Change struct {
	Version int64           `json:"v"`
	Kind    string          `json:"kind"`
	ID      string          `json:"id"`
	Deleted bool            `json:"deleted,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"` // the object's JSON; empty when Deleted
}
