package domain

import "encoding/json"

// Change kinds: what a Change carries.
const (
	KindCategory     = "category"
	KindDocument     = "document"
	KindConsultation = "consultation"
	KindEvent        = "event"
	KindCalendar     = "calendar" // ID is the year, e.g. "2026"
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
