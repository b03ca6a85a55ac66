package protocol

import "time"

// A 401 to POST /v1/submissions refuses the whole request: no record of
// it was looked at. PUT /v1/device-key answers 409 when another key is
// registered for the kiosk.

// SubmitRequest is the body of POST /v1/submissions.
type SubmitRequest struct {
	Records []SealedRecord `json:"records"`
}

// SubmitResponse answers it, one ack per record in order.
type SubmitResponse struct {
	Acks []Ack `json:"acks"`
}

// Ack results: what the hub says about one record.
const (
	AckOK       = "ok"       // stored now or before; Received is the hub's original receipt time
	AckConflict = "conflict" // the id or tracking number is taken by different content: never resend
	AckRejected = "rejected" // never acceptable (bad signature, another kiosk's record, malformed): never resend
	AckRetry    = "retry"    // not now (the device key is not registered yet): try again later
)

// AckStatus gives each result the HTTP status the record would have had
// alone (Ack.Status).
var AckStatus = map[string]int{AckOK: 200, AckConflict: 409, AckRejected: 422, AckRetry: 503}

// Ack is the hub's answer for one record.
type Ack struct {
	ID       string    `json:"id"`
	Result   string    `json:"result"` // one of the Ack* results
	Status   int       `json:"status"` // AckStatus[Result]
	Received time.Time `json:"received,omitzero"`
	Error    string    `json:"error,omitempty"` // for staff
}

// DeviceKeyRequest is the body of PUT /v1/device-key.
type DeviceKeyRequest struct {
	PublicKey string `json:"public_key"` // base64 Ed25519 ([EncodePublicKey])
}

// ExportFormat names the file format of `kiosk export-queue`, which
// `hub import-submissions` reads.
const ExportFormat = "gongkai-submissions/1"

// ExportFile is a kiosk's queue written for a USB drive: its records still
// sealed and each signed by the kiosk, so the file itself needs no
// protection beyond them.
type ExportFile struct {
	Format   string         `json:"format"` // ExportFormat
	KioskID  string         `json:"kiosk_id"`
	Exported time.Time      `json:"exported"`
	Records  []SealedRecord `json:"records"`
}
